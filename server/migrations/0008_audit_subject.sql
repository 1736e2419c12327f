-- The actor's stable identifier at the identity provider: the ID token's `sub` for an OIDC
-- sign-in, `token#ID` (the store's id, which a new token of the same name does not reuse) for an
-- API token; NULL for local and proxy sign-ins (the proxy sends no subject) and for records
-- written before this column.
-- Names and e-mails change; the subject does not, so it is what ties a record to a person.
-- Part of the intent: it never changes once written.

ALTER TABLE audit ADD COLUMN subject TEXT;

CREATE TRIGGER audit_subject_is_final
BEFORE UPDATE OF subject ON audit
WHEN NEW.subject IS NOT OLD.subject
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: an intent''s subject cannot change');
END;
