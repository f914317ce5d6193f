-- Risk scoring and payout holds (package ai.mirroros.licensing.risk, docs/RISK.md).

-- One row per posted payment: the velocity keys it was scored on, its score (0-100) and the reasons behind it.
-- Written in the posting transaction, so a payment is never posted without its score. The keys are kept here
-- (not only in payment.metadata_json) so that the velocity rules count a batch with one indexed query per key.
CREATE TABLE payment_risk (
    source_id        VARCHAR(255)             NOT NULL PRIMARY KEY,
    vault_id         VARCHAR(100)             NOT NULL,
    occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    customer_id      VARCHAR(255),
    card_fingerprint VARCHAR(255),
    customer_ip      VARCHAR(64),
    score            INT                      NOT NULL,
    -- [{"rule": "card_velocity", "points": 40, "detail": "..."}, ...], highest points first
    reasons_json     VARCHAR                  NOT NULL,
    threshold        INT                      NOT NULL,
    CONSTRAINT payment_risk_score_ck CHECK (score BETWEEN 0 AND 100)
);

CREATE INDEX payment_risk_by_card ON payment_risk (card_fingerprint, occurred_at);
CREATE INDEX payment_risk_by_customer ON payment_risk (customer_id, occurred_at);
CREATE INDEX payment_risk_by_ip ON payment_risk (customer_ip, occurred_at);

-- A vault's payouts held because a payment scored at or above the threshold. At most one active hold per vault
-- (released_at IS NULL), enforced by the scorer under a lock on the vault's rows; released holds stay as history.
-- The payout gate (payout.PayeeStore) reads the active hold's summary into Payee.blockers().
CREATE TABLE risk_hold (
    hold_id          VARCHAR(64)              NOT NULL PRIMARY KEY,
    vault_id         VARCHAR(100)             NOT NULL,
    placed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The payment whose score placed the hold, its score and reasons.
    source_id        VARCHAR(255)             NOT NULL,
    score            INT                      NOT NULL,
    reasons_json     VARCHAR                  NOT NULL,
    -- One line for blockers and lists: "risk score 90 on pi_123: card_velocity, new_vault_volume".
    summary          VARCHAR(1000)            NOT NULL,
    released_at      TIMESTAMP WITH TIME ZONE,
    released_by      VARCHAR(200),
    release_note     VARCHAR(2000),
    CONSTRAINT risk_hold_release_ck CHECK ((released_at IS NULL AND release_note IS NULL)
        OR (released_at IS NOT NULL AND release_note IS NOT NULL))
);

CREATE INDEX risk_hold_by_vault ON risk_hold (vault_id, released_at);

-- When the payout bank account last changed (an operator marked it no longer verified, or Stripe disabled it):
-- the payout_account_changed rule scores a vault's payments in the days after such a change.
ALTER TABLE payee ADD COLUMN payout_account_changed_at TIMESTAMP WITH TIME ZONE;
