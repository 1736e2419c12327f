//! Building the list rows from a snapshot: PLSs with their owner and counts, PEs with their
//! target, connections with their consumer. Pure; every id comparison goes through `ResourceId`.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use app::model::{ConnectionRow, ConsumerView, EndpointRow, ServiceRow, StateCounts};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Row;
use super::select::{Record, oldest_first, text_cmp};
use crate::arm::ResourceId;
use crate::arm::models::{PrivateEndpoint, PrivateLinkService};
use crate::inventory::Snapshot;
use crate::inventory::join::{ConnectionLink, Consumer, FrontendLink, ServiceChain};

/// One row per private link service.
pub fn services(snapshot: &Snapshot) -> Vec<ServiceRow> {
    let names = snapshot.subscription_names();
    let chains: HashMap<&ResourceId, &ServiceChain> = snapshot
        .chains
        .chains
        .iter()
        .map(|c| (&c.service, c))
        .collect();
    snapshot
        .inventory
        .services
        .iter()
        .map(|pls| service_row(pls, chains.get(&pls.id).copied(), &names))
        .collect()
}

/// The row of one private link service; `names` maps lower-cased subscription GUIDs to names.
pub fn service_row(
    pls: &PrivateLinkService,
    chain: Option<&ServiceChain>,
    names: &HashMap<String, String>,
) -> ServiceRow {
    let mut counts = StateCounts::default();
    for connection in &pls.connections {
        counts.add(connection.state.status.as_str());
    }
    let subscription = pls.id.subscription().to_owned();
    ServiceRow {
        id: pls.id.to_string(),
        name: pls.name.clone(),
        subscription_name: names
            .get(&subscription.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| subscription.clone()),
        subscription_id: subscription,
        resource_group: pls.id.resource_group().unwrap_or_default().to_owned(),
        location: pls.location.clone(),
        alias: pls.alias.clone(),
        visibility: pls.visibility.clone(),
        auto_approval: pls.auto_approval.clone(),
        owner_service: chain.and_then(|c| c.kubernetes_service.clone()),
        cluster: chain
            .and_then(|c| c.cluster.as_ref())
            .map(|id| id.name().to_owned()),
        cluster_id: chain
            .and_then(|c| c.cluster.as_ref())
            .map(ToString::to_string),
        counts,
        frontend_missing: chain.is_some_and(|c| matches!(c.frontend, FrontendLink::Missing { .. })),
    }
}

/// What a private endpoint connects to, as the lists name it.
pub fn target_kind(target: Option<&ResourceId>) -> Cow<'static, str> {
    match target {
        Some(t) if t.is_type("Microsoft.Network/privateLinkServices") => {
            Cow::Borrowed("Private link service")
        }
        Some(t) => t
            .resource_type()
            .map_or(Cow::Borrowed("Unknown"), Cow::Owned),
        None => Cow::Borrowed("Unknown"),
    }
}

/// The row of one private endpoint (its first connection describes it; PEs have one), in the
/// subscription named `subscription_name`.
pub fn endpoint_row(pe: &PrivateEndpoint, subscription_name: &str) -> EndpointRow {
    let connection = pe.connections.first();
    let target = connection.and_then(|c| c.target.as_ref());
    EndpointRow {
        id: pe.id.to_string(),
        name: pe.name.clone(),
        subscription_id: pe.id.subscription().to_owned(),
        subscription_name: subscription_name.to_owned(),
        resource_group: pe.id.resource_group().unwrap_or_default().to_owned(),
        location: pe.location.clone(),
        target_id: target.map(ToString::to_string),
        target_kind: target_kind(target).into_owned(),
        group_ids: connection.map(|c| c.group_ids.clone()).unwrap_or_default(),
        state: connection
            .map(|c| c.state.status.to_string())
            .unwrap_or_default(),
        manual: connection.is_some_and(|c| c.manual),
        subnet: pe.subnet.as_ref().map(ToString::to_string),
        private_ips: pe.private_ips.clone(),
    }
}

/// Every holder of connections (private link services, then PaaS resources) and its region.
pub fn holder_locations(snapshot: &Snapshot) -> impl Iterator<Item = (&ResourceId, &str)> {
    let inventory = &snapshot.inventory;
    let services = inventory.services.iter();
    services
        .map(|s| (&s.id, s.location.as_str()))
        .chain(inventory.paas.iter().map(|r| (&r.id, r.location.as_str())))
}

/// One row per connection on a private link service or PaaS resource.
pub fn connections(snapshot: &Snapshot) -> Vec<ConnectionRow> {
    let names = &snapshot.subscription_names();
    let locations: HashMap<&ResourceId, &str> = holder_locations(snapshot).collect();
    snapshot
        .chains
        .chains
        .iter()
        .flat_map(|chain| {
            let location = locations.get(&chain.service).copied().unwrap_or_default();
            chain
                .connections
                .iter()
                .map(move |link| connection_row(chain, link, location, names))
        })
        .collect()
}

/// The row of one connection of `chain`'s service, in `location`; `names` maps lower-cased
/// subscription GUIDs to display names.
pub fn connection_row(
    chain: &ServiceChain,
    link: &ConnectionLink,
    location: &str,
    names: &HashMap<String, String>,
) -> ConnectionRow {
    ConnectionRow {
        id: link.connection.to_string(),
        name: link.name.clone(),
        resource_id: chain.service.to_string(),
        resource_name: chain.name.clone(),
        subscription_id: chain.service.subscription().to_owned(),
        resource_group: chain
            .service
            .resource_group()
            .unwrap_or_default()
            .to_owned(),
        location: location.to_owned(),
        state: link.status.to_string(),
        description: link.description.clone(),
        consumer: consumer_view(&link.consumer, names),
        requested_at: link.requested_at.and_then(|t| t.format(&Rfc3339).ok()),
        age_seconds: None,
        policy: None,
    }
}

/// How the lists name the consumer of `connection` (a private link service's), when the
/// snapshot knows it: what the audit keeps beside an action.
pub fn consumer_label(snapshot: &Snapshot, connection: &ResourceId) -> Option<String> {
    let service = connection.parent()?;
    let chain = snapshot
        .chains
        .chains
        .of(service.subscription())
        .iter()
        .find(|c| c.service == service)?;
    let link = chain
        .connections
        .iter()
        .find(|l| l.connection == *connection)?;
    Some(consumer_view(&link.consumer, &snapshot.subscription_names()).label())
}

/// Sets each row's age relative to `now` (a request time in the future counts as just made).
pub fn stamp_ages(rows: &mut [ConnectionRow], now: OffsetDateTime) {
    for row in rows {
        row.age_seconds = row
            .requested_at
            .as_deref()
            .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
            .map(|t| u64::try_from((now - t).whole_seconds()).unwrap_or(0));
    }
}

fn consumer_view(consumer: &Consumer, names: &HashMap<String, String>) -> ConsumerView {
    consumer_view_named(consumer, |subscription| {
        names
            .get(&subscription.to_ascii_lowercase())
            .cloned()
            .unwrap_or_default()
    })
}

/// The wire view of `consumer`; a readable endpoint's subscription is named by `name_of`.
pub(super) fn consumer_view_named(
    consumer: &Consumer,
    name_of: impl FnOnce(&str) -> String,
) -> ConsumerView {
    match consumer {
        Consumer::FrontDoor {
            profile,
            origin,
            endpoint_hosts,
        } => ConsumerView::FrontDoor {
            profile: profile.name().to_owned(),
            profile_id: profile.to_string(),
            origin_id: origin.to_string(),
            endpoint_hosts: endpoint_hosts.clone(),
        },
        Consumer::FrontDoorHidden { region } => ConsumerView::FrontDoorHidden {
            region: region.clone(),
        },
        Consumer::Endpoint { endpoint, .. } => ConsumerView::Endpoint {
            endpoint_id: endpoint.to_string(),
            subscription_id: endpoint.subscription().to_owned(),
            subscription_name: name_of(endpoint.subscription()),
        },
        Consumer::ExternalEndpoint { endpoint } => ConsumerView::ExternalEndpoint {
            endpoint_id: endpoint.to_string(),
            subscription_id: endpoint.subscription().to_owned(),
        },
        Consumer::Unknown => ConsumerView::Unknown,
    }
}

/// Wire rows kept as they are (the services and endpoints lists, tests).
macro_rules! wire_as_is {
    ($($row:ty),*) => {$(
        impl Record for $row {
            type Wire = $row;
            fn wire(&self) -> $row {
                self.clone()
            }
        }
    )*};
}

wire_as_is!(ServiceRow, EndpointRow, ConnectionRow);

impl Row for ServiceRow {
    fn id(&self) -> &str {
        &self.id
    }
    fn subscription(&self) -> &str {
        &self.subscription_id
    }
    fn resource_group(&self) -> &str {
        &self.resource_group
    }
    fn location(&self) -> &str {
        &self.location
    }
    fn state(&self) -> Option<&str> {
        None
    }
    fn search_texts(&self) -> Vec<String> {
        [
            Some(&self.name),
            self.alias.as_ref(),
            self.owner_service.as_ref(),
            self.cluster.as_ref(),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
    }
    fn columns() -> &'static [&'static str] {
        &[
            "name",
            "subscription",
            "resourceGroup",
            "location",
            "alias",
            "owner",
            "cluster",
            "pending",
            "approved",
            "rejected",
            "disconnected",
            "connections",
        ]
    }
    fn compare(&self, other: &Self, column: &str) -> Ordering {
        match column {
            "subscription" => text_cmp(&self.subscription_name, &other.subscription_name),
            "resourceGroup" => text_cmp(&self.resource_group, &other.resource_group),
            "location" => text_cmp(&self.location, &other.location),
            "alias" => text_cmp(
                self.alias.as_deref().unwrap_or_default(),
                other.alias.as_deref().unwrap_or_default(),
            ),
            "owner" => text_cmp(
                self.owner_service.as_deref().unwrap_or_default(),
                other.owner_service.as_deref().unwrap_or_default(),
            ),
            "cluster" => text_cmp(
                self.cluster.as_deref().unwrap_or_default(),
                other.cluster.as_deref().unwrap_or_default(),
            ),
            "pending" => self.counts.pending.cmp(&other.counts.pending),
            "approved" => self.counts.approved.cmp(&other.counts.approved),
            "rejected" => self.counts.rejected.cmp(&other.counts.rejected),
            "disconnected" => self.counts.disconnected.cmp(&other.counts.disconnected),
            "connections" => self.counts.total().cmp(&other.counts.total()),
            _ => text_cmp(&self.name, &other.name),
        }
    }
}

impl Row for EndpointRow {
    fn id(&self) -> &str {
        &self.id
    }
    fn subscription(&self) -> &str {
        &self.subscription_id
    }
    fn resource_group(&self) -> &str {
        &self.resource_group
    }
    fn location(&self) -> &str {
        &self.location
    }
    fn state(&self) -> Option<&str> {
        Some(&self.state)
    }
    fn search_texts(&self) -> Vec<String> {
        [
            Some(&self.name),
            self.target_id.as_ref(),
            Some(&self.target_kind),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
    }
    fn columns() -> &'static [&'static str] {
        &[
            "name",
            "subscription",
            "resourceGroup",
            "location",
            "target",
            "state",
            "approval",
            "subnet",
            "ips",
        ]
    }
    fn compare(&self, other: &Self, column: &str) -> Ordering {
        match column {
            "subscription" => text_cmp(&self.subscription_name, &other.subscription_name),
            "resourceGroup" => text_cmp(&self.resource_group, &other.resource_group),
            "location" => text_cmp(&self.location, &other.location),
            "state" => text_cmp(&self.state, &other.state),
            "target" => text_cmp(&self.target_kind, &other.target_kind).then_with(|| {
                text_cmp(
                    self.target_id.as_deref().unwrap_or_default(),
                    other.target_id.as_deref().unwrap_or_default(),
                )
            }),
            "approval" => self.manual.cmp(&other.manual),
            "subnet" => text_cmp(
                self.subnet.as_deref().unwrap_or_default(),
                other.subnet.as_deref().unwrap_or_default(),
            ),
            "ips" => self.private_ips.cmp(&other.private_ips),
            _ => text_cmp(&self.name, &other.name),
        }
    }
}

impl Row for ConnectionRow {
    fn id(&self) -> &str {
        &self.id
    }
    fn subscription(&self) -> &str {
        &self.subscription_id
    }
    fn resource_group(&self) -> &str {
        &self.resource_group
    }
    fn location(&self) -> &str {
        &self.location
    }
    fn state(&self) -> Option<&str> {
        Some(&self.state)
    }
    fn search_texts(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.description.clone(),
            self.resource_name.clone(),
            self.consumer.label(),
        ]
    }
    fn columns() -> &'static [&'static str] {
        &[
            "requested",
            "name",
            "resource",
            "consumer",
            "state",
            "description",
        ]
    }
    fn compare(&self, other: &Self, column: &str) -> Ordering {
        match column {
            "name" => text_cmp(&self.name, &other.name),
            "resource" => text_cmp(&self.resource_name, &other.resource_name),
            "state" => text_cmp(&self.state, &other.state),
            "consumer" => text_cmp(&self.consumer.label(), &other.consumer.label()),
            "description" => text_cmp(&self.description, &other.description),
            _ => oldest_first(&self.requested_at, &other.requested_at),
        }
    }
}
