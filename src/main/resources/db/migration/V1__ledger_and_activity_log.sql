-- Placeholder replaced by the ledger work in this same change.
CREATE TABLE schema_marker (id INT PRIMARY KEY);
