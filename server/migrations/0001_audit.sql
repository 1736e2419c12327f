-- The audit trail of approve/reject/remove actions on private endpoint connections.
-- A row is inserted as the intent, before the Azure call, and completed once with its outcome.
-- Append-only: the triggers below refuse every delete and every update but that completion.
-- Times are RFC 3339 UTC text with nine fraction digits, so text order is time order.

CREATE TABLE audit (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The intent.
    at                 TEXT NOT NULL,
    actor              TEXT NOT NULL,
    email              TEXT,
    groups             TEXT NOT NULL CHECK (json_valid(groups) AND json_type(groups) = 'array'),
    role               TEXT NOT NULL,
    auth_mode          TEXT NOT NULL,
    action             TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'remove')),
    connection_id      TEXT NOT NULL,
    resource_id        TEXT NOT NULL,
    subscription       TEXT NOT NULL,
    previous_state     TEXT NOT NULL,
    requested_state    TEXT,
    description        TEXT NOT NULL,
    client_ip          TEXT,
    request_id         TEXT,
    -- The outcome: all NULL until the intent is completed.
    completed_at       TEXT,
    outcome            TEXT CHECK (outcome IN ('succeeded', 'failed', 'skipped', 'reconciled')),
    outcome_message    TEXT,
    final_state        TEXT,
    arm_request_id     TEXT,
    arm_correlation_id TEXT,
    CHECK (
        (outcome IS NULL AND completed_at IS NULL AND outcome_message IS NULL
            AND final_state IS NULL AND arm_request_id IS NULL AND arm_correlation_id IS NULL)
        OR (outcome IS NOT NULL AND completed_at IS NOT NULL AND outcome_message IS NOT NULL)
    )
);

-- Azure ids and user names compare case-insensitively, so do the indexes the filters use.
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_actor_at ON audit (actor COLLATE NOCASE, at);
CREATE INDEX audit_connection_at ON audit (connection_id COLLATE NOCASE, at);
CREATE INDEX audit_open ON audit (at) WHERE outcome IS NULL;

CREATE TRIGGER audit_no_delete
BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: records cannot be deleted');
END;

-- `IS` compares NULLs as equal and uses the columns' BINARY collation, so a change of case is
-- a change too.
CREATE TRIGGER audit_complete_once
BEFORE UPDATE ON audit
WHEN NOT (
    OLD.outcome IS NULL AND NEW.outcome IS NOT NULL
    AND NEW.id IS OLD.id
    AND NEW.at IS OLD.at
    AND NEW.actor IS OLD.actor
    AND NEW.email IS OLD.email
    AND NEW.groups IS OLD.groups
    AND NEW.role IS OLD.role
    AND NEW.auth_mode IS OLD.auth_mode
    AND NEW.action IS OLD.action
    AND NEW.connection_id IS OLD.connection_id
    AND NEW.resource_id IS OLD.resource_id
    AND NEW.subscription IS OLD.subscription
    AND NEW.previous_state IS OLD.previous_state
    AND NEW.requested_state IS OLD.requested_state
    AND NEW.description IS OLD.description
    AND NEW.client_ip IS OLD.client_ip
    AND NEW.request_id IS OLD.request_id
)
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: only an open intent can be completed, once, and its intent cannot change');
END;
