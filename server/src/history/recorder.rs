//! `HistoryRecorder`: after every sync, the change feed's diff of the new snapshot against
//! what the last recorded sync saw, stored with the sync window and — when Link Center made a
//! change — the audit record and actor it came from. What the last sync saw is kept in the
//! store, so a restart diffs against it instead of reporting the whole estate as new; the very
//! first sync a database sees is the baseline and records no changes (but the first counts).
//! Connection counts by state are written per service and subscription when they moved. A store that fails
//! leaves the previous keys in place, so the next sync reports what this one could not. After
//! each sync, changes of the last hour that nobody is known to have made are looked up in the
//! Activity Log of their subscription (Azure may log a write minutes after it happened, so a
//! change is tried again at later syncs until it is attributed or an hour old). Each recorded
//! sync is counted (`recorded`), which is what tests wait on. Changes and counts older than the
//! retention are pruned after each sync (never the audit).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use app::model::ChangeKind;
use time::OffsetDateTime;
use tokio::sync::watch;

use super::counts::{CountKey, StateCounts, counts, moved, row};
use super::{Change, Keys, activity, diff};
use crate::arm::ArmClient;
use crate::inventory::{InventoryService, Snapshot};
use crate::store::{
    Attribution, AuditFilter, AuditRecord, AuditResult, CountRow, MAX_LIMIT, NewChange, Store,
    StoreError, Unattributed,
};

/// How long before the previous sync's end an action that changed the state may have begun
/// (an action running during that sync may have finished after it read the connection).
const ACTION_MARGIN: time::Duration = time::Duration::minutes(10);

/// How long a change nobody is known to have made is looked up in the Activity Log.
const ATTRIBUTION_WINDOW: time::Duration = time::Duration::hours(1);
/// The most changes looked up after one sync.
const ATTRIBUTED_AT_ONCE: u32 = 5_000;

/// Records the change feed after each sync.
pub struct HistoryRecorder {
    store: Store,
    client: ArmClient,
    /// How long changes and counts are kept (`--history-retention`).
    retention: time::Duration,
    recorded: watch::Sender<u64>,
}

/// The last recorded sync: its keys, its counts, and when it finished.
struct Last {
    keys: Keys,
    counts: BTreeMap<CountKey, StateCounts>,
    seen_at: Option<OffsetDateTime>,
    baseline: bool,
}

impl HistoryRecorder {
    /// A recorder writing into `store`, reading the Activity Log through `client`, keeping
    /// changes and counts for `retention`.
    pub fn new(store: Store, client: ArmClient, retention: std::time::Duration) -> Arc<Self> {
        Arc::new(Self {
            store,
            client,
            retention: time::Duration::try_from(retention).unwrap_or(time::Duration::MAX),
            recorded: watch::Sender::new(0),
        })
    }

    /// The number of syncs recorded, to wait on.
    pub fn recorded(&self) -> watch::Receiver<u64> {
        self.recorded.subscribe()
    }

    /// Records every sync of `inventory`, for as long as the server runs.
    pub async fn run(self: Arc<Self>, inventory: Arc<InventoryService>) {
        let known = match self.store.known().await {
            Ok(known) => self
                .store
                .latest_counts()
                .await
                .map(|counts| (known, counts)),
            Err(error) => Err(error),
        };
        let mut last = match known {
            Ok((known, counts)) => Last {
                baseline: known.seen_at.is_none(),
                keys: Keys::from_known(&known),
                counts: counts.iter().map(from_row).collect(),
                seen_at: known.seen_at,
            },
            Err(error) => {
                tracing::error!(%error, "cannot read what the last sync saw: the change feed is off");
                return;
            }
        };
        inventory.first_sync().await;
        loop {
            // Taken before recording: a sync finishing meanwhile is not missed.
            let next = inventory.next_snapshot();
            let snapshot = inventory.snapshot();
            match self.record(&last, &snapshot).await {
                Ok(now) => last = now,
                Err(error) => tracing::warn!(
                    %error, "the change feed could not record this sync; the next one will"
                ),
            }
            let now = OffsetDateTime::now_utc();
            if let Err(error) = self.attribute(now).await {
                tracing::warn!(%error, "cannot read the changes to attribute");
            }
            match self.store.prune_history(now - self.retention).await {
                Ok((0, 0)) => {}
                Ok((changes, counts)) => {
                    tracing::info!(changes, counts, "history older than the retention pruned");
                }
                Err(error) => tracing::warn!(%error, "cannot prune the history"),
            }
            self.recorded.send_modify(|n| *n += 1);
            next.await;
        }
    }

    /// Records `snapshot`'s changes since `last`; answers the new last.
    async fn record(&self, last: &Last, snapshot: &Snapshot) -> Result<Last, StoreError> {
        let seen_at = snapshot.taken_at.unwrap_or_else(OffsetDateTime::now_utc);
        let keys = Keys::of(snapshot, &last.keys);
        let changes = if last.baseline {
            Vec::new()
        } else {
            diff(&last.keys, &keys)
        };
        let actions = match (&changes[..], last.seen_at) {
            ([], _) | (_, None) => Vec::new(),
            (_, Some(after)) => self.actions_between(after - ACTION_MARGIN, seen_at).await?,
        };
        let records = attribute(&changes, &actions);
        let delta = last.keys.delta(&keys);
        let now_counts = counts(&keys);
        let rows: Vec<CountRow> = moved(&last.counts, &now_counts)
            .into_iter()
            .map(|(key, counts)| row(seen_at, key, counts))
            .collect();
        self.store
            .record_sync(last.seen_at, seen_at, &records, &delta, &rows)
            .await?;
        if !records.is_empty() {
            tracing::info!(changes = records.len(), "changes recorded");
        }
        Ok(Last {
            keys,
            counts: now_counts,
            seen_at: Some(seen_at),
            baseline: false,
        })
    }

    /// Gives the changes of the last hour nobody is known to have made the caller of the
    /// Activity Log's latest write to their resource in their window.
    async fn attribute(&self, now: OffsetDateTime) -> Result<(), StoreError> {
        let open = self
            .store
            .unattributed(now - ATTRIBUTION_WINDOW, ATTRIBUTED_AT_ONCE)
            .await?;
        let mut by_subscription: HashMap<String, Vec<&Unattributed>> = HashMap::new();
        for change in &open {
            by_subscription
                .entry(change.subscription.to_ascii_lowercase())
                .or_default()
                .push(change);
        }
        for (subscription, changes) in by_subscription {
            let from = changes
                .iter()
                .map(|c| c.seen_after.unwrap_or(c.seen_at))
                .min()
                .unwrap_or(now)
                - activity::MARGIN;
            let events = match activity::read(&self.client, &subscription, from, now).await {
                Ok(events) => events,
                Err(error) => {
                    tracing::warn!(%subscription, %error, "cannot read the Activity Log");
                    continue;
                }
            };
            for change in changes {
                if let Some(event) = activity::writer(change, &events) {
                    let who = Attribution {
                        actor: event.caller.clone(),
                        operation: event.operation.clone(),
                        correlation_id: event.correlation_id.clone(),
                    };
                    self.store.attribute(change.id, &who).await?;
                }
            }
        }
        Ok(())
    }

    async fn actions_between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let page = self
            .store
            .query(&AuditFilter {
                result: Some(AuditResult::Succeeded),
                from: Some(from),
                to: Some(to),
                limit: MAX_LIMIT,
                ..AuditFilter::default()
            })
            .await?;
        Ok(page.items)
    }
}

fn from_row(row: &CountRow) -> (CountKey, StateCounts) {
    (
        CountKey {
            subscription: row.subscription.to_ascii_lowercase(),
            service: row.service_id.as_ref().map(|s| s.to_ascii_lowercase()),
        },
        row.counts(),
    )
}

/// The changes as stored, each connection change linked to the newest succeeded action on that
/// connection that explains it (a state change to the state the action left it in; a
/// description change; a removal). Pure.
fn attribute(changes: &[Change], actions: &[AuditRecord]) -> Vec<NewChange> {
    // Newest first, as the audit answers: the first per connection is the latest.
    let mut latest: HashMap<String, &AuditRecord> = HashMap::new();
    for record in actions {
        latest
            .entry(record.intent.connection_id.to_ascii_lowercase())
            .or_insert(record);
    }
    changes
        .iter()
        .map(|change| {
            let action = change
                .connection
                .as_ref()
                .and_then(|id| latest.get(&id.as_str().to_ascii_lowercase()))
                .filter(|record| explains(record, change));
            NewChange {
                kind: change.kind,
                subscription: change.subscription.clone(),
                service_id: change.service.as_ref().map(ToString::to_string),
                connection_id: change.connection.as_ref().map(ToString::to_string),
                from: change.from.clone(),
                to: change.to.clone(),
                detail: change.detail.clone(),
                actor: action.map(|record| record.intent.actor.clone()),
                audit_id: action.map(|record| record.id.0),
            }
        })
        .collect()
}

fn explains(record: &AuditRecord, change: &Change) -> bool {
    let final_state = record
        .outcome
        .as_ref()
        .and_then(|o| o.final_state.as_deref());
    match change.kind {
        ChangeKind::StateChanged => {
            final_state.is_some()
                && final_state.map(str::to_ascii_lowercase)
                    == change.to.as_deref().map(str::to_ascii_lowercase)
        }
        ChangeKind::DescriptionChanged => {
            record.intent.description == change.to.clone().unwrap_or_default()
        }
        ChangeKind::ConnectionGone => record.intent.action == crate::store::AuditAction::Remove,
        _ => false,
    }
}
