//! Private endpoint connections: embedded in their resource's `properties.privateEndpointConnections`,
//! changed by PUT (approve/reject) and DELETE (remove), mirrored on the consumer side — the
//! private endpoint's connection state and, for Front Door, the origin's shared private link status.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use serde_json::{Value, json};

use super::{CONNECTIONS, Inner, Operation, Store, not_found, parent_not_found};
use crate::error::ArmError;
use crate::estate::key;

/// The longest description accepted (a safety bound; ARM documents none for PLS).
pub const MAX_DESCRIPTION: usize = 1024;

/// The embedded connections of a resource.
pub(super) fn embedded(resource: &Value) -> &[Value] {
    resource["properties"]["privateEndpointConnections"]
        .as_array()
        .map_or(&[], Vec::as_slice)
}

/// Splits `…/{parent}/privateendpointconnections/{name}` (a lower-cased key).
pub(super) fn split(id_key: &str) -> Option<(&str, &str)> {
    let (rest, name) = id_key.rsplit_once('/')?;
    let parent = rest.strip_suffix(CONNECTIONS)?;
    Some((parent, name))
}

/// The connection named `name` (case-insensitive) in a resource.
pub(super) fn find<'a>(resource: &'a Value, name: &str) -> Option<&'a Value> {
    embedded(resource).iter().find(|c| {
        c["name"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// Links each Front Door connection to its origin: same PLS, description = the origin's request
/// message, private endpoint in an `eafd-` resource group. Nothing in ARM's JSON says this; Azure
/// knows it internally, and so must we once approval rewrites the description.
pub(super) fn front_door_links(resources: &BTreeMap<String, Value>) -> HashMap<String, String> {
    let mut links = HashMap::new();
    for (origin_key, origin) in resources {
        let shared = &origin["properties"]["sharedPrivateLinkResource"];
        let (Some(target), Some(message)) = (
            shared["privateLink"]["id"].as_str(),
            shared["requestMessage"].as_str(),
        ) else {
            continue;
        };
        let Some(service) = resources.get(&key(target)) else {
            continue;
        };
        let found = embedded(service).iter().find(|c| {
            let pe = c["properties"]["privateEndpoint"]["id"]
                .as_str()
                .unwrap_or_default();
            c["properties"]["privateLinkServiceConnectionState"]["description"].as_str()
                == Some(message)
                && key(pe).contains("/resourcegroups/eafd-")
                && c["id"]
                    .as_str()
                    .is_some_and(|id| !links.contains_key(&key(id)))
        });
        if let Some(connection) = found.and_then(|c| c["id"].as_str()) {
            links.insert(key(connection), origin_key.clone());
        }
    }
    links
}

/// Checks a state change as Azure does for private link services.
pub fn check_transition(from: &str, to: &str) -> Result<(), ArmError> {
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if !is(to, "Approved") && !is(to, "Rejected") {
        return Err(ArmError::bad_request(
            "InvalidPrivateEndpointConnectionStatus",
            format!(
                "Private endpoint connection status '{to}' is invalid: it can only be set to Approved or Rejected."
            ),
        ));
    }
    if is(from, to) {
        return Ok(());
    }
    match (from, to) {
        (f, _) if is(f, "Pending") => Ok(()),
        (f, t) if is(f, "Approved") && is(t, "Rejected") => Ok(()),
        (f, _) if is(f, "Rejected") => Err(ArmError::bad_request(
            "CannotApproveRejectedPrivateEndpointConnection",
            "A rejected private endpoint connection cannot be approved. The consumer must delete and recreate its private endpoint.",
        )),
        _ => Err(ArmError::bad_request(
            "InvalidPrivateEndpointConnectionStateTransition",
            format!("Private endpoint connection cannot change from '{from}' to '{to}'."),
        )),
    }
}

/// The new state object of a PUT body, validated.
fn requested_state(body: &Value) -> Result<Value, ArmError> {
    let invalid =
        |message: &str| ArmError::bad_request("InvalidRequestContent", message.to_owned());
    let state = &body["properties"]["privateLinkServiceConnectionState"];
    let status = state["status"].as_str().ok_or_else(|| {
        invalid("The request content is invalid: properties.privateLinkServiceConnectionState.status is required.")
    })?;
    let description = match &state["description"] {
        Value::Null => "",
        Value::String(text) => text.as_str(),
        _ => {
            return Err(invalid(
                "properties.privateLinkServiceConnectionState.description must be a string.",
            ));
        }
    };
    if description.chars().count() > MAX_DESCRIPTION {
        return Err(invalid(
            "properties.privateLinkServiceConnectionState.description is too long.",
        ));
    }
    let actions = state["actionsRequired"].as_str().unwrap_or("None");
    Ok(json!({ "status": status, "description": description, "actionsRequired": actions }))
}

impl Store {
    /// PUT of a connection: approve or reject, mirrored on the consumer side. Answers the connection.
    pub fn update_connection(
        &self,
        id_key: &str,
        body: &Value,
        now: Instant,
    ) -> Result<Value, ArmError> {
        let (parent, name) = split(id_key).ok_or_else(|| not_found(id_key))?;
        let state = requested_state(body)?;
        let mut inner = self.lock();
        inner.settle(now);
        let etag = inner.next_etag();
        let resource_etag = inner.next_etag();
        let resource = inner
            .resources
            .get_mut(parent)
            .ok_or_else(|| parent_not_found(parent))?;
        let connections = resource["properties"]["privateEndpointConnections"]
            .as_array_mut()
            .ok_or_else(|| not_found(id_key))?;
        let connection = connections
            .iter_mut()
            .find(|c| {
                c["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .ok_or_else(|| not_found(id_key))?;
        if connection["properties"]["provisioningState"].as_str() == Some("Deleting") {
            return Err(ArmError::conflict(
                "AnotherOperationInProgress",
                "Another operation on this or dependent resource is in progress.",
            ));
        }
        let from = connection["properties"]["privateLinkServiceConnectionState"]["status"]
            .as_str()
            .unwrap_or("Pending")
            .to_owned();
        let to = state["status"].as_str().unwrap_or_default();
        check_transition(&from, to)?;
        connection["properties"]["privateLinkServiceConnectionState"] = state.clone();
        if connection.get("etag").is_some() {
            connection["etag"] = json!(etag);
        }
        let updated = connection.clone();
        if resource.get("etag").is_some() {
            resource["etag"] = json!(resource_etag);
        }
        let parent_id = resource["id"].as_str().unwrap_or_default().to_owned();
        inner.mirror(&updated, &parent_id, &state);
        Ok(updated)
    }

    /// DELETE of a connection: starts a long-running removal; `None` when there is nothing to remove.
    pub fn delete_connection(
        &self,
        id_key: &str,
        now: Instant,
        delay: std::time::Duration,
    ) -> Result<Option<Operation>, ArmError> {
        let (parent, name) = split(id_key).ok_or_else(|| not_found(id_key))?;
        let mut inner = self.lock();
        inner.settle(now);
        if let Some(existing) = inner
            .operations
            .values()
            .find(|op| op.target == id_key && !op.is_done(now))
        {
            return Ok(Some(existing.clone()));
        }
        let resource = inner
            .resources
            .get_mut(parent)
            .ok_or_else(|| parent_not_found(parent))?;
        let location = resource["location"].as_str().unwrap_or("global").to_owned();
        let Some(connection) = resource["properties"]["privateEndpointConnections"]
            .as_array_mut()
            .and_then(|all| {
                all.iter_mut().find(|c| {
                    c["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
            })
        else {
            return Ok(None);
        };
        connection["properties"]["provisioningState"] = json!("Deleting");
        let id = inner.next_guid();
        let operation = Operation::new(id.clone(), id_key.to_owned(), location, now, delay);
        inner.operations.insert(id, operation.clone());
        Ok(Some(operation))
    }
}

impl Inner {
    /// Copies a connection's new state to the consumer: its private endpoint and Front Door origin.
    pub(super) fn mirror(&mut self, connection: &Value, service_id: &str, state: &Value) {
        let service_key = key(service_id);
        let pe_key = key(connection["properties"]["privateEndpoint"]["id"]
            .as_str()
            .unwrap_or_default());
        let pe_etag = self.next_etag();
        if let Some(endpoint) = self.resources.get_mut(&pe_key) {
            for field in [
                "privateLinkServiceConnections",
                "manualPrivateLinkServiceConnections",
            ] {
                let Some(links) = endpoint["properties"][field].as_array_mut() else {
                    continue;
                };
                for link in links {
                    let target = link["properties"]["privateLinkServiceId"]
                        .as_str()
                        .unwrap_or_default();
                    if key(target) == service_key {
                        link["properties"]["privateLinkServiceConnectionState"] = state.clone();
                    }
                }
            }
            if endpoint.get("etag").is_some() {
                endpoint["etag"] = json!(pe_etag);
            }
        }
        let connection_key = key(connection["id"].as_str().unwrap_or_default());
        if let Some(origin_key) = self.front_door.get(&connection_key).cloned()
            && let Some(origin) = self.resources.get_mut(&origin_key)
        {
            origin["properties"]["sharedPrivateLinkResource"]["status"] = state["status"].clone();
        }
    }

    /// Finishes a removal: the connection leaves the service, the consumer is left Disconnected.
    pub(super) fn remove_connection(&mut self, id_key: &str) {
        let Some((parent, name)) = split(id_key) else {
            return;
        };
        let Some(resource) = self.resources.get_mut(parent) else {
            return;
        };
        let parent_id = resource["id"].as_str().unwrap_or_default().to_owned();
        let Some(all) = resource["properties"]["privateEndpointConnections"].as_array_mut() else {
            return;
        };
        let Some(index) = all.iter().position(|c| {
            c["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        }) else {
            return;
        };
        let removed = all.remove(index);
        let etag = self.next_etag();
        if let Some(resource) = self.resources.get_mut(parent)
            && resource.get("etag").is_some()
        {
            resource["etag"] = json!(etag);
        }
        let state = json!({
            "status": "Disconnected",
            "description": "The private endpoint connection was removed by the service provider.",
            "actionsRequired": "None"
        });
        self.mirror(&removed, &parent_id, &state);
        self.front_door.remove(id_key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_transitions_are_those_azure_allows() {
        assert!(check_transition("Pending", "Approved").is_ok());
        assert!(check_transition("Pending", "Rejected").is_ok());
        assert!(check_transition("Approved", "Rejected").is_ok());
        assert!(check_transition("approved", "APPROVED").is_ok());
        assert_eq!(
            check_transition("Rejected", "Approved").unwrap_err().code,
            "CannotApproveRejectedPrivateEndpointConnection"
        );
        assert!(check_transition("Disconnected", "Approved").is_err());
        assert!(check_transition("Pending", "Disconnected").is_err());
        assert!(check_transition("Approved", "Pending").is_err());
    }

    #[test]
    fn connection_keys_split_into_parent_and_name() {
        let id = "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/privatelinkservices/p/privateendpointconnections/c";
        assert_eq!(
            split(id),
            Some((
                "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/privatelinkservices/p",
                "c"
            ))
        );
        assert_eq!(
            split(
                "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/privateendpoints/pe"
            ),
            None
        );
    }

    #[test]
    fn put_bodies_need_a_status_and_a_string_description() {
        assert!(requested_state(&json!({})).is_err());
        assert!(requested_state(&json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved", "description": 5}}})).is_err());
        let long = "x".repeat(MAX_DESCRIPTION + 1);
        assert!(requested_state(&json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved", "description": long}}})).is_err());
        let ok = requested_state(
            &json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}),
        )
        .unwrap();
        assert_eq!(ok["actionsRequired"], "None");
    }
}
