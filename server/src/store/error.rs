//! `StoreError`: what can go wrong with the audit database, worded for the operator who has to
//! fix it (which file, which record, what SQLite said).

use std::path::PathBuf;

use time::OffsetDateTime;

use super::AuditId;

/// A failed audit store operation.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The directory that should hold the database could not be created.
    #[error("cannot create the directory {} for the audit database: {source}", .path.display())]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The database file could not be opened or set up (permissions, a locked or foreign file).
    #[error("cannot open the audit database {}: {source}", .path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: sqlx::Error,
    },
    /// The schema could not be brought up to date (e.g. the file was written by a newer version).
    #[error("cannot migrate the audit database: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    /// A statement failed (disk full, database locked for longer than the busy timeout, a
    /// refused change to the append-only trail).
    #[error("the audit database failed: {0}")]
    Query(#[source] sqlx::Error),
    /// `complete` was given an id that does not exist or is already completed.
    #[error("audit record {0} is not an open intent: it does not exist or already has an outcome")]
    NotOpen(AuditId),
    /// A stored record cannot be read back (edited by hand or by a foreign tool).
    #[error("audit record {id} is unreadable: {message}")]
    Corrupt {
        /// The record.
        id: AuditId,
        /// What is wrong with it.
        message: String,
    },
    /// The database file or its marker could not be examined or written.
    #[error("cannot use {}: {source}", .path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The database file was deleted or replaced while open: records written now would be lost.
    #[error(
        "the audit database {} was {what} while Link Center ran, so nothing more can be recorded in it: restore the file or restart Link Center",
        .path.display()
    )]
    Replaced {
        /// The database file.
        path: PathBuf,
        /// `deleted` or `replaced by another file`.
        what: &'static str,
    },
    /// The database is new where an audit existed, and a new audit was not accepted.
    #[error("{0}")]
    NewAuditRefused(String),
    /// A stored job cannot be read back.
    #[error("job {id} is unreadable: {message}")]
    CorruptJob {
        /// The job.
        id: String,
        /// What is wrong with it.
        message: String,
    },
    /// A stored change, or what the last sync saw, cannot be read back.
    #[error("the change feed is unreadable: {0}")]
    CorruptChange(String),
    /// A token not revoked already has the name.
    #[error("an API token named '{0}' exists: revoke it first or choose another name")]
    TokenNameTaken(String),
    /// A stored API token cannot be read back.
    #[error("the API token '{name}' is unreadable: {message}")]
    CorruptToken {
        /// Its name.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// A time outside what RFC 3339 can write (years 0 to 9999).
    #[error("cannot store the time {0}: only years 0 to 9999 can be written as RFC 3339")]
    TimeOutOfRange(OffsetDateTime),
}

impl From<sqlx::Error> for StoreError {
    fn from(source: sqlx::Error) -> Self {
        Self::Query(source)
    }
}
