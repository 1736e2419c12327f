//! The resource detail pages' data: a private link service with its NAT IPs, frontend and
//! connections; a private endpoint with its target; one connection with both of its ends.

use serde::{Deserialize, Serialize};

use super::{ConnectionRow, EndpointRow, ServiceRow};

/// What `/resource/{id}` shows. Externally tagged (`{"service": {…}}`): an internally tagged
/// enum makes serde buffer and decode every nested type twice, which cost ~40 KB of wasm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ResourceView {
    /// A private link service.
    Service(ServiceDetail),
    /// A private endpoint.
    Endpoint(EndpointDetail),
    /// A private endpoint connection of a private link service.
    Connection(ConnectionDetail),
}

/// A NAT IP configuration of a private link service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NatIpView {
    /// Configuration name.
    pub name: String,
    /// Private IP address.
    pub private_ip: Option<String>,
    /// `Static` or `Dynamic`.
    pub allocation: Option<String>,
    /// Subnet id.
    pub subnet: Option<String>,
    /// The primary configuration.
    pub primary: bool,
}

/// The load balancer frontend a private link service publishes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FrontendView {
    /// `found`, `missing` (the chain is broken), `notVisible` or `none`.
    pub state: String,
    /// The frontend IP configuration id.
    pub id: Option<String>,
    /// Its load balancer.
    pub load_balancer_id: Option<String>,
    /// Its private IP.
    pub private_ip: Option<String>,
    /// Its rules: `443/Tcp → 8443`.
    pub ports: Vec<String>,
}

/// A private link service in full.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDetail {
    /// The list row (names, owner, counts).
    pub row: ServiceRow,
    /// `Succeeded`, `Updating`…
    pub provisioning_state: Option<String>,
    /// FQDNs offered to consumers.
    pub fqdns: Vec<String>,
    /// Whether the PROXY protocol v2 header is sent.
    pub proxy_protocol: bool,
    /// NAT IP configurations.
    pub nat_ips: Vec<NatIpView>,
    /// The frontend.
    pub frontend: FrontendView,
    /// Every connection, oldest request first.
    pub connections: Vec<ConnectionRow>,
}

/// A private endpoint in full.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointDetail {
    /// The list row.
    pub row: EndpointRow,
    /// Its connection's name.
    pub connection_name: Option<String>,
    /// The message sent with the request.
    pub request_message: Option<String>,
    /// The provider's description of the state.
    pub description: Option<String>,
    /// The connection on the target PLS that this endpoint is, when the PLS is in the inventory.
    pub provider_connection_id: Option<String>,
    /// The target's name.
    pub target_name: Option<String>,
    /// `customDnsConfigs`: FQDN and addresses.
    pub dns: Vec<(String, Vec<String>)>,
    /// When it was created (RFC 3339), when ARM says.
    pub created_at: Option<String>,
}

/// One connection of a private link service, with both ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionDetail {
    /// The list row (state, description, consumer, age).
    pub row: ConnectionRow,
    /// The consumer's private endpoint, as the connection names it.
    pub private_endpoint_id: Option<String>,
    /// That endpoint is in the inventory (so it has a detail page).
    pub endpoint_known: bool,
}

/// The Azure portal page of a resource.
pub fn portal_url(id: &str) -> String {
    format!("https://portal.azure.com/#@/resource{id}")
}

/// Link Center's page of a resource (`/resource/subscriptions/…`); characters that would end
/// the path are escaped.
pub fn resource_href(id: &str) -> String {
    let mut href = String::with_capacity(id.len() + 10);
    href.push_str("/resource");
    if !id.starts_with('/') {
        href.push('/');
    }
    for c in id.chars() {
        match c {
            ' ' => href.push_str("%20"),
            '?' => href.push_str("%3F"),
            '#' => href.push_str("%23"),
            '%' => href.push_str("%25"),
            c => href.push(c),
        }
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_id_readable_and_escape_what_would_end_the_path() {
        let id = "/subscriptions/s/resourceGroups/rg (prod)/providers/Microsoft.Network/privateLinkServices/a#b";
        assert_eq!(
            resource_href(id),
            "/resource/subscriptions/s/resourceGroups/rg%20(prod)/providers/Microsoft.Network/privateLinkServices/a%23b"
        );
        assert_eq!(
            portal_url("/subscriptions/s"),
            "https://portal.azure.com/#@/resource/subscriptions/s"
        );
    }
}
