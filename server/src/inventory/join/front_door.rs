//! Front Door pairing: which origin asked for which connection of a private link service. Front
//! Door's private endpoint lives in a Microsoft subscription (`eafd-Prod-<region>`) and names no
//! profile; only the origin's shared private link names the service, so connections and origins
//! of one service are paired by request message, then status, then elimination (see `pair`).

use std::collections::{BTreeMap, HashMap};

use super::findings::Finding;
use crate::arm::ResourceId;
use crate::arm::models::{ConnectionStatus, Origin, PlsConnection};

/// The resource group prefix of Front Door's managed private endpoints (any case).
const FRONT_DOOR_GROUP: &str = "eafd-";
/// The usual full prefix, before the region.
const FRONT_DOOR_PROD_GROUP: &str = "eafd-prod-";

/// Whether a private endpoint is one Front Door manages (its resource group starts `eafd-`).
pub(super) fn is_front_door_endpoint(endpoint: &ResourceId) -> bool {
    endpoint
        .resource_group()
        .is_some_and(|group| starts_with_ignore_case(group, FRONT_DOOR_GROUP))
}

/// The region of a Front Door endpoint: its resource group after `eafd-Prod-` (or `eafd-`).
pub(super) fn region(endpoint: &ResourceId) -> String {
    let group = endpoint.resource_group().unwrap_or_default();
    [FRONT_DOOR_PROD_GROUP, FRONT_DOOR_GROUP]
        .into_iter()
        .find(|prefix| starts_with_ignore_case(group, prefix))
        .and_then(|prefix| group.get(prefix.len()..))
        .unwrap_or(group)
        .to_owned()
}

/// The profile of an origin: `…/profiles/{p}/originGroups/{g}/origins/{o}` → the profile (a
/// classic CDN origin's `…/endpoints/{e}/origins/{o}` gives its profile too).
pub(super) fn profile_of(origin: &ResourceId) -> Option<ResourceId> {
    origin.parent()?.parent()
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The request message of an origin, trimmed; `None` when blank.
fn message(origin: &Origin) -> Option<&str> {
    let link = origin.shared_private_link.as_ref()?;
    let message = link.request_message.as_deref()?.trim();
    (!message.is_empty()).then_some(message)
}

fn origin_status(origin: &Origin) -> Option<&ConnectionStatus> {
    origin.shared_private_link.as_ref()?.status.as_ref()
}

/// Front Door's side of one service: which origin each paired connection belongs to, and the
/// origins whose request waits for approval.
pub(super) struct FrontDoorSide<'a> {
    /// The origin of each paired connection, by connection id.
    pub by_connection: HashMap<&'a ResourceId, &'a Origin>,
    /// `FrontDoorPending` findings, one per origin whose request (or connection) is pending.
    pub pending: Vec<Finding>,
}

/// Pairs the Front Door connections of `service` (sorted by id) with the origins naming it
/// (sorted by id). An origin's request is pending when its paired connection is, or, unpaired,
/// when the origin itself reports `Pending`.
pub(super) fn side<'a>(
    service: &ResourceId,
    connections: &[&'a PlsConnection],
    origins: &[&'a Origin],
) -> FrontDoorSide<'a> {
    let front_door: Vec<&PlsConnection> = connections
        .iter()
        .copied()
        .filter(|c| {
            c.private_endpoint
                .as_ref()
                .is_some_and(is_front_door_endpoint)
        })
        .collect();
    let pairs = pair(&front_door, origins);
    let mut by_connection = HashMap::with_capacity(pairs.len());
    let mut paired: Vec<Option<&PlsConnection>> = vec![None; origins.len()];
    for (connection, origin) in pairs {
        if let (Some(c), Some(o), Some(slot)) = (
            front_door.get(connection),
            origins.get(origin),
            paired.get_mut(origin),
        ) {
            by_connection.insert(&c.id, *o);
            *slot = Some(*c);
        }
    }
    let pending = origins
        .iter()
        .zip(paired)
        .filter(|(origin, connection)| match connection {
            Some(connection) => connection.state.status == ConnectionStatus::Pending,
            None => origin_status(origin) == Some(&ConnectionStatus::Pending),
        })
        .map(|(origin, connection)| Finding::FrontDoorPending {
            service: service.clone(),
            origin: origin.id.clone(),
            profile: profile_of(&origin.id).unwrap_or_else(|| origin.id.clone()),
            connection: connection.map(|c| c.id.clone()),
        })
        .collect();
    FrontDoorSide {
        by_connection,
        pending,
    }
}

/// Pairs Front Door connections with the origins naming their service; returns
/// `(connection index, origin index)` pairs, sorted by connection index.
///
/// 1. A pending connection's description is its origin's request message: a message shared by
///    exactly one connection and one origin pairs them.
/// 2. When several share a message (Terraform's default message is common), a status held by
///    exactly one of those connections and one of those origins pairs them.
/// 3. An approver may replace the description: when exactly one connection and one origin are
///    left unpaired, they pair. Anything else stays unpaired (shown as hidden Front Door).
fn pair(connections: &[&PlsConnection], origins: &[&Origin]) -> Vec<(usize, usize)> {
    let mut groups: BTreeMap<&str, Group<'_>> = BTreeMap::new();
    for (index, connection) in connections.iter().enumerate() {
        let description = connection.state.description.trim();
        if !description.is_empty() {
            let status = Some(&connection.state.status);
            groups
                .entry(description)
                .or_default()
                .connections
                .push((index, status));
        }
    }
    for (index, origin) in origins.iter().enumerate() {
        if let Some(message) = message(origin) {
            let status = origin_status(origin);
            groups
                .entry(message)
                .or_default()
                .origins
                .push((index, status));
        }
    }
    let mut pairs: Vec<(usize, usize)> = groups.values().flat_map(Group::pairs).collect();
    let mut connection_paired = vec![false; connections.len()];
    let mut origin_paired = vec![false; origins.len()];
    for &(connection, origin) in &pairs {
        mark(&mut connection_paired, connection);
        mark(&mut origin_paired, origin);
    }
    if let (Some(connection), Some(origin)) = (
        only_unpaired(&connection_paired),
        only_unpaired(&origin_paired),
    ) {
        pairs.push((connection, origin));
    }
    pairs.sort_unstable();
    pairs
}

/// Connections and origins sharing one message: `(index, status)` of each.
#[derive(Default)]
struct Group<'a> {
    connections: Vec<(usize, Option<&'a ConnectionStatus>)>,
    origins: Vec<(usize, Option<&'a ConnectionStatus>)>,
}

impl Group<'_> {
    /// One of each pairs; several pair where a status is held by exactly one of each.
    fn pairs(&self) -> Vec<(usize, usize)> {
        if let ([(connection, _)], [(origin, _)]) =
            (self.connections.as_slice(), self.origins.as_slice())
        {
            return vec![(*connection, *origin)];
        }
        let connections = single_per_status(&self.connections);
        let origins = single_per_status(&self.origins);
        origins
            .iter()
            .filter_map(|(status, origin)| Some((*connections.get(status)?, *origin)))
            .collect()
    }
}

/// The index of each status that exactly one member has.
fn single_per_status<'a>(
    members: &[(usize, Option<&'a ConnectionStatus>)],
) -> HashMap<&'a ConnectionStatus, usize> {
    let mut seen: HashMap<&ConnectionStatus, Option<usize>> = HashMap::new();
    for &(index, status) in members {
        if let Some(status) = status {
            seen.entry(status)
                .and_modify(|single| *single = None)
                .or_insert(Some(index));
        }
    }
    seen.into_iter()
        .filter_map(|(status, single)| Some((status, single?)))
        .collect()
}

fn mark(flags: &mut [bool], index: usize) {
    if let Some(flag) = flags.get_mut(index) {
        *flag = true;
    }
}

/// The index of the only `false` flag, if exactly one is `false`.
fn only_unpaired(flags: &[bool]) -> Option<usize> {
    let mut unpaired = flags.iter().enumerate().filter(|(_, paired)| !**paired);
    match (unpaired.next(), unpaired.next()) {
        (Some((index, _)), None) => Some(index),
        _ => None,
    }
}
