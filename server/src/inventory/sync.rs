//! One sync: list subscriptions, read each (bounded concurrency, or in batches through Resource
//! Graph: `resource_graph`), and merge into a `Snapshot`, keeping a failing subscription's last
//! good data marked stale. Advances a `Progress` as it goes; `InventoryService` calls it, and it
//! knows nothing of that service.

use std::sync::atomic::Ordering;
use std::time::Instant;

use futures::{StreamExt, stream};
use time::OffsetDateTime;

use super::fetch::{self, Fetched};
use super::join::{self, Finding, FindingSettings, losses};
use super::progress::Progress;
use super::resource_graph;
use super::shared_ids;
use super::snapshot::{Inventory, Snapshot, SubscriptionHealth, SubscriptionStatus, sort_statuses};
use crate::arm::models::Subscription;
use crate::arm::{ArmClient, ArmError, CallCounts};

/// How a sync reads the subscriptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// ARM list calls, this many subscriptions at once.
    Arm {
        /// Subscriptions read at once.
        concurrency: usize,
    },
    /// Resource Graph queries over batches of subscriptions.
    ResourceGraph,
}

/// Runs an ARM-mode sync with `concurrency` subscriptions at once.
pub async fn run(
    client: &ArmClient,
    previous: &Snapshot,
    progress: &Progress,
    concurrency: usize,
) -> Snapshot {
    run_with(client, previous, progress, Mode::Arm { concurrency }).await
}

/// Runs a sync with the default findings' thresholds (see `run_configured`).
pub async fn run_with(
    client: &ArmClient,
    previous: &Snapshot,
    progress: &Progress,
    mode: Mode,
) -> Snapshot {
    run_configured(
        client,
        previous,
        progress,
        mode,
        &FindingSettings::default(),
    )
    .await
}

/// Runs a sync; never fails as a whole: errors are recorded in the snapshot.
pub async fn run_configured(
    client: &ArmClient,
    previous: &Snapshot,
    progress: &Progress,
    mode: Mode,
    settings: &FindingSettings,
) -> Snapshot {
    let started = Instant::now();
    let before = client.counts();
    let (subscriptions, mut list_failures) = match fetch::subscriptions(client).await {
        Ok(found) => found,
        Err(error) => {
            tracing::error!(%error, "cannot list subscriptions; keeping the previous snapshot");
            let mut kept = previous.clone();
            kept.error = Some(format!("cannot list subscriptions: {error}"));
            return kept;
        }
    };
    progress
        .total
        .store(subscriptions.len() as u64, Ordering::Relaxed);
    let results = match mode {
        Mode::Arm { concurrency } => read_each(client, &subscriptions, progress, concurrency).await,
        Mode::ResourceGraph => read_by_resource_graph(client, &subscriptions, progress).await,
    };
    let now = OffsetDateTime::now_utc();
    let mut inventory = Inventory {
        subscriptions: subscriptions.iter().cloned().collect(),
        ..Inventory::default()
    };
    let mut statuses = Vec::with_capacity(results.len());
    for (sub, result) in results {
        let (health, failures) = match result {
            Ok(fetched) => {
                inventory.extend(fetched.inventory);
                (SubscriptionHealth::Ok { synced_at: now }, fetched.failures)
            }
            Err(error) => (
                failed(previous, &sub.subscription_id, &error, &mut inventory),
                Vec::new(),
            ),
        };
        statuses.push(SubscriptionStatus {
            subscription_id: sub.subscription_id.clone(),
            display_name: sub.display_name.clone(),
            health,
            decode_failures: failures,
        });
    }
    if !list_failures.is_empty() {
        tracing::warn!(
            count = list_failures.len(),
            "some subscriptions could not be decoded"
        );
        list_failures.sort();
    }
    inventory.sort();
    inventory.shrink_to_fit();
    shared_ids::share_ids(&mut inventory);
    sort_statuses(&mut statuses);
    let after = client.counts();
    let mut chains = join::join(&inventory, &statuses, now, settings);
    // Losses compare with the previous sync (none before the first).
    if previous.taken_at.is_some() {
        let before = losses::tallies(
            previous.inventory.services.iter(),
            previous.chains.chains.iter(),
        );
        let after = losses::tallies(inventory.services.iter(), chains.chains.iter());
        let carried: Vec<Finding> = previous
            .chains
            .findings
            .iter()
            .filter(|f| f.is_loss())
            .cloned()
            .collect();
        chains.findings.extend(losses::losses(
            &before,
            &after,
            &carried,
            now,
            settings.loss_threshold,
        ));
        chains.findings.sort();
    }
    Snapshot {
        inventory,
        chains,
        statuses,
        taken_at: Some(now),
        calls: CallCounts {
            requests: after.requests - before.requests,
            retries: after.retries - before.retries,
            throttled: after.throttled - before.throttled,
        },
        duration: started.elapsed(),
        error: (!list_failures.is_empty())
            .then(|| format!("undecodable subscriptions: {}", list_failures.join("; "))),
    }
}

async fn read_each(
    client: &ArmClient,
    subscriptions: &[Subscription],
    progress: &Progress,
    concurrency: usize,
) -> Vec<(Subscription, Result<Fetched, ArmError>)> {
    stream::iter(subscriptions.iter().cloned())
        .map(|sub| {
            let client = client.clone();
            async move {
                let result = fetch::subscription(&client, &sub.subscription_id).await;
                progress.done.fetch_add(1, Ordering::Relaxed);
                (sub, result)
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await
}

async fn read_by_resource_graph(
    client: &ArmClient,
    subscriptions: &[Subscription],
    progress: &Progress,
) -> Vec<(Subscription, Result<Fetched, ArmError>)> {
    let mut results = Vec::with_capacity(subscriptions.len());
    for batch in subscriptions.chunks(resource_graph::BATCH) {
        let ids: Vec<String> = batch.iter().map(|s| s.subscription_id.clone()).collect();
        match resource_graph::batch(client, &ids).await {
            Ok(mut by_subscription) => {
                for sub in batch {
                    let fetched = by_subscription
                        .remove(&sub.subscription_id.to_ascii_lowercase())
                        .unwrap_or_default();
                    results.push((sub.clone(), Ok(fetched)));
                }
            }
            Err(error) => results.extend(batch.iter().map(|sub| (sub.clone(), Err(error.clone())))),
        }
        progress
            .done
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
    }
    results
}

/// A subscription that failed now: stale with its last good data if it had any, else failed.
fn failed(
    previous: &Snapshot,
    subscription: &str,
    error: &ArmError,
    inventory: &mut Inventory,
) -> SubscriptionHealth {
    tracing::warn!(subscription, %error, "subscription sync failed");
    let before = previous
        .statuses
        .iter()
        .find(|s| s.subscription_id.eq_ignore_ascii_case(subscription));
    let since = match before.map(|s| &s.health) {
        Some(SubscriptionHealth::Ok { synced_at }) => Some(*synced_at),
        Some(SubscriptionHealth::Stale { since, .. }) => Some(*since),
        _ => None,
    };
    match since {
        Some(since) => {
            let mut kept = previous.inventory.of_subscription(subscription);
            kept.subscriptions = Default::default();
            inventory.extend(kept);
            SubscriptionHealth::Stale {
                since,
                error: error.to_string(),
            }
        }
        None => SubscriptionHealth::Failed {
            error: error.to_string(),
            code: error.code().map(str::to_owned),
        },
    }
}
