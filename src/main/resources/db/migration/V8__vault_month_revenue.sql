-- Each vault's gross revenue per calendar month (UTC), kept by payment posting with one aggregated upsert per vault
-- and month per batch. Automatic tier upgrades compare it with the tier thresholds, the downgrade policy reads the
-- month before, and analytics draw their monthly series from it: a read of one row instead of a sum over every
-- payment of the month.
CREATE TABLE vault_month_revenue (
    vault_id    VARCHAR(100) NOT NULL,
    -- The first day of the month (UTC).
    month_start DATE         NOT NULL,
    currency    VARCHAR(3)   NOT NULL,
    gross_minor BIGINT       NOT NULL,
    payments    BIGINT       NOT NULL,
    PRIMARY KEY (vault_id, month_start, currency)
);

-- Payments posted before this table existed.
INSERT INTO vault_month_revenue (vault_id, month_start, currency, gross_minor, payments)
SELECT vault_id, CAST(DATE_TRUNC('month', occurred_at AT TIME ZONE 'UTC') AS DATE), currency, SUM(gross_minor),
       COUNT(*)
FROM payment
GROUP BY vault_id, CAST(DATE_TRUNC('month', occurred_at AT TIME ZONE 'UTC') AS DATE), currency;
