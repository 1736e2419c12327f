//! The store on a file: first start creates the directories, a restart keeps the records, and the
//! journal is a write-ahead log.

use std::path::PathBuf;

use super::*;

/// A directory under the system's temp dir that is removed when dropped, even by a panic.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let name = format!(
            "linkcenter-store-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4()
        );
        Self(std::env::temp_dir().join(name))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn open_creates_missing_directories_and_a_reopened_file_keeps_its_records() {
    let dir = TempDir::new();
    let path = dir.0.join("state").join("nested").join("audit.db");
    assert!(!dir.0.exists());

    let store = Store::open(&path).await.unwrap();
    let done = store.record_intent(&intent(0)).await.unwrap();
    store.complete(done, &succeeded(1)).await.unwrap();
    let open = store.record_intent(&intent(2)).await.unwrap();
    let before = store.history(&connection("pe-1")).await.unwrap();
    store.close().await;
    assert!(path.is_file());

    let reopened = Store::open(&path).await.unwrap();
    let after = reopened.history(&connection("pe-1")).await.unwrap();
    let next = reopened.record_intent(&intent(3)).await.unwrap();
    reopened.close().await;

    assert_eq!(ids(&before), vec![open, done]);
    assert_eq!(after, before);
    assert!(next > open);
}

#[tokio::test]
async fn the_journal_is_a_write_ahead_log() {
    let dir = TempDir::new();
    let store = Store::open(&dir.0.join("audit.db")).await.unwrap();

    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    store.close().await;

    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn a_directory_that_cannot_be_created_is_named_in_the_error() {
    let dir = TempDir::new();
    std::fs::create_dir_all(&dir.0).unwrap();
    let file = dir.0.join("not-a-directory");
    std::fs::write(&file, "").unwrap();

    let error = Store::open(&file.join("audit.db")).await.unwrap_err();

    assert!(
        matches!(&error, StoreError::CreateDir { path, .. } if *path == file),
        "{error}"
    );
    assert!(error.to_string().contains("not-a-directory"), "{error}");
}
