//! Which resources' connections Link Center can change, with each provider's api-version: private
//! link services first, then the PaaS types of the inventory through the generic
//! `{resourceId}/privateEndpointConnections/{name}`. Any other type is refused by name, before
//! anything is sent.

use crate::arm::models::PAAS_TYPES;

/// The private link service's row; the PaaS types' are `PAAS_TYPES`.
const PLS: (&str, &str, &str) = (
    "Microsoft.Network/privateLinkServices",
    "2024-05-01",
    "PUT answers 200; DELETE is long-running",
);

/// Resource types whose connections can be changed: type, api-version, and what differs.
pub fn supported() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    std::iter::once(PLS).chain(
        PAAS_TYPES
            .iter()
            .map(|t| (t.resource_type, t.api_version, t.quirk)),
    )
}

/// The api-version for connections of a resource of `resource_type` (any casing), if supported.
pub fn api_version(resource_type: &str) -> Option<&'static str> {
    supported()
        .find(|(t, ..)| t.eq_ignore_ascii_case(resource_type))
        .map(|(_, version, _)| version)
}

/// Whether `id` names a private endpoint connection (`…/privateEndpointConnections/{name}`, of
/// any provider): the only thing Link Center approves, rejects or removes.
pub fn is_connection(id: &crate::arm::ResourceId) -> bool {
    id.resource_type().is_some_and(|t| {
        t.to_ascii_lowercase()
            .ends_with("/privateendpointconnections")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_of_any_provider_are_connections_and_their_parents_are_not() {
        let parse = |id: &str| crate::arm::ResourceId::parse(id).unwrap();
        let sql = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/db";
        assert!(is_connection(&parse(&format!(
            "{sql}/PRIVATEENDPOINTCONNECTIONS/c1"
        ))));
        assert!(!is_connection(&parse(sql)));
        assert!(!is_connection(&parse(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe"
        )));
    }

    #[test]
    fn supported_types_match_in_any_casing_and_others_are_not() {
        assert_eq!(
            api_version("microsoft.network/PRIVATELINKSERVICES"),
            Some("2024-05-01")
        );
        assert_eq!(api_version("Microsoft.Sql/servers"), Some("2023-08-01"));
        assert_eq!(api_version("microsoft.web/SITES"), Some("2025-05-01"));
        assert_eq!(api_version("Microsoft.Network/applicationGateways"), None);
    }
}
