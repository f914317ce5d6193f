-- The tamper-evident activity log (ai.mirroros.licensing.ledger.ActivityLog). Portable subset: runs unchanged on
-- H2 in PostgreSQL mode and on PostgreSQL.

-- One row per appended entry. hash = SHA-256(prev_hash || '\n' || canonical JSON of the entry), see ChainHasher.
-- payload holds canonical JSON text, hashed exactly as stored, never re-serialised.
-- Timestamps are kept to the microsecond, the precision both databases store.
CREATE TABLE activity_log (
    seq         BIGINT                   NOT NULL PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    type        VARCHAR(64)              NOT NULL,
    vault_id    VARCHAR(128),
    source_id   VARCHAR(255),
    payload     VARCHAR                  NOT NULL,
    prev_hash   VARCHAR(64)              NOT NULL,
    hash        VARCHAR(64)              NOT NULL,
    CONSTRAINT activity_log_seq_positive CHECK (seq > 0)
);

-- recent(vaultId, limit): newest entries of one vault.
CREATE INDEX activity_log_vault_seq ON activity_log (vault_id, seq);

-- The end of the chain. Appenders lock this single row (SELECT ... FOR UPDATE) once per batch, which serialises
-- appends and makes seq gapless; verify compares it with the last entry to detect a deleted tail.
CREATE TABLE activity_chain_head (
    id        INT         NOT NULL PRIMARY KEY,
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL,
    CONSTRAINT activity_chain_head_single_row CHECK (id = 1)
);

INSERT INTO activity_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
