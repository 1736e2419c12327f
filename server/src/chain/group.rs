//! Large fan-out: a service with more connections in scope than `Scope::group_above` shows them
//! grouped by state and kind of consumer ("+184 Approved from 12 subscriptions"). A group of one
//! is shown as the connection itself; a group the scope expands, one connection at a time.
//! Pure; group keys are built from the lower-cased service id, so they survive syncs.

use std::collections::{BTreeMap, HashSet};

use app::model::{GroupInfo, NodeFlag, NodeKind};

use super::Node;
use super::nodes::{front_door_pending, key};
use super::scope::{Scope, consumer_subscription};
use crate::arm::ResourceId;
use crate::inventory::join::{ConnectionLink, Consumer};

/// The kind of consumer connections are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum ConsumerKind {
    FrontDoor,
    FrontDoorHidden,
    Endpoint,
    ExternalEndpoint,
    Unknown,
}

impl ConsumerKind {
    fn of(consumer: &Consumer) -> Self {
        match consumer {
            Consumer::FrontDoor { .. } => Self::FrontDoor,
            Consumer::FrontDoorHidden { .. } => Self::FrontDoorHidden,
            Consumer::Endpoint { .. } => Self::Endpoint,
            Consumer::ExternalEndpoint { .. } => Self::ExternalEndpoint,
            Consumer::Unknown => Self::Unknown,
        }
    }

    /// Part of a group key.
    fn slug(self) -> &'static str {
        match self {
            Self::FrontDoor => "frontdoor",
            Self::FrontDoorHidden => "frontdoor-hidden",
            Self::Endpoint => "endpoint",
            Self::ExternalEndpoint => "external",
            Self::Unknown => "unknown",
        }
    }

    /// For people, plural.
    fn noun(self) -> &'static str {
        match self {
            Self::FrontDoor => "Front Door origins",
            Self::FrontDoorHidden => "Front Door (profile not visible)",
            Self::Endpoint => "private endpoints",
            Self::ExternalEndpoint => "private endpoints outside the estate",
            Self::Unknown => "unknown consumers",
        }
    }
}

/// How one or more connections of a service are shown.
#[derive(Debug)]
pub(super) enum Shown<'c> {
    /// One connection, with its consumer.
    One(&'c ConnectionLink),
    /// A group node standing for several.
    Group(Box<Node>),
}

/// The connections of the service `service` in the order they are drawn: one by one up to
/// `scope.group_above`, else grouped by state then kind of consumer.
pub(super) fn arrange<'c>(
    service: &ResourceId,
    links: Vec<&'c ConnectionLink>,
    scope: &Scope,
) -> Vec<Shown<'c>> {
    if links.len() <= scope.group_above {
        return links.into_iter().map(Shown::One).collect();
    }
    let mut buckets: BTreeMap<(String, ConsumerKind), Vec<&ConnectionLink>> = BTreeMap::new();
    for link in links {
        // Other states are kept as Azure wrote them; group them ignoring case all the same.
        let state = link.status.as_str().to_ascii_lowercase();
        buckets
            .entry((state, ConsumerKind::of(&link.consumer)))
            .or_default()
            .push(link);
    }
    let mut shown = Vec::new();
    for ((state, kind), links) in buckets {
        let group_key = format!("{}|{state}|{}", key("group", service), kind.slug());
        if links.len() == 1 || scope.expanded.contains(&group_key) {
            shown.extend(links.into_iter().map(Shown::One));
        } else {
            shown.push(Shown::Group(Box::new(group_node(group_key, kind, &links))));
        }
    }
    shown
}

/// The node of a group of `links`, all in one state with consumers of `kind`.
fn group_node(key: String, kind: ConsumerKind, links: &[&ConnectionLink]) -> Node {
    let state = links.first().map_or("", |link| link.status.as_str());
    let subscriptions: HashSet<ResourceId> = links
        .iter()
        .filter_map(|l| consumer_subscription(l))
        .collect();
    let count = links.len();
    let from = match subscriptions.len() {
        0 => String::new(),
        1 => " from 1 subscription".to_owned(),
        n => format!(" from {n} subscriptions"),
    };
    let mut node = Node::new(
        key.clone(),
        NodeKind::Group,
        format!("+{count} {state}{from}"),
    );
    node.sublabel = Some(kind.noun().to_owned());
    node.state = Some(state.to_owned());
    // Every link of a group has the same state and kind of consumer: the first speaks for all.
    if links.first().is_some_and(|link| front_door_pending(link)) {
        node.flags.push(NodeFlag::FrontDoorPending);
    }
    node.group = Some(GroupInfo {
        key,
        state: state.to_owned(),
        consumer_kind: kind.noun().to_owned(),
        count: u32::try_from(count).unwrap_or(u32::MAX),
        subscriptions: u32::try_from(subscriptions.len()).unwrap_or(u32::MAX),
    });
    node
}
