//! What every finding says beside its sentence: its kind (the key the Findings page filters
//! by), a short title, its severity, the Microsoft documentation that explains it, and the
//! resources it names (the pages and graph nodes that show it). Kept as data, one arm per kind.
//! `Severity` is the UI's: the pages and the API read one.

pub use app::model::Severity;

use super::findings::Finding;
use crate::arm::ResourceId;

const PLS_DOCS: &str =
    "https://learn.microsoft.com/azure/private-link/private-link-service-overview";
const PE_DOCS: &str = "https://learn.microsoft.com/azure/private-link/private-endpoint-overview";
const MANAGE_DOCS: &str = "https://learn.microsoft.com/azure/private-link/manage-private-endpoint";
const LIMITS_DOCS: &str = "https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#private-link-limits";
const AFD_DOCS: &str = "https://learn.microsoft.com/azure/frontdoor/standard-premium/how-to-enable-private-link-internal-load-balancer";
const LB_DOCS: &str = "https://learn.microsoft.com/azure/aks/internal-lb";
const DNS_DOCS: &str = "https://learn.microsoft.com/azure/private-link/private-endpoint-dns";
const RBAC_DOCS: &str = "https://learn.microsoft.com/azure/private-link/rbac-permissions";

impl Finding {
    /// Its kind, as the API's `kind` field spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::MissingFrontend { .. } => "missingFrontend",
            Self::FrontDoorPending { .. } => "frontDoorPending",
            Self::NearLimit { .. } => "nearLimit",
            Self::LongPending { .. } => "longPending",
            Self::ConnectionsLost { .. } => "connectionsLost",
            Self::Recreated { .. } => "recreated",
            Self::AllDisconnected { .. } => "allDisconnected",
            Self::PublicAccessEnabled { .. } => "publicAccessEnabled",
            Self::OpenVisibility { .. } => "openVisibility",
            Self::AutoApprovalNotVisible { .. } => "autoApprovalNotVisible",
            Self::UntrustedTenant { .. } => "untrustedTenant",
            Self::OrphanEndpoint { .. } => "orphanEndpoint",
            Self::OneNatIp { .. } => "oneNatIp",
            Self::ProxyProtocol { .. } => "proxyProtocol",
            Self::NoDnsZoneGroup { .. } => "noDnsZoneGroup",
            Self::DnsZoneNotLinked { .. } => "dnsZoneNotLinked",
            Self::DnsZoneMismatch { .. } => "dnsZoneMismatch",
            Self::Unreadable { .. } => "unreadable",
        }
    }

    /// A short title for its kind.
    pub fn title(&self) -> &'static str {
        match self {
            Self::MissingFrontend { .. } => "Frontend missing",
            Self::FrontDoorPending { .. } => "Front Door request pending",
            Self::NearLimit { .. } => "Near the connection limit",
            Self::LongPending { .. } => "Long pending",
            Self::ConnectionsLost { .. } => "Connections lost",
            Self::Recreated { .. } => "Service recreated",
            Self::AllDisconnected { .. } => "All connections disconnected",
            Self::PublicAccessEnabled { .. } => "Public access despite private endpoints",
            Self::OpenVisibility { .. } => "Visible to everyone",
            Self::AutoApprovalNotVisible { .. } => "Auto-approval without visibility",
            Self::UntrustedTenant { .. } => "Consumer from an untrusted tenant",
            Self::OrphanEndpoint { .. } => "Orphaned endpoint",
            Self::OneNatIp { .. } => "One NAT IP for many connections",
            Self::ProxyProtocol { .. } => "PROXY protocol on",
            Self::NoDnsZoneGroup { .. } => "No private DNS zone group",
            Self::DnsZoneNotLinked { .. } => "DNS zone not linked to the network",
            Self::DnsZoneMismatch { .. } => "Wrong DNS zone for the target",
            Self::Unreadable { .. } => "Subscription unreadable",
        }
    }

    /// How urgent it is.
    pub fn severity(&self) -> Severity {
        match self {
            Self::MissingFrontend { .. }
            | Self::ConnectionsLost { .. }
            | Self::Recreated { .. }
            | Self::UntrustedTenant { .. }
            | Self::DnsZoneMismatch { .. } => Severity::Critical,
            Self::FrontDoorPending { .. }
            | Self::NearLimit { .. }
            | Self::LongPending { .. }
            | Self::AllDisconnected { .. }
            | Self::PublicAccessEnabled { .. }
            | Self::AutoApprovalNotVisible { .. }
            | Self::OrphanEndpoint { .. }
            | Self::OneNatIp { .. }
            | Self::NoDnsZoneGroup { .. }
            | Self::DnsZoneNotLinked { .. }
            | Self::Unreadable { .. } => Severity::Warning,
            Self::OpenVisibility { .. } | Self::ProxyProtocol { .. } => Severity::Info,
        }
    }

    /// Microsoft's documentation of what it is about.
    pub fn doc_url(&self) -> &'static str {
        match self {
            Self::MissingFrontend { .. } => LB_DOCS,
            Self::FrontDoorPending { .. } => AFD_DOCS,
            Self::NearLimit { .. } | Self::OneNatIp { .. } => LIMITS_DOCS,
            Self::LongPending { .. } | Self::OrphanEndpoint { .. } => MANAGE_DOCS,
            Self::ConnectionsLost { .. }
            | Self::Recreated { .. }
            | Self::AllDisconnected { .. }
            | Self::OpenVisibility { .. }
            | Self::AutoApprovalNotVisible { .. }
            | Self::ProxyProtocol { .. } => PLS_DOCS,
            Self::PublicAccessEnabled { .. } => PE_DOCS,
            Self::UntrustedTenant { .. } => PLS_DOCS,
            Self::NoDnsZoneGroup { .. }
            | Self::DnsZoneNotLinked { .. }
            | Self::DnsZoneMismatch { .. } => DNS_DOCS,
            Self::Unreadable { .. } => RBAC_DOCS,
        }
    }

    /// The resources it names, the one it is about first.
    pub fn resources(&self) -> Vec<&ResourceId> {
        let mut ids: Vec<&ResourceId> = self.service().into_iter().collect();
        match self {
            Self::MissingFrontend { frontend, .. } => ids.push(frontend),
            Self::FrontDoorPending {
                origin,
                profile,
                connection,
                ..
            } => {
                ids.extend(connection);
                ids.push(origin);
                ids.push(profile);
            }
            Self::LongPending { connection, .. } | Self::UntrustedTenant { connection, .. } => {
                ids.push(connection);
            }
            Self::OrphanEndpoint {
                endpoint, target, ..
            } => {
                ids.push(endpoint);
                ids.extend(target);
            }
            Self::NoDnsZoneGroup {
                endpoint, target, ..
            } => {
                ids.push(endpoint);
                ids.push(target);
            }
            Self::DnsZoneNotLinked {
                endpoint,
                zone,
                virtual_network,
            } => {
                ids.push(endpoint);
                ids.push(zone);
                ids.push(virtual_network);
            }
            Self::DnsZoneMismatch {
                endpoint,
                zone,
                target,
                ..
            } => {
                ids.push(endpoint);
                ids.push(zone);
                ids.push(target);
            }
            _ => {}
        }
        ids
    }

    /// The subscriptions it concerns (the resources'), lower-cased GUIDs.
    pub fn subscriptions(&self) -> Vec<String> {
        let mut subs: Vec<String> = match self {
            Self::Unreadable {
                subscription_id, ..
            } => vec![subscription_id.to_ascii_lowercase()],
            _ => self
                .resources()
                .iter()
                .map(|id| id.subscription().to_ascii_lowercase())
                .collect(),
        };
        subs.sort();
        subs.dedup();
        subs
    }
}
