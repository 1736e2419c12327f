-- Connection counts over time: per private link service (`service_id`) and per subscription
-- (`service_id` NULL: the subscription's total), by state, written at a sync only when they
-- changed since the last row of the same key. A service gone is a row of zeros. Append-only
-- but for retention pruning, as the change feed (`history_cutoff`).

CREATE TABLE counts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    seen_at      TEXT NOT NULL,
    subscription TEXT NOT NULL,
    service_id   TEXT,
    pending      INTEGER NOT NULL,
    approved     INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    disconnected INTEGER NOT NULL,
    other        INTEGER NOT NULL
);

CREATE INDEX counts_service_seen ON counts (service_id COLLATE NOCASE, seen_at);
CREATE INDEX counts_subscription_seen ON counts (subscription COLLATE NOCASE, seen_at)
    WHERE service_id IS NULL;

CREATE TRIGGER counts_no_update
BEFORE UPDATE ON counts
BEGIN
    SELECT RAISE(ABORT, 'connection counts are append-only: they cannot be altered');
END;

CREATE TRIGGER counts_only_pruned
BEFORE DELETE ON counts
WHEN OLD.seen_at >= COALESCE((SELECT cutoff FROM history_cutoff WHERE only = 1), '')
BEGIN
    SELECT RAISE(ABORT, 'connection counts are append-only: only counts older than the retention can be deleted');
END;
