-- PostgreSQL's dialect of ../migrations/0008_audit_subject.sql: the actor's stable id (the ID
-- token's `sub`, `token#ID`), final like the rest of the intent.

ALTER TABLE audit ADD COLUMN subject TEXT;

CREATE TRIGGER audit_subject_is_final
BEFORE UPDATE OF subject ON audit
FOR EACH ROW
WHEN (NEW.subject IS DISTINCT FROM OLD.subject)
EXECUTE FUNCTION linkcenter_refuse('the audit trail is append-only: an intent''s subject cannot change');
