-- TrueLift data model. Runs unchanged on PostgreSQL 15 and on H2 2.x in PostgreSQL mode:
-- VARCHAR for text, TIMESTAMP WITH TIME ZONE for instants, DOUBLE PRECISION for estimates,
-- BIGINT cents for money. Upserts use standard MERGE (H2 has no ON CONFLICT).

CREATE TABLE store (
    store_id        VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    region          VARCHAR(100)
);

CREATE TABLE product (
    sku                 VARCHAR(64)  PRIMARY KEY,
    name                VARCHAR(200) NOT NULL,
    category            VARCHAR(100) NOT NULL,
    sub_category        VARCHAR(100) NOT NULL,
    regular_price_cents BIGINT       NOT NULL CHECK (regular_price_cents > 0),
    unit_cost_cents     BIGINT       NOT NULL CHECK (unit_cost_cents >= 0)
);
CREATE INDEX product_sub_category_idx ON product (category, sub_category);

CREATE TABLE promotion (
    promotion_id        VARCHAR(64)  PRIMARY KEY,
    sku                 VARCHAR(64)  NOT NULL,
    store_id            VARCHAR(64),              -- NULL: every store
    promo_price_cents   BIGINT       NOT NULL CHECK (promo_price_cents > 0),
    regular_price_cents BIGINT       NOT NULL CHECK (regular_price_cents > 0),
    starts_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at             TIMESTAMP WITH TIME ZONE,
    status              VARCHAR(16)  NOT NULL CHECK (status IN ('SCHEDULED', 'ACTIVE', 'STOPPED', 'ENDED')),
    created_by          VARCHAR(100) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX promotion_sku_idx ON promotion (sku);

-- Who substitutes for whom. source: SUBCATEGORY (catalog default) or LEARNED (from history).
CREATE TABLE substitution_edge (
    sku             VARCHAR(64)      NOT NULL,
    substitute_sku  VARCHAR(64)      NOT NULL,
    strength        DOUBLE PRECISION NOT NULL,
    source          VARCHAR(16)      NOT NULL CHECK (source IN ('SUBCATEGORY', 'LEARNED')),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sku, substitute_sku)
);

-- Event-time windows of sales per product; store_id '*' is the all-stores total.
CREATE TABLE windowed_sales (
    sku             VARCHAR(64)      NOT NULL,
    store_id        VARCHAR(64)      NOT NULL,
    window_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end      TIMESTAMP WITH TIME ZONE NOT NULL,
    units           BIGINT           NOT NULL CHECK (units >= 0),
    revenue_cents   BIGINT           NOT NULL CHECK (revenue_cents >= 0),
    baseline_units  DOUBLE PRECISION,
    promotion_id    VARCHAR(64),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sku, store_id, window_start)
);
CREATE INDEX windowed_sales_window_idx ON windowed_sales (window_start);

-- Counterfactual predictions (promotion features switched off) with their interval.
CREATE TABLE baseline (
    sku             VARCHAR(64)      NOT NULL,
    store_id        VARCHAR(64)      NOT NULL,
    bucket_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    bucket_end      TIMESTAMP WITH TIME ZONE NOT NULL,
    predicted_units DOUBLE PRECISION NOT NULL,
    lower_units     DOUBLE PRECISION,
    upper_units     DOUBLE PRECISION,
    model_id        VARCHAR(64)      NOT NULL,
    PRIMARY KEY (sku, store_id, bucket_start, model_id)
);

CREATE TABLE model_version (
    model_id        VARCHAR(64)  PRIMARY KEY,
    kind            VARCHAR(32)  NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('CANDIDATE', 'ACTIVE', 'RETIRED', 'REJECTED')),
    trained_from    TIMESTAMP WITH TIME ZONE,
    trained_to      TIMESTAMP WITH TIME ZONE,
    features        VARCHAR(4000),
    metrics_json    VARCHAR(20000),
    artifact_uri    VARCHAR(1000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at      TIMESTAMP WITH TIME ZONE,
    decision_reason VARCHAR(2000)
);

-- One row per alert (alert_id is stable across replays); the decomposition and test statistic
-- are as detected. status follows the lifecycle workflow.
CREATE TABLE alert (
    alert_id             VARCHAR(128)     PRIMARY KEY,
    promotion_id         VARCHAR(64)      NOT NULL,
    promoted_sku         VARCHAR(64)      NOT NULL,
    category             VARCHAR(100)     NOT NULL,
    sub_category         VARCHAR(100)     NOT NULL,
    status               VARCHAR(16)      NOT NULL CHECK (status IN ('OPEN', 'ANALYSED', 'ESCALATED', 'ACTIONED', 'DISMISSED', 'MEASURED', 'CLOSED')),
    severity             VARCHAR(16)      NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    detected_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    window_start         TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end           TIMESTAMP WITH TIME ZONE NOT NULL,
    gross_lift_units     DOUBLE PRECISION NOT NULL,
    cannibalized_units   DOUBLE PRECISION NOT NULL,
    cannibalization_rate DOUBLE PRECISION NOT NULL,
    lost_revenue_cents   BIGINT           NOT NULL,
    lost_margin_cents    BIGINT,
    test_statistic       DOUBLE PRECISION NOT NULL,
    workflow_id          VARCHAR(200)     NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX alert_status_idx ON alert (status, detected_at);
CREATE INDEX alert_promotion_idx ON alert (promotion_id);

CREATE TABLE alert_substitute (
    alert_id        VARCHAR(128)     NOT NULL REFERENCES alert (alert_id),
    sku             VARCHAR(64)      NOT NULL,
    baseline_units  DOUBLE PRECISION NOT NULL,
    actual_units    DOUBLE PRECISION NOT NULL,
    lost_units      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (alert_id, sku)
);

-- analyst: 'deterministic' or 'gemini:<model>'; confidence comes from the statistics.
CREATE TABLE analysis (
    alert_id        VARCHAR(128)     PRIMARY KEY REFERENCES alert (alert_id),
    analyst         VARCHAR(100)     NOT NULL,
    explanation     VARCHAR(8000)    NOT NULL,
    confidence      DOUBLE PRECISION NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- rank 1 is the primary recommendation, 2 and 3 the alternatives.
CREATE TABLE recommended_strategy (
    alert_id                 VARCHAR(128)  NOT NULL REFERENCES alert (alert_id),
    rank                     INT           NOT NULL CHECK (rank BETWEEN 1 AND 3),
    action_type              VARCHAR(32)   NOT NULL CHECK (action_type IN ('STOP_PROMOTION', 'ADJUST_PRICE', 'DISMISS')),
    new_price_cents          BIGINT,
    title                    VARCHAR(200)  NOT NULL,
    rationale                VARCHAR(4000) NOT NULL,
    expected_margin_change_cents BIGINT,
    PRIMARY KEY (alert_id, rank)
);

CREATE TABLE user_action (
    action_id       VARCHAR(64)   PRIMARY KEY,
    alert_id        VARCHAR(128)  NOT NULL REFERENCES alert (alert_id),
    action_type     VARCHAR(32)   NOT NULL CHECK (action_type IN ('STOP_PROMOTION', 'ADJUST_PRICE', 'DISMISS')),
    new_price_cents BIGINT,
    reason          VARCHAR(2000),
    actor           VARCHAR(100)  NOT NULL,
    requested_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    status          VARCHAR(16)   NOT NULL CHECK (status IN ('REQUESTED', 'EXECUTED', 'REJECTED')),
    executed_at     TIMESTAMP WITH TIME ZONE,
    market_event_id VARCHAR(64)
);
CREATE INDEX user_action_alert_idx ON user_action (alert_id);

-- outcome INSUFFICIENT_DATA carries no score: the data could not tell.
CREATE TABLE effectiveness_evaluation (
    evaluation_id       VARCHAR(64)      PRIMARY KEY,
    alert_id            VARCHAR(128)     NOT NULL REFERENCES alert (alert_id),
    action_id           VARCHAR(64)      NOT NULL REFERENCES user_action (action_id),
    anchored_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    measured_until      TIMESTAMP WITH TIME ZONE NOT NULL,
    method              VARCHAR(64)      NOT NULL,
    estimate_cents      BIGINT,
    lower_cents         BIGINT,
    upper_cents         BIGINT,
    score               INT CHECK (score BETWEEN 0 AND 100),
    outcome             VARCHAR(24)      NOT NULL CHECK (outcome IN ('EFFECTIVE', 'INEFFECTIVE', 'INCONCLUSIVE', 'INSUFFICIENT_DATA')),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Who did what and when, for every state-changing request.
CREATE TABLE audit_log (
    audit_id        VARCHAR(64)   PRIMARY KEY,
    actor           VARCHAR(100)  NOT NULL,
    operation       VARCHAR(64)   NOT NULL,
    target          VARCHAR(200)  NOT NULL,
    detail          VARCHAR(4000),
    at              TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
