-- Payouts through Stripe Connect (package ai.mirroros.licensing.payout).

-- Who can be paid: a vault, which is paid for its own share and for the commissions it earned as a referrer. One
-- connected account per payee. The gate (PayoutGate) reads only this row: KYC from account.updated, tax documents
-- and payout-account verification recorded by operators, and a hold set by an operator, a risk rule or a permanent
-- transfer failure.
CREATE TABLE payee (
    payee_id                VARCHAR(200)             NOT NULL PRIMARY KEY,
    stripe_account          VARCHAR(255),
    country                 VARCHAR(2),
    email                   VARCHAR(320),
    business_type           VARCHAR(32),
    -- pending | verified | rejected
    kyc_status              VARCHAR(16)              NOT NULL,
    -- Stripe's requirements.currently_due and disabled_reason, as last seen.
    kyc_detail              VARCHAR(2000),
    payouts_enabled         BOOLEAN                  NOT NULL,
    -- The `created` of the account.updated event behind kyc_status: an older event arriving late changes nothing.
    kyc_event_at            TIMESTAMP WITH TIME ZONE,
    -- missing | w9 | w8ben
    tax_document            VARCHAR(16)              NOT NULL,
    payout_account_verified BOOLEAN                  NOT NULL,
    hold_reason             VARCHAR(1000),
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT payee_account_uq UNIQUE (stripe_account),
    CONSTRAINT payee_kyc_ck CHECK (kyc_status IN ('pending', 'verified', 'rejected')),
    CONSTRAINT payee_tax_ck CHECK (tax_document IN ('missing', 'w9', 'w8ben'))
);

-- One payout per payee, currency and due date: the unique key is what makes two runs, or two instances, plan it
-- once. The amount is reserved in the ledger (available -> in transit) in the transaction that inserts the row;
-- idempotency_key is sent with every attempt of the transfer, and payout_id is its transfer_group.
CREATE TABLE payout (
    payout_id        VARCHAR(255)             NOT NULL PRIMARY KEY,
    payee_id         VARCHAR(200)             NOT NULL,
    currency         VARCHAR(3)               NOT NULL,
    due_date         DATE                     NOT NULL,
    -- Parts of the amount: the payee's own share and its referrer commissions (either may be negative after
    -- clawbacks; the sum is positive).
    vault_minor      BIGINT                   NOT NULL,
    referrer_minor   BIGINT                   NOT NULL,
    amount_minor     BIGINT                   NOT NULL,
    stripe_account   VARCHAR(255)             NOT NULL,
    idempotency_key  VARCHAR(255)             NOT NULL,
    -- planned | submitting | retrying | paid | failed
    status           VARCHAR(16)              NOT NULL,
    attempts         INT                      NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    transfer_id      VARCHAR(255),
    -- Total reversed so far (transfer.reversed); the funds went back to available.
    reversed_minor   BIGINT                   NOT NULL DEFAULT 0,
    last_error       VARCHAR(1000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT payout_once_uq UNIQUE (payee_id, currency, due_date),
    CONSTRAINT payout_amount_ck CHECK (amount_minor > 0 AND amount_minor = vault_minor + referrer_minor),
    CONSTRAINT payout_status_ck CHECK (status IN ('planned', 'submitting', 'retrying', 'paid', 'failed'))
);

CREATE INDEX payout_status_idx ON payout (status, next_attempt_at);
CREATE INDEX payout_transfer_idx ON payout (transfer_id);

-- Every attempt and state change of a payout, in order: the audit trail behind `payouts show`.
CREATE TABLE payout_event (
    payout_id   VARCHAR(255)             NOT NULL REFERENCES payout (payout_id),
    seq         INT                      NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    detail      VARCHAR(1000)            NOT NULL,
    CONSTRAINT payout_event_pk PRIMARY KEY (payout_id, seq)
);

-- One row per payout run: what it planned, paid, skipped and why.
CREATE TABLE payout_run (
    run_id       VARCHAR(64)              NOT NULL PRIMARY KEY,
    as_of        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    dry_run      BOOLEAN                  NOT NULL,
    summary_json VARCHAR
);

-- Payees a run did not pay, with the reason (KYC pending, below minimum, not due, on hold ...).
CREATE TABLE payout_skip (
    run_id    VARCHAR(64)  NOT NULL REFERENCES payout_run (run_id),
    payee_id  VARCHAR(200) NOT NULL,
    currency  VARCHAR(3)   NOT NULL,
    reason    VARCHAR(500) NOT NULL,
    CONSTRAINT payout_skip_pk PRIMARY KEY (run_id, payee_id, currency)
);
