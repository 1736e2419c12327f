//! `ConnectionRecord`: the Connections list as typed records — ids as shared `ResourceId`s (a
//! clone of the snapshot's, not a copy), the status an enum, the request time an
//! `OffsetDateTime`, the names repeated on every row of a service (its name, region,
//! subscription) shared by `Arc`. The wire row (`app::model::ConnectionRow`) is made from a
//! record only at the edge, for the rows a page or response returns. Pure.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use app::model::{ConnectionRow, ConsumerView};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Row;
use super::select::{Record, oldest_first, text_cmp};
use crate::arm::ResourceId;
use crate::arm::models::ConnectionStatus;
use crate::inventory::Snapshot;
use crate::inventory::join::{ConnectionLink, Consumer, ServiceChain};

/// One connection of a private link service, as the Connections list filters and sorts it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectionRecord {
    /// The connection.
    pub id: ResourceId,
    /// Its name.
    pub name: String,
    /// The service holding it.
    pub service: ResourceId,
    /// The service's name (shared by its connections).
    pub service_name: Arc<str>,
    /// The service's region (shared).
    pub location: Arc<str>,
    /// Its status.
    pub status: ConnectionStatus,
    /// Its description (the request message until the provider decides).
    pub description: String,
    /// Who consumes it.
    pub consumer: Consumer,
    /// The display name of the consumer endpoint's subscription, when the principal sees it.
    pub consumer_subscription: Option<Arc<str>>,
    /// When the consumer asked.
    pub requested_at: Option<OffsetDateTime>,
}

/// One record per connection on a private link service, in chain order.
pub fn connections(snapshot: &Snapshot) -> Vec<ConnectionRecord> {
    let names: HashMap<String, Arc<str>> = snapshot
        .subscription_names()
        .into_iter()
        .map(|(id, name)| (id, Arc::from(name)))
        .collect();
    let mut locations: HashMap<&str, Arc<str>> = HashMap::new();
    let by_service: HashMap<&ResourceId, Arc<str>> = snapshot
        .inventory
        .services
        .iter()
        .map(|s| {
            let shared = locations
                .entry(s.location.as_str())
                .or_insert_with(|| Arc::from(s.location.as_str()))
                .clone();
            (&s.id, shared)
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
    records.extend(snapshot.chains.chains.iter().flat_map(|chain| {
        let location = by_service.get(&chain.service).unwrap_or(&empty).clone();
        let service_name: Arc<str> = Arc::from(chain.name.as_str());
        let names = &names;
        chain
            .connections
            .iter()
            .map(move |link| record(chain, link, service_name.clone(), location.clone(), names))
    }));
    records
}

/// The record of `link`, a connection of `chain`'s service.
fn record(
    chain: &ServiceChain,
    link: &ConnectionLink,
    service_name: Arc<str>,
    location: Arc<str>,
    names: &HashMap<String, Arc<str>>,
) -> ConnectionRecord {
    let consumer_subscription = match &link.consumer {
        Consumer::Endpoint { endpoint, .. } => names
            .get(&endpoint.subscription().to_ascii_lowercase())
            .cloned(),
        _ => None,
    };
    ConnectionRecord {
        id: link.connection.clone(),
        name: link.name.clone(),
        service: chain.service.clone(),
        service_name,
        location,
        status: link.status.clone(),
        description: link.description.clone(),
        consumer: link.consumer.clone(),
        consumer_subscription,
        requested_at: link.requested_at,
    }
}

impl ConnectionRecord {
    /// The consumer as the wire rows show it.
    pub fn consumer_view(&self) -> ConsumerView {
        super::rows::consumer_view_named(&self.consumer, |_| {
            self.consumer_subscription
                .as_deref()
                .unwrap_or_default()
                .to_owned()
        })
    }
}

impl Record for ConnectionRecord {
    type Wire = ConnectionRow;

    fn wire(&self) -> ConnectionRow {
        ConnectionRow {
            id: self.id.to_string(),
            name: self.name.clone(),
            resource_id: self.service.to_string(),
            resource_name: self.service_name.to_string(),
            subscription_id: self.service.subscription().to_owned(),
            resource_group: self.service.resource_group().unwrap_or_default().to_owned(),
            location: self.location.to_string(),
            state: self.status.to_string(),
            description: self.description.clone(),
            consumer: self.consumer_view(),
            requested_at: self.requested_at.and_then(|t| t.format(&Rfc3339).ok()),
            age_seconds: None,
        }
    }
}

impl Row for ConnectionRecord {
    fn id(&self) -> &str {
        self.id.as_str()
    }
    fn subscription(&self) -> &str {
        self.service.subscription()
    }
    fn resource_group(&self) -> &str {
        self.service.resource_group().unwrap_or_default()
    }
    fn location(&self) -> &str {
        &self.location
    }
    fn state(&self) -> Option<&str> {
        Some(self.status.as_str())
    }
    fn search_texts(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.id.to_string(),
            self.description.clone(),
            self.service_name.to_string(),
            self.consumer_view().label(),
        ]
    }
    fn columns() -> &'static [&'static str] {
        <ConnectionRow as Row>::columns()
    }
    fn compare(&self, other: &Self, column: &str) -> Ordering {
        match column {
            "name" => text_cmp(&self.name, &other.name),
            "resource" => text_cmp(&self.service_name, &other.service_name),
            "state" => text_cmp(self.status.as_str(), other.status.as_str()),
            "consumer" => text_cmp(
                &self.consumer_view().label(),
                &other.consumer_view().label(),
            ),
            "description" => text_cmp(&self.description, &other.description),
            _ => oldest_first(&self.requested_at, &other.requested_at),
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
        }
    }

    #[test]
    fn a_records_ids_are_the_snapshots_not_copies() {
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
            .find(|r| r.service == chain.service)
            .expect("a record of the first chain");
        assert!(first.service.shares_text(&chain.service));
        assert!(first.id.shares_text(&chain.connections[0].connection));
    }
}
