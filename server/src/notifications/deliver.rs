//! Delivering notices: each target has its own queue and worker, so a target that keeps failing
//! never slows the others or the sync; a notice is sent to a target once (its key remembered,
//! the oldest keys forgotten past `REMEMBERED`); a failed post (a 5xx, 408, 429, or no answer)
//! is tried again with exponential backoff until the give-up bound, a 4xx other than those is
//! given up at once; every delivery is in the log (`deliveries`, newest first): sent, retrying
//! or given up, with the last status. A webhook's body is signed with its secret; the secret is
//! never logged.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

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
    path: String,
    targets: Vec<(Target, mpsc::Sender<Notice>)>,
    sent: Mutex<Remembered>,
    log: Arc<Mutex<VecDeque<Delivery>>>,
    /// Deliveries that changed since start (what tests wait on).
    changed: Arc<watch::Sender<u64>>,
    totals: Arc<Totals>,
}

/// Deliveries sent and given up since start, for `/metrics`.
#[derive(Default)]
struct Totals {
    sent: AtomicU64,
    given_up: AtomicU64,
}

#[derive(Default)]
struct Remembered {
    keys: HashSet<(usize, String)>,
    order: VecDeque<(usize, String)>,
}

impl Remembered {
    /// Whether `(target, key)` is new (and remembers it).
    fn first(&mut self, target: usize, key: &str) -> bool {
        let entry = (target, key.to_owned());
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
        let log = Arc::new(Mutex::new(VecDeque::new()));
        let changed = Arc::new(watch::Sender::new(0));
        let totals = Arc::new(Totals::default());
        let http = reqwest::Client::builder()
            .timeout(POST_TIMEOUT)
            .build()
            .unwrap_or_default();
        let targets = set
            .targets
            .iter()
            .map(|target| {
                let (sender, receiver) = mpsc::channel(QUEUE);
                let worker = Worker {
                    target: target.clone(),
                    http: http.clone(),
                    log: log.clone(),
                    changed: changed.clone(),
                    totals: totals.clone(),
                    give_up_after,
                };
                tokio::spawn(worker.run(receiver));
                (target.clone(), sender)
            })
            .collect();
        Arc::new(Self {
            path: set.path.clone(),
            targets,
            sent: Mutex::new(Remembered::default()),
            log,
            changed,
            totals,
        })
    }

    /// Deliveries sent and given up since start.
    pub fn totals(&self) -> (u64, u64) {
        (
            self.totals.sent.load(Ordering::Relaxed),
            self.totals.given_up.load(Ordering::Relaxed),
        )
    }

    /// Queues `notice` for every target that wants it and has not had it.
    pub fn notify(&self, notice: &Notice) {
        for (index, (target, queue)) in self.targets.iter().enumerate() {
            if !target.events.contains(&notice.event)
                || !target.when.matches(&notice.subscription, &notice.service)
            {
                continue;
            }
            let first = self
                .sent
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .first(index, &notice.key);
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
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The targets, in the file's order.
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().map(|(target, _)| target)
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
        assert!(remembered.first(0, "pending:a"));
        assert!(!remembered.first(0, "pending:a"));
        assert!(remembered.first(1, "pending:a"), "another target");
        for n in 0..REMEMBERED {
            remembered.first(2, &n.to_string());
        }
        assert!(remembered.first(0, "pending:a"), "forgotten past the bound");
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
