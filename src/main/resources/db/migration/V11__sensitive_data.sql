-- Sensitive data at rest (package ai.mirroros.licensing.sensitive): a payee's tax profile for the 1099-K and for
-- payouts. The TIN, the postal address and the bank details are stored only SEALED: AES-256-GCM under a data key
-- that lives outside the database (a key file or LICENSING_DATA_KEY), as `v1:<key id>:<base64(nonce||ct||tag)>`,
-- with the table, column and payee id as associated data so a value copied to another row or column does not
-- open. Nothing derived from them (not even the last four digits) is stored in clear: masking happens after
-- decrypting. See docs/SECURITY.md.
CREATE TABLE payee_tax_profile (
    -- The vault id, as in payee.payee_id; a profile may be recorded before the vault is onboarded for payouts.
    payee_id        VARCHAR(200)             NOT NULL PRIMARY KEY,
    -- The name on the tax form; not secret (it is on invoices and in the registry).
    legal_name      VARCHAR(200)             NOT NULL,
    -- ssn | ein | itin | foreign
    tin_type        VARCHAR(8)               NOT NULL,
    -- ISO 3166-1 alpha-2 of the postal address: decides the form (1099-K for US persons) without decrypting.
    country         VARCHAR(2)               NOT NULL,
    tin_sealed      VARCHAR(1000)            NOT NULL,
    address_sealed  VARCHAR(2000)            NOT NULL,
    bank_sealed     VARCHAR(1000),
    -- The data key every sealed column of this row is under; rotation re-encrypts the rows whose key is not the
    -- active one, batch by batch, so a rotation killed midway resumes where it stopped.
    data_key_id     VARCHAR(64)              NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT payee_tax_profile_tin_type_ck CHECK (tin_type IN ('ssn', 'ein', 'itin', 'foreign')),
    CONSTRAINT payee_tax_profile_sealed_ck CHECK (tin_sealed LIKE 'v1:%' AND address_sealed LIKE 'v1:%'
        AND (bank_sealed IS NULL OR bank_sealed LIKE 'v1:%'))
);

CREATE INDEX payee_tax_profile_key_idx ON payee_tax_profile (data_key_id);
