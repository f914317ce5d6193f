-- VAT/GST is adjusted in the period of the refund or lost dispute, not in the sale's (docs/TAX.md, "Refund
-- timing"). Append-only: one row per adjustment that changed a payment's refunded or lost-to-dispute total, written
-- with that adjustment in the same transaction, holding the cumulative totals after it. What one event reversed is
-- the difference to the payment's previous row (the one with the next smaller total: both totals only grow). Open
-- disputes (held) and won disputes reduce no tax and write no row.
CREATE TABLE payment_reversal (
    -- The adjustment's journal source id (refund:..., dispute-lost:...), or v13-backfill:<payment> for old data.
    -- Wider than a journal source id: the backfill prefixes a payment id of up to 255.
    source_id                VARCHAR(300)             NOT NULL PRIMARY KEY,
    payment_source_id        VARCHAR(255)             NOT NULL REFERENCES payment (source_id),
    occurred_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    refunded_after_minor     BIGINT                   NOT NULL,
    dispute_lost_after_minor BIGINT                   NOT NULL,
    CONSTRAINT payment_reversal_amounts_ck CHECK (refunded_after_minor >= 0 AND dispute_lost_after_minor >= 0
        AND refunded_after_minor + dispute_lost_after_minor > 0)
);
CREATE INDEX payment_reversal_by_time ON payment_reversal (occurred_at);
CREATE INDEX payment_reversal_by_payment ON payment_reversal (payment_source_id);

-- Reversals applied before this migration have no date of their own: they are dated at their sale, which keeps
-- every quarter's figures for old data exactly what the report showed before.
INSERT INTO payment_reversal (source_id, payment_source_id, occurred_at, refunded_after_minor,
                              dispute_lost_after_minor)
SELECT 'v13-backfill:' || source_id, source_id, occurred_at, refunded_minor, dispute_lost_minor
FROM payment
WHERE refunded_minor + dispute_lost_minor > 0;
