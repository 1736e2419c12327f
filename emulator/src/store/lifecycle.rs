//! Consumers and services that come and go, as Azure has them: `PUT` of a private endpoint
//! asking for private link services (a manual request arrives Pending on the service with its
//! request message; an automatic one arrives Approved when the endpoint's subscription is in the
//! service's auto-approval list, and is refused otherwise, as Azure refuses it without approval
//! rights); `DELETE` of an endpoint takes its connections off the services; `PUT` of a private
//! link service creates it with a new alias (a new GUID in it, even under an old name);
//! `DELETE` of a service drops its connections, leaving the endpoints Disconnected. Updates of
//! existing endpoints or services are refused by name rather than half done.

use serde_json::{Value, json};

use super::{Inner, Store};
use crate::error::ArmError;
use crate::estate::key;

/// The two lists an endpoint asks through.
const LISTS: [(&str, bool); 2] = [
    ("privateLinkServiceConnections", false),
    ("manualPrivateLinkServiceConnections", true),
];

pub(super) fn invalid(message: impl Into<String>) -> ArmError {
    ArmError::bad_request("InvalidRequestFormat", message)
}

/// `/subscriptions/{s}/resourceGroups/{rg}/…` → (`s`, `rg`).
pub(super) fn scope(id: &str) -> Option<(&str, &str)> {
    let parts: Vec<&str> = id.split('/').collect();
    match parts.as_slice() {
        ["", s, sub, r, rg, ..]
            if s.eq_ignore_ascii_case("subscriptions")
                && r.eq_ignore_ascii_case("resourceGroups") =>
        {
            Some((sub, rg))
        }
        _ => None,
    }
}

/// The subscription, resource group and name of the new resource at `id`.
fn named<'a>(id: &'a str, kind: &str) -> Result<(&'a str, &'a str, String), ArmError> {
    let (subscription, group) = scope(id).ok_or_else(|| invalid(format!("Not a {kind} id.")))?;
    let name = id.rsplit('/').next().unwrap_or_default().to_owned();
    Ok((subscription, group, name))
}

/// The body's `location`, required as ARM requires it.
pub(super) fn location(body: &Value) -> Result<String, ArmError> {
    body["location"]
        .as_str()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| invalid("The location property is required for this definition."))
}

impl Store {
    /// `PUT` of a new private endpoint at `id` (as the request spelled it).
    pub fn create_endpoint(&self, id: &str, body: &Value) -> Result<Value, ArmError> {
        let id_key = key(id);
        let (subscription, group, name) = named(id, "private endpoint")?;
        let location = location(body)?;
        let subnet = body["properties"]["subnet"]["id"]
            .as_str()
            .ok_or_else(|| invalid("properties.subnet.id is required."))?
            .to_owned();
        let mut inner = self.lock();
        inner.require_group(subscription, group)?;
        if inner.resources.contains_key(&id_key) {
            return Err(ArmError::bad_request(
                "OperationNotSupported",
                "The emulator creates and deletes private endpoints; it does not update one.",
            ));
        }
        let mut lists = serde_json::Map::new();
        let mut requests = Vec::new();
        for (list, manual) in LISTS {
            let mut made = Vec::new();
            for asked in body["properties"][list].as_array().into_iter().flatten() {
                let link_name = asked["name"].as_str().unwrap_or(&name).to_owned();
                let target = asked["properties"]["privateLinkServiceId"]
                    .as_str()
                    .ok_or_else(|| {
                        invalid(format!(
                            "properties.{list}[].properties.privateLinkServiceId is required."
                        ))
                    })?
                    .to_owned();
                let message = asked["properties"]["requestMessage"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                let status = inner.arrival_status(&target, subscription, manual)?;
                let state = json!({
                    "status": status,
                    "description": if status == "Approved" { "Auto-Approved" } else { message.as_str() },
                    "actionsRequired": "None",
                });
                made.push(json!({
                    "name": link_name,
                    "id": format!("{id}/{list}/{link_name}"),
                    "etag": inner.next_etag(),
                    "type": "Microsoft.Network/privateEndpoints/privateLinkServiceConnections",
                    "properties": {
                        "provisioningState": "Succeeded",
                        "privateLinkServiceId": target,
                        "groupIds": asked["properties"]["groupIds"].clone(),
                        "requestMessage": message,
                        "privateLinkServiceConnectionState": state.clone(),
                    }
                }));
                requests.push((target, state));
            }
            lists.insert(list.to_owned(), Value::Array(made));
        }
        if requests.is_empty() {
            return Err(invalid(
                "A private endpoint needs privateLinkServiceConnections or manualPrivateLinkServiceConnections.",
            ));
        }
        let guid = inner.next_guid();
        let mut endpoint = json!({
            "name": name, "id": id, "etag": inner.next_etag(),
            "type": "Microsoft.Network/privateEndpoints", "location": location,
            "tags": body.get("tags").cloned().unwrap_or_else(|| json!({})),
            "properties": {
                "provisioningState": "Succeeded", "resourceGuid": guid,
                "subnet": { "id": subnet },
                "networkInterfaces": [], "customDnsConfigs": [], "ipConfigurations": [],
                "applicationSecurityGroups": [],
            }
        });
        for (list, made) in lists {
            endpoint["properties"][list] = made;
        }
        for (target, state) in requests {
            inner.add_connection(&target, id, &name, &location, state);
        }
        inner.resources.insert(id_key, endpoint.clone());
        Ok(endpoint)
    }

    /// `DELETE` of a private endpoint: its connections leave the services. `false` when there
    /// was none.
    pub fn delete_endpoint(&self, id_key: &str) -> bool {
        let mut inner = self.lock();
        let Some(endpoint) = inner.resources.remove(id_key) else {
            return false;
        };
        // Its children (DNS zone groups) go with it.
        let prefix = format!("{id_key}/");
        let children: Vec<String> = inner
            .resources
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone())
            .collect();
        for child in children {
            inner.resources.remove(&child);
        }
        let targets: Vec<String> = LISTS
            .iter()
            .flat_map(|(list, _)| {
                endpoint["properties"][*list]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|link| link["properties"]["privateLinkServiceId"].as_str().map(key))
            .collect();
        for target in targets {
            inner.drop_connections(&target, |c| {
                c["properties"]["privateEndpoint"]["id"]
                    .as_str()
                    .is_some_and(|pe| key(pe) == id_key)
            });
        }
        true
    }

    /// `PUT` of a new private link service at `id`, with a new alias.
    pub fn create_service(&self, id: &str, body: &Value) -> Result<Value, ArmError> {
        let id_key = key(id);
        let (subscription, group, name) = named(id, "private link service")?;
        let location = location(body)?;
        let properties = &body["properties"];
        if properties["loadBalancerFrontendIpConfigurations"]
            .as_array()
            .is_none_or(Vec::is_empty)
        {
            return Err(invalid(
                "properties.loadBalancerFrontendIpConfigurations needs a frontend.",
            ));
        }
        let mut inner = self.lock();
        inner.require_group(subscription, group)?;
        if inner.resources.contains_key(&id_key) {
            return Err(ArmError::bad_request(
                "OperationNotSupported",
                "The emulator creates and deletes private link services; it does not update one.",
            ));
        }
        let guid = inner.next_guid();
        let service = json!({
            "name": name, "id": id, "etag": inner.next_etag(),
            "type": "Microsoft.Network/privateLinkServices", "location": location,
            "tags": body.get("tags").cloned().unwrap_or_else(|| json!({})),
            "properties": {
                "provisioningState": "Succeeded",
                "alias": format!("{name}.{guid}.{location}.azure.privatelinkservice"),
                "loadBalancerFrontendIpConfigurations": properties["loadBalancerFrontendIpConfigurations"].clone(),
                "ipConfigurations": properties.get("ipConfigurations").cloned().unwrap_or_else(|| json!([])),
                "visibility": properties.get("visibility").cloned().unwrap_or_else(|| json!({ "subscriptions": [] })),
                "autoApproval": properties.get("autoApproval").cloned().unwrap_or_else(|| json!({ "subscriptions": [] })),
                "fqdns": properties.get("fqdns").cloned().unwrap_or_else(|| json!([])),
                "enableProxyProtocol": properties["enableProxyProtocol"].as_bool().unwrap_or(false),
                "networkInterfaces": [],
                "privateEndpointConnections": [],
            }
        });
        inner.resources.insert(id_key, service.clone());
        Ok(service)
    }

    /// `DELETE` of a private link service: its connections go, their endpoints left
    /// Disconnected. `false` when there was none.
    pub fn delete_service(&self, id_key: &str) -> bool {
        let mut inner = self.lock();
        let Some(service) = inner.resources.remove(id_key) else {
            return false;
        };
        let state = json!({
            "status": "Disconnected",
            "description": "The private link service was deleted.",
            "actionsRequired": "None"
        });
        let id = service["id"].as_str().unwrap_or_default().to_owned();
        for connection in service["properties"]["privateEndpointConnections"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            inner.mirror(&connection, &id, &state);
            inner
                .front_door
                .remove(&key(connection["id"].as_str().unwrap_or_default()));
        }
        true
    }
}

impl Inner {
    /// Takes the connections `gone` picks off the service `target` (a new ETag if any went);
    /// answers their keys.
    pub(super) fn drop_connections(
        &mut self,
        target: &str,
        gone: impl Fn(&Value) -> bool,
    ) -> Vec<String> {
        let etag = self.next_etag();
        let Some(service) = self.resources.get_mut(target) else {
            return Vec::new();
        };
        let Some(all) = service["properties"]["privateEndpointConnections"].as_array_mut() else {
            return Vec::new();
        };
        let mut dropped = Vec::new();
        all.retain(|c| {
            let drop = gone(c);
            if drop {
                dropped.push(key(c["id"].as_str().unwrap_or_default()));
            }
            !drop
        });
        if !dropped.is_empty() && service.get("etag").is_some() {
            service["etag"] = json!(etag);
        }
        for connection in &dropped {
            self.front_door.remove(connection);
        }
        dropped
    }

    pub(super) fn require_group(&self, subscription: &str, group: &str) -> Result<(), ArmError> {
        let group_key = key(&format!(
            "/subscriptions/{subscription}/resourcegroups/{group}"
        ));
        if self.resource_groups.contains_key(&group_key) {
            Ok(())
        } else {
            Err(ArmError::not_found(
                "ResourceGroupNotFound",
                format!("Resource group '{group}' could not be found."),
            ))
        }
    }

    /// How a new request from `subscription` arrives on the service `target`.
    fn arrival_status(
        &self,
        target: &str,
        subscription: &str,
        manual: bool,
    ) -> Result<&'static str, ArmError> {
        if manual {
            return Ok("Pending");
        }
        let auto = self.resources.get(&key(target)).is_some_and(|service| {
            service["properties"]["autoApproval"]["subscriptions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .any(|s| s.eq_ignore_ascii_case(subscription))
        });
        if auto {
            Ok("Approved")
        } else {
            Err(ArmError::forbidden(
                "Microsoft.Network/privateLinkServices/privateEndpointConnectionsApproval/action",
                target,
            ))
        }
    }

    /// A new connection on the service `target` from the endpoint `endpoint_id`; answers its
    /// key, or `None` when the service is not in the estate.
    pub(super) fn add_connection(
        &mut self,
        target: &str,
        endpoint_id: &str,
        endpoint_name: &str,
        location: &str,
        state: Value,
    ) -> Option<String> {
        let guid = self.next_guid();
        let etag = self.next_etag();
        let service_etag = self.next_etag();
        // A service in another tenant: only the endpoint's side exists here.
        let service = self.resources.get_mut(&key(target))?;
        // Azure gives a resource a new ETag whenever an embedded connection changes.
        if service.get("etag").is_some() {
            service["etag"] = json!(service_etag);
        }
        let service_id = service["id"].as_str().unwrap_or(target).to_owned();
        let name = format!("{endpoint_name}.{guid}");
        let id = format!("{service_id}/privateEndpointConnections/{name}");
        let link = u64::from_str_radix(&guid[..8], 16).unwrap_or_default();
        let connection = json!({
            "name": name, "id": id, "etag": etag,
            "type": "Microsoft.Network/privateLinkServices/privateEndpointConnections",
            "properties": {
                "provisioningState": "Succeeded",
                "privateEndpoint": { "id": endpoint_id },
                "privateLinkServiceConnectionState": state,
                "linkIdentifier": link.to_string(),
                "privateEndpointLocation": location,
            }
        });
        if let Some(all) = service["properties"]["privateEndpointConnections"].as_array_mut() {
            all.push(connection);
        } else {
            service["properties"]["privateEndpointConnections"] = json!([connection]);
        }
        Some(key(&id))
    }
}
