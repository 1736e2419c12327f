//! Delivering notices: each target has its own queue and worker, so a target that keeps failing
//! never slows the others or the sync; a notice is sent to a target once (its key remembered,
//! the oldest keys forgotten past `REMEMBERED`); a failed post (a 5xx, 408, 429, or no answer)
//! is tried again with exponential backoff until the give-up bound, a 4xx other than those is
//! given up at once; every delivery is in the log (`deliveries`, newest first): sent, retrying
//! or given up, with the last status. A webhook's body is signed with its secret; the secret is
//! never logged. The file is read again when it changes or on SIGHUP, as the policies file is:
//! a refused file keeps the targets in force and its error is shown until a reload succeeds;
//! an accepted one gets new workers, the old ones finishing what they hold.

use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use arc_swap::ArcSwap;
use time::OffsetDateTime;
use tokio::sync::{mpsc, watch};

use super::file::{NotificationSet, Target, TargetType};
use super::message::{Notice, body, signature};

/// Deliveries kept in the log.
const LOGGED: usize = 200;
/// Keys remembered per target to send each notice once.
const REMEMBERED: usize = 10_000;
/// Notices waiting per target; beyond, new ones are given up (logged).
const QUEUE: usize = 256;
/// The first retry's delay; each next one doubles, up to `MAX_DELAY`.
const FIRST_DELAY: Duration = Duration::from_millis(500);
const MAX_DELAY: Duration = Duration::from_secs(60);
/// One post's bound.
const POST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the watch lets a burst of file events settle before reading the file once.
const SETTLE: Duration = Duration::from_millis(150);

/// How a delivery stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Posted; the target answered this 2xx.
    Sent {
        /// The answer's status.
        status: u16,
    },
    /// Failed so far; tried again.
    Retrying {
        /// The last failure: a status or why there was none.
        last: String,
    },
    /// Given up.
    GaveUp {
        /// The last failure.
        last: String,
    },
}

/// One notice to one target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// The target's name.
    pub target: String,
    /// The notice's event and key.
    pub event: &'static str,
    /// The notice's key.
    pub key: String,
    /// Posts made.
    pub attempts: u32,
    /// How it stands.
    pub outcome: Outcome,
    /// When it last changed.
    pub at: OffsetDateTime,
}

/// The targets' queues and the delivery log.
pub struct Notifier {
    path: PathBuf,
    give_up_after: Duration,
    http: reqwest::Client,
    targets: ArcSwap<Vec<(Target, mpsc::Sender<Notice>)>>,
    sent: Mutex<Remembered>,
    log: Arc<Mutex<VecDeque<Delivery>>>,
    /// Deliveries that changed since start (what tests wait on).
    changed: Arc<watch::Sender<u64>>,
    totals: Arc<Totals>,
    status: Mutex<ReloadState>,
    /// Finished reload attempts (what tests wait on).
    attempts: watch::Sender<u64>,
}

/// How the targets in force came to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReloadState {
    /// When the targets in force were read.
    pub loaded_at: OffsetDateTime,
    /// Why the last reload was refused; none when it succeeded (or none was tried).
    pub error: Option<String>,
    /// Reloads that changed the targets.
    pub reloads: u64,
}

/// Deliveries sent and given up since start, for `/metrics`.
#[derive(Default)]
struct Totals {
    sent: AtomicU64,
    given_up: AtomicU64,
}

#[derive(Default)]
struct Remembered {
    keys: HashSet<(String, String)>,
    order: VecDeque<(String, String)>,
}

impl Remembered {
    /// Whether `(target, key)` is new (and remembers it); targets by name, ignoring case.
    fn first(&mut self, target: &str, key: &str) -> bool {
        let entry = (target.to_ascii_lowercase(), key.to_owned());
        if !self.keys.insert(entry.clone()) {
            return false;
        }
        self.order.push_back(entry);
        if self.order.len() > REMEMBERED
            && let Some(old) = self.order.pop_front()
        {
            self.keys.remove(&old);
        }
        true
    }
}

impl Notifier {
    /// Starts a worker per target of `set`, giving up on a notice after `give_up_after`.
    pub fn start(set: &NotificationSet, give_up_after: Duration) -> Arc<Self> {
        let http = reqwest::Client::builder()
            .timeout(POST_TIMEOUT)
            .build()
            .unwrap_or_default();
        let notifier = Arc::new(Self {
            path: PathBuf::from(&set.path),
            give_up_after,
            http,
            targets: ArcSwap::from_pointee(Vec::new()),
            sent: Mutex::new(Remembered::default()),
            log: Arc::new(Mutex::new(VecDeque::new())),
            changed: Arc::new(watch::Sender::new(0)),
            totals: Arc::new(Totals::default()),
            status: Mutex::new(ReloadState {
                loaded_at: OffsetDateTime::now_utc(),
                error: None,
                reloads: 0,
            }),
            attempts: watch::Sender::new(0),
        });
        notifier.targets.store(Arc::new(notifier.workers(set)));
        notifier
    }

    /// A worker and its queue for each target of `set`.
    fn workers(&self, set: &NotificationSet) -> Vec<(Target, mpsc::Sender<Notice>)> {
        set.targets
            .iter()
            .map(|target| {
                let (sender, receiver) = mpsc::channel(QUEUE);
                let worker = Worker {
                    target: target.clone(),
                    http: self.http.clone(),
                    log: self.log.clone(),
                    changed: self.changed.clone(),
                    totals: self.totals.clone(),
                    give_up_after: self.give_up_after,
                };
                tokio::spawn(worker.run(receiver));
                (target.clone(), sender)
            })
            .collect()
    }

    /// Reads the file again: new targets go into force only when it is accepted.
    pub async fn reload(&self) {
        let path = self.path.clone();
        let read = tokio::task::spawn_blocking(move || NotificationSet::read(&path)).await;
        let now = OffsetDateTime::now_utc();
        match read {
            Ok(Ok(set)) => {
                let same = {
                    let current = self.targets.load();
                    current.iter().map(|(t, _)| t).eq(set.targets.iter())
                };
                let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
                status.error = None;
                if !same {
                    // The old workers end once their queues, whose senders go here, are done.
                    self.targets.store(Arc::new(self.workers(&set)));
                    status.loaded_at = now;
                    status.reloads += 1;
                    tracing::info!(path = %set.path, targets = set.targets.len(), "notifications reloaded");
                }
            }
            Ok(Err(error)) => {
                let error = error.to_string();
                tracing::warn!(%error, "the notifications file was refused; its previous targets stay");
                self.status
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .error = Some(error);
            }
            Err(_) => tracing::warn!("a reload of the notifications file did not finish"),
        }
        self.attempts.send_modify(|n| *n += 1);
    }

    /// Reloads whenever the file changes or the process gets SIGHUP, for as long as the
    /// server runs; the watch is in place when this returns.
    pub fn watch(self: Arc<Self>) -> tokio::task::JoinHandle<()> {
        let (tx, mut rx) = mpsc::channel::<()>(1);
        let watcher = match crate::policies::in_force::watch_directory(&self.path, tx.clone()) {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                tracing::warn!(path = %self.path.display(), %error, "cannot watch the notifications file; reload it with SIGHUP");
                None
            }
        };
        crate::policies::in_force::listen_for_hangup(tx);
        tokio::spawn(async move {
            let _watcher = watcher;
            while rx.recv().await.is_some() {
                tokio::time::sleep(SETTLE).await;
                while rx.try_recv().is_ok() {}
                self.reload().await;
            }
        })
    }

    /// How the targets in force came to be.
    pub fn reload_state(&self) -> ReloadState {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Counts finished reload attempts (to wait on).
    pub fn attempts(&self) -> watch::Receiver<u64> {
        self.attempts.subscribe()
    }

    /// Queues `notice` for every target that wants it and has not had it.
    pub fn notify(&self, notice: &Notice) {
        let targets = self.targets.load();
        for (target, queue) in targets.iter() {
            if !target.events.contains(&notice.event)
                || !target.when.matches(&notice.subscription, &notice.service)
            {
                continue;
            }
            let first = self
                .sent
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .first(&target.name, &notice.key);
            if !first {
                continue;
            }
            if queue.try_send(notice.clone()).is_err() {
                self.totals.given_up.fetch_add(1, Ordering::Relaxed);
                record(
                    &self.log,
                    &self.changed,
                    Delivery {
                        target: target.name.clone(),
                        event: notice.event.key(),
                        key: notice.key.clone(),
                        attempts: 0,
                        outcome: Outcome::GaveUp {
                            last: format!("more than {QUEUE} notices waiting for this target"),
                        },
                        at: OffsetDateTime::now_utc(),
                    },
                );
            }
        }
    }

    /// The delivery log, newest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    /// The file the targets were read from.
    pub fn path(&self) -> String {
        self.path.display().to_string()
    }

    /// Deliveries sent and given up since start.
    pub fn totals(&self) -> (u64, u64) {
        (
            self.totals.sent.load(Ordering::Relaxed),
            self.totals.given_up.load(Ordering::Relaxed),
        )
    }

    /// The targets in force, in the file's order.
    pub fn targets(&self) -> Vec<Target> {
        self.targets.load().iter().map(|(t, _)| t.clone()).collect()
    }

    /// Counts delivery changes (to wait on).
    pub fn changed(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }
}

/// Puts `delivery` first in the log, replacing the earlier entry of the same target and key.
fn record(log: &Mutex<VecDeque<Delivery>>, changed: &watch::Sender<u64>, delivery: Delivery) {
    {
        let mut log = log.lock().unwrap_or_else(PoisonError::into_inner);
        log.retain(|d| !(d.target == delivery.target && d.key == delivery.key));
        log.push_front(delivery);
        log.truncate(LOGGED);
    }
    changed.send_modify(|n| *n += 1);
}

struct Worker {
    target: Target,
    http: reqwest::Client,
    log: Arc<Mutex<VecDeque<Delivery>>>,
    changed: Arc<watch::Sender<u64>>,
    totals: Arc<Totals>,
    give_up_after: Duration,
}

/// Whether a failure is worth another try.
fn retryable(status: Option<u16>) -> bool {
    status.is_none_or(|s| s >= 500 || s == 408 || s == 429)
}

impl Worker {
    async fn run(self, mut queue: mpsc::Receiver<Notice>) {
        while let Some(notice) = queue.recv().await {
            self.deliver(&notice).await;
        }
    }

    async fn deliver(&self, notice: &Notice) {
        let body = serde_json::to_vec(&body(self.target.kind, notice)).unwrap_or_default();
        let started = tokio::time::Instant::now();
        let mut delay = FIRST_DELAY;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let (status, last) = self.post(notice, &body).await;
            let outcome = match status {
                Some(status) if (200..300).contains(&status) => Outcome::Sent { status },
                _ if retryable(status) && started.elapsed() + delay < self.give_up_after => {
                    Outcome::Retrying { last }
                }
                _ => Outcome::GaveUp { last },
            };
            let done = !matches!(outcome, Outcome::Retrying { .. });
            match outcome {
                Outcome::Sent { .. } => self.totals.sent.fetch_add(1, Ordering::Relaxed),
                Outcome::GaveUp { .. } => self.totals.given_up.fetch_add(1, Ordering::Relaxed),
                Outcome::Retrying { .. } => 0,
            };
            if let Outcome::GaveUp { last } = &outcome {
                tracing::warn!(target = %self.target.name, event = notice.event.key(), attempts, %last, "a notification was given up");
            }
            record(
                &self.log,
                &self.changed,
                Delivery {
                    target: self.target.name.clone(),
                    event: notice.event.key(),
                    key: notice.key.clone(),
                    attempts,
                    outcome,
                    at: OffsetDateTime::now_utc(),
                },
            );
            if done {
                return;
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(MAX_DELAY);
        }
    }

    /// One post: the status, and a description of the failure (the status, or why none).
    async fn post(&self, notice: &Notice, body: &[u8]) -> (Option<u16>, String) {
        let mut request = self
            .http
            .post(self.target.url.clone())
            .header("content-type", "application/json")
            .header("x-linkcenter-event", notice.event.key())
            .header("x-linkcenter-delivery", notice.key.as_str());
        if let (TargetType::Webhook, Some(secret)) = (self.target.kind, &self.target.secret) {
            request = request.header("x-linkcenter-signature", signature(secret.expose(), body));
        }
        match request.body(body.to_vec()).send().await {
            Ok(response) => {
                let status = response.status();
                (Some(status.as_u16()), format!("HTTP {status}"))
            }
            // Without its URL: a Teams or Slack URL is itself a credential.
            Err(error) => (None, format!("no answer: {}", error.without_url())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_new_once_per_target_and_old_keys_are_forgotten() {
        let mut remembered = Remembered::default();
        assert!(remembered.first("hook", "pending:a"));
        assert!(!remembered.first("Hook", "pending:a"), "names ignore case");
        assert!(remembered.first("chat", "pending:a"), "another target");
        for n in 0..REMEMBERED {
            remembered.first("other", &n.to_string());
        }
        assert!(
            remembered.first("hook", "pending:a"),
            "forgotten past the bound"
        );
        assert!(remembered.keys.len() <= REMEMBERED + 1);
    }

    #[test]
    fn server_faults_throttling_and_no_answer_are_retried_other_refusals_not() {
        for status in [None, Some(500), Some(503), Some(429), Some(408)] {
            assert!(retryable(status), "{status:?}");
        }
        for status in [Some(400), Some(401), Some(404)] {
            assert!(!retryable(status), "{status:?}");
        }
    }
}
