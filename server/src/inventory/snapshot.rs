//! `Snapshot`: the inventory at one point in time plus each subscription's sync status.

use std::collections::HashMap;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;

use super::join::JoinedChains;
use crate::arm::CallCounts;
use crate::arm::models::{
    AfdEndpoint, FrontDoorProfile, LoadBalancer, ManagedCluster, Origin, OriginGroup,
    PrivateEndpoint, PrivateLinkService, Subscription,
};

/// Every resource the dashboard works from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Inventory {
    /// Subscriptions the principal can see (readable or not).
    pub subscriptions: Vec<Subscription>,
    /// Private link services.
    pub services: Vec<PrivateLinkService>,
    /// Private endpoints.
    pub endpoints: Vec<PrivateEndpoint>,
    /// Load balancers (their frontends are the PLSs' anchors).
    pub load_balancers: Vec<LoadBalancer>,
    /// AKS managed clusters.
    pub clusters: Vec<ManagedCluster>,
    /// Front Door Standard/Premium profiles.
    pub profiles: Vec<FrontDoorProfile>,
    /// Front Door endpoints.
    pub afd_endpoints: Vec<AfdEndpoint>,
    /// Front Door origin groups.
    pub origin_groups: Vec<OriginGroup>,
    /// Front Door origins (their shared private link names the PLS).
    pub origins: Vec<Origin>,
}

impl Inventory {
    /// Appends another subscription's resources.
    pub fn extend(&mut self, other: Inventory) {
        self.subscriptions.extend(other.subscriptions);
        self.services.extend(other.services);
        self.endpoints.extend(other.endpoints);
        self.load_balancers.extend(other.load_balancers);
        self.clusters.extend(other.clusters);
        self.profiles.extend(other.profiles);
        self.afd_endpoints.extend(other.afd_endpoints);
        self.origin_groups.extend(other.origin_groups);
        self.origins.extend(other.origins);
    }

    /// Makes room for `parts` exactly, so merging hundreds of subscriptions one `extend` at a
    /// time leaves no doubled `Vec` capacity behind (a quarter of the estate, measured).
    pub fn reserve_for<'a>(&mut self, parts: impl Iterator<Item = &'a Inventory>) {
        let mut sizes = [0usize; 9];
        for part in parts {
            for (size, len) in sizes.iter_mut().zip(part.lens()) {
                *size += len;
            }
        }
        let [
            subs,
            services,
            endpoints,
            balancers,
            clusters,
            profiles,
            afd,
            groups,
            origins,
        ] = sizes;
        self.subscriptions.reserve_exact(subs);
        self.services.reserve_exact(services);
        self.endpoints.reserve_exact(endpoints);
        self.load_balancers.reserve_exact(balancers);
        self.clusters.reserve_exact(clusters);
        self.profiles.reserve_exact(profiles);
        self.afd_endpoints.reserve_exact(afd);
        self.origin_groups.reserve_exact(groups);
        self.origins.reserve_exact(origins);
    }

    /// The length of each list, in field order.
    fn lens(&self) -> [usize; 9] {
        [
            self.subscriptions.len(),
            self.services.len(),
            self.endpoints.len(),
            self.load_balancers.len(),
            self.clusters.len(),
            self.profiles.len(),
            self.afd_endpoints.len(),
            self.origin_groups.len(),
            self.origins.len(),
        ]
    }

    /// The resources of one subscription.
    pub fn of_subscription(&self, subscription: &str) -> Inventory {
        fn keep<T: Clone>(
            items: &[T],
            id: impl Fn(&T) -> &crate::arm::ResourceId,
            sub: &str,
        ) -> Vec<T> {
            items
                .iter()
                .filter(|item| id(item).subscription().eq_ignore_ascii_case(sub))
                .cloned()
                .collect()
        }
        Inventory {
            subscriptions: keep(&self.subscriptions, |s| &s.id, subscription),
            services: keep(&self.services, |r| &r.id, subscription),
            endpoints: keep(&self.endpoints, |r| &r.id, subscription),
            load_balancers: keep(&self.load_balancers, |r| &r.id, subscription),
            clusters: keep(&self.clusters, |r| &r.id, subscription),
            profiles: keep(&self.profiles, |r| &r.id, subscription),
            afd_endpoints: keep(&self.afd_endpoints, |r| &r.id, subscription),
            origin_groups: keep(&self.origin_groups, |r| &r.id, subscription),
            origins: keep(&self.origins, |r| &r.id, subscription),
        }
    }

    /// Sorts every list by id, so two syncs of the same estate compare equal.
    pub fn sort(&mut self) {
        self.subscriptions.sort_by(|a, b| a.id.cmp(&b.id));
        self.services.sort_by(|a, b| a.id.cmp(&b.id));
        self.endpoints.sort_by(|a, b| a.id.cmp(&b.id));
        self.load_balancers.sort_by(|a, b| a.id.cmp(&b.id));
        self.clusters.sort_by(|a, b| a.id.cmp(&b.id));
        self.profiles.sort_by(|a, b| a.id.cmp(&b.id));
        self.afd_endpoints.sort_by(|a, b| a.id.cmp(&b.id));
        self.origin_groups.sort_by(|a, b| a.id.cmp(&b.id));
        self.origins.sort_by(|a, b| a.id.cmp(&b.id));
    }
}

/// How a subscription's last sync went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
// `rename_all` on the enum renames the variants only; each variant renames its own fields, as
// the rest of the API is camelCase (and utoipa ignores serde's `rename_all_fields`).
#[serde(tag = "status", rename_all = "camelCase")]
pub enum SubscriptionHealth {
    /// Read completely.
    #[serde(rename_all = "camelCase")]
    Ok {
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        synced_at: OffsetDateTime,
    },
    /// Never read successfully; nothing shown for it.
    Failed {
        /// Why (ARM's code and message).
        error: String,
        /// ARM's error code, e.g. `AuthorizationFailed`.
        code: Option<String>,
    },
    /// The last sync failed; the data shown is from an earlier one.
    Stale {
        /// When the data shown was read.
        #[serde(with = "time::serde::rfc3339")]
        since: OffsetDateTime,
        /// Why the last sync failed.
        error: String,
    },
}

/// A subscription and how its sync went.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionStatus {
    /// Subscription GUID.
    pub subscription_id: String,
    /// Display name.
    pub display_name: String,
    /// Outcome.
    pub health: SubscriptionHealth,
    /// Resources that could not be decoded (each with its id and reason); never silently dropped.
    pub decode_failures: Vec<String>,
}

/// Orders statuses as every page lists them: by display name, then GUID.
pub(crate) fn sort_statuses(statuses: &mut [SubscriptionStatus]) {
    statuses.sort_by(|a, b| {
        a.display_name
            .cmp(&b.display_name)
            .then_with(|| a.subscription_id.cmp(&b.subscription_id))
    });
}

/// The inventory at one point in time.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// What was read (stale subscriptions keep their last good data).
    pub inventory: Inventory,
    /// The inventory joined into chains, PaaS links and findings.
    pub chains: JoinedChains,
    /// Per-subscription outcome.
    pub statuses: Vec<SubscriptionStatus>,
    /// When the sync that made it finished (`None` before the first).
    #[serde(with = "time::serde::rfc3339::option")]
    pub taken_at: Option<OffsetDateTime>,
    /// Calls the sync made.
    pub calls: CallCounts,
    /// How long the sync took.
    pub duration: Duration,
    /// A failure of the whole sync (the subscription list could not be read), if any.
    pub error: Option<String>,
}

impl Snapshot {
    /// The snapshot before any sync.
    pub fn empty() -> Self {
        Self {
            inventory: Inventory::default(),
            chains: JoinedChains::default(),
            statuses: Vec::new(),
            taken_at: None,
            calls: CallCounts::default(),
            duration: Duration::ZERO,
            error: None,
        }
    }

    /// Subscription GUID (lower-cased) → display name, of every subscription the principal sees.
    pub fn subscription_names(&self) -> HashMap<String, String> {
        self.inventory
            .subscriptions
            .iter()
            .map(|s| {
                (
                    s.subscription_id.to_ascii_lowercase(),
                    s.display_name.clone(),
                )
            })
            .collect()
    }
}
