-- PostgreSQL's dialect of ../migrations/0007_tokens.sql: API tokens, only their SHA-256 kept; a
-- name unique (whatever its case) among the tokens not revoked; a revoked token stays revoked.

CREATE TABLE api_tokens (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'approver')),
    subscriptions TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    expires_at    TEXT,
    last_used_at  TEXT,
    revoked_at    TEXT
);

CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (lower(name)) WHERE revoked_at IS NULL;

CREATE TRIGGER api_tokens_secret_fixed
BEFORE UPDATE OF secret_sha256, name, role, subscriptions, created_at, created_by ON api_tokens
FOR EACH ROW
WHEN ((NEW.secret_sha256, NEW.name, NEW.role, NEW.subscriptions, NEW.created_at, NEW.created_by)
      IS DISTINCT FROM
      (OLD.secret_sha256, OLD.name, OLD.role, OLD.subscriptions, OLD.created_at, OLD.created_by))
EXECUTE FUNCTION linkcenter_refuse('an API token cannot be altered: revoke it and create another');

CREATE TRIGGER api_tokens_no_unrevoke
BEFORE UPDATE OF revoked_at ON api_tokens
FOR EACH ROW
WHEN (OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at)
EXECUTE FUNCTION linkcenter_refuse('a revoked API token stays revoked');
