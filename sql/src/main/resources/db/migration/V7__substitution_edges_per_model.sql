-- Issue 3 follow-up: substitution edges are learned with each baseline model (TrainBaseline, the
-- training pipeline, the retraining workflow) from the model's residuals, so they are stored per
-- model version: a challenger's edges must not replace those of the active model before (or
-- unless) it is promoted. Readers take the set of the model they use (the API: the ACTIVE
-- model's), else the most recently written one. model_id '' marks rows tied to no model (entered
-- by hand, a catalog import). The primary key changes, which neither dialect can do in place
-- portably: copy into a new table and swap. Portable between PostgreSQL 15 and H2 2.x, like V1.
CREATE TABLE substitution_edge_by_model (
    model_id        VARCHAR(64)      DEFAULT '' NOT NULL,
    sku             VARCHAR(64)      NOT NULL,
    substitute_sku  VARCHAR(64)      NOT NULL,
    strength        DOUBLE PRECISION NOT NULL,
    source          VARCHAR(16)      NOT NULL CHECK (source IN ('SUBCATEGORY', 'LEARNED')),
    diversion       DOUBLE PRECISION,
    z_score         DOUBLE PRECISION,
    support         INT,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT substitution_edge_model_pk PRIMARY KEY (model_id, sku, substitute_sku)
);
INSERT INTO substitution_edge_by_model
    (model_id, sku, substitute_sku, strength, source, diversion, z_score, support, updated_at)
SELECT '', sku, substitute_sku, strength, source, diversion, z_score, support, updated_at
FROM substitution_edge;
DROP TABLE substitution_edge;
ALTER TABLE substitution_edge_by_model RENAME TO substitution_edge;
-- "The most recently written set" when the model in use has none.
CREATE INDEX substitution_edge_updated_idx ON substitution_edge (updated_at);
