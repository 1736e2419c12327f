-- API tokens for automation (`linkcenter token create`): the store keeps only the SHA-256 of
-- each secret. A name is unique among the tokens not revoked; a revoked token stays listed
-- (who made it, when it was last used) and can never be used again.

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'approver')),
    -- Subscription GUIDs (lower case, comma-separated) the token is limited to; '' for all.
    subscriptions TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    expires_at    TEXT,
    last_used_at  TEXT,
    revoked_at    TEXT
);

CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name COLLATE NOCASE)
    WHERE revoked_at IS NULL;

CREATE TRIGGER api_tokens_secret_fixed
BEFORE UPDATE OF secret_sha256, name, role, subscriptions, created_at, created_by ON api_tokens
BEGIN
    SELECT RAISE(ABORT, 'an API token cannot be altered: revoke it and create another');
END;

CREATE TRIGGER api_tokens_no_unrevoke
BEFORE UPDATE OF revoked_at ON api_tokens
WHEN OLD.revoked_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a revoked API token stays revoked');
END;
