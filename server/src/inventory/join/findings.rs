//! Findings: what in the joined estate needs someone's attention, each with the ids a page links
//! to and a sentence for people. Thresholds come from `FindingSettings`. Pure; no I/O.

use serde::Serialize;
use time::OffsetDateTime;

use super::chain::{ConnectionLink, FrontendLink, ServiceChain};
use crate::arm::ResourceId;
use crate::arm::models::ConnectionStatus;
use crate::inventory::{SubscriptionHealth, SubscriptionStatus};

/// Private endpoints a private link service can hold (Azure's limit).
pub const PLS_CONNECTION_LIMIT: usize = 1000;

const SECONDS_PER_DAY: i64 = 86_400;

/// Thresholds of the findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingSettings {
    /// A service with at least this many connections is near the limit.
    pub near_limit: usize,
    /// A service losing more than this share (percent) of its Approved connections between
    /// two syncs is a finding.
    pub loss_threshold: u8,
    /// A request pending for longer than this many days is long pending.
    pub long_pending_days: i64,
    /// A service with one NAT IP and more connections than this is a finding
    /// (`--nat-connections-warn`).
    pub nat_connections_warn: usize,
    /// Tenants whose Approved consumers are expected (`--trusted-tenant`); empty: not checked.
    pub trusted_tenants: Vec<String>,
}

impl Default for FindingSettings {
    fn default() -> Self {
        Self {
            near_limit: 800,
            loss_threshold: 20,
            long_pending_days: 7,
            nat_connections_warn: 200,
            trusted_tenants: Vec::new(),
        }
    }
}

/// Something that needs attention. Ordered by kind, then by the ids it names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Finding {
    /// A service names a frontend its (readable) subscription does not have.
    MissingFrontend {
        /// The private link service.
        service: ResourceId,
        /// The frontend it names.
        frontend: ResourceId,
    },
    /// A Front Door origin's request waits for approval.
    FrontDoorPending {
        /// The private link service.
        service: ResourceId,
        /// The origin asking.
        origin: ResourceId,
        /// The origin's profile.
        profile: ResourceId,
        /// The pending connection, when it could be paired with the origin.
        connection: Option<ResourceId>,
    },
    /// A service holds nearly as many connections as Azure allows.
    NearLimit {
        /// The private link service.
        service: ResourceId,
        /// Connections it holds (every status counts).
        connections: usize,
        /// Azure's limit.
        limit: usize,
    },
    /// A request has waited for a decision longer than the settings allow.
    LongPending {
        /// The private link service.
        service: ResourceId,
        /// The pending connection.
        connection: ResourceId,
        /// Whole days it has waited.
        days: i64,
    },
    /// A service lost more than the threshold's share of its Approved connections between two
    /// syncs (kept for a day, or until it has as many again).
    #[serde(rename_all = "camelCase")]
    ConnectionsLost {
        /// The private link service.
        service: ResourceId,
        /// Approved connections before.
        approved_before: usize,
        /// Approved connections now.
        approved_now: usize,
        /// The sync that saw the loss.
        #[serde(with = "time::serde::rfc3339")]
        since: OffsetDateTime,
    },
    /// A service was deleted and created again (new alias, or a new id of the same name on
    /// the same frontend): its connections went with the old one (kept for a day).
    Recreated {
        /// The private link service (its new id).
        service: ResourceId,
        /// Connections the old one held.
        lost: usize,
        /// The sync that saw it.
        #[serde(with = "time::serde::rfc3339")]
        since: OffsetDateTime,
    },
    /// Every connection of a service is Disconnected: no consumer reaches it.
    AllDisconnected {
        /// The private link service.
        service: ResourceId,
        /// Its connections.
        connections: usize,
    },
    /// A PaaS resource reached through Approved private endpoints still takes traffic from the
    /// internet.
    PublicAccessEnabled {
        /// The PaaS resource.
        service: ResourceId,
        /// Its Approved connections.
        approved: usize,
    },
    /// Any subscription of any tenant can find the service by its alias and ask to connect.
    #[serde(rename_all = "camelCase")]
    OpenVisibility {
        /// The private link service.
        service: ResourceId,
        /// The subscriptions whose requests skip review.
        auto_approved: Vec<String>,
    },
    /// Auto-approval names subscriptions that visibility does not include: it has no effect
    /// (cloud-provider-azure issue 1859).
    AutoApprovalNotVisible {
        /// The private link service.
        service: ResourceId,
        /// The subscriptions auto-approval names in vain.
        subscriptions: Vec<String>,
    },
    /// An Approved consumer is not in a trusted tenant (`--trusted-tenant`).
    UntrustedTenant {
        /// The private link service or PaaS resource.
        service: ResourceId,
        /// The connection.
        connection: ResourceId,
        /// The consumer's tenant, when Link Center sees its subscription.
        tenant: Option<String>,
    },
    /// One of our endpoints is Rejected or Disconnected: it reaches nothing.
    OrphanEndpoint {
        /// The private endpoint.
        endpoint: ResourceId,
        /// What it was meant to reach.
        target: Option<ResourceId>,
        /// Rejected or Disconnected.
        status: ConnectionStatus,
        /// Days since it was created, when known.
        days: Option<i64>,
    },
    /// One NAT IP carries more connections than the threshold: source ports run short.
    OneNatIp {
        /// The private link service.
        service: ResourceId,
        /// Its connections.
        connections: usize,
        /// `--nat-connections-warn`.
        threshold: usize,
    },
    /// The PROXY protocol is on: the backend must read its header, which Link Center cannot
    /// check (a note).
    ProxyProtocol {
        /// The private link service.
        service: ResourceId,
    },
    /// An endpoint to a PaaS resource has no private DNS zone group: its target's name keeps
    /// resolving to the public address unless other DNS answers for the zone.
    #[serde(rename_all = "camelCase")]
    NoDnsZoneGroup {
        /// The private endpoint.
        endpoint: ResourceId,
        /// The PaaS resource it reaches.
        target: ResourceId,
        /// The sub-resource (`blob`, `sqlServer`…).
        group_id: String,
        /// The zone Microsoft names for it.
        expected_zone: String,
    },
    /// A zone of an endpoint's zone group is not linked to the endpoint's virtual network.
    #[serde(rename_all = "camelCase")]
    DnsZoneNotLinked {
        /// The private endpoint.
        endpoint: ResourceId,
        /// The zone.
        zone: ResourceId,
        /// The endpoint's virtual network.
        virtual_network: ResourceId,
    },
    /// A zone of an endpoint's zone group is not the one the target's sub-resource needs.
    #[serde(rename_all = "camelCase")]
    DnsZoneMismatch {
        /// The private endpoint.
        endpoint: ResourceId,
        /// The zone it writes its records into.
        zone: ResourceId,
        /// The PaaS resource it reaches.
        target: ResourceId,
        /// The sub-resource.
        group_id: String,
        /// The zone Microsoft names for it.
        expected_zone: String,
    },
    /// A subscription could not be read: what it holds is missing or old.
    #[serde(rename_all = "camelCase")]
    Unreadable {
        /// Subscription GUID.
        subscription_id: String,
        /// Its display name.
        display_name: String,
        /// Why the read failed.
        error: String,
        /// When its data shown was read, if it is stale rather than missing.
        #[serde(with = "time::serde::rfc3339::option")]
        stale_since: Option<OffsetDateTime>,
    },
}

impl Finding {
    /// The private link service (or PaaS resource) a finding is about, if it is about one.
    pub fn service(&self) -> Option<&ResourceId> {
        match self {
            Finding::MissingFrontend { service, .. }
            | Finding::FrontDoorPending { service, .. }
            | Finding::NearLimit { service, .. }
            | Finding::LongPending { service, .. }
            | Finding::ConnectionsLost { service, .. }
            | Finding::Recreated { service, .. }
            | Finding::AllDisconnected { service, .. }
            | Finding::PublicAccessEnabled { service, .. }
            | Finding::OpenVisibility { service, .. }
            | Finding::AutoApprovalNotVisible { service, .. }
            | Finding::UntrustedTenant { service, .. }
            | Finding::OneNatIp { service, .. }
            | Finding::ProxyProtocol { service } => Some(service),
            Finding::OrphanEndpoint { .. }
            | Finding::NoDnsZoneGroup { .. }
            | Finding::DnsZoneNotLinked { .. }
            | Finding::DnsZoneMismatch { .. }
            | Finding::Unreadable { .. } => None,
        }
    }

    /// Whether it is a loss seen between two syncs, which only a sync finds (an action's
    /// re-link keeps it).
    pub fn is_loss(&self) -> bool {
        matches!(self, Self::ConnectionsLost { .. } | Self::Recreated { .. })
    }

    /// A sentence for people, naming resources by their last id segment.
    pub fn message(&self) -> String {
        match self {
            Self::MissingFrontend { service, frontend } => format!(
                "{} publishes frontend {} of load balancer {}, which does not exist: \
                 the service receives no traffic",
                service.name(),
                frontend.name(),
                frontend.parent().as_ref().map_or("?", ResourceId::name),
            ),
            Self::FrontDoorPending {
                service,
                origin,
                profile,
                ..
            } => format!(
                "Front Door profile {} asks to reach {} through origin {}: approve or reject it",
                profile.name(),
                service.name(),
                origin.name(),
            ),
            Self::NearLimit {
                service,
                connections,
                limit,
            } => format!(
                "{} holds {connections} of the {limit} private endpoint connections a private \
                 link service can hold",
                service.name(),
            ),
            Self::LongPending {
                service,
                connection,
                days,
            } => format!(
                "connection {} to {} has waited {days} days for a decision",
                connection.name(),
                service.name(),
            ),
            Self::ConnectionsLost {
                service,
                approved_before,
                approved_now,
                since,
            } => format!(
                "{} lost {} of its {approved_before} Approved connections in the sync of {}: \
                 consumers may be cut off; check the Changes page for what happened",
                service.name(),
                approved_before - approved_now.min(approved_before),
                stamp(*since),
            ),
            Self::Recreated {
                service,
                lost,
                since,
            } => format!(
                "{} was deleted and created again (seen in the sync of {}): its {lost} \
                 connection{} went with the old one and consumers must connect again",
                service.name(),
                stamp(*since),
                if *lost == 1 { "" } else { "s" },
            ),
            Self::AllDisconnected {
                service,
                connections,
            } => format!(
                "every one of the {connections} connections of {} is Disconnected: no consumer \
                 reaches it",
                service.name(),
            ),
            Self::PublicAccessEnabled { service, approved } => format!(
                "{} is reached through {approved} Approved private endpoint{} and still \
                 accepts traffic from the internet: set public network access to Disabled \
                 once every consumer uses its endpoint",
                service.name(),
                if *approved == 1 { "" } else { "s" },
            ),
            Self::OpenVisibility {
                service,
                auto_approved,
            } => {
                let skip = if auto_approved.is_empty() {
                    "every request waits for review".to_owned()
                } else {
                    format!(
                        "requests from {} skip review (auto-approval)",
                        auto_approved.join(", ")
                    )
                };
                format!(
                    "{} is visible to every subscription (`*`): anyone who learns its alias can \
                     ask to connect; {skip}. Limit visibility to the subscriptions you serve",
                    service.name(),
                )
            }
            Self::AutoApprovalNotVisible {
                service,
                subscriptions,
            } => format!(
                "{} auto-approves {} but its visibility does not include them: auto-approval \
                 has no effect there; add them to visibility or drop them from auto-approval",
                service.name(),
                subscriptions.join(", "),
            ),
            Self::UntrustedTenant {
                service,
                connection,
                tenant,
            } => format!(
                "connection {} to {} is Approved for a consumer {}: check that it should be, \
                 or add the tenant with --trusted-tenant",
                connection.name(),
                service.name(),
                match tenant {
                    Some(tenant) => format!("in tenant {tenant}, which is not trusted"),
                    None => "whose tenant Link Center cannot see".to_owned(),
                },
            ),
            Self::OrphanEndpoint {
                endpoint,
                target,
                status,
                days,
            } => format!(
                "private endpoint {} is {status}{}{}: it reaches nothing but keeps its address \
                 and subnet; delete it{}",
                endpoint.name(),
                target
                    .as_ref()
                    .map_or(String::new(), |t| format!(" from {}", t.name())),
                days.map_or(String::new(), |d| format!(" (created {d} days ago)")),
                if *status == ConnectionStatus::Rejected {
                    " (a Rejected connection cannot be approved again: ask anew with a new endpoint)"
                } else {
                    " or ask the provider anew"
                },
            ),
            Self::OneNatIp {
                service,
                connections,
                threshold,
            } => format!(
                "{} serves {connections} connections (more than {threshold}) through one NAT IP: \
                 the source ports towards its backend may run short; add NAT IP configurations",
                service.name(),
            ),
            Self::ProxyProtocol { service } => format!(
                "{} sends the PROXY protocol v2 header: its backend must read it, which Link \
                 Center cannot check from Azure",
                service.name(),
            ),
            Self::NoDnsZoneGroup {
                endpoint,
                target,
                group_id,
                expected_zone,
            } => format!(
                "private endpoint {} to {} ({group_id}) has no private DNS zone group: the \
                 target's name resolves to its public address unless your DNS servers answer for \
                 {expected_zone}; add a zone group with that zone",
                endpoint.name(),
                target.name(),
            ),
            Self::DnsZoneNotLinked {
                endpoint,
                zone,
                virtual_network,
            } => format!(
                "private endpoint {} writes its record into {}, which is not linked to its \
                 virtual network {}: clients there resolve the public address unless their DNS \
                 forwards to a linked network; link the zone to {}",
                endpoint.name(),
                zone.name(),
                virtual_network.name(),
                virtual_network.name(),
            ),
            Self::DnsZoneMismatch {
                endpoint,
                zone,
                target,
                group_id,
                expected_zone,
            } => format!(
                "private endpoint {} to {} ({group_id}) writes its record into {}, but clients \
                 look the name up in {expected_zone}: it never resolves privately; use a zone \
                 named {expected_zone}",
                endpoint.name(),
                target.name(),
                zone.name(),
            ),
            Self::Unreadable {
                subscription_id,
                display_name,
                error,
                stale_since,
            } => match stale_since {
                Some(since) => format!(
                    "subscription {display_name} ({subscription_id}) shows data read at \
                     {since}: the last read failed: {error}"
                ),
                None => format!(
                    "subscription {display_name} ({subscription_id}) could not be read: {error}"
                ),
            },
        }
    }
}

/// `2026-11-20 09:00 UTC`.
fn stamp(at: OffsetDateTime) -> String {
    format!(
        "{}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// A finding per subscription that failed or is stale.
pub(super) fn unreadable(statuses: &[SubscriptionStatus]) -> impl Iterator<Item = Finding> + '_ {
    statuses.iter().filter_map(|status| {
        let (error, stale_since) = match &status.health {
            SubscriptionHealth::Ok { .. } => return None,
            SubscriptionHealth::Failed { error, .. } => (error, None),
            SubscriptionHealth::Stale { since, error } => (error, Some(*since)),
        };
        Some(Finding::Unreadable {
            subscription_id: status.subscription_id.clone(),
            display_name: status.display_name.clone(),
            error: error.clone(),
            stale_since,
        })
    })
}

/// The findings a chain carries by itself: missing frontend, near limit, long pending.
pub(crate) fn of_chain(
    chain: &ServiceChain,
    now: OffsetDateTime,
    settings: &FindingSettings,
) -> Vec<Finding> {
    let mut found = Vec::new();
    if let FrontendLink::Missing { frontend } = &chain.frontend {
        found.push(Finding::MissingFrontend {
            service: chain.service.clone(),
            frontend: frontend.clone(),
        });
    }
    if !chain.connections.is_empty()
        && chain
            .connections
            .iter()
            .all(|link| link.status == ConnectionStatus::Disconnected)
    {
        found.push(Finding::AllDisconnected {
            service: chain.service.clone(),
            connections: chain.connections.len(),
        });
    }
    if chain.is_service() && chain.connections.len() >= settings.near_limit {
        found.push(Finding::NearLimit {
            service: chain.service.clone(),
            connections: chain.connections.len(),
            limit: PLS_CONNECTION_LIMIT,
        });
    }
    let limit_seconds = settings.long_pending_days.saturating_mul(SECONDS_PER_DAY);
    found.extend(chain.connections.iter().filter_map(|link| {
        let days = long_pending(link, now, limit_seconds)?;
        Some(Finding::LongPending {
            service: chain.service.clone(),
            connection: link.connection.clone(),
            days,
        })
    }));
    found
}

/// Whole days a pending request has waited, if longer than `limit_seconds`.
fn long_pending(link: &ConnectionLink, now: OffsetDateTime, limit_seconds: i64) -> Option<i64> {
    if link.status != ConnectionStatus::Pending {
        return None;
    }
    let age = now - link.requested_at?;
    (age.whole_seconds() > limit_seconds).then(|| age.whole_days())
}
