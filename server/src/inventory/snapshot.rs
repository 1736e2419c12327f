//! `Snapshot`: the inventory at one point in time plus each subscription's sync status.

use std::collections::HashMap;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;

use super::join::JoinedChains;
use super::parts::Parts;
use crate::arm::CallCounts;
use crate::arm::models::{
    AfdEndpoint, FrontDoorProfile, LoadBalancer, ManagedCluster, Origin, OriginGroup, PaasResource,
    PrivateDnsZone, PrivateEndpoint, PrivateLinkService, Subscription,
};

/// Every resource the dashboard works from, each list split by subscription (`Parts`), so
/// snapshots share the subscriptions they do not change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Inventory {
    /// Subscriptions the principal can see (readable or not).
    pub subscriptions: Parts<Subscription>,
    /// Private link services.
    pub services: Parts<PrivateLinkService>,
    /// Private endpoints.
    pub endpoints: Parts<PrivateEndpoint>,
    /// Load balancers (their frontends are the PLSs' anchors).
    pub load_balancers: Parts<LoadBalancer>,
    /// AKS managed clusters.
    pub clusters: Parts<ManagedCluster>,
    /// Front Door Standard/Premium profiles.
    pub profiles: Parts<FrontDoorProfile>,
    /// Front Door endpoints.
    pub afd_endpoints: Parts<AfdEndpoint>,
    /// Front Door origin groups.
    pub origin_groups: Parts<OriginGroup>,
    /// Front Door origins (their shared private link names the PLS).
    pub origins: Parts<Origin>,
    /// PaaS resources (SQL, Storage, Key Vault…) with the connections they hold.
    pub paas: Parts<PaasResource>,
    /// Private DNS zones with their virtual network links.
    pub dns_zones: Parts<PrivateDnsZone>,
}

impl Inventory {
    /// Appends another inventory's resources (moving its parts, not copying them).
    pub fn extend(&mut self, other: Inventory) {
        self.subscriptions.append(other.subscriptions);
        self.services.append(other.services);
        self.endpoints.append(other.endpoints);
        self.load_balancers.append(other.load_balancers);
        self.clusters.append(other.clusters);
        self.profiles.append(other.profiles);
        self.afd_endpoints.append(other.afd_endpoints);
        self.origin_groups.append(other.origin_groups);
        self.origins.append(other.origins);
        self.paas.append(other.paas);
        self.dns_zones.append(other.dns_zones);
    }

    /// The resources of one subscription, shared with `self`.
    pub fn of_subscription(&self, subscription: &str) -> Inventory {
        Inventory {
            subscriptions: self.subscriptions.only(subscription),
            services: self.services.only(subscription),
            endpoints: self.endpoints.only(subscription),
            load_balancers: self.load_balancers.only(subscription),
            clusters: self.clusters.only(subscription),
            profiles: self.profiles.only(subscription),
            afd_endpoints: self.afd_endpoints.only(subscription),
            origin_groups: self.origin_groups.only(subscription),
            origins: self.origins.only(subscription),
            paas: self.paas.only(subscription),
            dns_zones: self.dns_zones.only(subscription),
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
        self.paas.sort_by(|a, b| a.id.cmp(&b.id));
        self.dns_zones.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// Gives back the room the lists grew into while they were read.
    pub fn shrink_to_fit(&mut self) {
        self.subscriptions.shrink_to_fit();
        self.services.shrink_to_fit();
        self.endpoints.shrink_to_fit();
        self.load_balancers.shrink_to_fit();
        self.clusters.shrink_to_fit();
        self.profiles.shrink_to_fit();
        self.afd_endpoints.shrink_to_fit();
        self.origin_groups.shrink_to_fit();
        self.origins.shrink_to_fit();
        self.paas.shrink_to_fit();
        self.dns_zones.shrink_to_fit();
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
