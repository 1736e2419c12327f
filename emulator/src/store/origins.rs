//! Front Door origins that come and go, as the Cdn RP has them: `PUT` of a new origin with a
//! `sharedPrivateLinkResource` makes Front Door create, in its own Microsoft-owned subscription
//! (`eafd-Prod-<region>`), a private endpoint asking the named private link service; the request
//! arrives Pending on the service with the origin's request message, and the origin shows the
//! same status until someone decides. `DELETE` of the origin takes Front Door's endpoint, and so
//! the connection, away. Updates of an existing origin are refused by name rather than half done.

use serde_json::{Value, json};

use super::Store;
use super::lifecycle::{invalid, scope};
use crate::error::ArmError;
use crate::estate::demo::builders::afd_private_endpoint_id;
use crate::estate::key;

/// `…/profiles/{p}/originGroups/{g}/origins/{o}` → (`p`, `g`, `o`), any case.
fn origin_names(id: &str) -> Option<(&str, &str, &str)> {
    let parts: Vec<&str> = id.split('/').collect();
    match parts.as_slice() {
        [.., profiles, p, groups, g, origins, o]
            if profiles.eq_ignore_ascii_case("profiles")
                && groups.eq_ignore_ascii_case("originGroups")
                && origins.eq_ignore_ascii_case("origins") =>
        {
            Some((p, g, o))
        }
        _ => None,
    }
}

/// Whether `id` is a Front Door origin's.
pub fn is_origin(id: &str) -> bool {
    origin_names(id).is_some() && key(id).contains("/providers/microsoft.cdn/profiles/")
}

impl Store {
    /// `PUT` of a new Front Door origin at `id` (as the request spelled it).
    pub fn create_origin(&self, id: &str, body: &Value) -> Result<Value, ArmError> {
        let (subscription, group) = scope(id).ok_or_else(|| invalid("Not an origin id."))?;
        let (profile, origin_group, name) =
            origin_names(id).ok_or_else(|| invalid("Not an origin id."))?;
        // The Cdn RP spells its ids `resourcegroups` and `origingroups`.
        let canonical = format!(
            "/subscriptions/{subscription}/resourcegroups/{group}/providers/Microsoft.Cdn/profiles/{profile}/origingroups/{origin_group}/origins/{name}"
        );
        let properties = &body["properties"];
        let host_name = properties["hostName"]
            .as_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| invalid("properties.hostName is required."))?
            .to_owned();
        let shared = &properties["sharedPrivateLinkResource"];
        let link = if shared.is_null() {
            None
        } else {
            let target = shared["privateLink"]["id"]
                .as_str()
                .ok_or_else(|| {
                    invalid("properties.sharedPrivateLinkResource.privateLink.id is required.")
                })?
                .to_owned();
            let region = shared["privateLinkLocation"]
                .as_str()
                .filter(|l| !l.is_empty())
                .ok_or_else(|| {
                    invalid("properties.sharedPrivateLinkResource.privateLinkLocation is required.")
                })?
                .to_ascii_lowercase();
            let message = shared["requestMessage"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            Some((target, region, message))
        };
        let id_key = key(&canonical);
        let parent_key = key(canonical.rsplit_once("/origins/").map_or("", |(p, _)| p));
        let mut inner = self.lock();
        if !inner.resources.contains_key(&parent_key) {
            return Err(super::parent_not_found(&parent_key));
        }
        if inner.resources.contains_key(&id_key) {
            return Err(ArmError::bad_request(
                "OperationNotSupported",
                "The emulator creates and deletes Front Door origins; it does not update one.",
            ));
        }
        let host_header = properties["originHostHeader"]
            .as_str()
            .unwrap_or(&host_name)
            .to_owned();
        let mut origin = json!({
            "id": canonical, "type": "Microsoft.Cdn/profiles/origingroups/origins", "name": name,
            "properties": {
                "hostName": host_name,
                "httpPort": properties["httpPort"].as_u64().unwrap_or(80),
                "httpsPort": properties["httpsPort"].as_u64().unwrap_or(443),
                "originHostHeader": host_header,
                "priority": properties["priority"].as_u64().unwrap_or(1),
                "weight": properties["weight"].as_u64().unwrap_or(1000),
                "enabledState": properties["enabledState"].as_str().unwrap_or("Enabled"),
                "provisioningState": "Succeeded", "deploymentStatus": "NotStarted",
                "originGroupName": origin_group,
                "sharedPrivateLinkResource": null,
                "enforceCertificateNameCheck": properties["enforceCertificateNameCheck"].as_bool().unwrap_or(true),
                "originShieldResource": properties["originShieldResource"].clone(),
            }
        });
        if let Some((target, region, message)) = link {
            let endpoint_name = inner.next_guid();
            let endpoint = afd_private_endpoint_id(&region, &endpoint_name);
            let state =
                json!({ "status": "Pending", "description": message, "actionsRequired": "None" });
            if let Some(connection) =
                inner.add_connection(&target, &endpoint, &endpoint_name, &region, state)
            {
                inner.front_door.insert(connection, id_key.clone());
            }
            origin["properties"]["sharedPrivateLinkResource"] = json!({
                "privateLink": { "id": target }, "groupId": shared["groupId"].clone(),
                "privateLinkLocation": region, "requestMessage": message, "status": "Pending"
            });
        }
        inner.resources.insert(id_key, origin.clone());
        Ok(origin)
    }

    /// `DELETE` of a Front Door origin: Front Door's endpoint goes, and with it the connection
    /// it held on the service. `false` when there was none.
    pub fn delete_origin(&self, id_key: &str) -> bool {
        let mut inner = self.lock();
        if inner.resources.remove(id_key).is_none() {
            return false;
        }
        let linked: Vec<String> = inner
            .front_door
            .iter()
            .filter(|(_, origin)| *origin == id_key)
            .map(|(connection, _)| connection.clone())
            .collect();
        for connection in linked {
            if let Some((service, _)) = super::connections::split(&connection) {
                let service = service.to_owned();
                inner.drop_connections(&service, |c| {
                    c["id"].as_str().is_some_and(|id| key(id) == connection)
                });
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_ids_name_profile_group_and_origin_in_any_case() {
        assert_eq!(
            origin_names(
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/p/originGroups/g/origins/o"
            ),
            Some(("p", "g", "o"))
        );
        assert_eq!(
            origin_names(
                "/subscriptions/s/resourcegroups/rg/providers/microsoft.cdn/profiles/p/origingroups/g/origins/o"
            ),
            Some(("p", "g", "o"))
        );
        assert_eq!(
            origin_names("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/p"),
            None
        );
    }
}
