//! Typed ARM resources, decoded tolerantly from the JSON Azure sends: unknown fields ignored,
//! optional ones optional, `null` accepted, ids parsed into `ResourceId`. A resource that cannot
//! be decoded is reported (`DecodeError`, `Decoded::failures`), never dropped silently. Pure
//! data: no I/O here; the client and the inventory use these types.

mod common;
mod decode;
mod front_door;
mod id_pool;
mod load_balancer;
mod managed_cluster;
mod paas_resource;
mod private_dns;
mod private_endpoint;
mod private_link_service;
mod resource_connection;
mod subscription;

pub use common::{ConnectionState, ConnectionStatus};
pub use decode::{DecodeError, Decoded, FromArm, decode_all};
pub use front_door::{AfdEndpoint, FrontDoorProfile, Origin, OriginGroup, SharedPrivateLink};
pub use id_pool::decoding_with;
pub use load_balancer::{Frontend, LoadBalancer, LoadBalancingRule};
pub use managed_cluster::ManagedCluster;
pub use paas_resource::{PAAS_TYPES, PaasResource, PaasType, PublicAccess, paas_type};
pub use private_dns::{
    DnsZoneGroup, PRIVATE_DNS_API, PRIVATE_DNS_TYPE, PrivateDnsZone, ZoneLink, attach_links,
};
pub use private_endpoint::{EndpointConnection, PrivateEndpoint};
pub use private_link_service::{NatIpConfiguration, PlsConnection, PrivateLinkService};
pub use resource_connection::ResourceConnection;
pub use subscription::Subscription;

/// Gives each type an inherent `from_arm`, so callers need not import [`FromArm`].
macro_rules! inherent_from_arm {
    ($($type:ty),* $(,)?) => {$(
        impl $type {
            /// Decodes one ARM JSON object (see [`FromArm`]).
            pub fn from_arm(value: &serde_json::Value) -> Result<Self, DecodeError> {
                <Self as FromArm>::from_arm(value)
            }
        }
    )*};
}

inherent_from_arm!(
    ConnectionState,
    Subscription,
    PrivateLinkService,
    NatIpConfiguration,
    PlsConnection,
    PrivateEndpoint,
    EndpointConnection,
    LoadBalancer,
    Frontend,
    LoadBalancingRule,
    ManagedCluster,
    PaasResource,
    PrivateDnsZone,
    ZoneLink,
    DnsZoneGroup,
    FrontDoorProfile,
    AfdEndpoint,
    OriginGroup,
    Origin,
    SharedPrivateLink,
    ResourceConnection,
);

#[cfg(test)]
mod tests;
