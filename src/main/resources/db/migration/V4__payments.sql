-- One row per posted payment: the facts and the split it produced, kept so that refunds and disputes can claw
-- back the same lines and the volume bonus can sum a vault's revenue over its window without scanning the ledger.
CREATE TABLE payment (
    source_id        VARCHAR(255)             NOT NULL PRIMARY KEY,
    vault_id         VARCHAR(100)             NOT NULL,
    occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    currency         VARCHAR(3)               NOT NULL,
    gross_minor      BIGINT                   NOT NULL,
    fee_minor        BIGINT                   NOT NULL,
    fee_source       VARCHAR(20)              NOT NULL,
    partner_minor    BIGINT                   NOT NULL,
    master_minor     BIGINT                   NOT NULL,
    referrer_minor   BIGINT                   NOT NULL,
    vault_version    INT                      NOT NULL,
    journal_entry_id BIGINT                   NOT NULL,
    -- The split lines with provenance, as printed by `licensing split --json`.
    split_json       VARCHAR                  NOT NULL
);

CREATE INDEX payment_by_vault_time ON payment (vault_id, occurred_at);
