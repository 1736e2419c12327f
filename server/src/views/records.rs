//! The lists' typed records: `ConnectionRecord` (a connection of a private link service or of a
//! PaaS resource) and
//! `EndpointRecord` (a private endpoint). A record does not copy what it shows: it shares the
//! snapshot's subscription part holding its chain or endpoint (`Shared`: a pointer and an
//! index) and the names repeated on many rows (region, subscription) by `Arc`. The wire rows
//! (`app::model::ConnectionRow`, `EndpointRow`) are made from records only at the edge, for the
//! rows a page or response returns. Pure.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use app::model::{ConnectionRow, ConsumerView, EndpointRow};
use time::format_description::well_known::Rfc3339;

use super::Row;
use super::rows::endpoint_row;
use super::select::{Record, contains_folded, oldest_first, text_cmp};
use crate::arm::ResourceId;
use crate::arm::models::{ConnectionStatus, PrivateEndpoint};
use crate::inventory::Snapshot;
use crate::inventory::join::{ConnectionLink, Consumer, ServiceChain};
use crate::inventory::parts::Shared;

/// One connection of a private link service, as the Connections list filters and sorts it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectionRecord {
    /// The service's chain, shared with the snapshot.
    chain: Shared<ServiceChain>,
    /// Which of its connections.
    link: u32,
    /// Its status, kept beside the pointer: the most common filter reads it on every row.
    status: ConnectionStatus,
    /// The service's region (shared by the rows of a region).
    location: Arc<str>,
    /// The display name of the consumer endpoint's subscription, when the principal sees it.
    consumer_subscription: Option<Arc<str>>,
}

/// Display names of the snapshot's subscriptions by lower-cased GUID, each shared by `Arc`.
fn shared_names(snapshot: &Snapshot) -> HashMap<String, Arc<str>> {
    snapshot
        .subscription_names()
        .into_iter()
        .map(|(id, name)| (id, Arc::from(name)))
        .collect()
}

/// One record per connection on a private link service, in chain order.
pub fn connections(snapshot: &Snapshot) -> Vec<ConnectionRecord> {
    let names = shared_names(snapshot);
    let mut locations: HashMap<&str, Arc<str>> = HashMap::new();
    let holders = super::rows::holder_locations(snapshot);
    let by_service: HashMap<&ResourceId, Arc<str>> = holders
        .map(|(id, location)| {
            let shared = locations
                .entry(location)
                .or_insert_with(|| Arc::from(location))
                .clone();
            (id, shared)
        })
        .collect();
    let empty: Arc<str> = Arc::from("");
    // Sized up front: grown by doubling, the list would keep up to twice its records' room.
    let mut records = Vec::with_capacity(
        snapshot
            .chains
            .chains
            .iter()
            .map(|c| c.connections.len())
            .sum(),
    );
    for chain in snapshot.chains.chains.shared() {
        let location = by_service.get(&chain.service).unwrap_or(&empty).clone();
        for (at, link) in chain.connections.iter().enumerate() {
            let consumer_subscription = match &link.consumer {
                Consumer::Endpoint { endpoint, .. } => names
                    .get(&endpoint.subscription().to_ascii_lowercase())
                    .cloned(),
                _ => None,
            };
            records.push(ConnectionRecord {
                status: link.status.clone(),
                chain: chain.clone(),
                link: u32::try_from(at).expect("fewer than 2^32 connections on a service"),
                location: location.clone(),
                consumer_subscription,
            });
        }
    }
    records
}

impl ConnectionRecord {
    /// The chain of the service holding the connection.
    pub fn chain(&self) -> &ServiceChain {
        &self.chain
    }

    /// The connection and its consumer.
    pub fn link(&self) -> &ConnectionLink {
        &self.chain.connections[self.link as usize]
    }

    /// The connection's id.
    pub fn connection(&self) -> &ResourceId {
        &self.link().connection
    }

    /// Its status.
    pub fn status(&self) -> &ConnectionStatus {
        &self.status
    }

    /// The consumer as the wire rows show it.
    pub fn consumer_view(&self) -> ConsumerView {
        super::rows::consumer_view_named(&self.link().consumer, |_| {
            self.consumer_subscription
                .as_deref()
                .unwrap_or_default()
                .to_owned()
        })
    }
}

impl Record for ConnectionRecord {
    type Wire = ConnectionRow;

    fn kept_texts(&self) -> Vec<String> {
        let link = self.link();
        vec![
            link.name.clone(),
            link.description.clone(),
            self.consumer_view().label(),
        ]
    }

    fn shared_texts(&self) -> Vec<Vec<String>> {
        let mut service = vec![self.chain.name.clone()];
        service.extend(id_segments(&self.chain.service));
        vec![service]
    }

    fn holds(&self, needle: &str) -> bool {
        needle.contains('/') && contains_folded(self.connection().as_str(), needle)
    }

    fn wire(&self) -> ConnectionRow {
        let link = self.link();
        let service = &self.chain.service;
        ConnectionRow {
            id: link.connection.to_string(),
            name: link.name.clone(),
            resource_id: service.to_string(),
            resource_name: self.chain.name.clone(),
            subscription_id: service.subscription().to_owned(),
            resource_group: service.resource_group().unwrap_or_default().to_owned(),
            location: self.location.to_string(),
            state: link.status.to_string(),
            description: link.description.clone(),
            consumer: self.consumer_view(),
            requested_at: link.requested_at.and_then(|t| t.format(&Rfc3339).ok()),
            age_seconds: None,
            policy: None,
        }
    }
}

impl Row for ConnectionRecord {
    fn id(&self) -> &str {
        self.connection().as_str()
    }
    fn subscription(&self) -> &str {
        self.chain.service.subscription()
    }
    fn resource_group(&self) -> &str {
        self.chain.service.resource_group().unwrap_or_default()
    }
    fn location(&self) -> &str {
        &self.location
    }
    fn state(&self) -> Option<&str> {
        Some(self.status().as_str())
    }
    fn search_texts(&self) -> Vec<String> {
        let link = self.link();
        vec![
            link.name.clone(),
            link.description.clone(),
            self.chain.name.clone(),
            self.consumer_view().label(),
        ]
    }
    fn columns() -> &'static [&'static str] {
        <ConnectionRow as Row>::columns()
    }
    fn compare(&self, other: &Self, column: &str) -> Ordering {
        let (a, b) = (self.link(), other.link());
        match column {
            "name" => text_cmp(&a.name, &b.name),
            "resource" => text_cmp(&self.chain.name, &other.chain.name),
            "state" => text_cmp(a.status.as_str(), b.status.as_str()),
            "consumer" => text_cmp(
                &self.consumer_view().label(),
                &other.consumer_view().label(),
            ),
            "description" => text_cmp(&a.description, &b.description),
            _ => oldest_first(&a.requested_at, &b.requested_at),
        }
    }
}

/// The segments of `id` that vary from row to row besides its name: its subscription and
/// resource group. With the names, they are what a search without `/` can find in an id (the
/// other segments are its fixed words, `providers`…, the same on every row of a list).
fn id_segments(id: &ResourceId) -> impl Iterator<Item = String> + '_ {
    [Some(id.subscription()), id.resource_group()]
        .into_iter()
        .flatten()
        .map(str::to_owned)
}

/// One private endpoint, as the Private endpoints list filters and sorts it.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointRecord {
    /// The endpoint, shared with the snapshot.
    endpoint: Shared<PrivateEndpoint>,
    /// Its subscription's display name (its GUID when the name is unknown), shared.
    subscription_name: Arc<str>,
}

/// One record per private endpoint, in the snapshot's order.
pub fn endpoints(snapshot: &Snapshot) -> Vec<EndpointRecord> {
    let mut names = shared_names(snapshot);
    let mut records = Vec::with_capacity(snapshot.inventory.endpoints.len());
    for endpoint in snapshot.inventory.endpoints.shared() {
        let subscription = endpoint.id.subscription();
        let subscription_name = names
            .entry(subscription.to_ascii_lowercase())
            .or_insert_with(|| Arc::from(subscription))
            .clone();
        records.push(EndpointRecord {
            endpoint,
            subscription_name,
        });
    }
    records
}

impl EndpointRecord {
    /// The endpoint's first connection, which describes it (endpoints have one).
    fn first(&self) -> Option<&crate::arm::models::EndpointConnection> {
        self.endpoint.connections.first()
    }

    /// The id of what the endpoint connects to; empty when unknown.
    fn target(&self) -> &str {
        self.first()
            .and_then(|c| c.target.as_ref())
            .map(ResourceId::as_str)
            .unwrap_or_default()
    }

    /// Its subnet's id; empty when unknown.
    fn subnet(&self) -> &str {
        self.endpoint
            .subnet
            .as_ref()
            .map(ResourceId::as_str)
            .unwrap_or_default()
    }

    /// What the endpoint connects to, as the list names it.
    fn target_kind(&self) -> std::borrow::Cow<'static, str> {
        super::rows::target_kind(self.first().and_then(|c| c.target.as_ref()))
    }
}

impl Record for EndpointRecord {
    type Wire = EndpointRow;

    fn kept_texts(&self) -> Vec<String> {
        vec![self.endpoint.name.clone()]
    }

    fn shared_texts(&self) -> Vec<Vec<String>> {
        let mut target = vec![self.target_kind().into_owned()];
        if let Some(id) = self.first().and_then(|c| c.target.as_ref()) {
            target.push(id.name().to_owned());
            target.extend(id_segments(id));
        }
        vec![id_segments(&self.endpoint.id).collect(), target]
    }

    fn holds(&self, needle: &str) -> bool {
        let target = self.first().and_then(|c| c.target.as_ref());
        needle.contains('/')
            && (contains_folded(self.endpoint.id.as_str(), needle)
                || target.is_some_and(|t| contains_folded(t.as_str(), needle)))
    }

    fn wire(&self) -> EndpointRow {
        endpoint_row(&self.endpoint, &self.subscription_name)
    }
}

impl Row for EndpointRecord {
    fn id(&self) -> &str {
        self.endpoint.id.as_str()
    }
    fn subscription(&self) -> &str {
        self.endpoint.id.subscription()
    }
    fn resource_group(&self) -> &str {
        self.endpoint.id.resource_group().unwrap_or_default()
    }
    fn location(&self) -> &str {
        &self.endpoint.location
    }
    fn state(&self) -> Option<&str> {
        Some(
            self.first()
                .map(|c| c.state.status.as_str())
                .unwrap_or_default(),
        )
    }
    fn search_texts(&self) -> Vec<String> {
        let target = self.first().and_then(|c| c.target.as_ref());
        [
            Some(self.endpoint.name.clone()),
            target.map(ToString::to_string),
            Some(self.target_kind().into_owned()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
    fn columns() -> &'static [&'static str] {
        <EndpointRow as Row>::columns()
    }
    fn compare(&self, other: &Self, column: &str) -> Ordering {
        match column {
            "subscription" => text_cmp(&self.subscription_name, &other.subscription_name),
            "resourceGroup" => text_cmp(self.resource_group(), other.resource_group()),
            "location" => text_cmp(self.location(), other.location()),
            "state" => text_cmp(
                self.state().unwrap_or_default(),
                other.state().unwrap_or_default(),
            ),
            "target" => text_cmp(&self.target_kind(), &other.target_kind())
                .then_with(|| text_cmp(self.target(), other.target())),
            "approval" => self
                .first()
                .is_some_and(|c| c.manual)
                .cmp(&other.first().is_some_and(|c| c.manual)),
            "subnet" => text_cmp(self.subnet(), other.subnet()),
            "ips" => self.endpoint.private_ips.cmp(&other.endpoint.private_ips),
            _ => text_cmp(&self.endpoint.name, &other.endpoint.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::join::tests::demo_now;
    use crate::inventory::offline;
    use crate::views::rows;

    #[test]
    fn a_records_wire_row_is_the_row_the_lists_showed_before() {
        let snapshot = offline::snapshot(&emulator::estate::demo::demo(), demo_now());
        let records = connections(&snapshot);
        let rows = rows::connections(&snapshot);
        assert!(records.len() > 5, "the demo has connections");
        let wire: Vec<ConnectionRow> = records.iter().map(Record::wire).collect();
        assert_eq!(wire, rows);
        for (record, row) in records.iter().zip(&rows) {
            assert_eq!(record.search_texts(), row.search_texts(), "{}", row.id);
            assert_eq!(record.id(), row.id);
        }
    }

    #[test]
    fn an_endpoint_records_wire_row_names_its_subscription_and_target() {
        let snapshot = offline::snapshot(&emulator::estate::demo::demo(), demo_now());
        let records = endpoints(&snapshot);
        assert_eq!(records.len(), snapshot.inventory.endpoints.len());
        let names = snapshot.subscription_names();
        for record in &records {
            let row = record.wire();
            assert_eq!(record.id(), row.id);
            assert_eq!(record.state(), Some(row.state.as_str()));
            assert_eq!(record.search_texts(), row.search_texts(), "{}", row.id);
            let known = names.get(&row.subscription_id.to_ascii_lowercase());
            assert_eq!(
                &row.subscription_name,
                known.unwrap_or(&row.subscription_id),
                "the subscription's display name, or its GUID when unknown"
            );
        }
        let to_pls = records
            .iter()
            .map(Record::wire)
            .find(|row| row.name == "pe-fabrikam-super-api")
            .expect("the demo's endpoint to myPLS");
        assert_eq!(to_pls.target_kind, "Private link service");
        assert_eq!(to_pls.state, "Approved");
    }

    #[test]
    fn the_tables_search_finds_what_a_search_of_the_wire_rows_finds() {
        use crate::views::{ListQuery, Table, select::select};
        let snapshot = offline::snapshot(&emulator::estate::demo::demo(), demo_now());
        let connections = Table::new(connections(&snapshot));
        let endpoints = Table::new(endpoints(&snapshot));
        let connection_rows: Vec<ConnectionRow> =
            connections.rows().iter().map(Record::wire).collect();
        let endpoint_rows: Vec<EndpointRow> = endpoints.rows().iter().map(Record::wire).collect();
        for needle in [
            "front door",
            "FRONT DOOR AFD",
            "origin",
            "pe-",
            "myPLS",
            "contoso",
            "pending",
            "in subscription",
            "private link service",
            "microsoft.sql/servers",
            "rg-",
            "privateEndpointConnections/",
            "approved by",
            "nothing-like-this",
        ] {
            let query = ListQuery::parse(&format!("q={}&limit=1000", urlencode(needle))).unwrap();
            let wire = select(&connection_rows, &query).unwrap();
            let table = connections.select(&query).unwrap();
            assert_eq!(
                table.items.into_iter().map(|r| r.id).collect::<Vec<_>>(),
                wire.items.into_iter().map(|r| r.id).collect::<Vec<_>>(),
                "connections, {needle}"
            );
            let wire = select(&endpoint_rows, &query).unwrap();
            let table = endpoints.select(&query).unwrap();
            assert_eq!(
                table.items.into_iter().map(|r| r.id).collect::<Vec<_>>(),
                wire.items.into_iter().map(|r| r.id).collect::<Vec<_>>(),
                "endpoints, {needle}"
            );
        }
        let query = ListQuery::parse("q=front%20door&limit=1000").unwrap();
        assert!(
            connections.select(&query).unwrap().total > 0,
            "the demo has Front Door rows"
        );
    }

    fn urlencode(text: &str) -> String {
        text.replace(' ', "%20").replace('/', "%2F")
    }

    #[test]
    fn records_share_the_snapshots_parts_instead_of_copying_them() {
        let snapshot = offline::snapshot(&emulator::estate::demo::demo(), demo_now());
        let records = connections(&snapshot);
        let chain = snapshot
            .chains
            .chains
            .iter()
            .find(|c| !c.connections.is_empty())
            .expect("a chain with connections");
        let first = records
            .iter()
            .find(|r| r.chain().service == chain.service)
            .expect("a record of the first chain");
        assert!(
            std::ptr::eq(first.chain(), chain),
            "the snapshot's own chain"
        );
        assert!(std::ptr::eq(first.link(), &chain.connections[0]));
        let endpoint = endpoints(&snapshot).remove(0);
        assert!(std::ptr::eq(
            &*endpoint.endpoint,
            snapshot.inventory.endpoints.iter().next().unwrap()
        ));
    }
}
