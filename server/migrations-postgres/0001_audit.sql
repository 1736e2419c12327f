-- PostgreSQL's dialect of ../migrations/0001_audit.sql (same version, same meaning): the audit
-- trail of approve/reject/remove actions. A row is inserted as the intent, before the Azure
-- call, and completed once with its outcome. Append-only: the triggers below refuse every
-- delete, every TRUNCATE (which row triggers would not see) and every update but that
-- completion. Times are RFC 3339 UTC text with nine fraction digits, as in SQLite, so the two
-- stores read and order them alike; ids and names compare case-insensitively through lower().

CREATE TABLE audit (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The intent.
    at                 TEXT NOT NULL,
    actor              TEXT NOT NULL,
    email              TEXT,
    groups             TEXT NOT NULL CHECK (json_typeof(groups::json) = 'array'),
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

CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_actor_at ON audit (lower(actor), at);
CREATE INDEX audit_connection_at ON audit (lower(connection_id), at);
CREATE INDEX audit_open ON audit (at) WHERE outcome IS NULL;

-- Refuses the statement with the message the trigger names (its first argument).
CREATE FUNCTION linkcenter_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER audit_no_delete
BEFORE DELETE ON audit
FOR EACH ROW EXECUTE FUNCTION linkcenter_refuse('the audit trail is append-only: records cannot be deleted');

CREATE TRIGGER audit_no_truncate
BEFORE TRUNCATE ON audit
FOR EACH STATEMENT EXECUTE FUNCTION linkcenter_refuse('the audit trail is append-only: records cannot be deleted');

-- `IS NOT DISTINCT FROM` compares NULLs as equal, and text exactly: a change of case is a change.
CREATE TRIGGER audit_complete_once
BEFORE UPDATE ON audit
FOR EACH ROW
WHEN (NOT (
    OLD.outcome IS NULL AND NEW.outcome IS NOT NULL
    AND (NEW.id, NEW.at, NEW.actor, NEW.email, NEW.groups, NEW.role, NEW.auth_mode, NEW.action,
         NEW.connection_id, NEW.resource_id, NEW.subscription, NEW.previous_state,
         NEW.requested_state, NEW.description, NEW.client_ip, NEW.request_id)
        IS NOT DISTINCT FROM
        (OLD.id, OLD.at, OLD.actor, OLD.email, OLD.groups, OLD.role, OLD.auth_mode, OLD.action,
         OLD.connection_id, OLD.resource_id, OLD.subscription, OLD.previous_state,
         OLD.requested_state, OLD.description, OLD.client_ip, OLD.request_id)
))
EXECUTE FUNCTION linkcenter_refuse('the audit trail is append-only: only an open intent can be completed, once, and its intent cannot change');
