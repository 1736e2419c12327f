//! `DatabaseFile`: the audit database must stay the file it was opened as. SQLite keeps writing
//! into a file that was deleted (or replaced) while it is open, and all of that is lost at the
//! next restart, so before each intent the file at the path is checked to be the one opened
//! (device and inode). A marker beside the database says an audit was kept here: when the
//! database is new but the marker exists, the old audit was deleted or moved, and no action is
//! taken until the operator restores it or accepts a new audit (`--accept-new-audit`).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::StoreError;

/// The database file as opened, and whether actions may be recorded in it.
#[derive(Debug, Clone)]
pub struct DatabaseFile {
    path: PathBuf,
    identity: (u64, u64),
    /// Why no action may be recorded, if the audit was lost and a new one not accepted.
    refused: Option<String>,
}

/// The marker's path: `<database>.marker` beside it.
pub fn marker_path(database: &Path) -> PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_os_string();
    name.push(".marker");
    database.with_file_name(name)
}

/// Whether an audit existed at `database` before this start: it does, or its marker does.
pub struct Before {
    database: bool,
    marker: bool,
}

impl Before {
    /// Looks before the database is opened (opening creates it).
    pub fn look(database: &Path) -> Self {
        Self {
            database: database.exists(),
            marker: marker_path(database).exists(),
        }
    }

    /// The database is new but an audit was kept here before.
    pub fn lost(&self) -> bool {
        !self.database && self.marker
    }
}

impl DatabaseFile {
    /// The database just opened at `path`, having looked at `before`; writes the marker.
    pub fn opened(path: &Path, before: &Before, accept_new: bool) -> Result<Self, StoreError> {
        let identity = identity(path).map_err(|source| StoreError::File {
            path: path.to_path_buf(),
            source,
        })?;
        let marker = marker_path(path);
        let refused = match (before.lost(), accept_new) {
            (false, _) => None,
            (true, true) => {
                tracing::error!(database = %path.display(), marker = %marker.display(), "the audit database was missing although an audit was kept here: a new, empty audit starts (--accept-new-audit); the old records are not in it");
                None
            }
            (true, false) => {
                let why = format!(
                    "the audit database {} is new, but {} shows an audit was kept here before: it was deleted or moved. Restore it, or start with --accept-new-audit to begin a new audit",
                    path.display(),
                    marker.display()
                );
                tracing::error!(database = %path.display(), marker = %marker.display(), "{why}; actions are refused until then");
                Some(why)
            }
        };
        if refused.is_none() || !marker.exists() {
            let text = format!(
                "An audit database of Link Center is kept beside this file ({}). If the database is missing, its records were lost: restore it, or start Link Center with --accept-new-audit to begin a new one.\n",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            std::fs::write(&marker, text).map_err(|source| StoreError::File {
                path: marker.clone(),
                source,
            })?;
        }
        Ok(Self {
            path: path.to_path_buf(),
            identity,
            refused,
        })
    }

    /// Whether an intent may be recorded now: the audit was not lost, and the file at the path
    /// is still the one opened.
    pub fn check(&self) -> Result<(), StoreError> {
        if let Some(why) = &self.refused {
            return Err(StoreError::NewAuditRefused(why.clone()));
        }
        match identity(&self.path) {
            Ok(now) if now == self.identity => Ok(()),
            Ok(_) => Err(StoreError::Replaced {
                path: self.path.clone(),
                what: "replaced by another file",
            }),
            Err(_) => Err(StoreError::Replaced {
                path: self.path.clone(),
                what: "deleted",
            }),
        }
    }
}

/// The file's device and inode.
fn identity(path: &Path) -> std::io::Result<(u64, u64)> {
    let meta = std::fs::metadata(path)?;
    Ok((meta.dev(), meta.ino()))
}
