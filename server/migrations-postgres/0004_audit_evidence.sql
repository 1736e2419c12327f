-- PostgreSQL's dialect of ../migrations/0004_audit_evidence.sql: the intent's evidence,
-- final like the rest of the intent.

ALTER TABLE audit ADD COLUMN evidence TEXT;

CREATE TRIGGER audit_evidence_is_final
BEFORE UPDATE OF evidence ON audit
FOR EACH ROW
WHEN (NEW.evidence IS DISTINCT FROM OLD.evidence)
EXECUTE FUNCTION linkcenter_refuse('the audit trail is append-only: an intent''s evidence cannot change');
