//! Posture findings: what an auditor asks of Private Link that no scanner checks — a PaaS
//! resource still open to the internet behind its private endpoints, a service any
//! subscription can find (`*`), auto-approval that visibility makes useless, Approved consumers
//! from tenants nobody trusts, endpoints left Rejected or Disconnected, one NAT IP under many
//! connections, the PROXY protocol. Per chain (so an action's re-link recomputes its own) and
//! per endpoint; thresholds and trusted tenants from `FindingSettings`. Pure.

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use super::chain::{Consumer, ServiceChain};
use super::findings::{Finding, FindingSettings};
use crate::arm::ResourceId;
use crate::arm::models::{
    ConnectionStatus, PaasResource, PrivateEndpoint, PrivateLinkService, PublicAccess, Subscription,
};

const SECONDS_PER_DAY: i64 = 86_400;

/// Which tenant each visible subscription is in, and which tenants are trusted.
#[derive(Debug, Default)]
pub(crate) struct Tenants {
    /// Lower-cased subscription GUID → lower-cased tenant id.
    by_subscription: HashMap<String, String>,
    /// Lower-cased trusted tenant ids; empty: the check is off.
    trusted: HashSet<String>,
}

impl Tenants {
    /// From the subscriptions the principal sees and `--trusted-tenant`.
    pub(crate) fn new<'a>(
        subscriptions: impl IntoIterator<Item = &'a Subscription>,
        settings: &FindingSettings,
    ) -> Self {
        Self {
            by_subscription: subscriptions
                .into_iter()
                .filter_map(|s| {
                    let tenant = s.tenant_id.as_deref()?;
                    Some((
                        s.subscription_id.to_ascii_lowercase(),
                        tenant.to_ascii_lowercase(),
                    ))
                })
                .collect(),
            trusted: settings
                .trusted_tenants
                .iter()
                .map(|t| t.trim().to_ascii_lowercase())
                .collect(),
        }
    }

    /// The tenant of the subscription `id` is in, when Link Center sees that subscription.
    fn of(&self, id: &ResourceId) -> Option<&str> {
        self.by_subscription
            .get(&id.subscription().to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// The posture findings of a private link service's chain.
pub(crate) fn of_service(
    service: &PrivateLinkService,
    chain: &ServiceChain,
    tenants: &Tenants,
    settings: &FindingSettings,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let open = service.visibility.iter().any(|s| s.trim() == "*");
    if open {
        found.push(Finding::OpenVisibility {
            service: service.id.clone(),
            auto_approved: service.auto_approval.clone(),
        });
    } else {
        let visible: HashSet<String> = service
            .visibility
            .iter()
            .map(|s| s.trim().to_ascii_lowercase())
            .collect();
        let useless: Vec<String> = service
            .auto_approval
            .iter()
            .filter(|s| !visible.contains(&s.trim().to_ascii_lowercase()))
            .cloned()
            .collect();
        if !useless.is_empty() {
            found.push(Finding::AutoApprovalNotVisible {
                service: service.id.clone(),
                subscriptions: useless,
            });
        }
    }
    if service.nat_ips.len() == 1 && chain.connections.len() > settings.nat_connections_warn {
        found.push(Finding::OneNatIp {
            service: service.id.clone(),
            connections: chain.connections.len(),
            threshold: settings.nat_connections_warn,
        });
    }
    if service.enable_proxy_protocol {
        found.push(Finding::ProxyProtocol {
            service: service.id.clone(),
        });
    }
    found.extend(untrusted(chain, tenants));
    found
}

/// The posture findings of a PaaS resource's chain.
pub(crate) fn of_paas(
    resource: &PaasResource,
    chain: &ServiceChain,
    tenants: &Tenants,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let approved = chain
        .connections
        .iter()
        .filter(|l| l.status == ConnectionStatus::Approved)
        .count();
    if approved > 0 && resource.public_access == PublicAccess::Enabled {
        found.push(Finding::PublicAccessEnabled {
            service: resource.id.clone(),
            approved,
        });
    }
    found.extend(untrusted(chain, tenants));
    found
}

/// Approved connections whose consumer is not in a trusted tenant (none when no tenant is
/// trusted). Front Door's consumer is the tenant of the profile asking; a consumer whose
/// subscription Link Center does not see is of an unknown tenant, which is not trusted either.
fn untrusted<'c>(
    chain: &'c ServiceChain,
    tenants: &'c Tenants,
) -> impl Iterator<Item = Finding> + 'c {
    let checked: &[_] = if tenants.trusted.is_empty() {
        &[]
    } else {
        &chain.connections
    };
    checked
        .iter()
        .filter(|l| l.status == ConnectionStatus::Approved)
        .filter_map(|link| {
            let owner = match &link.consumer {
                Consumer::FrontDoor { profile, .. } => Some(profile),
                Consumer::Endpoint { endpoint, .. } | Consumer::ExternalEndpoint { endpoint } => {
                    Some(endpoint)
                }
                Consumer::FrontDoorHidden { .. } | Consumer::Unknown => None,
            };
            let tenant = owner.and_then(|id| tenants.of(id));
            if tenant.is_some_and(|t| tenants.trusted.contains(t)) {
                return None;
            }
            Some(Finding::UntrustedTenant {
                service: chain.service.clone(),
                connection: link.connection.clone(),
                tenant: tenant.map(str::to_owned),
            })
        })
}

/// An endpoint of ours whose connection was Rejected or Disconnected: it reaches nothing and
/// holds an address (and, for Rejected, can never be approved again).
pub(crate) fn of_endpoint(endpoint: &PrivateEndpoint, now: OffsetDateTime) -> Vec<Finding> {
    endpoint
        .connections
        .iter()
        .filter(|c| {
            matches!(
                c.state.status,
                ConnectionStatus::Rejected | ConnectionStatus::Disconnected
            )
        })
        .map(|c| Finding::OrphanEndpoint {
            endpoint: endpoint.id.clone(),
            target: c.target.clone(),
            status: c.state.status.clone(),
            days: super::parse_time(endpoint.created_at.as_deref())
                .map(|at| (now - at).whole_seconds().max(0) / SECONDS_PER_DAY),
        })
        .collect()
}

#[cfg(test)]
mod tests;
