-- API keys for /api/*. The secret is shown once at creation and only its SHA-256 is kept: a 256-bit random secret
-- needs no slow hash, and a leaked table cannot be replayed. A partner key (role 'partner') reaches one vault; an
-- admin key (vault_id NULL) reaches all. Revoked keys stay for the audit trail.
CREATE TABLE api_key (
    key_id      VARCHAR(12)              NOT NULL PRIMARY KEY,
    role        VARCHAR(16)              NOT NULL,
    vault_id    VARCHAR(100),
    label       VARCHAR(200)             NOT NULL,
    secret_hash VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_key_role_ck CHECK (role IN ('partner', 'admin')),
    CONSTRAINT api_key_scope_ck CHECK ((role = 'partner') = (vault_id IS NOT NULL))
);

CREATE INDEX api_key_by_vault ON api_key (vault_id);
