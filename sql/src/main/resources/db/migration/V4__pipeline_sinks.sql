-- Issue 4 (production detection pipeline): the pipeline's own record of what it detected. The
-- worker owns `alert` (its lifecycle row, inserted once when the alert's workflow starts); the
-- pipeline upserts here every version of an alert it emits: the first, one corrected by late
-- data (same alert_id, new figures) and a retraction when corrected data no longer support it.
-- Portable between PostgreSQL 15 and H2 2.x in PostgreSQL mode, like V1.
CREATE TABLE detected_alert (
    alert_id             VARCHAR(128)     PRIMARY KEY,
    promotion_id         VARCHAR(64)      NOT NULL,
    promoted_sku         VARCHAR(64),
    sub_category         VARCHAR(100),
    status               VARCHAR(16)      NOT NULL CHECK (status IN ('RAISED', 'RETRACTED')),
    severity             VARCHAR(16)      CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    detected_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    window_start         TIMESTAMP WITH TIME ZONE,
    window_end           TIMESTAMP WITH TIME ZONE,
    gross_lift_units     DOUBLE PRECISION,
    cannibalized_units   DOUBLE PRECISION,
    cannibalization_rate DOUBLE PRECISION,
    lost_revenue_cents   BIGINT,
    test_statistic       DOUBLE PRECISION,
    alert_json           VARCHAR(20000),
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX detected_alert_promotion_idx ON detected_alert (promotion_id);
