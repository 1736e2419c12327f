-- The change feed: what changed between two syncs, seen by the sync that finished at `seen_at`
-- and not by the one that finished at `seen_after` (NULL for none). Append-only like the audit:
-- rows are never updated or deleted (retention pruning, when it comes, will be the one
-- exception, by age only). `audit_id` links a change Link Center made to its audit record.

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
    audit_id      INTEGER REFERENCES audit (id)
);

CREATE INDEX changes_seen ON changes (seen_at);
CREATE INDEX changes_service_seen ON changes (service_id COLLATE NOCASE, seen_at);
CREATE INDEX changes_connection_seen ON changes (connection_id COLLATE NOCASE, seen_at);

CREATE TRIGGER changes_no_update
BEFORE UPDATE ON changes
BEGIN
    SELECT RAISE(ABORT, 'the change feed is append-only: changes cannot be altered');
END;

CREATE TRIGGER changes_no_delete
BEFORE DELETE ON changes
BEGIN
    SELECT RAISE(ABORT, 'the change feed is append-only: changes cannot be deleted');
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
