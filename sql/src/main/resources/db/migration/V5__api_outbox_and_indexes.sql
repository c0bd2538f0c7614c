-- Issue 6 (API and dashboard): the API's outbox of market events and the indexes behind the
-- alert list's filters and sorts, the live stream's poll and the alert detail's lookups.
-- Portable between PostgreSQL 15 and H2 2.x in PostgreSQL mode, like V1.

-- Every promotion change the API makes is stored here in the transaction that changes the
-- promotion row, then published to market_events; rows still unpublished (Kafka down, a crash
-- in between) are published again in the background with the same event_id, so a consumer sees
-- one change under one id however often it is sent.
CREATE TABLE market_event_outbox (
    event_id        VARCHAR(64)   PRIMARY KEY,
    promotion_id    VARCHAR(64)   NOT NULL,
    event_type      VARCHAR(32)   NOT NULL CHECK (event_type IN ('PROMOTION_STARTED', 'PROMOTION_STOPPED', 'PRICE_CHANGED')),
    payload         VARCHAR(4000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX market_event_outbox_pending_idx ON market_event_outbox (published_at, created_at);
CREATE INDEX market_event_outbox_promotion_idx ON market_event_outbox (promotion_id);

-- Alert list: newest first (the default), filtered by status, severity or category, sorted by
-- loss or rate; alert_id last because it breaks ties in every ORDER BY (no sort step after the
-- index scan).
CREATE INDEX alert_detected_idx ON alert (detected_at, alert_id);
CREATE INDEX alert_status_detected_idx ON alert (status, detected_at, alert_id);
CREATE INDEX alert_severity_idx ON alert (severity, detected_at, alert_id);
CREATE INDEX alert_category_idx ON alert (category, detected_at, alert_id);
CREATE INDEX alert_lost_revenue_idx ON alert (lost_revenue_cents, alert_id);
CREATE INDEX alert_rate_idx ON alert (cannibalization_rate, alert_id);
-- The SSE broadcaster asks every second for alerts updated since its last poll.
CREATE INDEX alert_updated_idx ON alert (updated_at);

-- Alert detail and the effectiveness list.
CREATE INDEX effectiveness_alert_idx ON effectiveness_evaluation (alert_id);
CREATE INDEX effectiveness_created_idx ON effectiveness_evaluation (created_at);
CREATE INDEX alert_feedback_recorded_idx ON alert_feedback (recorded_at);
CREATE INDEX promotion_status_idx ON promotion (status, starts_at);
