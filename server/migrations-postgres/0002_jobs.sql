-- PostgreSQL's dialect of ../migrations/0002_jobs.sql: bulk jobs and their items.

CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'remove')),
    description TEXT NOT NULL,
    total       BIGINT NOT NULL CHECK (total >= 0),
    finished_at TEXT
);

CREATE TABLE job_items (
    job_id         TEXT NOT NULL REFERENCES jobs (id),
    position       BIGINT NOT NULL,
    connection_id  TEXT NOT NULL,
    expected_state TEXT,
    result         TEXT CHECK (result IN
        ('running', 'succeeded', 'skipped', 'failed', 'interrupted', 'notAttempted')),
    message        TEXT,
    state          TEXT,
    PRIMARY KEY (job_id, position)
);

CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE finished_at IS NULL;
