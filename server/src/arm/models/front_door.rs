//! Azure Front Door Standard/Premium (`Microsoft.Cdn/profiles`): profile, endpoints, origin
//! groups and origins. An origin's `sharedPrivateLinkResource` is the only place that names the
//! PLS a Front Door connection comes from. Classic CDN origins (`…/endpoints/{e}/origins`), which
//! spell the same link as flat `privateLink*` fields, decode as origins too.

use serde_json::Value;

use super::common::ConnectionStatus;
use super::decode::{DecodeError, FromArm, Identity, at, id_at, object, text_at};
use crate::arm::ResourceId;

/// A Front Door (or CDN) profile.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FrontDoorProfile {
    /// Its id (the Cdn RP writes `resourcegroups`).
    pub id: ResourceId,
    /// Its name.
    pub name: String,
    /// `sku.name`: Private Link needs `Premium_AzureFrontDoor`.
    pub sku: Option<String>,
    /// `frontdoor` for Azure Front Door.
    pub kind: Option<String>,
    /// The profile's GUID (`X-Azure-FDID` header value).
    pub front_door_id: Option<String>,
}

impl FromArm for FrontDoorProfile {
    const KIND: &'static str = "Front Door profile";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::typed(Self::KIND, value, "Microsoft.Cdn/profiles")?;
        Ok(Self {
            sku: text_at(value, &["sku", "name"]),
            kind: text_at(value, &["kind"]),
            front_door_id: text_at(value, &["properties", "frontDoorId"]),
            id: identity.id,
            name: identity.name,
        })
    }
}

/// A Front Door endpoint.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AfdEndpoint {
    /// Its id.
    pub id: ResourceId,
    /// Its name.
    pub name: String,
    /// The generated host name, e.g. `endpoint1-abcdefghijklmnop.z01.azurefd.net`.
    pub host_name: Option<String>,
}

impl FromArm for AfdEndpoint {
    const KIND: &'static str = "Front Door endpoint";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::typed(Self::KIND, value, "Microsoft.Cdn/profiles/afdEndpoints")?;
        Ok(Self {
            host_name: text_at(value, &["properties", "hostName"]),
            id: identity.id,
            name: identity.name,
        })
    }
}

/// A Front Door origin group.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OriginGroup {
    /// Its id.
    pub id: ResourceId,
    /// Its name.
    pub name: String,
}

impl FromArm for OriginGroup {
    const KIND: &'static str = "Front Door origin group";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::typed(Self::KIND, value, "Microsoft.Cdn/profiles/originGroups")?;
        Ok(Self {
            id: identity.id,
            name: identity.name,
        })
    }
}

/// A Front Door origin (or classic CDN origin).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    /// Its id (`…/originGroups/{g}/origins/{o}`, or `…/endpoints/{e}/origins/{o}` for CDN).
    pub id: ResourceId,
    /// Its name.
    pub name: String,
    /// The origin's host name.
    pub host_name: Option<String>,
    /// Its Private Link, when it reaches the origin privately (`null` otherwise).
    pub shared_private_link: Option<SharedPrivateLink>,
    /// `systemData.createdAt`, when ARM reports it.
    pub created_at: Option<String>,
}

impl FromArm for Origin {
    const KIND: &'static str = "Front Door origin";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::of(Self::KIND, value)?;
        let afd = "Microsoft.Cdn/profiles/originGroups/origins";
        if !identity.id.is_type(afd)
            && !identity
                .id
                .is_type("Microsoft.Cdn/profiles/endpoints/origins")
        {
            return Err(identity.wrong_type(Self::KIND, afd));
        }
        let path = ["properties", "sharedPrivateLinkResource"];
        let shared_private_link = match at(value, &path) {
            Some(link) => Some(SharedPrivateLink::from_arm(link).map_err(|error| {
                identity.invalid(Self::KIND, format!("{}: {error}", path.join(".")))
            })?),
            None => SharedPrivateLink::classic(value),
        };
        Ok(Self {
            host_name: text_at(value, &["properties", "hostName"]),
            shared_private_link,
            created_at: text_at(value, &["systemData", "createdAt"]),
            id: identity.id,
            name: identity.name,
        })
    }
}

/// An origin's Private Link: the target it asks to connect to and the request's status.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SharedPrivateLink {
    /// The target: a PLS or PaaS resource (`privateLink.id`).
    pub target: Option<ResourceId>,
    /// The target sub-resource; blank for a PLS.
    pub group_id: Option<String>,
    /// The target's region (`privateLinkLocation`).
    pub location: Option<String>,
    /// The request message, which becomes the pending connection's description.
    pub request_message: Option<String>,
    /// `Pending`, `Approved`, `Rejected`, `Disconnected` or `Timeout`.
    pub status: Option<ConnectionStatus>,
}

impl FromArm for SharedPrivateLink {
    const KIND: &'static str = "shared private link resource";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        object(Self::KIND, value)?;
        Ok(Self {
            target: id_at(value, &["privateLink", "id"]),
            group_id: text_at(value, &["groupId"]),
            location: text_at(value, &["privateLinkLocation"]),
            request_message: text_at(value, &["requestMessage"]),
            status: text_at(value, &["status"]).map(|status| ConnectionStatus::parse(&status)),
        })
    }
}

impl SharedPrivateLink {
    /// A classic CDN origin's flat `privateLinkResourceId`… fields, when it has them.
    fn classic(origin: &Value) -> Option<Self> {
        let field = |key: &'static str| text_at(origin, &["properties", key]);
        let target_text = field("privateLinkResourceId")?;
        Some(Self {
            target: ResourceId::parse(&target_text).ok(),
            group_id: None,
            location: field("privateLinkLocation"),
            request_message: field("privateLinkApprovalMessage"),
            status: field("privateEndpointStatus").map(|status| ConnectionStatus::parse(&status)),
        })
    }
}
