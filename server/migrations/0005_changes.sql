-- The change feed: what changed between two syncs, seen by the sync that finished at `seen_at`
-- and not by the one that finished at `seen_after` (NULL for none). Append-only like the audit:
-- a row is deleted only by retention pruning, older than the cutoff the pruning sets in
-- `history_cutoff` (`--history-retention`), and only ever updated once, to attribute a change nobody was known to have made to the
-- Activity Log's caller (which Azure may log minutes after the change). `audit_id` links a
-- change Link Center made to its audit record.

CREATE TABLE changes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    seen_at       TEXT NOT NULL,
    seen_after    TEXT,
    kind          TEXT NOT NULL CHECK (kind IN (
        'connectionAppeared', 'stateChanged', 'descriptionChanged', 'connectionGone',
        'serviceAppeared', 'serviceRecreated', 'serviceGone', 'frontendLost',
        'subscriptionUnreadable', 'subscriptionReadable')),
    subscription  TEXT NOT NULL,
    service_id    TEXT,
    connection_id TEXT,
    from_value    TEXT,
    to_value      TEXT,
    detail        TEXT NOT NULL,
    actor         TEXT,
    audit_id      INTEGER REFERENCES audit (id),
    -- From the Activity Log: the operation and its correlation id.
    operation     TEXT,
    correlation_id TEXT
);

CREATE INDEX changes_seen ON changes (seen_at);
CREATE INDEX changes_service_seen ON changes (service_id COLLATE NOCASE, seen_at);
CREATE INDEX changes_connection_seen ON changes (connection_id COLLATE NOCASE, seen_at);

CREATE INDEX changes_unattributed ON changes (seen_at) WHERE actor IS NULL;

CREATE TRIGGER changes_attributed_once
BEFORE UPDATE ON changes
WHEN NOT (
    OLD.actor IS NULL AND OLD.audit_id IS NULL AND OLD.operation IS NULL
    AND OLD.correlation_id IS NULL AND NEW.actor IS NOT NULL
    AND NEW.id IS OLD.id
    AND NEW.seen_at IS OLD.seen_at
    AND NEW.seen_after IS OLD.seen_after
    AND NEW.kind IS OLD.kind
    AND NEW.subscription IS OLD.subscription
    AND NEW.service_id IS OLD.service_id
    AND NEW.connection_id IS OLD.connection_id
    AND NEW.from_value IS OLD.from_value
    AND NEW.to_value IS OLD.to_value
    AND NEW.detail IS OLD.detail
    AND NEW.audit_id IS OLD.audit_id
)
BEGIN
    SELECT RAISE(ABORT, 'the change feed is append-only: a change can only be attributed once');
END;

-- One row: rows seen before this time may be pruned (none before the first pruning).
CREATE TABLE history_cutoff (
    only   INTEGER PRIMARY KEY CHECK (only = 1),
    cutoff TEXT NOT NULL
);

CREATE TRIGGER changes_only_pruned
BEFORE DELETE ON changes
WHEN OLD.seen_at >= COALESCE((SELECT cutoff FROM history_cutoff WHERE only = 1), '')
BEGIN
    SELECT RAISE(ABORT, 'the change feed is append-only: only changes older than the retention can be deleted');
END;

-- What the last recorded sync saw, so that a restart diffs against it instead of reporting
-- the whole estate as new. Updated row by row with what changed.
CREATE TABLE known_services (
    id             TEXT PRIMARY KEY COLLATE NOCASE,
    name           TEXT NOT NULL,
    alias          TEXT,
    frontend       TEXT,
    frontend_found INTEGER NOT NULL
);

CREATE TABLE known_connections (
    id          TEXT PRIMARY KEY COLLATE NOCASE,
    service_id  TEXT NOT NULL,
    state       TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE known_subscriptions (
    id       TEXT PRIMARY KEY COLLATE NOCASE,
    readable INTEGER NOT NULL
);

-- One row: when the last recorded sync finished.
CREATE TABLE known_sync (
    only    INTEGER PRIMARY KEY CHECK (only = 1),
    seen_at TEXT NOT NULL
);
