//! The policies file as the server keeps it in force: read at start, read again when the file
//! changes (a watch on its directory, which also sees a Kubernetes ConfigMap's symlink swap)
//! or on SIGHUP. A reload that fails — the file gone, unreadable, or refused with
//! `FILE:LINE:COL` — keeps the previous policies in force and is shown with its error until a
//! later reload succeeds. Every finished reload attempt is counted (`attempts`), which is what
//! tests wait on.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use arc_swap::ArcSwap;
use time::OffsetDateTime;
use tokio::sync::{mpsc, watch};

use super::PolicySet;
use super::conditions::Mode;

/// How long the watch lets a burst of file events settle before reading the file once.
const SETTLE: Duration = Duration::from_millis(150);

/// The policies as the server runs them: the file read at start, and whether they only show
/// their verdicts (the file's `dry-run`, or `--policies-enforce false`).
#[derive(Clone, Debug, PartialEq)]
pub struct PoliciesInForce {
    /// The file's policies.
    pub set: PolicySet,
    /// Whether verdicts are only shown.
    pub dry_run: bool,
}

impl PoliciesInForce {
    /// `set` as run with `--policies-enforce enforce`.
    pub fn new(set: PolicySet, enforce: bool) -> Self {
        let dry_run = !enforce || set.mode == Mode::DryRun;
        Self { set, dry_run }
    }
}

/// The policies in force and how the last reload went.
pub struct PolicyFile {
    path: PathBuf,
    enforce: bool,
    current: ArcSwap<PoliciesInForce>,
    status: Mutex<ReloadStatus>,
    attempts: watch::Sender<u64>,
}

/// How the policies in force came to be, for the Policies page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReloadStatus {
    /// When the policies in force were read.
    pub loaded_at: OffsetDateTime,
    /// When the file was last read (successfully or not).
    pub checked_at: OffsetDateTime,
    /// Why the last reload was refused; none when it succeeded (or none was tried).
    pub error: Option<String>,
    /// Reloads that changed the policies in force.
    pub reloads: u64,
}

/// What one reload did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reloaded {
    /// The file holds what is in force.
    Unchanged,
    /// New policies are in force.
    Changed,
    /// The file was refused; the previous policies stay.
    Refused(String),
}

impl PolicyFile {
    /// The policies `set` (read from `path` at start), run with `--policies-enforce enforce`.
    pub fn new(path: PathBuf, set: PolicySet, enforce: bool) -> Arc<Self> {
        let now = OffsetDateTime::now_utc();
        Arc::new(Self {
            path,
            enforce,
            current: ArcSwap::from_pointee(PoliciesInForce::new(set, enforce)),
            status: Mutex::new(ReloadStatus {
                loaded_at: now,
                checked_at: now,
                error: None,
                reloads: 0,
            }),
            attempts: watch::Sender::new(0),
        })
    }

    /// The policies in force.
    pub fn current(&self) -> Arc<PoliciesInForce> {
        self.current.load_full()
    }

    /// How the last reload went.
    pub fn status(&self) -> ReloadStatus {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The number of finished reload attempts, to wait on.
    pub fn attempts(&self) -> watch::Receiver<u64> {
        self.attempts.subscribe()
    }

    /// Reads the file again; new policies go into force only when it is accepted.
    pub fn reload(&self) -> Reloaded {
        let read = PolicySet::read(&self.path);
        let now = OffsetDateTime::now_utc();
        let outcome = {
            let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
            status.checked_at = now;
            match read {
                Err(error) => {
                    let error = error.to_string();
                    status.error = Some(error.clone());
                    Reloaded::Refused(error)
                }
                Ok(set) if set == self.current.load().set => {
                    status.error = None;
                    Reloaded::Unchanged
                }
                Ok(set) => {
                    status.error = None;
                    status.loaded_at = now;
                    status.reloads += 1;
                    self.current
                        .store(Arc::new(PoliciesInForce::new(set, self.enforce)));
                    Reloaded::Changed
                }
            }
        };
        match &outcome {
            Reloaded::Unchanged => {}
            Reloaded::Changed => {
                let policies = self.current();
                tracing::info!(
                    path = %policies.set.path, hash = %policies.set.hash,
                    policies = policies.set.policies.len(), dry_run = policies.dry_run,
                    "approval policies reloaded"
                );
            }
            Reloaded::Refused(error) => tracing::warn!(
                error = %error, "the policies file was refused; the previous policies stay in force"
            ),
        }
        self.attempts.send_modify(|n| *n += 1);
        outcome
    }

    /// Reloads whenever the file changes or the process gets SIGHUP, for as long as the
    /// server runs (the task answered). The watch is in place when this returns. Without a
    /// working file watch (say, inotify's limits reached), SIGHUP still works, and the log says
    /// so.
    pub fn watch(self: Arc<Self>) -> tokio::task::JoinHandle<()> {
        let (tx, mut rx) = mpsc::channel::<()>(1);
        let watcher = match watch_directory(&self.path, tx.clone()) {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                tracing::warn!(
                    path = %self.path.display(), error = %error,
                    "cannot watch the policies file; reload it with SIGHUP"
                );
                None
            }
        };
        listen_for_hangup(tx);
        tokio::spawn(async move {
            let _watcher = watcher;
            while rx.recv().await.is_some() {
                // A save is often several events (truncate, write, rename): read once they
                // settle.
                tokio::time::sleep(SETTLE).await;
                while rx.try_recv().is_ok() {}
                let file = self.clone();
                if tokio::task::spawn_blocking(move || file.reload())
                    .await
                    .is_err()
                {
                    tracing::warn!("a reload of the policies file did not finish");
                }
            }
        })
    }
}

/// Watches the directory holding `path` (an editor's save and a ConfigMap update both replace
/// the file rather than write into it) and sends on `tx` for every event naming the file or
/// the ConfigMap's `..data` link.
pub(crate) fn watch_directory(
    path: &Path,
    tx: mpsc::Sender<()>,
) -> notify::Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(ToOwned::to_owned);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let ours = event.paths.iter().any(|changed| {
            let changed = changed.file_name();
            changed == name.as_deref() || changed == Some(std::ffi::OsStr::new("..data"))
        });
        if ours && !event.kind.is_access() {
            // Full means a reload is already due.
            let _ = tx.try_send(());
        }
    })?;
    watcher.watch(&directory, notify::RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Sends on `tx` at every SIGHUP.
pub(crate) fn listen_for_hangup(tx: mpsc::Sender<()>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            tracing::warn!("cannot listen for SIGHUP; the policies file reloads on change only");
            return;
        };
        while hangups.recv().await.is_some() {
            tracing::info!(
                signal = "SIGHUP",
                "reloading the policies and notifications files"
            );
            if tx.send(()).await.is_err() {
                return;
            }
        }
    });
    #[cfg(not(unix))]
    drop(tx);
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "policies:\n  - name: a\n    action: hold\n    when:\n      service: { name: myPLS }\n";

    fn file(text: &str) -> (tempdir::Dir, PathBuf) {
        let dir = tempdir::Dir::new();
        let path = dir.0.join("policies.yaml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                let path = std::env::temp_dir()
                    .join(format!("linkcenter-policy-file-{}", uuid::Uuid::new_v4()));
                std::fs::create_dir_all(&path).unwrap();
                Self(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    fn loaded(path: &Path) -> Arc<PolicyFile> {
        PolicyFile::new(path.to_owned(), PolicySet::read(path).unwrap(), true)
    }

    #[test]
    fn a_broken_file_keeps_the_policies_in_force_and_says_why() {
        let (_dir, path) = file(GOOD);
        let policies = loaded(&path);
        std::fs::write(&path, format!("{GOOD}    colour: red\n")).unwrap();

        let Reloaded::Refused(error) = policies.reload() else {
            panic!("the unknown field is refused")
        };
        assert!(
            error.contains("policies.yaml:6:5: policies[0]: unknown field `colour`"),
            "{error}"
        );
        assert_eq!(policies.current().set.policies[0].name, "a");
        assert_eq!(policies.status().error.as_deref(), Some(error.as_str()));
        assert_eq!(policies.status().reloads, 0);

        std::fs::write(&path, GOOD.replace("name: a", "name: b")).unwrap();
        assert_eq!(policies.reload(), Reloaded::Changed);
        assert_eq!(policies.current().set.policies[0].name, "b");
        assert_eq!(
            policies.status().error,
            None,
            "a good reload clears the error"
        );
        assert_eq!(policies.status().reloads, 1);
    }

    #[test]
    fn a_vanished_file_is_refused_and_an_unchanged_one_changes_nothing() {
        let (_dir, path) = file(GOOD);
        let policies = loaded(&path);
        let before = policies.current();
        assert_eq!(policies.reload(), Reloaded::Unchanged);
        assert!(Arc::ptr_eq(&before, &policies.current()));

        std::fs::remove_file(&path).unwrap();
        assert!(matches!(policies.reload(), Reloaded::Refused(e) if e.contains("cannot be read")));
        assert_eq!(policies.current().set.policies.len(), 1);
    }

    #[tokio::test]
    async fn saving_the_file_reloads_it() {
        let (_dir, path) = file(GOOD);
        let policies = loaded(&path);
        let mut attempts = policies.attempts();
        let watching = policies.clone().watch();
        // Replaced, as editors and ConfigMaps do: written beside, then renamed over.
        let beside = path.with_extension("tmp");
        std::fs::write(&beside, GOOD.replace("name: a", "name: saved")).unwrap();
        std::fs::rename(&beside, &path).unwrap();
        let changed = attempts.wait_for(|_| policies.current().set.policies[0].name == "saved");
        tokio::time::timeout(Duration::from_secs(20), changed)
            .await
            .expect("the save was seen")
            .unwrap();
        watching.abort();
    }
}
