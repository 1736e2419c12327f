//! `Keys`: what the change feed compares from one sync to the next — each private link
//! service's identity (name, alias, frontend), its connections' state and description, and
//! which subscriptions could be read. Small beside a snapshot: ids are shared with it, and
//! nothing else is kept. A service's connections are kept together with their counts and
//! shared with the previous sync's keys while nothing in them changed — known at once when
//! Azure answers the service under the same ETag (it gives a resource a new one whenever an
//! embedded connection changes; a service changed locally by an action has none), else by
//! comparing them one by one — so the diff, the store's rows and the counts only look into the
//! services whose connections are new. A subscription
//! that cannot be read now keeps the keys it had, so its resources neither vanish nor reappear
//! when it comes back. The store keeps them between runs (`from_known`, and `delta`: the rows a
//! sync changes). Pure.

use std::collections::HashMap;
use std::sync::Arc;

use app::model::StateCounts;

use crate::arm::ResourceId;
use crate::arm::models::PlsConnection;
use crate::inventory::Snapshot;
use crate::inventory::join::FrontendLink;
use crate::inventory::snapshot::SubscriptionHealth;
use crate::store::{KnownConnection, KnownDelta, KnownService, KnownState};

/// A map by resource id with a fast hasher: SipHash over thousands of ids of 180 bytes was
/// most of the change feed's time.
pub type IdMap<V> = HashMap<ResourceId, V, foldhash::fast::RandomState>;

/// What one sync saw, as the change feed compares it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keys {
    /// Private link services by id, each with its connections.
    pub services: IdMap<ServiceKey>,
    /// Subscriptions by GUID (lower case): whether they could be read.
    pub subscriptions: HashMap<String, bool>,
}

/// A private link service's identity and connections.
#[derive(Clone, Debug)]
pub struct ServiceKey {
    /// Its name.
    pub name: String,
    /// The alias consumers connect with; a new one (a new GUID in it) means a new resource.
    pub alias: Option<String>,
    /// The frontend it names (the first), if any.
    pub frontend: Option<ResourceId>,
    /// Whether that frontend is in the inventory.
    pub frontend_found: bool,
    /// Its connections, shared with the previous sync's keys while they did not change.
    pub connections: Arc<Connections>,
    /// The ETag it was read under, if Azure gave one (not kept by the store).
    pub etag: Option<String>,
}

/// The same identity and connections; the ETag says how it was read, not what it is.
impl PartialEq for ServiceKey {
    fn eq(&self, other: &Self) -> bool {
        (&self.name, &self.alias, &self.frontend, self.frontend_found)
            == (
                &other.name,
                &other.alias,
                &other.frontend,
                other.frontend_found,
            )
            && self.connections == other.connections
    }
}

impl Eq for ServiceKey {}

/// A service's connections, in the order the inventory listed them, with their counts.
#[derive(Clone, Debug, Default, Eq)]
pub struct Connections {
    list: Vec<(ResourceId, ConnectionKey)>,
    counts: StateCounts,
}

/// A connection's state and description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionKey {
    /// `Pending`, `Approved`, …
    pub state: String,
    /// Its description (the request message, or the provider's reason).
    pub description: String,
}

impl Connections {
    /// Connections with these keys, counted.
    pub fn new(list: Vec<(ResourceId, ConnectionKey)>) -> Self {
        let mut counts = StateCounts::default();
        for (_, key) in &list {
            counts.add(&key.state);
        }
        Self { list, counts }
    }

    fn of(connections: &[PlsConnection]) -> Self {
        Self::new(
            connections
                .iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        ConnectionKey {
                            state: c.state.status.to_string(),
                            description: c.state.description.clone(),
                        },
                    )
                })
                .collect(),
        )
    }

    /// Whether the inventory's `connections` are these, in the same order (a state spelled in
    /// another case is the same state).
    fn same_as(&self, connections: &[PlsConnection]) -> bool {
        self.list.len() == connections.len()
            && self.list.iter().zip(connections).all(|((id, key), c)| {
                *id == c.id
                    && key.state.eq_ignore_ascii_case(c.state.status.as_str())
                    && key.description == c.state.description
            })
    }

    /// The connections and their keys.
    pub fn iter(&self) -> impl Iterator<Item = &(ResourceId, ConnectionKey)> {
        self.list.iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Their counts by state.
    pub fn counts(&self) -> StateCounts {
        self.counts
    }

    /// By id, to look into (only for services whose connections changed).
    pub fn by_id(&self) -> IdMap<&ConnectionKey> {
        self.list
            .iter()
            .map(|(id, key)| (id.clone(), key))
            .collect()
    }
}

/// The same connections with the same keys, in any order.
impl PartialEq for Connections {
    fn eq(&self, other: &Self) -> bool {
        if self.list.len() != other.list.len() {
            return false;
        }
        let theirs = other.by_id();
        self.list
            .iter()
            .all(|(id, key)| theirs.get(id).is_some_and(|k| *k == key))
    }
}

impl ServiceKey {
    /// Whether the connections are the very ones of `other` (shared: nothing changed).
    pub fn same_connections(&self, other: &ServiceKey) -> bool {
        Arc::ptr_eq(&self.connections, &other.connections)
    }
}

impl Keys {
    /// The keys of `snapshot`, keeping `before`'s for subscriptions it could not read.
    pub fn of(snapshot: &Snapshot, before: &Keys) -> Keys {
        let mut keys = Keys::default();
        for status in &snapshot.statuses {
            let readable = matches!(status.health, SubscriptionHealth::Ok { .. });
            keys.subscriptions
                .insert(status.subscription_id.to_ascii_lowercase(), readable);
        }
        // A subscription never read (Failed) has nothing in the snapshot: keep what was known.
        let failed: Vec<&str> = snapshot
            .statuses
            .iter()
            .filter(|s| matches!(s.health, SubscriptionHealth::Failed { .. }))
            .map(|s| s.subscription_id.as_str())
            .collect();
        keys.services = before
            .services
            .iter()
            .filter(|(id, _)| {
                failed
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(id.subscription()))
            })
            .map(|(id, key)| (id.clone(), key.clone()))
            .collect();
        let found: HashMap<&ResourceId, bool> = snapshot
            .chains
            .chains
            .iter()
            .map(|chain| {
                (
                    &chain.service,
                    matches!(chain.frontend, FrontendLink::Found { .. }),
                )
            })
            .collect();
        // PaaS resources are keyed as services without alias or frontend: their connections'
        // changes are the feed's; they are never taken for recreated.
        let holders = snapshot
            .inventory
            .services
            .iter()
            .map(|s| {
                let frontend = s.frontend_ids.first().cloned();
                (
                    &s.id,
                    &s.name,
                    s.alias.clone(),
                    frontend,
                    &s.etag,
                    &s.connections,
                )
            })
            .chain(
                snapshot
                    .inventory
                    .paas
                    .iter()
                    .map(|r| (&r.id, &r.name, None, None, &r.etag, &r.connections)),
            );
        for (id, name, alias, frontend, etag, held) in holders {
            let connections = match before.services.get(id) {
                Some(known)
                    if (etag.is_some()
                        && known.etag == *etag
                        && known.connections.len() == held.len())
                        || known.connections.same_as(held) =>
                {
                    Arc::clone(&known.connections)
                }
                _ => Arc::new(Connections::of(held)),
            };
            keys.services.insert(
                id.clone(),
                ServiceKey {
                    name: name.clone(),
                    alias,
                    frontend,
                    frontend_found: found.get(id).copied().unwrap_or(false),
                    connections,
                    etag: etag.clone(),
                },
            );
        }
        keys
    }

    /// How many connections all the services have.
    pub fn connection_count(&self) -> usize {
        self.services.values().map(|s| s.connections.len()).sum()
    }
}

impl Keys {
    /// The keys the store kept of the last recorded sync; rows whose ids do not parse (edited
    /// by hand), or whose service it did not keep, are left out, with a warning.
    pub fn from_known(known: &KnownState) -> Keys {
        let parse = |text: &str| match ResourceId::parse(text) {
            Ok(id) => Some(id),
            Err(error) => {
                tracing::warn!(id = text, %error, "an id the change feed kept does not parse");
                None
            }
        };
        let mut by_service: IdMap<Vec<(ResourceId, ConnectionKey)>> = IdMap::default();
        for c in &known.connections {
            let (Some(id), Some(service)) = (parse(&c.id), parse(&c.service_id)) else {
                continue;
            };
            by_service.entry(service).or_default().push((
                id,
                ConnectionKey {
                    state: c.state.clone(),
                    description: c.description.clone(),
                },
            ));
        }
        let services: IdMap<ServiceKey> = known
            .services
            .iter()
            .filter_map(|s| {
                let id = parse(&s.id)?;
                let connections = by_service.remove(&id).unwrap_or_default();
                Some((
                    id,
                    ServiceKey {
                        name: s.name.clone(),
                        alias: s.alias.clone(),
                        frontend: s.frontend.as_deref().and_then(parse),
                        frontend_found: s.frontend_found,
                        connections: Arc::new(Connections::new(connections)),
                        etag: None,
                    },
                ))
            })
            .collect();
        for service in by_service.keys() {
            tracing::warn!(%service, "connections the change feed kept have no service: left out");
        }
        Keys {
            services,
            subscriptions: known
                .subscriptions
                .iter()
                .map(|(id, readable)| (id.to_ascii_lowercase(), *readable))
                .collect(),
        }
    }

    /// The rows the store must write and forget to hold `after` where it held `self`.
    pub fn delta(&self, after: &Keys) -> KnownDelta {
        let mut delta = KnownDelta::default();
        let row = |id: &ResourceId, service: &ResourceId, key: &ConnectionKey| KnownConnection {
            id: id.to_string(),
            service_id: service.to_string(),
            state: key.state.clone(),
            description: key.description.clone(),
        };
        for (id, key) in &after.services {
            let known = self.services.get(id);
            let identity = |k: &ServiceKey| {
                (
                    k.name.clone(),
                    k.alias.clone(),
                    k.frontend.clone(),
                    k.frontend_found,
                )
            };
            if known.map(identity) != Some(identity(key)) {
                delta.services.push(KnownService {
                    id: id.to_string(),
                    name: key.name.clone(),
                    alias: key.alias.clone(),
                    frontend: key.frontend.as_ref().map(ToString::to_string),
                    frontend_found: key.frontend_found,
                });
            }
            match known {
                Some(known) if known.same_connections(key) => {}
                Some(known) => {
                    let was = known.connections.by_id();
                    for (connection, now) in key.connections.iter() {
                        if was.get(connection) != Some(&now) {
                            delta.connections.push(row(connection, id, now));
                        }
                    }
                    let is = key.connections.by_id();
                    delta.connections_gone.extend(
                        known
                            .connections
                            .iter()
                            .filter(|(c, _)| !is.contains_key(c))
                            .map(|(c, _)| c.to_string()),
                    );
                }
                None => delta.connections.extend(
                    key.connections
                        .iter()
                        .map(|(connection, now)| row(connection, id, now)),
                ),
            }
        }
        for (id, known) in &self.services {
            if !after.services.contains_key(id) {
                delta.services_gone.push(id.to_string());
                delta
                    .connections_gone
                    .extend(known.connections.iter().map(|(c, _)| c.to_string()));
            }
        }
        for (id, readable) in &after.subscriptions {
            if self.subscriptions.get(id) != Some(readable) {
                delta.subscriptions.push((id.clone(), *readable));
            }
        }
        delta
    }
}

#[cfg(test)]
mod tests {
    use app::model::ChangeKind;
    use emulator::estate::demo::{CONTOSO_PLATFORM, demo};

    use super::*;
    use crate::history::diff;
    use crate::inventory::join::tests::demo_now;
    use crate::inventory::offline;

    #[test]
    fn what_the_store_keeps_reads_back_as_the_same_keys_and_an_unchanged_sync_writes_nothing() {
        let keys = Keys::of(&offline::snapshot(&demo(), demo_now()), &Keys::default());
        let delta = Keys::default().delta(&keys);
        let known = KnownState {
            seen_at: None,
            services: delta.services,
            connections: delta.connections,
            subscriptions: delta.subscriptions,
        };
        let back = Keys::from_known(&known);
        assert_eq!(back, keys);
        assert_eq!(back.delta(&keys), KnownDelta::default());
    }

    #[test]
    fn unchanged_services_share_their_connections_with_the_last_sync_and_a_changed_one_is_found() {
        let before = Keys::of(&offline::snapshot(&demo(), demo_now()), &Keys::default());
        let mut doc = demo();
        let my_pls = ResourceId::parse(emulator::estate::demo::MY_PLS_ID).unwrap();
        let service = service_mut(&mut doc, &my_pls);
        let pending = service["properties"]["privateEndpointConnections"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|c| c["properties"]["privateLinkServiceConnectionState"]["status"] == "Pending")
            .unwrap();
        pending["properties"]["privateLinkServiceConnectionState"]["status"] = "Approved".into();
        // Azure answers a changed service under a new ETag; without one, its connections are
        // compared one by one.
        let mut changed = doc.clone();
        service_mut(&mut changed, &my_pls)["etag"] = "W/\"new\"".into();
        let mut unmarked = doc;
        service_mut(&mut unmarked, &my_pls)
            .as_object_mut()
            .unwrap()
            .remove("etag");
        for doc in [changed, unmarked] {
            check_one_change(&before, &doc, &my_pls);
        }
    }

    fn service_mut<'a>(
        doc: &'a mut emulator::EstateDocument,
        id: &ResourceId,
    ) -> &'a mut serde_json::Value {
        doc.resources
            .iter_mut()
            .find(|r| {
                r["id"]
                    .as_str()
                    .is_some_and(|t| ResourceId::parse(t).is_ok_and(|t| t == *id))
            })
            .unwrap()
    }

    fn check_one_change(before: &Keys, doc: &emulator::EstateDocument, my_pls: &ResourceId) {
        let after = Keys::of(&offline::snapshot(doc, demo_now()), before);
        for (id, key) in &after.services {
            assert_eq!(
                key.same_connections(&before.services[id]),
                id != my_pls,
                "{id}: only myPLS's connections are new"
            );
        }
        let changes = diff(before, &after);
        assert_eq!(
            changes.iter().map(|c| c.kind).collect::<Vec<_>>(),
            [ChangeKind::StateChanged]
        );
        let delta = before.delta(&after);
        assert_eq!(
            (
                delta.services.len(),
                delta.connections.len(),
                delta.connections_gone.len()
            ),
            (0, 1, 0),
            "one row to write"
        );
    }

    #[test]
    fn a_subscription_that_cannot_be_read_keeps_its_keys_and_only_says_so() {
        let before = Keys::of(&offline::snapshot(&demo(), demo_now()), &Keys::default());
        let platform = |keys: &Keys| {
            keys.services
                .iter()
                .filter(|(id, _)| id.subscription().eq_ignore_ascii_case(CONTOSO_PLATFORM))
                .map(|(_, s)| s.connections.len())
                .sum::<usize>()
        };
        let mut doc = demo();
        // Contoso Platform holds myPLS and the other services.
        doc.denied_subscriptions.push(CONTOSO_PLATFORM.into());
        let after = Keys::of(&offline::snapshot(&doc, demo_now()), &before);
        assert!(platform(&before) > 0);
        assert_eq!(platform(&after), platform(&before), "kept as last read");
        let changes = diff(&before, &after);
        assert_eq!(
            changes.iter().map(|c| c.kind).collect::<Vec<_>>(),
            [ChangeKind::SubscriptionUnreadable],
            "{changes:#?}"
        );
    }
}
