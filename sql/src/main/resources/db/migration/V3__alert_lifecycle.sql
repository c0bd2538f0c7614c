-- Alert lifecycle on Temporal (issue 5): dashboard notifications, analysis fallbacks, measured
-- effects with their detail, the feedback of every finished alert, and retraining runs.
-- Portable between PostgreSQL 15 and H2 2.x in PostgreSQL mode, like V1. Only new tables: V1's
-- tables keep their columns, so positional INSERTs elsewhere keep working.

-- One row per lifecycle event shown to the dashboard. notification_id is derived from the alert
-- and the event (e.g. 'P-1-e1:ESCALATED'), so a retried activity writes the row once. Writing it
-- also bumps alert.updated_at, which the API's SSE broadcaster polls.
CREATE TABLE alert_notification (
    notification_id VARCHAR(200)  PRIMARY KEY,
    alert_id        VARCHAR(128)  NOT NULL REFERENCES alert (alert_id),
    kind            VARCHAR(32)   NOT NULL CHECK (kind IN ('ANALYSED', 'UPDATED', 'ESCALATED', 'ACTIONED', 'DISMISSED', 'MEASURED', 'CLOSED')),
    message         VARCHAR(2000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX alert_notification_alert_idx ON alert_notification (alert_id, created_at);

-- Why the deterministic analyst wrote the alert's analysis although Gemini was configured; no
-- row when Gemini wrote it or was not configured.
CREATE TABLE analysis_fallback (
    alert_id        VARCHAR(128)  PRIMARY KEY REFERENCES alert (alert_id),
    reason          VARCHAR(2000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- How an evaluation's estimate was obtained: the sampling standard error of estimate_cents (NULL
-- for INSUFFICIENT_DATA) and the periods, buckets, treated and control groups, or why the data
-- could not tell.
CREATE TABLE effectiveness_detail (
    evaluation_id        VARCHAR(64)      PRIMARY KEY REFERENCES effectiveness_evaluation (evaluation_id),
    standard_error_cents DOUBLE PRECISION,
    detail               VARCHAR(4000)    NOT NULL
);

-- What one finished alert teaches: what the manager did, which recommendation (if any) it
-- followed with the effect the analysis expected, and what was measured. One row per alert.
CREATE TABLE alert_feedback (
    alert_id                     VARCHAR(128)  PRIMARY KEY REFERENCES alert (alert_id),
    action_id                    VARCHAR(64),
    action_type                  VARCHAR(32)   CHECK (action_type IN ('STOP_PROMOTION', 'ADJUST_PRICE', 'DISMISS')),
    followed_rank                INT,
    expected_margin_change_cents BIGINT,
    outcome                      VARCHAR(24)   NOT NULL CHECK (outcome IN ('EFFECTIVE', 'INEFFECTIVE', 'INCONCLUSIVE', 'INSUFFICIENT_DATA', 'DISMISSED', 'UNANSWERED')),
    estimate_cents               BIGINT,
    score                        INT CHECK (score BETWEEN 0 AND 100),
    recorded_at                  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per retraining run (a nightly schedule or feedback): what it trained and decided.
CREATE TABLE retraining_run (
    run_id          VARCHAR(300)  PRIMARY KEY,
    run_trigger     VARCHAR(16)   NOT NULL CHECK (run_trigger IN ('SCHEDULE', 'FEEDBACK', 'MANUAL')),
    feedback_count  INT           NOT NULL,
    candidate_id    VARCHAR(64),
    outcome         VARCHAR(16)   NOT NULL CHECK (outcome IN ('RUNNING', 'PROMOTED', 'REJECTED', 'SKIPPED', 'FAILED')),
    reason          VARCHAR(2000),
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX model_version_kind_status_idx ON model_version (kind, status);
