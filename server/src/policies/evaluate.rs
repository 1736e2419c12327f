//! The policies over a snapshot: every Pending connection of a private link service, its
//! consumer as the join paired it (a Front Door pairing is ambiguous when another Pending
//! request on the same service pairs with the same origin, or when the join could not pair a
//! Front Door request while an origin of the service waits unpaired: all are held), and the
//! verdict of the first matching policy; `limits.perSync` lets a policy act on its oldest
//! requests only, the rest waiting for the next sync. Pure.

use std::collections::{BTreeMap, HashMap};

use super::conditions::Action;
use super::file::PolicySet;
use super::matching::{Candidate, ConsumerFacts, verdict};
use crate::arm::ResourceId;
use crate::arm::models::ConnectionStatus;
use crate::inventory::Snapshot;
use crate::inventory::join::{ConnectionLink, Consumer, Finding};

/// The verdict on one Pending connection.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectionVerdict {
    /// The connection.
    pub connection: ResourceId,
    /// The policy that matched.
    pub policy: String,
    /// What it does (or would do, in dry-run).
    pub action: Action,
    /// What matched what.
    pub evidence: Vec<String>,
    /// Why it holds instead of acting, when it does.
    pub held_because: Option<String>,
    /// Over the policy's `perSync`: it waits for a later sync.
    pub waiting: bool,
    /// The description an action would send.
    pub description: String,
    /// An approval an approver must confirm before Azure is asked (`requireSecondApprover`).
    pub second_approver: bool,
}

/// The verdicts of `set` on `snapshot`'s Pending connections, oldest request first.
pub fn evaluate(set: &PolicySet, snapshot: &Snapshot) -> Vec<ConnectionVerdict> {
    if set.policies.is_empty() {
        return Vec::new();
    }
    let tenants: HashMap<String, &str> = snapshot
        .inventory
        .subscriptions
        .iter()
        .filter_map(|s| {
            Some((
                s.subscription_id.to_ascii_lowercase(),
                s.tenant_id.as_deref()?,
            ))
        })
        .collect();
    let empty = BTreeMap::new();
    let tags: HashMap<&ResourceId, &BTreeMap<String, String>> = snapshot
        .inventory
        .services
        .iter()
        .map(|s| (&s.id, &s.tags))
        .collect();
    let mut pending: Vec<(&ResourceId, &ConnectionLink)> = snapshot
        .chains
        .chains
        .iter()
        .flat_map(|chain| {
            chain
                .connections
                .iter()
                .map(move |link| (&chain.service, link))
        })
        .filter(|(_, link)| link.status == ConnectionStatus::Pending)
        .collect();
    // Oldest request first (unknown times last): `perSync` lets the longest waiting go first.
    pending.sort_by(|a, b| {
        let time = |link: &ConnectionLink| (link.requested_at.is_none(), link.requested_at);
        time(a.1)
            .cmp(&time(b.1))
            .then_with(|| a.1.connection.cmp(&b.1.connection))
    });
    // Two Pending requests on one service paired with one origin: either could be an imitation.
    let mut pairings: HashMap<(&ResourceId, &ResourceId), usize> = HashMap::new();
    for (service, link) in &pending {
        if let Consumer::FrontDoor { origin, .. } = &link.consumer {
            *pairings.entry((*service, origin)).or_default() += 1;
        }
    }
    // Origins asking for a service with no connection paired to them: a Front Door request on
    // that service the join could not pair (two carry the origin's message, say) may be theirs.
    let mut unpaired: HashMap<&ResourceId, (&ResourceId, &ResourceId)> = HashMap::new();
    for finding in &snapshot.chains.findings {
        if let Finding::FrontDoorPending {
            service,
            origin,
            profile,
            connection: None,
        } = finding
        {
            unpaired.entry(service).or_insert((profile, origin));
        }
    }
    let mut acted: HashMap<&str, u32> = HashMap::new();
    let mut verdicts = Vec::with_capacity(pending.len());
    for (service, link) in pending {
        let consumer = match &link.consumer {
            Consumer::FrontDoor {
                profile, origin, ..
            } => ConsumerFacts::FrontDoor {
                profile,
                origin,
                ambiguous: pairings.get(&(service, origin)).copied().unwrap_or(0) > 1,
            },
            Consumer::FrontDoorHidden { .. } => match unpaired.get(service) {
                // Held whatever the policy: it cannot be told which request is the origin's.
                Some((profile, origin)) => ConsumerFacts::FrontDoor {
                    profile,
                    origin,
                    ambiguous: true,
                },
                None => ConsumerFacts::FrontDoorHidden,
            },
            Consumer::Endpoint { endpoint, .. } => ConsumerFacts::Endpoint {
                endpoint,
                tenant: tenants
                    .get(&endpoint.subscription().to_ascii_lowercase())
                    .copied(),
            },
            Consumer::ExternalEndpoint { endpoint } => ConsumerFacts::External { endpoint },
            Consumer::Unknown => ConsumerFacts::Unknown,
        };
        let candidate = Candidate {
            service,
            service_tags: tags.get(service).copied().unwrap_or(&empty),
            consumer,
            request_message: &link.description,
        };
        let Some(found) = verdict(set, &candidate) else {
            continue;
        };
        let waiting = match (found.action, found.policy.limits.per_sync) {
            (Action::Hold, _) | (_, None) => false,
            (_, Some(limit)) => {
                let done = acted.entry(found.policy.name.as_str()).or_default();
                *done += 1;
                *done > limit
            }
        };
        verdicts.push(ConnectionVerdict {
            connection: link.connection.clone(),
            policy: found.policy.name.clone(),
            action: found.action,
            evidence: found.evidence,
            held_because: found.held_because,
            waiting,
            description: found.policy.description_for(&consumer),
            second_approver: found.action == Action::Approve
                && found.policy.require_second_approver,
        });
    }
    verdicts
}

#[cfg(test)]
mod tests;
