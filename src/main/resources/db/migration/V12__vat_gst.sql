-- VAT/GST on marketplace sales (docs/TAX.md). One row per posted marketplace sale, written with the payment in the
-- same transaction: where the customer was, how the sale was treated, and the rate and amounts applied then. The
-- quarterly report reads these rows (and the payment's refunded/lost totals), never the current rate table, so a
-- later change of the table cannot rewrite a filed quarter. The split is not affected: this is a liability record.
CREATE TABLE payment_tax (
    source_id       VARCHAR(255)             NOT NULL PRIMARY KEY,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The payment's settlement currency and gross (tax included), as on the payment row.
    currency        VARCHAR(3)               NOT NULL,
    gross_minor     BIGINT                   NOT NULL,
    -- ISO 3166-1 alpha-2; NULL when unknown (never guessed).
    country         VARCHAR(2),
    -- The subdivision, e.g. a Canadian province (ON); NULL when not given.
    region          VARCHAR(3),
    -- billing_address | metadata | unknown
    location_source VARCHAR(20)              NOT NULL,
    -- The report's key: DE, CA-ON, US, CA-unknown, unknown.
    jurisdiction    VARCHAR(20)              NOT NULL,
    -- taxed | out_of_scope | unknown_location | no_rate
    treatment       VARCHAR(20)              NOT NULL,
    -- EU_VAT | UK_VAT | AU_GST | CA_GST | CA_HST; NULL unless taxed.
    scheme          VARCHAR(10),
    rate_bp         INT                      NOT NULL,
    taxable_minor   BIGINT                   NOT NULL,
    tax_minor       BIGINT                   NOT NULL,
    rates_version   VARCHAR(40)              NOT NULL,
    CONSTRAINT payment_tax_treatment_ck CHECK (treatment IN ('taxed', 'out_of_scope', 'unknown_location', 'no_rate')),
    CONSTRAINT payment_tax_amounts_ck CHECK (tax_minor >= 0 AND taxable_minor >= 0 AND rate_bp >= 0
        AND ((treatment = 'taxed' AND taxable_minor + tax_minor = gross_minor)
          OR (treatment <> 'taxed' AND taxable_minor = 0 AND tax_minor = 0 AND rate_bp = 0)))
);
CREATE INDEX payment_tax_by_time ON payment_tax (occurred_at);
