//! API tokens in the store: made with the secret's SHA-256 only, looked up by it on every
//! request (so a revocation by `linkcenter token revoke`, another process on the same file,
//! counts at once), their last use written at most once a minute, revoked but never deleted.

use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use time::OffsetDateTime;

use super::{Store, StoreError, timestamp};
use crate::auth::{Role, TokenGrant, TokenScope};

/// A token about to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// Its name, unique among the tokens not revoked.
    pub name: String,
    /// The secret's SHA-256 (hex).
    pub secret_sha256: String,
    /// Its role.
    pub role: Role,
    /// Where it may see and act.
    pub scope: TokenScope,
    /// When it was made.
    pub created_at: OffsetDateTime,
    /// Who made it.
    pub created_by: String,
    /// When it stops working; `None`: never.
    pub expires_at: Option<OffsetDateTime>,
}

/// A stored token as listed (never its secret, which is not kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// What the identity layer checks.
    pub grant: TokenGrant,
    /// When it was made.
    pub created_at: OffsetDateTime,
    /// Who made it.
    pub created_by: String,
}

/// A `SELECT` of every column but the secret's hash, then `$tail`.
macro_rules! select {
    ($tail:literal) => {
        concat!(
            "SELECT id, name, role, subscriptions, created_at, created_by, expires_at, ",
            "last_used_at, revoked_at FROM api_tokens ",
            $tail
        )
    };
}

impl Store {
    /// Stores a new token; refused when a token not revoked has the same name (any case).
    #[tracing::instrument(level = "debug", skip_all, fields(token = %token.name))]
    pub async fn create_token(&self, token: &NewToken) -> Result<TokenRecord, StoreError> {
        self.writable()?;
        let expires = token.expires_at.map(timestamp::to_text).transpose()?;
        let inserted = sqlx::query(
            "INSERT INTO api_tokens (name, secret_sha256, role, subscriptions, created_at, \
             created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&token.name)
        .bind(&token.secret_sha256)
        .bind(token.role.as_str())
        .bind(token.scope.to_stored())
        .bind(timestamp::to_text(token.created_at)?)
        .bind(&token.created_by)
        .bind(expires)
        .execute(&self.pool)
        .await;
        let id = match inserted {
            Ok(done) => done.last_insert_rowid(),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(StoreError::TokenNameTaken(token.name.clone()));
            }
            Err(e) => return Err(e.into()),
        };
        Ok(TokenRecord {
            grant: TokenGrant {
                id,
                name: token.name.clone(),
                role: token.role,
                scope: token.scope.clone(),
                expires_at: token.expires_at,
                revoked_at: None,
                last_used_at: None,
            },
            created_at: token.created_at,
            created_by: token.created_by.clone(),
        })
    }

    /// Every token, the newest first, revoked ones included.
    pub async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        sqlx::query(select!("ORDER BY id DESC"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(record)
            .collect()
    }

    /// The token whose secret has this SHA-256, if any.
    pub async fn token_by_secret(
        &self,
        secret_sha256: &str,
    ) -> Result<Option<TokenRecord>, StoreError> {
        sqlx::query(select!("WHERE secret_sha256 = ?"))
            .bind(secret_sha256)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(record)
            .transpose()
    }

    /// Revokes the token named `name` (any case) that is not revoked yet; `false` when there is
    /// none.
    pub async fn revoke_token(&self, name: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
        self.writable()?;
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = ? WHERE name = ? COLLATE NOCASE AND revoked_at IS NULL",
        )
        .bind(timestamp::to_text(at)?)
        .bind(name)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records that token `id` was used at `at`.
    pub async fn token_used(&self, id: i64, at: OffsetDateTime) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
            .bind(timestamp::to_text(at)?)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn record(row: &SqliteRow) -> Result<TokenRecord, StoreError> {
    let name: String = row.try_get("name")?;
    let corrupt = |message: String| StoreError::CorruptToken {
        name: name.clone(),
        message,
    };
    let time = |column: &str| -> Result<Option<OffsetDateTime>, StoreError> {
        row.try_get::<Option<String>, _>(column)?
            .map(|text| timestamp::from_text(&text).map_err(corrupt))
            .transpose()
    };
    let role = match row.try_get::<String, _>("role")?.as_str() {
        "viewer" => Role::Viewer,
        "approver" => Role::Approver,
        other => return Err(corrupt(format!("unknown role {other:?}"))),
    };
    let created_at: String = row.try_get("created_at")?;
    Ok(TokenRecord {
        grant: TokenGrant {
            id: row.try_get("id")?,
            name: name.clone(),
            role,
            scope: TokenScope::from_stored(&row.try_get::<String, _>("subscriptions")?),
            expires_at: time("expires_at")?,
            revoked_at: time("revoked_at")?,
            last_used_at: time("last_used_at")?,
        },
        created_at: timestamp::from_text(&created_at).map_err(corrupt)?,
        created_by: row.try_get("created_by")?,
    })
}
