-- Bulk actions run as jobs: the job and each of its items, in order. An item's result is NULL
-- until it is tried, `running` while it is, then how it ended. A restart settles the items a
-- job left: `running` ones as `interrupted` (the audit has their outcome), untried ones as
-- `notAttempted` (nothing was sent for them: no audit intent was ever written).
-- Times are RFC 3339 UTC text with nine fraction digits, as in the audit.

CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'remove')),
    description TEXT NOT NULL,
    total       INTEGER NOT NULL CHECK (total >= 0),
    finished_at TEXT
);

CREATE TABLE job_items (
    job_id         TEXT NOT NULL REFERENCES jobs (id),
    position       INTEGER NOT NULL,
    connection_id  TEXT NOT NULL,
    expected_state TEXT,
    result         TEXT CHECK (result IN
        ('running', 'succeeded', 'skipped', 'failed', 'interrupted', 'notAttempted')),
    message        TEXT,
    state          TEXT,
    PRIMARY KEY (job_id, position)
);

CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE finished_at IS NULL;
