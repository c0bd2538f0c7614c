-- The 90% interval of a recommended strategy's expected margin change, where the effect comes
-- from the model's what-if (null for a heuristic effect, for keeping the promotion, and for rows
-- written before this version, whose interval is in the rationale's text only).
ALTER TABLE recommended_strategy ADD COLUMN expected_margin_change_lower_cents BIGINT;
ALTER TABLE recommended_strategy ADD COLUMN expected_margin_change_upper_cents BIGINT;
