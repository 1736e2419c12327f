-- Who consumed the connection when the action was asked for, as the lists name it ("Front Door
-- afd-contoso, origin web", "pe-orders in Contoso Platform"); NULL for records written before
-- this column existed, or when the inventory did not know the connection. Part of the intent:
-- like its other columns, it never changes once written.

ALTER TABLE audit ADD COLUMN consumer TEXT;

CREATE TRIGGER audit_consumer_is_final
BEFORE UPDATE OF consumer ON audit
WHEN NEW.consumer IS NOT OLD.consumer
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: an intent''s consumer cannot change');
END;
