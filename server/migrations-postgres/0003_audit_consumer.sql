-- PostgreSQL's dialect of ../migrations/0003_audit_consumer.sql: the intent's consumer,
-- final like the rest of the intent.

ALTER TABLE audit ADD COLUMN consumer TEXT;

CREATE TRIGGER audit_consumer_is_final
BEFORE UPDATE OF consumer ON audit
FOR EACH ROW
WHEN (NEW.consumer IS DISTINCT FROM OLD.consumer)
EXECUTE FUNCTION linkcenter_refuse('the audit trail is append-only: an intent''s consumer cannot change');
