//! Rows of the list pages and `/api/v1` lists: one per private link service, private endpoint or
//! connection, already joined and flattened for display.

use serde::{Deserialize, Serialize};

/// Connections of a resource by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StateCounts {
    /// Waiting for a decision.
    pub pending: u32,
    /// Approved.
    pub approved: u32,
    /// Rejected.
    pub rejected: u32,
    /// Removed by the provider or the consumer.
    pub disconnected: u32,
    /// Any other status ARM reported.
    pub other: u32,
}

impl StateCounts {
    /// All connections.
    pub fn total(&self) -> u32 {
        self.pending + self.approved + self.rejected + self.disconnected + self.other
    }

    /// Counts one connection in state `status` (ignoring case, without allocating: the
    /// change feed counts every connection of the estate each sync).
    pub fn add(&mut self, status: &str) {
        let is = |word: &str| status.eq_ignore_ascii_case(word);
        if is("pending") {
            self.pending += 1;
        } else if is("approved") {
            self.approved += 1;
        } else if is("rejected") {
            self.rejected += 1;
        } else if is("disconnected") {
            self.disconnected += 1;
        } else {
            self.other += 1;
        }
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: &StateCounts) {
        self.pending += other.pending;
        self.approved += other.approved;
        self.rejected += other.rejected;
        self.disconnected += other.disconnected;
        self.other += other.other;
    }
}

/// One private link service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ServiceRow {
    /// Resource id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Subscription GUID.
    pub subscription_id: String,
    /// Subscription display name.
    pub subscription_name: String,
    /// Resource group.
    pub resource_group: String,
    /// Region.
    pub location: String,
    /// Alias consumers connect with.
    pub alias: Option<String>,
    /// Subscriptions that may see it (`*` for everyone).
    pub visibility: Vec<String>,
    /// Subscriptions whose connections are approved automatically.
    pub auto_approval: Vec<String>,
    /// The Kubernetes Service that owns it (`namespace/name`), from its tags.
    pub owner_service: Option<String>,
    /// The AKS cluster it belongs to, when known.
    pub cluster: Option<String>,
    /// The cluster's resource id.
    pub cluster_id: Option<String>,
    /// Connections by state.
    pub counts: StateCounts,
    /// Its load balancer frontend no longer exists.
    pub frontend_missing: bool,
}

/// One private endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EndpointRow {
    /// Resource id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Subscription GUID.
    pub subscription_id: String,
    /// Subscription display name.
    #[serde(default)]
    pub subscription_name: String,
    /// Resource group.
    pub resource_group: String,
    /// Region.
    pub location: String,
    /// What it connects to (a PLS or a PaaS resource).
    pub target_id: Option<String>,
    /// Kind of target, e.g. `Private link service` or `Microsoft.Sql/servers`.
    pub target_kind: String,
    /// Sub-resources (`sqlServer`, `management`…); empty for a PLS.
    pub group_ids: Vec<String>,
    /// Connection state.
    pub state: String,
    /// Requested manually (needs the provider's approval) rather than auto-approved.
    pub manual: bool,
    /// Subnet id.
    pub subnet: Option<String>,
    /// Private IP addresses.
    pub private_ips: Vec<String>,
}

/// Who is on the other side of a connection. Externally tagged (`{"frontDoor": {…}}`,
/// `"unknown"`): an internally tagged enum would pull serde's buffering decoder into the wasm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
// Fields are renamed per variant, not with `rename_all_fields`: utoipa ignores that attribute and
// would document the fields in snake_case while serde sends them in camelCase.
#[serde(rename_all = "camelCase")]
pub enum ConsumerView {
    /// A Front Door profile found through its origin.
    #[serde(rename_all = "camelCase")]
    FrontDoor {
        /// Profile name.
        profile: String,
        /// Profile id.
        profile_id: String,
        /// Origin id.
        origin_id: String,
        /// The host names of the profile's endpoints (`contoso-….z01.azurefd.net`).
        #[serde(default)]
        endpoint_hosts: Vec<String>,
    },
    /// Front Door, but its profile is not in a readable subscription.
    #[serde(rename_all = "camelCase")]
    FrontDoorHidden {
        /// Region of its Microsoft-managed endpoint (`eafd-Prod-<region>`).
        region: String,
    },
    /// A private endpoint in a readable subscription.
    #[serde(rename_all = "camelCase")]
    Endpoint {
        /// Endpoint id.
        endpoint_id: String,
        /// Its subscription.
        subscription_id: String,
        /// That subscription's display name.
        #[serde(default)]
        subscription_name: String,
    },
    /// A private endpoint in a subscription we cannot read.
    #[serde(rename_all = "camelCase")]
    ExternalEndpoint {
        /// Endpoint id.
        endpoint_id: String,
        /// Its subscription.
        subscription_id: String,
    },
    /// Nothing identifies the consumer.
    Unknown,
}

impl ConsumerView {
    /// A short text for tables and search.
    pub fn label(&self) -> String {
        match self {
            // The origin says which of the profile's routes asked (one profile has many).
            Self::FrontDoor {
                profile, origin_id, ..
            } => match origin_id.rsplit('/').next().filter(|o| !o.is_empty()) {
                Some(origin) => format!("Front Door {profile}, origin {origin}"),
                None => format!("Front Door {profile}"),
            },
            Self::FrontDoorHidden { region } => {
                format!("Azure Front Door (profile not visible, {region})")
            }
            Self::Endpoint {
                endpoint_id,
                subscription_id,
                subscription_name,
            } => {
                let name = endpoint_id.rsplit('/').next().unwrap_or(endpoint_id);
                if subscription_name.is_empty() {
                    format!("{name} in subscription {subscription_id}")
                } else {
                    format!("{name} in {subscription_name}")
                }
            }
            Self::ExternalEndpoint {
                endpoint_id,
                subscription_id,
            } => {
                let name = endpoint_id.rsplit('/').next().unwrap_or(endpoint_id);
                format!("{name} in subscription {subscription_id}")
            }
            Self::Unknown => "Unknown".to_owned(),
        }
    }
}

/// One private endpoint connection, seen from the provider side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionRow {
    /// Connection id.
    pub id: String,
    /// Connection name.
    pub name: String,
    /// The PLS (or PaaS resource) it belongs to.
    pub resource_id: String,
    /// That resource's name.
    pub resource_name: String,
    /// Subscription GUID of the resource.
    pub subscription_id: String,
    /// Resource group of the resource.
    pub resource_group: String,
    /// Region of the resource.
    pub location: String,
    /// Pending, Approved, Rejected, Disconnected (or what ARM said).
    pub state: String,
    /// The request message or the provider's justification.
    pub description: String,
    /// The consumer.
    pub consumer: ConsumerView,
    /// When the request was made, if known (RFC 3339).
    pub requested_at: Option<String>,
    /// Seconds between the request and the moment this row was served, if known.
    #[serde(default)]
    pub age_seconds: Option<u64>,
    /// What the approval policies say of it (Pending connections a policy matches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<super::PolicyVerdictView>,
}

/// A short age for tables: `just now`, `12 min`, `5 h`, `3 d`, `2 mo`.
pub fn age_label(seconds: u64) -> String {
    const MINUTE: u64 = 60;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    match seconds {
        s if s < MINUTE => "just now".to_owned(),
        s if s < HOUR => format!("{} min", s / MINUTE),
        s if s < 2 * DAY => format!("{} h", s / HOUR),
        s if s < 60 * DAY => format!("{} d", s / DAY),
        s => format!("{} mo", s / (30 * DAY)),
    }
}

/// One page of a list, with the total across all pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// Rows matching the filter, across all pages.
    pub total: usize,
    /// Index of the first row.
    pub offset: usize,
    /// Page size.
    pub limit: usize,
}

impl<T> Page<T> {
    /// The same page with each row turned into something else.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            offset: self.offset,
            limit: self.limit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_front_door_consumer_is_named_by_its_profile_and_origin() {
        let consumer = ConsumerView::FrontDoor {
            profile: "afd-contoso".into(),
            profile_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/afd-contoso".into(),
            origin_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/afd-contoso/origingroups/og/origins/super-api-weu".into(),
            endpoint_hosts: vec!["contoso.z01.azurefd.net".into()],
        };
        assert_eq!(
            consumer.label(),
            "Front Door afd-contoso, origin super-api-weu"
        );
        let unknown_origin = ConsumerView::FrontDoor {
            profile: "afd-contoso".into(),
            profile_id: String::new(),
            origin_id: String::new(),
            endpoint_hosts: Vec::new(),
        };
        assert_eq!(unknown_origin.label(), "Front Door afd-contoso");
    }

    #[test]
    fn counts_sort_states_ignoring_case() {
        let mut counts = StateCounts::default();
        for status in [
            "Pending",
            "APPROVED",
            "approved",
            "Rejected",
            "Disconnected",
            "Timeout",
        ] {
            counts.add(status);
        }
        assert_eq!(
            counts,
            StateCounts {
                pending: 1,
                approved: 2,
                rejected: 1,
                disconnected: 1,
                other: 1
            }
        );
        assert_eq!(counts.total(), 6);
    }

    #[test]
    fn ages_read_in_the_largest_useful_unit() {
        assert_eq!(age_label(5), "just now");
        assert_eq!(age_label(60), "1 min");
        assert_eq!(age_label(59 * 60 + 59), "59 min");
        assert_eq!(age_label(3 * 3600 + 10), "3 h");
        assert_eq!(age_label(47 * 3600), "47 h");
        assert_eq!(age_label(3 * 86_400), "3 d");
        assert_eq!(age_label(90 * 86_400), "3 mo");
    }

    #[test]
    fn consumers_have_readable_labels() {
        let pe = ConsumerView::ExternalEndpoint {
            endpoint_id:
                "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateEndpoints/pe1"
                    .into(),
            subscription_id: "s".into(),
        };
        assert_eq!(pe.label(), "pe1 in subscription s");
        let named = ConsumerView::Endpoint {
            endpoint_id:
                "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateEndpoints/pe2"
                    .into(),
            subscription_id: "s".into(),
            subscription_name: "Fabrikam Consumer".into(),
        };
        assert_eq!(named.label(), "pe2 in Fabrikam Consumer");
        assert!(
            ConsumerView::FrontDoorHidden {
                region: "westeurope".into()
            }
            .label()
            .contains("not visible")
        );
    }
}
