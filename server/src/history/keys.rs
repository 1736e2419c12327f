//! `Keys`: what the change feed compares from one sync to the next — each private link
//! service's identity (name, alias, frontend), each of its connections' state and description,
//! and which subscriptions could be read. Small beside a snapshot: ids are shared with it, and
//! nothing else is kept. A subscription that cannot be read now keeps the keys it had, so its
//! resources neither vanish nor reappear when it comes back. The store keeps them between runs
//! (`from_known`, and `delta`: the rows a sync changes). Pure.

use std::collections::HashMap;

use crate::arm::ResourceId;
use crate::inventory::Snapshot;
use crate::inventory::join::FrontendLink;
use crate::inventory::snapshot::SubscriptionHealth;
use crate::store::{KnownConnection, KnownDelta, KnownService, KnownState};

/// A map by resource id with a fast hasher: the change feed looks up every connection of the
/// estate twice a sync, and SipHash over 60,000 ids of 180 bytes was most of its time.
pub type IdMap<V> = HashMap<ResourceId, V, foldhash::fast::RandomState>;

/// What one sync saw, as the change feed compares it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keys {
    /// Private link services by id.
    pub services: IdMap<ServiceKey>,
    /// Their connections by id.
    pub connections: IdMap<ConnectionKey>,
    /// Subscriptions by GUID (lower case): whether they could be read.
    pub subscriptions: HashMap<String, bool>,
}

/// A private link service's identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceKey {
    /// Its name.
    pub name: String,
    /// The alias consumers connect with; a new one (a new GUID in it) means a new resource.
    pub alias: Option<String>,
    /// The frontend it names (the first), if any.
    pub frontend: Option<ResourceId>,
    /// Whether that frontend is in the inventory.
    pub frontend_found: bool,
}

/// A connection's state and description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionKey {
    /// The private link service holding it.
    pub service: ResourceId,
    /// `Pending`, `Approved`, …
    pub state: String,
    /// Its description (the request message, or the provider's reason).
    pub description: String,
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
        let kept = |id: &ResourceId| {
            failed
                .iter()
                .any(|s| s.eq_ignore_ascii_case(id.subscription()))
        };
        let mut services: IdMap<ServiceKey> = before
            .services
            .iter()
            .filter(|(id, _)| kept(id))
            .map(|(id, key)| (id.clone(), key.clone()))
            .collect();
        let mut connections: IdMap<ConnectionKey> = before
            .connections
            .iter()
            .filter(|(_, key)| kept(&key.service))
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
        for service in snapshot.inventory.services.iter() {
            services.insert(
                service.id.clone(),
                ServiceKey {
                    name: service.name.clone(),
                    alias: service.alias.clone(),
                    frontend: service.frontend_ids.first().cloned(),
                    frontend_found: found.get(&service.id).copied().unwrap_or(false),
                },
            );
            for connection in &service.connections {
                connections.insert(
                    connection.id.clone(),
                    ConnectionKey {
                        service: service.id.clone(),
                        state: connection.state.status.to_string(),
                        description: connection.state.description.clone(),
                    },
                );
            }
        }
        keys.services = services;
        keys.connections = connections;
        keys
    }
}

impl Keys {
    /// The keys the store kept of the last recorded sync; rows whose ids do not parse (edited
    /// by hand) are left out, with a warning.
    pub fn from_known(known: &KnownState) -> Keys {
        let parse = |text: &str| match ResourceId::parse(text) {
            Ok(id) => Some(id),
            Err(error) => {
                tracing::warn!(id = text, %error, "an id the change feed kept does not parse");
                None
            }
        };
        Keys {
            services: known
                .services
                .iter()
                .filter_map(|s| {
                    Some((
                        parse(&s.id)?,
                        ServiceKey {
                            name: s.name.clone(),
                            alias: s.alias.clone(),
                            frontend: s.frontend.as_deref().and_then(parse),
                            frontend_found: s.frontend_found,
                        },
                    ))
                })
                .collect(),
            connections: known
                .connections
                .iter()
                .filter_map(|c| {
                    Some((
                        parse(&c.id)?,
                        ConnectionKey {
                            service: parse(&c.service_id)?,
                            state: c.state.clone(),
                            description: c.description.clone(),
                        },
                    ))
                })
                .collect(),
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
        for (id, key) in &after.services {
            if self.services.get(id) != Some(key) {
                delta.services.push(KnownService {
                    id: id.to_string(),
                    name: key.name.clone(),
                    alias: key.alias.clone(),
                    frontend: key.frontend.as_ref().map(ToString::to_string),
                    frontend_found: key.frontend_found,
                });
            }
        }
        delta.services_gone = gone(&self.services, &after.services);
        for (id, key) in &after.connections {
            if self.connections.get(id) != Some(key) {
                delta.connections.push(KnownConnection {
                    id: id.to_string(),
                    service_id: key.service.to_string(),
                    state: key.state.clone(),
                    description: key.description.clone(),
                });
            }
        }
        delta.connections_gone = gone(&self.connections, &after.connections);
        for (id, readable) in &after.subscriptions {
            if self.subscriptions.get(id) != Some(readable) {
                delta.subscriptions.push((id.clone(), *readable));
            }
        }
        delta
    }
}

/// The ids in `before` that `after` no longer has.
fn gone<V>(before: &IdMap<V>, after: &IdMap<V>) -> Vec<String> {
    before
        .keys()
        .filter(|id| !after.contains_key(*id))
        .map(ToString::to_string)
        .collect()
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
    fn a_subscription_that_cannot_be_read_keeps_its_keys_and_only_says_so() {
        let before = Keys::of(&offline::snapshot(&demo(), demo_now()), &Keys::default());
        let platform = |keys: &Keys| {
            keys.connections
                .keys()
                .filter(|id| id.subscription().eq_ignore_ascii_case(CONTOSO_PLATFORM))
                .count()
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
