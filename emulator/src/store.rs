//! The emulator's state: the estate's ARM JSON, indexed by lower-cased id, plus the long-running
//! operations in flight. Every method works under one lock and never awaits while holding it.

mod arrivals;
mod connections;
mod lifecycle;
mod operations;
mod origins;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::time::Instant;

use serde_json::Value;

use crate::error::ArmError;
use crate::estate::{self, EstateDocument, EstateError, key};
use crate::path::ResourcePath;

pub(crate) use arrivals::run as run_arrivals;
pub use arrivals::{Arrivals, BadRate, DEFAULT_ARRIVALS};
pub use operations::{Operation, OperationState};
pub use origins::is_origin;

/// The suffix of child types ARM embeds in the parent's `properties.privateEndpointConnections`.
const CONNECTIONS: &str = "/privateendpointconnections";

/// Types whose own body does not carry their connections (kept embedded here, as for every
/// type, but answered only through `{id}/privateEndpointConnections`): Web apps, AKS clusters.
const LISTED_APART: [&str; 2] = [
    "microsoft.web/sites",
    "microsoft.containerservice/managedclusters",
];

/// A stored resource as ARM answers it: without the connections of a type that lists them apart.
fn answered(resource: &Value) -> Value {
    let mut resource = resource.clone();
    if LISTED_APART.contains(&type_of(&resource).as_str())
        && let Some(properties) = resource["properties"].as_object_mut()
    {
        properties.remove("privateEndpointConnections");
    }
    resource
}

/// The emulator's mutable state.
pub struct Store {
    inner: Mutex<Inner>,
}

struct Inner {
    subscriptions: Vec<Value>,
    resource_groups: BTreeMap<String, Value>,
    resources: BTreeMap<String, Value>,
    denied: HashSet<String>,
    /// Front Door connection key → origin key: the link ARM keeps inside Microsoft.
    front_door: HashMap<String, String>,
    operations: HashMap<String, Operation>,
    sequence: u64,
    seed: u64,
    /// Requests made to arrive so far (`--arrivals`).
    arrived: u64,
}

impl Store {
    /// Validates an estate and takes it in; `deny` adds subscriptions answering 403.
    pub fn new(doc: EstateDocument, deny: &[String], seed: u64) -> Result<Self, EstateError> {
        estate::validate(&doc)?;
        let resources: BTreeMap<String, Value> = doc
            .resources
            .into_iter()
            .map(|r| (key(r["id"].as_str().unwrap_or_default()), r))
            .collect();
        let resource_groups = doc
            .resource_groups
            .into_iter()
            .map(|g| (key(g["id"].as_str().unwrap_or_default()), g))
            .collect();
        let denied = doc
            .denied_subscriptions
            .iter()
            .chain(deny)
            .map(|s| key(s))
            .collect();
        let front_door = connections::front_door_links(&resources);
        let inner = Inner {
            subscriptions: doc.subscriptions,
            resource_groups,
            resources,
            denied,
            front_door,
            operations: HashMap::new(),
            sequence: 0,
            seed,
            arrived: 0,
        };
        Ok(Self {
            inner: Mutex::new(inner),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The estate as it stands now, as a document (what an offline read or a soak benchmark
    /// takes in).
    pub fn document(&self) -> EstateDocument {
        let inner = self.lock();
        EstateDocument {
            tenant_id: inner
                .subscriptions
                .first()
                .and_then(|s| s["tenantId"].as_str())
                .unwrap_or_default()
                .to_owned(),
            subscriptions: inner.subscriptions.clone(),
            resource_groups: inner.resource_groups.values().cloned().collect(),
            resources: inner.resources.values().cloned().collect(),
            denied_subscriptions: inner.denied.iter().cloned().collect(),
        }
    }

    /// Whether calls into this subscription answer 403.
    pub fn is_denied(&self, subscription: &str) -> bool {
        self.lock().denied.contains(&key(subscription))
    }

    /// Every subscription, readable or not (ARM lists those the principal has any role on).
    pub fn subscriptions(&self) -> Vec<Value> {
        self.lock().subscriptions.clone()
    }

    /// One subscription.
    pub fn subscription(&self, subscription: &str) -> Option<Value> {
        let wanted = key(subscription);
        self.lock()
            .subscriptions
            .iter()
            .find(|s| {
                s["subscriptionId"]
                    .as_str()
                    .is_some_and(|id| key(id) == wanted)
            })
            .cloned()
    }

    /// Resource groups of a subscription, or one of them.
    pub fn resource_groups(&self, subscription: &str, name: Option<&str>) -> Vec<Value> {
        let mut prefix = key(&format!("/subscriptions/{subscription}/resourcegroups/"));
        if let Some(name) = name {
            prefix.push_str(&key(name));
        }
        let inner = self.lock();
        inner
            .resource_groups
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| name.is_none() || **k == prefix)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The items of a collection, in id order; 404 when the parent is missing.
    pub fn list(
        &self,
        subscription: &str,
        resource_group: Option<&str>,
        type_key: &str,
        parent: Option<&str>,
        now: Instant,
    ) -> Result<Vec<Value>, ArmError> {
        let mut inner = self.lock();
        inner.settle(now);
        if let Some(parent) = parent {
            let Some(parent_resource) = inner.resources.get(parent) else {
                return Err(parent_not_found(parent));
            };
            if type_key.ends_with(CONNECTIONS) {
                return Ok(connections::embedded(parent_resource).to_vec());
            }
            let prefix = format!("{parent}/");
            return Ok(inner
                .resources
                .range(prefix.clone()..)
                .take_while(|(k, _)| k.starts_with(&prefix))
                .filter(|(_, v)| type_of(v) == type_key)
                .map(|(_, v)| answered(v))
                .collect());
        }
        let mut prefix = key(&format!("/subscriptions/{subscription}/"));
        if let Some(group) = resource_group {
            if !inner.resource_groups.contains_key(&key(&format!(
                "/subscriptions/{subscription}/resourcegroups/{group}"
            ))) {
                return Err(ArmError::not_found(
                    "ResourceGroupNotFound",
                    format!("Resource group '{group}' could not be found."),
                ));
            }
            prefix = key(&format!(
                "/subscriptions/{subscription}/resourcegroups/{group}/"
            ));
        }
        Ok(inner
            .resources
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(_, v)| type_of(v) == type_key)
            .map(|(_, v)| answered(v))
            .collect())
    }

    /// A subscription's top-level resources in ARM's generic shape, of `types` (lower-cased)
    /// when given, in id order.
    pub fn top_level(
        &self,
        subscription: &str,
        types: Option<&[String]>,
        now: Instant,
    ) -> Vec<Value> {
        let mut inner = self.lock();
        inner.settle(now);
        let prefix = key(&format!("/subscriptions/{subscription}/"));
        inner
            .resources
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| ResourcePath::parse(k).is_some_and(|p| p.parent.is_none()))
            .filter(|(_, v)| types.is_none_or(|t| t.contains(&type_of(v))))
            .map(|(_, v)| crate::generic_resources::generic(v))
            .collect()
    }

    /// One resource or embedded connection; ARM's 404 otherwise.
    pub fn get(&self, id_key: &str, now: Instant) -> Result<Value, ArmError> {
        let mut inner = self.lock();
        inner.settle(now);
        if let Some(resource) = inner.resources.get(id_key) {
            return Ok(answered(resource));
        }
        let (parent, name) = connections::split(id_key).ok_or_else(|| not_found(id_key))?;
        let parent_resource = inner
            .resources
            .get(parent)
            .ok_or_else(|| parent_not_found(parent))?;
        connections::find(parent_resource, name)
            .cloned()
            .ok_or_else(|| not_found(id_key))
    }

    /// Resources for Resource Graph: those of the given (readable) subscriptions, or all readable.
    pub fn resource_graph_rows(&self, subscriptions: &[String]) -> (Vec<Value>, Vec<Value>) {
        let inner = self.lock();
        let wanted: HashSet<String> = subscriptions.iter().map(|s| key(s)).collect();
        let visible = |sub: &str| {
            !inner.denied.contains(&key(sub)) && (wanted.is_empty() || wanted.contains(&key(sub)))
        };
        let resources = inner
            .resources
            .values()
            .filter(|r| {
                r["id"]
                    .as_str()
                    .and_then(ResourcePath::parse)
                    .is_some_and(|p| visible(&p.subscription))
            })
            .map(answered)
            .collect();
        let containers = inner
            .subscriptions
            .iter()
            .filter(|s| s["subscriptionId"].as_str().is_some_and(visible))
            .cloned()
            .chain(
                inner
                    .resource_groups
                    .iter()
                    .filter(|(k, _)| k.split('/').nth(2).is_some_and(visible))
                    .map(|(_, v)| v.clone()),
            )
            .collect();
        (resources, containers)
    }
}

impl Inner {
    /// A fresh weak ETag, different on every write.
    fn next_etag(&mut self) -> String {
        format!("W/\"{}\"", self.next_guid())
    }

    /// A GUID-shaped id from the seeded sequence.
    fn next_guid(&mut self) -> String {
        self.sequence += 1;
        let a = crate::faults::mix(self.seed ^ self.sequence);
        crate::faults::guid(a, crate::faults::mix(a))
    }
}

/// The lower-cased type of a stored resource.
fn type_of(resource: &Value) -> String {
    resource["type"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn not_found(id_key: &str) -> ArmError {
    match ResourcePath::parse(id_key) {
        Some(path) => {
            ArmError::resource_not_found(&path.type_name, &path.name, &path.resource_group)
        }
        None => ArmError::not_found(
            "NotFound",
            format!("The resource '{id_key}' was not found."),
        ),
    }
}

fn parent_not_found(parent: &str) -> ArmError {
    match ResourcePath::parse(parent) {
        Some(path) => ArmError::not_found(
            "ParentResourceNotFound",
            format!(
                "Can not perform requested operation on nested resource. Parent resource '{}' not found.",
                path.name
            ),
        ),
        None => not_found(parent),
    }
}

#[cfg(test)]
mod tests;
