//! The audit store: an append-only SQLite trail of approve/reject/remove actions on private
//! endpoint connections. An intent is recorded before the Azure call and completed once with its
//! outcome after it; SQLite triggers refuse any other change and every delete. Bulk jobs and
//! their items live beside it (`jobs`), and so does the change feed with what the last sync saw
//! (`changes`); the file is checked to be the one opened before each
//! write (`file`). Uses sqlx only.

mod audit;
mod changes;
mod counts;
mod error;
mod file;
mod filter;
mod jobs;
mod record;
mod row;
mod timestamp;
mod tokens;

use std::path::Path;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use app::model::{AuditAction, AuditResult, UnknownWord};
pub use changes::{
    Attribution, ChangeFilter, ChangePage, KnownConnection, KnownDelta, KnownService, KnownState,
    NewChange, Unattributed,
};
pub use counts::{CountOf, CountRow};
pub use error::StoreError;
pub use file::marker_path;
pub use filter::{AuditFilter, AuditPage, DEFAULT_LIMIT, MAX_LIMIT};
pub use jobs::{JobItem, JobRecord, NewJob};
pub use record::{AuditId, AuditIntent, AuditOutcome, AuditRecord};
pub use tokens::{NewToken, TokenRecord};

/// How long a statement waits for another connection's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections to a database file: WAL lets readers run beside the one writer.
const MAX_CONNECTIONS: u32 = 4;

/// The audit database; cheap to clone (a shared connection pool).
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    /// The file it lives in (`None` in memory).
    file: Option<file::DatabaseFile>,
}

impl Store {
    /// Opens (creating the file and its parent directories on first start) the database at
    /// `path`, WAL journal, foreign keys on, busy timeout 5 s, runs the migrations. When the
    /// file is new but its marker shows an audit was kept here, the store opens but refuses
    /// intents (see `store::file`).
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_with(path, false).await
    }

    /// Like `open`; `accept_new_audit` lets a new audit start where one was lost.
    #[tracing::instrument(level = "debug")]
    pub async fn open_with(path: &Path, accept_new_audit: bool) -> Result<Store, StoreError> {
        let before = file::Before::look(path);
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|source| StoreError::CreateDir {
                    path: dir.to_path_buf(),
                    source,
                })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(false)
            .journal_mode(SqliteJournalMode::Wal)
            // An intent must be on disk before Azure is called, power loss or not.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        // The file is made here and only here: a connection the pool opens later (a read after
        // a sync) must not make a new, empty database where the one opened was deleted.
        let opened = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let first = sqlx::ConnectOptions::connect(&options.clone().create_if_missing(true))
            .await
            .map_err(opened)?;
        sqlx::Connection::close(first).await.map_err(opened)?;
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        let mut store = Self::migrated(pool).await?;
        store.file = Some(file::DatabaseFile::opened(path, &before, accept_new_audit)?);
        Ok(store)
    }

    /// Whether an intent can be recorded now (`/readyz` asks too): the file is still the one
    /// opened, and the audit was not lost.
    pub fn writable(&self) -> Result<(), StoreError> {
        self.file.as_ref().map_or(Ok(()), file::DatabaseFile::check)
    }

    /// A private in-memory database (tests): one connection, migrations run.
    pub async fn in_memory() -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::new()
            .in_memory(true)
            .foreign_keys(true);
        // The database lives as long as its one connection: never let the pool close it.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: ":memory:".into(),
                source,
            })?;
        Self::migrated(pool).await
    }

    /// Closes the database, waiting for statements in flight (graceful shutdown); SQLite folds
    /// the WAL back into the file as the last connection closes.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn migrated(pool: SqlitePool) -> Result<Store, StoreError> {
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(StoreError::Migrate)?;
        Ok(Store { pool, file: None })
    }
}

#[cfg(test)]
mod tests;
