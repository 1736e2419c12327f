//! Loss detection between two syncs: a private link service that lost more than the
//! threshold's share of its Approved connections, or was recreated (the same id under a new
//! alias, or a new id of the same name on the same frontend) with connections it held. Each
//! loss is kept for a day — a ConnectionsLost only while the service has fewer Approved than
//! before — so a loss seen at night is still there in the morning. Pure.

use std::collections::HashMap;

use time::{Duration, OffsetDateTime};

use super::chain::ServiceChain;
use super::findings::Finding;
use crate::arm::ResourceId;
use crate::arm::models::{ConnectionStatus, PrivateLinkService};

/// How long a loss stays a finding.
pub const KEPT_FOR: Duration = Duration::days(1);

/// A service's identity and connections, as loss detection compares them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    name: String,
    alias: Option<String>,
    frontend: Option<ResourceId>,
    approved: usize,
    total: usize,
}

/// The tallies of `services`, their connections counted from `chains`.
pub fn tallies<'a>(
    services: impl Iterator<Item = &'a PrivateLinkService>,
    chains: impl Iterator<Item = &'a ServiceChain>,
) -> HashMap<ResourceId, Tally> {
    let counted: HashMap<&ResourceId, (usize, usize)> = chains
        .map(|chain| {
            let approved = chain
                .connections
                .iter()
                .filter(|l| l.status == ConnectionStatus::Approved)
                .count();
            (&chain.service, (approved, chain.connections.len()))
        })
        .collect();
    services
        .map(|service| {
            let (approved, total) = counted.get(&service.id).copied().unwrap_or((0, 0));
            (
                service.id.clone(),
                Tally {
                    name: service.name.clone(),
                    alias: service.alias.clone(),
                    frontend: service.frontend_ids.first().cloned(),
                    approved,
                    total,
                },
            )
        })
        .collect()
}

/// The losses from `before` to `after` seen `now`, with `carried` (the previous snapshot's
/// loss findings) kept while they hold; `threshold` is the share of Approved connections (in
/// percent) whose loss is a finding.
pub fn losses(
    before: &HashMap<ResourceId, Tally>,
    after: &HashMap<ResourceId, Tally>,
    carried: &[Finding],
    now: OffsetDateTime,
    threshold: u8,
) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    for (id, old) in before {
        match after.get(id) {
            Some(new) if recreated(old, new) && old.total > 0 => found.push(Finding::Recreated {
                service: id.clone(),
                lost: old.total,
                since: now,
            }),
            Some(new)
                if new.approved < old.approved
                    && (old.approved - new.approved) * 100
                        > usize::from(threshold) * old.approved =>
            {
                found.push(Finding::ConnectionsLost {
                    service: id.clone(),
                    approved_before: old.approved,
                    approved_now: new.approved,
                    since: now,
                });
            }
            Some(_) => {}
            None if old.total > 0 => {
                // A new id of the same name on the same frontend replaces it.
                let successor = after.iter().find(|(new_id, new)| {
                    !before.contains_key(*new_id)
                        && new.name.eq_ignore_ascii_case(&old.name)
                        && old.frontend.is_some()
                        && new.frontend == old.frontend
                });
                if let Some((new_id, _)) = successor {
                    found.push(Finding::Recreated {
                        service: new_id.clone(),
                        lost: old.total,
                        since: now,
                    });
                }
            }
            None => {}
        }
    }
    for finding in carried {
        let Some(service) = finding.service() else {
            continue;
        };
        if found.iter().any(|f| f.service() == Some(service)) {
            continue;
        }
        match finding {
            Finding::ConnectionsLost {
                approved_before,
                since,
                ..
            } if now - *since < KEPT_FOR => {
                if let Some(new) = after.get(service).filter(|n| n.approved < *approved_before) {
                    found.push(Finding::ConnectionsLost {
                        service: service.clone(),
                        approved_before: *approved_before,
                        approved_now: new.approved,
                        since: *since,
                    });
                }
            }
            Finding::Recreated { since, .. }
                if now - *since < KEPT_FOR && after.contains_key(service) =>
            {
                found.push(finding.clone());
            }
            _ => {}
        }
    }
    found.sort();
    found
}

fn recreated(old: &Tally, new: &Tally) -> bool {
    matches!((&old.alias, &new.alias), (Some(was), Some(is)) if !was.eq_ignore_ascii_case(is))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(name: &str) -> ResourceId {
        ResourceId::parse(&format!(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/{name}"
        ))
        .unwrap()
    }

    fn tally(alias: &str, approved: usize, total: usize) -> Tally {
        Tally {
            name: "myPLS".into(),
            alias: Some(alias.into()),
            frontend: Some(id("fe")),
            approved,
            total,
        }
    }

    fn one(id: &ResourceId, tally: Tally) -> HashMap<ResourceId, Tally> {
        HashMap::from([(id.clone(), tally)])
    }

    fn at(hours: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap() + Duration::hours(hours)
    }

    #[test]
    fn losing_more_than_the_threshold_of_approved_is_a_finding_kept_while_it_holds() {
        let pls = id("myPLS");
        let before = one(&pls, tally("a", 10, 12));
        let small = losses(&before, &one(&pls, tally("a", 9, 11)), &[], at(0), 20);
        assert_eq!(small, [], "10% is within the threshold");
        let big = losses(&before, &one(&pls, tally("a", 7, 9)), &[], at(0), 20);
        assert!(
            matches!(
                &big[..],
                [Finding::ConnectionsLost {
                    approved_before: 10,
                    approved_now: 7,
                    ..
                }]
            ),
            "{big:?}"
        );
        let later = one(&pls, tally("a", 8, 10));
        let kept = losses(&later, &later, &big, at(2), 20);
        assert!(
            matches!(&kept[..], [Finding::ConnectionsLost { approved_now: 8, since, .. }] if *since == at(0)),
            "{kept:?}"
        );
        let recovered = one(&pls, tally("a", 10, 12));
        assert_eq!(losses(&later, &recovered, &big, at(3), 20), []);
        assert_eq!(losses(&later, &later, &big, at(25), 20), [], "a day later");
    }

    #[test]
    fn a_recreated_service_is_one_finding_whether_its_alias_or_its_id_changed() {
        let pls = id("myPLS");
        let before = one(&pls, tally("myPLS.1111", 3, 3));
        let same_id = losses(
            &before,
            &one(&pls, tally("myPLS.2222", 0, 0)),
            &[],
            at(0),
            20,
        );
        assert!(
            matches!(&same_id[..], [Finding::Recreated { lost: 3, .. }]),
            "{same_id:?}"
        );
        let moved = ResourceId::parse(
            "/subscriptions/s/resourceGroups/rg2/providers/Microsoft.Network/privateLinkServices/myPLS",
        )
        .unwrap();
        let new_id = losses(
            &before,
            &one(&moved, tally("myPLS.3333", 0, 0)),
            &[],
            at(0),
            20,
        );
        assert!(
            matches!(&new_id[..], [Finding::Recreated { service, .. }] if *service == moved),
            "{new_id:?}"
        );
        assert_eq!(
            losses(&before, &HashMap::new(), &[], at(0), 20),
            [],
            "just gone"
        );
    }
}
