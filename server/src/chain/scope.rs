//! What part of the estate a graph shows: subscriptions, a cluster, a private link service,
//! connection states, and which connection groups are expanded. Every id is a `ResourceId`, so
//! a scope written in any casing selects the same resources. Uses the join's output types.
//!
//! - **Subscriptions**: a chain whose service is in one of them is kept whole; of any other
//!   chain, only the connections whose consumer is in one of them (Front Door by its profile).
//!   A PaaS link is kept when its endpoint or its target is in one of them.
//! - **Cluster**: chains the cluster publishes; PaaS links of endpoints in its node resource
//!   group (a private cluster's API server endpoint).
//! - **Service**: that service's chain; PaaS links that target it.
//! - **States**: only connections (and PaaS links) in one of them; a chain left without any is
//!   dropped.

use std::collections::BTreeSet;

use crate::arm::models::{ConnectionStatus, ManagedCluster};
use crate::arm::{ResourceId, ResourceIdError};
use crate::inventory::join::{ConnectionLink, Consumer, PaasLink, ServiceChain};
use crate::inventory::parts::Parts;

/// Connections a service may show one by one; above this, they are grouped.
pub const GROUP_ABOVE: usize = 12;

const CLUSTER_TYPE: &str = "Microsoft.ContainerService/managedClusters";
const PLS_TYPE: &str = "Microsoft.Network/privateLinkServices";

/// What the graph shows. `Scope::default()` is the whole estate, large fan-outs grouped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// Subscriptions (`/subscriptions/{guid}`); empty for all.
    pub subscriptions: Vec<ResourceId>,
    /// An AKS cluster.
    pub cluster: Option<ResourceId>,
    /// A private link service.
    pub service: Option<ResourceId>,
    /// Connection states; empty for all.
    pub states: Vec<ConnectionStatus>,
    /// Keys of the groups to show one connection at a time (`GroupInfo::key`).
    pub expanded: BTreeSet<String>,
    /// Connections a service may show one by one before they are grouped.
    pub group_above: usize,
}

impl Default for Scope {
    fn default() -> Self {
        Self {
            subscriptions: Vec::new(),
            cluster: None,
            service: None,
            states: Vec::new(),
            expanded: BTreeSet::new(),
            group_above: GROUP_ABOVE,
        }
    }
}

/// Why a scope cannot be built from the text given; each names the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    /// The text is not a resource id.
    #[error("the {field} '{text}' is not a valid id: {source}")]
    Id {
        /// Which part of the scope.
        field: &'static str,
        /// The text given.
        text: String,
        /// Why it does not parse.
        #[source]
        source: ResourceIdError,
    },
    /// The id names another kind of resource.
    #[error("the {field} '{text}' is not a {expected} id")]
    WrongType {
        /// Which part of the scope.
        field: &'static str,
        /// The text given.
        text: String,
        /// What it should name.
        expected: &'static str,
    },
}

impl Scope {
    /// Adds a subscription, given as its GUID or as `/subscriptions/{guid}`.
    pub fn with_subscription(mut self, text: &str) -> Result<Self, ScopeError> {
        let trimmed = text.trim();
        let full = if trimmed.starts_with('/') {
            trimmed.to_owned()
        } else {
            format!("/subscriptions/{trimmed}")
        };
        let id = parse("subscription", text, &full)?;
        if id.parent().is_some() {
            return Err(wrong_type("subscription", text, "subscription"));
        }
        self.subscriptions.push(id);
        Ok(self)
    }

    /// Limits the graph to an AKS cluster, given by its resource id.
    pub fn with_cluster(mut self, text: &str) -> Result<Self, ScopeError> {
        let id = parse("cluster", text, text)?;
        if !id.is_type(CLUSTER_TYPE) {
            return Err(wrong_type("cluster", text, CLUSTER_TYPE));
        }
        self.cluster = Some(id);
        Ok(self)
    }

    /// Limits the graph to a private link service (or a PaaS resource holding connections, whose
    /// short chain it then is), given by its resource id.
    pub fn with_service(mut self, text: &str) -> Result<Self, ScopeError> {
        let id = parse("service", text, text)?;
        let paas = id
            .resource_type()
            .as_deref()
            .and_then(crate::arm::models::paas_type)
            .is_some();
        if !id.is_type(PLS_TYPE) && !paas {
            return Err(wrong_type(
                "service",
                text,
                "Microsoft.Network/privateLinkServices (or PaaS resource)",
            ));
        }
        self.service = Some(id);
        Ok(self)
    }

    /// Adds a connection state (`Pending`, `approved`…; other words are kept as written).
    pub fn with_state(mut self, text: &str) -> Self {
        self.states.push(ConnectionStatus::parse(text));
        self
    }

    /// Expands the group with this key.
    pub fn expand(mut self, key: &str) -> Self {
        self.expanded.insert(key.to_owned());
        self
    }

    /// The connections of `chain` in scope, by connection id; `None` when the chain is out of it.
    pub(super) fn connections<'c>(
        &self,
        chain: &'c ServiceChain,
    ) -> Option<Vec<&'c ConnectionLink>> {
        if self.service.as_ref().is_some_and(|s| s != &chain.service)
            || self
                .cluster
                .as_ref()
                .is_some_and(|c| chain.cluster.as_ref() != Some(c))
        {
            return None;
        }
        let whole = self.in_subscriptions(&chain.service);
        let kept: Vec<&ConnectionLink> = chain
            .connections
            .iter()
            .filter(|link| whole || consumer_subscription(link).is_some_and(|s| self.has(&s)))
            .filter(|link| self.has_state(&link.status))
            .collect();
        // A chain shows without connections only when it is in scope by itself.
        let by_itself = whole && self.states.is_empty();
        (by_itself || !kept.is_empty()).then_some(kept)
    }

    /// Whether a PaaS link is in scope; `node_group` is the scoped cluster's node resource group.
    pub(super) fn keeps_paas(&self, link: &PaasLink, node_group: Option<&ResourceId>) -> bool {
        if self.service.as_ref().is_some_and(|s| s != &link.target)
            || (self.cluster.is_some() && link.endpoint.resource_group_id().as_ref() != node_group)
        {
            return false;
        }
        (self.in_subscriptions(&link.endpoint) || self.in_subscriptions(&link.target))
            && self.has_state(&link.status)
    }

    /// The node resource group of the scoped cluster, if it is among `clusters`.
    pub(super) fn node_group(&self, clusters: &Parts<ManagedCluster>) -> Option<ResourceId> {
        let scoped = self.cluster.as_ref()?;
        let cluster = clusters
            .of(scoped.subscription())
            .iter()
            .find(|c| &c.id == scoped)?;
        let group = cluster.node_resource_group.as_deref()?;
        cluster
            .id
            .subscription_id()
            .try_child("resourceGroups", group)
            .ok()
    }

    /// Whether `id` is in the scoped subscriptions (all, when none are scoped).
    fn in_subscriptions(&self, id: &ResourceId) -> bool {
        self.subscriptions.is_empty() || self.has(&id.subscription_id())
    }

    fn has(&self, subscription: &ResourceId) -> bool {
        self.subscriptions.contains(subscription)
    }

    fn has_state(&self, status: &ConnectionStatus) -> bool {
        self.states.is_empty() || self.states.contains(status)
    }
}

/// The subscription a connection's consumer lives in: a Front Door profile's, or the
/// endpoint's (Front Door's own endpoints live in a Microsoft subscription).
pub(super) fn consumer_subscription(link: &ConnectionLink) -> Option<ResourceId> {
    match &link.consumer {
        Consumer::FrontDoor { profile, .. } => Some(profile.subscription_id()),
        Consumer::Endpoint { endpoint, .. } | Consumer::ExternalEndpoint { endpoint } => {
            Some(endpoint.subscription_id())
        }
        Consumer::FrontDoorHidden { .. } | Consumer::Unknown => link
            .private_endpoint
            .as_ref()
            .map(ResourceId::subscription_id),
    }
}

fn parse(field: &'static str, text: &str, full: &str) -> Result<ResourceId, ScopeError> {
    ResourceId::parse(full).map_err(|source| ScopeError::Id {
        field,
        text: text.to_owned(),
        source,
    })
}

fn wrong_type(field: &'static str, text: &str, expected: &'static str) -> ScopeError {
    ScopeError::WrongType {
        field,
        text: text.to_owned(),
        expected,
    }
}
