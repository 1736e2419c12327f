//! The change feed's diff: what changed between the keys of two syncs, as events — a
//! connection appeared (with its state), changed state (its new description, if any, in the
//! same event), changed only its description, or is gone; a
//! private link service appeared, is gone, or was **recreated** (the same id with a new alias,
//! or a new id of the same name on the same frontend: one event, counting the connections it
//! lost, rather than a removal and an appearance per connection); a frontend was lost; a
//! subscription became unreadable or readable again. Ids compare ignoring case, as Azure's do.
//! Pure.

use std::collections::{HashMap, HashSet};

use app::model::ChangeKind;

use super::keys::{ConnectionKey, Keys, ServiceKey};
use crate::arm::ResourceId;

/// One change between two syncs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What kind.
    pub kind: ChangeKind,
    /// The subscription (GUID) it happened in.
    pub subscription: String,
    /// The private link service, when one is concerned.
    pub service: Option<ResourceId>,
    /// The connection, when one is concerned.
    pub connection: Option<ResourceId>,
    /// The value before (a state, a description, an alias or the old id).
    pub from: Option<String>,
    /// The value after.
    pub to: Option<String>,
    /// What happened, in a sentence.
    pub detail: String,
}

/// The changes from `before` to `after`, ordered by subscription, service, connection, kind.
pub fn diff(before: &Keys, after: &Keys) -> Vec<Change> {
    let mut changes = Vec::new();
    subscriptions(before, after, &mut changes);
    let recreated = recreations(before, after);
    // Services whose old connections a recreation accounts for.
    let replaced: HashSet<&ResourceId> = recreated.iter().map(|r| r.old).collect();
    let replacements: HashSet<&ResourceId> = recreated.iter().map(|r| r.new).collect();
    for recreation in &recreated {
        changes.push(recreation.change(before));
    }
    for (id, old) in &before.services {
        match after.services.get(id) {
            None if !replaced.contains(id) => changes.push(service_change(
                ChangeKind::ServiceGone,
                id,
                format!("private link service {} is gone", old.name),
            )),
            Some(new) if old.frontend_found && !new.frontend_found => {
                changes.push(Change {
                    from: old.frontend.as_ref().map(ToString::to_string),
                    to: new.frontend.as_ref().map(ToString::to_string),
                    ..service_change(
                        ChangeKind::FrontendLost,
                        id,
                        format!(
                            "the load balancer frontend of {} is gone: new connections cannot reach it",
                            new.name
                        ),
                    )
                });
            }
            _ => {}
        }
    }
    for (id, new) in &after.services {
        if !before.services.contains_key(id) && !replacements.contains(id) {
            changes.push(service_change(
                ChangeKind::ServiceAppeared,
                id,
                format!("private link service {} appeared", new.name),
            ));
        }
    }
    for (service, new) in &after.services {
        match before.services.get(service) {
            Some(old) if old.same_connections(new) => {}
            Some(old) => connections(
                service,
                Some(old),
                new,
                replaced.contains(service),
                &mut changes,
            ),
            None => connections(service, None, new, false, &mut changes),
        }
    }
    for (service, old) in &before.services {
        if !after.services.contains_key(service) && !replaced.contains(service) {
            for (id, key) in old.connections.iter() {
                changes.push(gone(service, id, key));
            }
        }
    }
    changes.sort_by(|a, b| {
        (&a.subscription, &a.service, &a.connection, a.kind).cmp(&(
            &b.subscription,
            &b.service,
            &b.connection,
            b.kind,
        ))
    });
    changes
}

/// The changes of one service's connections, `old` (none: the service is new) to `new`; a
/// recreated service's old connections went with it (the recreation says so) rather than one
/// by one.
fn connections(
    service: &ResourceId,
    old: Option<&ServiceKey>,
    new: &ServiceKey,
    recreated: bool,
    changes: &mut Vec<Change>,
) {
    let was = old.map(|o| o.connections.by_id()).unwrap_or_default();
    for (id, now) in new.connections.iter() {
        let Some(before) = was.get(id) else {
            changes.push(connection_change(
                ChangeKind::ConnectionAppeared,
                service,
                id,
                None,
                Some(now.state.clone()),
                format!("connection {} appeared {}", id.name(), now.state),
            ));
            continue;
        };
        if !now.state.eq_ignore_ascii_case(&before.state) {
            // An approval or rejection usually sets the description too: one change.
            let detail = if now.description == before.description {
                format!("{} → {}", before.state, now.state)
            } else {
                format!("{} → {}: '{}'", before.state, now.state, now.description)
            };
            changes.push(connection_change(
                ChangeKind::StateChanged,
                service,
                id,
                Some(before.state.clone()),
                Some(now.state.clone()),
                detail,
            ));
        } else if now.description != before.description {
            changes.push(connection_change(
                ChangeKind::DescriptionChanged,
                service,
                id,
                Some(before.description.clone()),
                Some(now.description.clone()),
                format!("description changed to '{}'", now.description),
            ));
        }
    }
    if recreated || was.is_empty() {
        return;
    }
    let is = new.connections.by_id();
    for (id, key) in old.into_iter().flat_map(|o| o.connections.iter()) {
        if !is.contains_key(id) {
            changes.push(gone(service, id, key));
        }
    }
}

fn gone(service: &ResourceId, id: &ResourceId, key: &ConnectionKey) -> Change {
    connection_change(
        ChangeKind::ConnectionGone,
        service,
        id,
        Some(key.state.clone()),
        None,
        format!("connection {} ({}) is gone", id.name(), key.state),
    )
}

fn subscriptions(before: &Keys, after: &Keys, changes: &mut Vec<Change>) {
    for (subscription, readable) in &after.subscriptions {
        let (kind, detail) = match (before.subscriptions.get(subscription), readable) {
            (Some(true), false) => (
                ChangeKind::SubscriptionUnreadable,
                "the subscription cannot be read: its resources are shown as last read",
            ),
            (Some(false), true) => (
                ChangeKind::SubscriptionReadable,
                "the subscription can be read again",
            ),
            _ => continue,
        };
        changes.push(Change {
            kind,
            subscription: subscription.clone(),
            service: None,
            connection: None,
            from: None,
            to: None,
            detail: detail.to_owned(),
        });
    }
}

fn service_change(kind: ChangeKind, id: &ResourceId, detail: String) -> Change {
    Change {
        kind,
        subscription: id.subscription().to_ascii_lowercase(),
        service: Some(id.clone()),
        connection: None,
        from: None,
        to: None,
        detail,
    }
}

fn connection_change(
    kind: ChangeKind,
    service: &ResourceId,
    id: &ResourceId,
    from: Option<String>,
    to: Option<String>,
    detail: String,
) -> Change {
    Change {
        kind,
        subscription: id.subscription().to_ascii_lowercase(),
        service: Some(service.clone()),
        connection: Some(id.clone()),
        from,
        to,
        detail,
    }
}

/// A private link service deleted and created again.
struct Recreation<'a> {
    old: &'a ResourceId,
    new: &'a ResourceId,
    old_alias: Option<&'a str>,
    new_alias: Option<&'a str>,
    name: &'a str,
}

impl Recreation<'_> {
    fn change(&self, before: &Keys) -> Change {
        let lost: Vec<&ConnectionKey> = before
            .services
            .get(self.old)
            .into_iter()
            .flat_map(|s| s.connections.iter().map(|(_, key)| key))
            .collect();
        let approved = lost
            .iter()
            .filter(|c| c.state.eq_ignore_ascii_case("Approved"))
            .count();
        let (from, to) = if self.old == self.new {
            (
                self.old_alias.map(str::to_owned),
                self.new_alias.map(str::to_owned),
            )
        } else {
            (Some(self.old.to_string()), Some(self.new.to_string()))
        };
        Change {
            kind: ChangeKind::ServiceRecreated,
            subscription: self.new.subscription().to_ascii_lowercase(),
            service: Some(self.new.clone()),
            connection: None,
            from,
            to,
            detail: format!(
                "private link service {} was recreated: its {} connection{} ({approved} Approved) \
                 went with the old one and consumers must connect again",
                self.name,
                lost.len(),
                if lost.len() == 1 { "" } else { "s" }
            ),
        }
    }
}

/// Services recreated between the two syncs: the same id under a new alias, or a gone id
/// replaced by a new one of the same name on the same frontend.
fn recreations<'a>(before: &'a Keys, after: &'a Keys) -> Vec<Recreation<'a>> {
    let mut found = Vec::new();
    for (id, old) in &before.services {
        if let Some(new) = after.services.get(id)
            && let (Some(was), Some(is)) = (&old.alias, &new.alias)
            && !was.eq_ignore_ascii_case(is)
        {
            found.push(Recreation {
                old: id,
                new: id,
                old_alias: Some(was),
                new_alias: Some(is),
                name: &new.name,
            });
        }
    }
    // A new id of the same name on the same frontend replaces a gone one.
    let appeared: HashMap<(String, &ResourceId), (&ResourceId, &ServiceKey)> = after
        .services
        .iter()
        .filter(|(id, _)| !before.services.contains_key(*id))
        .filter_map(|(id, key)| {
            Some((
                (key.name.to_ascii_lowercase(), key.frontend.as_ref()?),
                (id, key),
            ))
        })
        .collect();
    for (id, old) in &before.services {
        if after.services.contains_key(id) {
            continue;
        }
        let Some(frontend) = &old.frontend else {
            continue;
        };
        if let Some((new_id, new)) = appeared.get(&(old.name.to_ascii_lowercase(), frontend)) {
            found.push(Recreation {
                old: id,
                new: new_id,
                old_alias: old.alias.as_deref(),
                new_alias: new.alias.as_deref(),
                name: &new.name,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests;
