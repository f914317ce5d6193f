-- Revenue streams and growth: marketplace templates, hosted platforms, referral programme, analytics inputs.

-- What a payment was for, copied out of the checkout metadata when it is posted, so that per-template, per-platform
-- and per-loop figures are indexed sums rather than JSON scans. customer_id is Stripe's customer (when the checkout
-- had one): "customers served" counts distinct ids.
ALTER TABLE payment ADD COLUMN template_id VARCHAR(100);
ALTER TABLE payment ADD COLUMN hosted_platform_id VARCHAR(100);
ALTER TABLE payment ADD COLUMN agent_loop_id VARCHAR(100);
ALTER TABLE payment ADD COLUMN customer_id VARCHAR(255);
CREATE INDEX payment_by_template ON payment (template_id);
CREATE INDEX payment_by_hosted_platform ON payment (hosted_platform_id);

-- Agent templates a vault sells on the marketplace. The price is fixed when the template is saved (base cost plus
-- markup, or an explicit price); a sale is a Stripe payment whose metadata names template_id.
CREATE TABLE agent_template (
    template_id     VARCHAR(100)             NOT NULL PRIMARY KEY,
    vault_id        VARCHAR(100)             NOT NULL,
    name            VARCHAR(200)             NOT NULL,
    description     VARCHAR(2000),
    -- industry | workflow | analytics | integration
    category        VARCHAR(20)              NOT NULL,
    deployment_id   VARCHAR(100),
    currency        VARCHAR(3)               NOT NULL,
    base_cost_minor BIGINT,
    markup_bp       INT,
    price_minor     BIGINT                   NOT NULL,
    branding_json   VARCHAR,
    listed          BOOLEAN                  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    listed_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT agent_template_price_ck CHECK (price_minor > 0)
);
CREATE INDEX agent_template_by_vault ON agent_template (vault_id);

-- White-label hosted platforms a vault runs for its clients, billed monthly through a Stripe subscription.
-- parent_vault_id and fork_depth are the platform's place in the vault lineage.
CREATE TABLE hosted_platform (
    hosted_platform_id     VARCHAR(100)             NOT NULL PRIMARY KEY,
    vault_id               VARCHAR(100)             NOT NULL,
    client                 VARCHAR(200)             NOT NULL,
    -- starter | professional | enterprise | custom
    tier                   VARCHAR(20)              NOT NULL,
    currency               VARCHAR(3)               NOT NULL,
    monthly_price_minor    BIGINT                   NOT NULL,
    domain                 VARCHAR(253),
    branding_json          VARCHAR,
    parent_vault_id        VARCHAR(100)             NOT NULL,
    fork_depth             INT                      NOT NULL,
    stripe_customer_id     VARCHAR(255),
    stripe_product_id      VARCHAR(255),
    stripe_price_id        VARCHAR(255),
    stripe_subscription_id VARCHAR(255),
    -- pending (Stripe objects not yet all created) | active | canceled
    status                 VARCHAR(16)              NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    canceled_at            TIMESTAMP WITH TIME ZONE,
    CONSTRAINT hosted_platform_status_ck CHECK (status IN ('pending', 'active', 'canceled')),
    CONSTRAINT hosted_platform_price_ck CHECK (monthly_price_minor > 0)
);
CREATE INDEX hosted_platform_by_vault ON hosted_platform (vault_id);
CREATE UNIQUE INDEX hosted_platform_by_subscription ON hosted_platform (stripe_subscription_id);

-- Referral codes a vault hands out; a vault that signs up with one gets the code owner's referrer chain.
CREATE TABLE referral_code (
    code       VARCHAR(40)              NOT NULL PRIMARY KEY,
    vault_id   VARCHAR(100)             NOT NULL,
    label      VARCHAR(200),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX referral_code_by_vault ON referral_code (vault_id);

-- Which code each referred vault signed up with, and when.
CREATE TABLE referral_signup (
    vault_id          VARCHAR(100)             NOT NULL PRIMARY KEY,
    code              VARCHAR(40)              NOT NULL REFERENCES referral_code (code),
    referrer_vault_id VARCHAR(100)             NOT NULL,
    signed_up_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX referral_signup_by_code ON referral_signup (code);

-- (Column names avoid DAY, MONTH and COUNT: H2 reserves them.)
-- Funnel counters (referral link shared / visited, template listing viewed…), one row per kind, subject and day,
-- incremented in place: a hot link costs one small row per day, not a row per visit.
CREATE TABLE funnel_count (
    kind       VARCHAR(30)  NOT NULL,
    subject_id VARCHAR(100) NOT NULL,
    on_day     DATE         NOT NULL,
    hits       BIGINT       NOT NULL,
    PRIMARY KEY (kind, subject_id, on_day)
);

-- What a vault spent to acquire customers, per month, for customer acquisition cost.
CREATE TABLE acquisition_spend (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    vault_id     VARCHAR(100)             NOT NULL,
    -- The first day of the month the spend is for.
    month_start  DATE                     NOT NULL,
    currency     VARCHAR(3)               NOT NULL,
    amount_minor BIGINT                   NOT NULL,
    note         VARCHAR(500),
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT acquisition_spend_amount_ck CHECK (amount_minor >= 0)
);
CREATE INDEX acquisition_spend_by_vault ON acquisition_spend (vault_id, month_start);
