-- Versioned licensed-vault registry. A change never overwrites: it adds a version with the moment it takes
-- effect, so a split can always use the terms in force at the payment's time.
CREATE TABLE vault_version (
    vault_id       VARCHAR(100)             NOT NULL,
    version        INT                      NOT NULL,
    effective_from TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    license_type   VARCHAR(40)              NOT NULL,
    -- The vault in the registry file's JSON shape ({"<vault id>": {...}}), so stored and exported forms agree.
    config_json    VARCHAR                  NOT NULL,
    PRIMARY KEY (vault_id, version)
);

CREATE INDEX vault_version_by_time ON vault_version (vault_id, effective_from);
