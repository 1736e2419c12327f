-- PostgreSQL's dialect of ../migrations/0006_counts.sql: connection counts over time,
-- append-only but for retention pruning, as the change feed.

CREATE TABLE counts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seen_at      TEXT NOT NULL,
    subscription TEXT NOT NULL,
    service_id   TEXT,
    pending      BIGINT NOT NULL,
    approved     BIGINT NOT NULL,
    rejected     BIGINT NOT NULL,
    disconnected BIGINT NOT NULL,
    other        BIGINT NOT NULL
);

CREATE INDEX counts_service_seen ON counts (lower(service_id), seen_at);
CREATE INDEX counts_subscription_seen ON counts (lower(subscription), seen_at)
    WHERE service_id IS NULL;

CREATE TRIGGER counts_no_update
BEFORE UPDATE ON counts
FOR EACH ROW EXECUTE FUNCTION linkcenter_refuse('connection counts are append-only: they cannot be altered');

CREATE TRIGGER counts_only_pruned
BEFORE DELETE ON counts
FOR EACH ROW EXECUTE FUNCTION linkcenter_only_pruned('connection counts are append-only: only counts older than the retention can be deleted');

CREATE TRIGGER counts_no_truncate
BEFORE TRUNCATE ON counts
FOR EACH STATEMENT EXECUTE FUNCTION linkcenter_refuse('connection counts are append-only: only counts older than the retention can be deleted');
