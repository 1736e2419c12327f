//! A private endpoint connection as the provider side holds it: on any resource that takes
//! private endpoints (Sql servers, Storage accounts, AKS…), embedded in
//! `properties.privateEndpointConnections` or from `{resourceId}/privateEndpointConnections/{name}`. A private link service's connections
//! add two fields to it (see `private_link_service`).

use serde_json::Value;

use super::common::ConnectionState;
use super::decode::{
    DecodeError, Decoded, FromArm, Identity, at, decode_all, describe, id_at, text_at,
};
use crate::arm::ResourceId;

/// A private endpoint connection on the provider's resource.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ResourceConnection {
    /// The connection's id (`{resourceId}/privateEndpointConnections/{name}`).
    pub id: ResourceId,
    /// The connection's name.
    pub name: String,
    /// The consumer's private endpoint (often in another subscription or tenant).
    pub private_endpoint: Option<ResourceId>,
    /// Status, description and required actions.
    pub state: ConnectionState,
    /// `Succeeded`, `Updating`…; Sql reports `Ready`.
    pub provisioning_state: Option<String>,
}

impl FromArm for ResourceConnection {
    const KIND: &'static str = "private endpoint connection";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::of(Self::KIND, value)?;
        let kind = identity.id.resource_type().unwrap_or_default();
        if !kind
            .to_ascii_lowercase()
            .ends_with("/privateendpointconnections")
        {
            return Err(identity.wrong_type(Self::KIND, "{type}/privateEndpointConnections"));
        }
        Self::decode(Self::KIND, identity, value)
    }
}

impl ResourceConnection {
    /// The connections a resource embeds in `properties.privateEndpointConnections`, each
    /// decoded on its own (a list that is not a list is one failure naming the resource).
    pub fn of_resource(resource: &Value) -> Decoded<Self> {
        match at(resource, &["properties", "privateEndpointConnections"]) {
            None => Decoded::default(),
            Some(Value::Array(items)) => decode_all(items),
            Some(other) => Decoded {
                items: Vec::new(),
                failures: vec![DecodeError::Invalid {
                    kind: "resource",
                    id: text_at(resource, &["id"]).unwrap_or_default(),
                    message: format!(
                        "properties.privateEndpointConnections is {}, not a list",
                        describe(other)
                    ),
                }],
            },
        }
    }

    /// The fields every provider-side connection has, for an already checked identity.
    pub(crate) fn decode(
        kind: &'static str,
        identity: Identity,
        value: &Value,
    ) -> Result<Self, DecodeError> {
        let path = ["properties", "privateLinkServiceConnectionState"];
        let state = ConnectionState::at(value, &path)
            .map_err(|error| identity.invalid(kind, format!("{}: {error}", path.join("."))))?;
        Ok(Self {
            private_endpoint: id_at(value, &["properties", "privateEndpoint", "id"]),
            state,
            provisioning_state: text_at(value, &["properties", "provisioningState"]),
            id: identity.id,
            name: identity.name,
        })
    }
}
