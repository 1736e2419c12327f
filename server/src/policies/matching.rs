//! The verdict of the policies on one Pending connection: the first policy whose every
//! condition holds, what it would do, and the evidence (which property matched what). A Front
//! Door match needs the unambiguous pairing of the request with one origin; an ambiguous one
//! holds instead of acting. A consumer whose subscription cannot be read never matches a
//! subscription or tenant condition. Pure.

use std::collections::BTreeMap;

use super::conditions::Action;
use super::file::{ConsumerCondition, Policy, PolicySet, ServiceCondition};
use crate::arm::ResourceId;

/// What the inventory knows of one Pending connection.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    /// The private link service.
    pub service: &'a ResourceId,
    /// Its tags.
    pub service_tags: &'a BTreeMap<String, String>,
    /// Who asks.
    pub consumer: ConsumerFacts<'a>,
    /// The request message (the connection's description while Pending).
    pub request_message: &'a str,
}

/// Who asks, as the join paired it.
#[derive(Clone, Copy, Debug)]
pub enum ConsumerFacts<'a> {
    /// A Front Door origin in a readable subscription names the service.
    FrontDoor {
        /// The profile.
        profile: &'a ResourceId,
        /// The origin.
        origin: &'a ResourceId,
        /// Whether another Pending request could be the same origin's.
        ambiguous: bool,
    },
    /// Front Door's endpoint, but no visible origin pairs with it.
    FrontDoorHidden,
    /// A private endpoint in a readable subscription.
    Endpoint {
        /// The endpoint.
        endpoint: &'a ResourceId,
        /// Its subscription's tenant, when known.
        tenant: Option<&'a str>,
    },
    /// A private endpoint in a subscription Link Center cannot read.
    External {
        /// The endpoint.
        endpoint: &'a ResourceId,
    },
    /// The connection names no endpoint.
    Unknown,
}

/// What the first matching policy would do, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict<'p> {
    /// The policy.
    pub policy: &'p Policy,
    /// What it does: its action, or `Hold` when acting would not be safe.
    pub action: Action,
    /// Each condition and what matched it, e.g. `service name 'myPLS' matches 'my*'`.
    pub evidence: Vec<String>,
    /// Why it holds instead of acting, when it does.
    pub held_because: Option<String>,
}

/// The verdict of `set` on `candidate`: the first policy that matches; none when none does.
/// Policies are tried without writing evidence; only the one that matches is judged again to
/// write it (most policies fail on most connections, and the words would be thrown away).
pub fn verdict<'p>(set: &'p PolicySet, candidate: &Candidate<'_>) -> Option<Verdict<'p>> {
    let policy = set
        .policies
        .iter()
        .find(|policy| judge(policy, candidate, &mut Evidence(None)).is_some())?;
    let mut evidence = Evidence(Some(Vec::new()));
    let held_because = judge(policy, candidate, &mut evidence)?;
    Some(Verdict {
        policy,
        action: match held_because {
            Some(_) => Action::Hold,
            None => policy.action,
        },
        evidence: evidence.0.unwrap_or_default(),
        held_because,
    })
}

/// Where the evidence goes: nowhere while a policy is tried, into the verdict once it matched.
struct Evidence(Option<Vec<String>>);

impl Evidence {
    /// Adds the words `text` makes, when they are kept.
    fn add(&mut self, text: impl FnOnce() -> String) {
        if let Some(words) = &mut self.0 {
            words.push(text());
        }
    }
}

/// `Some(held)` when every condition of `policy` holds (`held`: why acting would not be safe),
/// with the evidence added.
fn judge(
    policy: &Policy,
    candidate: &Candidate<'_>,
    evidence: &mut Evidence,
) -> Option<Option<String>> {
    if let Some(service) = &policy.when.service {
        service_matches(service, candidate, evidence)?;
    }
    let mut held_because = None;
    if let Some(consumer) = &policy.when.consumer {
        held_because = consumer_matches(consumer, &candidate.consumer, evidence)?;
    }
    if let Some(pattern) = &policy.when.request_message {
        if !pattern.matches(candidate.request_message) {
            return None;
        }
        evidence.add(|| format!("request message matches /{}/", pattern.as_str()));
    }
    Some(held_because)
}

/// `Some(())` when every service condition holds, with the evidence added.
fn service_matches(
    condition: &ServiceCondition,
    candidate: &Candidate<'_>,
    evidence: &mut Evidence,
) -> Option<()> {
    let service = candidate.service;
    if let Some(id) = &condition.id {
        (id.0 == *service).then_some(())?;
        evidence.add(|| format!("service id is {}", id.0));
    }
    if let Some(name) = &condition.name {
        name.matches(service.name()).then_some(())?;
        evidence.add(|| {
            format!(
                "service name '{}' matches '{}'",
                service.name(),
                name.as_str()
            )
        });
    }
    if let Some(group) = &condition.resource_group {
        let actual = service.resource_group().unwrap_or_default();
        group.matches(actual).then_some(())?;
        evidence.add(|| format!("resource group '{actual}' matches '{}'", group.as_str()));
    }
    let subscriptions = condition.subscription.values();
    if !subscriptions.is_empty() {
        let actual = service.subscription();
        subscriptions
            .iter()
            .any(|s| s.eq_ignore_ascii_case(actual))
            .then_some(())?;
        evidence.add(|| format!("service subscription {actual} is listed"));
    }
    for tag in condition.tag.values() {
        let tags = candidate
            .service_tags
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        tag.matches(tags).then_some(())?;
        evidence.add(|| format!("tag {}={}", tag.key, tag.value.as_str()));
    }
    Some(())
}

/// `Some(held)` when the consumer condition holds (`held`: why acting would not be safe).
fn consumer_matches(
    condition: &ConsumerCondition,
    consumer: &ConsumerFacts<'_>,
    evidence: &mut Evidence,
) -> Option<Option<String>> {
    match (condition, consumer) {
        (
            ConsumerCondition::FrontDoor(wanted),
            ConsumerFacts::FrontDoor {
                profile,
                origin,
                ambiguous,
            },
        ) => {
            (wanted.profile.0 == **profile).then_some(())?;
            if let Some(glob) = &wanted.origin {
                glob.matches(origin.name()).then_some(())?;
            }
            evidence.add(|| {
                format!(
                    "Front Door profile {} asks through its origin {}",
                    profile.name(),
                    origin.name()
                )
            });
            Some(ambiguous.then(|| {
                "another Pending request could be the same origin's: both are held (someone \
                 may be imitating Front Door's request)"
                    .to_owned()
            }))
        }
        (
            ConsumerCondition::PrivateEndpoint(wanted),
            ConsumerFacts::Endpoint { endpoint, tenant },
        ) => {
            let subscription = endpoint.subscription();
            if wanted
                .subscription
                .values()
                .iter()
                .any(|s| s.eq_ignore_ascii_case(subscription))
            {
                evidence.add(|| {
                    format!(
                        "endpoint {} is in subscription {subscription}",
                        endpoint.name()
                    )
                });
                return Some(None);
            }
            let tenant = (*tenant)?;
            wanted
                .tenant
                .values()
                .iter()
                .any(|t| t.eq_ignore_ascii_case(tenant))
                .then_some(())?;
            evidence.add(|| format!("endpoint {} is in tenant {tenant}", endpoint.name()));
            Some(None)
        }
        (ConsumerCondition::UnknownTenant(true), ConsumerFacts::External { endpoint }) => {
            evidence.add(|| {
                format!(
                    "endpoint {} is in subscription {}, which Link Center cannot read",
                    endpoint.name(),
                    endpoint.subscription()
                )
            });
            Some(None)
        }
        _ => None,
    }
}

impl Policy {
    /// The description sent with the change: the policy's, with `{profile}`, `{origin}` and
    /// `{policy}` filled in (empty when the consumer has none); its name when it has none.
    pub fn description_for(&self, consumer: &ConsumerFacts<'_>) -> String {
        let Some(template) = &self.description else {
            return format!("{} by policy {}", self.action, self.name);
        };
        let (profile, origin) = match consumer {
            ConsumerFacts::FrontDoor {
                profile, origin, ..
            } => (profile.name(), origin.name()),
            _ => ("", ""),
        };
        template
            .replace("{profile}", profile)
            .replace("{origin}", origin)
            .replace("{policy}", &self.name)
    }
}

#[cfg(test)]
mod tests;
