-- PostgreSQL's dialect of ../migrations/0005_changes.sql: the change feed, append-only but for
-- retention pruning (older than `history_cutoff`) and one attribution to the Activity Log's
-- caller; and what the last recorded sync saw (`known_*`), ids unique whatever their case.

CREATE TABLE changes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seen_at        TEXT NOT NULL,
    seen_after     TEXT,
    kind           TEXT NOT NULL CHECK (kind IN (
        'connectionAppeared', 'stateChanged', 'descriptionChanged', 'connectionGone',
        'serviceAppeared', 'serviceRecreated', 'serviceGone', 'frontendLost',
        'subscriptionUnreadable', 'subscriptionReadable')),
    subscription   TEXT NOT NULL,
    service_id     TEXT,
    connection_id  TEXT,
    from_value     TEXT,
    to_value       TEXT,
    detail         TEXT NOT NULL,
    actor          TEXT,
    audit_id       BIGINT REFERENCES audit (id),
    operation      TEXT,
    correlation_id TEXT
);

CREATE INDEX changes_seen ON changes (seen_at);
CREATE INDEX changes_service_seen ON changes (lower(service_id), seen_at);
CREATE INDEX changes_connection_seen ON changes (lower(connection_id), seen_at);
CREATE INDEX changes_unattributed ON changes (seen_at) WHERE actor IS NULL;

CREATE TRIGGER changes_attributed_once
BEFORE UPDATE ON changes
FOR EACH ROW
WHEN (NOT (
    OLD.actor IS NULL AND OLD.audit_id IS NULL AND OLD.operation IS NULL
    AND OLD.correlation_id IS NULL AND NEW.actor IS NOT NULL
    AND (NEW.id, NEW.seen_at, NEW.seen_after, NEW.kind, NEW.subscription, NEW.service_id,
         NEW.connection_id, NEW.from_value, NEW.to_value, NEW.detail, NEW.audit_id)
        IS NOT DISTINCT FROM
        (OLD.id, OLD.seen_at, OLD.seen_after, OLD.kind, OLD.subscription, OLD.service_id,
         OLD.connection_id, OLD.from_value, OLD.to_value, OLD.detail, OLD.audit_id)
))
EXECUTE FUNCTION linkcenter_refuse('the change feed is append-only: a change can only be attributed once');

-- One row: rows seen before this time may be pruned (none before the first pruning).
CREATE TABLE history_cutoff (
    "only" INTEGER PRIMARY KEY CHECK ("only" = 1),
    cutoff TEXT NOT NULL
);

-- Deletes only what is older than the cutoff (a trigger's WHEN cannot hold a subquery).
CREATE FUNCTION linkcenter_only_pruned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.seen_at >= COALESCE((SELECT cutoff FROM history_cutoff WHERE "only" = 1), '') THEN
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER changes_only_pruned
BEFORE DELETE ON changes
FOR EACH ROW EXECUTE FUNCTION linkcenter_only_pruned('the change feed is append-only: only changes older than the retention can be deleted');

CREATE TRIGGER changes_no_truncate
BEFORE TRUNCATE ON changes
FOR EACH STATEMENT EXECUTE FUNCTION linkcenter_refuse('the change feed is append-only: only changes older than the retention can be deleted');

CREATE TABLE known_services (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    alias          TEXT,
    frontend       TEXT,
    frontend_found BIGINT NOT NULL
);
CREATE UNIQUE INDEX known_services_id ON known_services (lower(id));

CREATE TABLE known_connections (
    id          TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL,
    state       TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE UNIQUE INDEX known_connections_id ON known_connections (lower(id));

CREATE TABLE known_subscriptions (
    id       TEXT PRIMARY KEY,
    readable BIGINT NOT NULL
);
CREATE UNIQUE INDEX known_subscriptions_id ON known_subscriptions (lower(id));

CREATE TABLE known_sync (
    "only"  INTEGER PRIMARY KEY CHECK ("only" = 1),
    seen_at TEXT NOT NULL
);
