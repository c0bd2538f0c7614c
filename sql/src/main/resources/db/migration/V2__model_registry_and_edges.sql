-- Issue 3 (baselines and estimator): evidence behind learned substitution edges, the interval
-- level of stored baselines, and the pipeline's lookup of the active model.
ALTER TABLE substitution_edge ADD COLUMN diversion DOUBLE PRECISION;
ALTER TABLE substitution_edge ADD COLUMN z_score DOUBLE PRECISION;
ALTER TABLE substitution_edge ADD COLUMN support INT;

ALTER TABLE baseline ADD COLUMN interval_level DOUBLE PRECISION;

CREATE INDEX model_version_status_idx ON model_version (status, decided_at);
