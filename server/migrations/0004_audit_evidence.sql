-- Why an approval policy acted: the policies file's path and SHA-256, and what matched what
-- ("Front Door profile afd-contoso asks through its origin super-api-weu"); NULL for people's
-- actions. Part of the intent: it never changes once written.

ALTER TABLE audit ADD COLUMN evidence TEXT;

CREATE TRIGGER audit_evidence_is_final
BEFORE UPDATE OF evidence ON audit
WHEN NEW.evidence IS NOT OLD.evidence
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: an intent''s evidence cannot change');
END;
