//! The PaaS resources that take private endpoints — Sql servers, Storage accounts, Key Vaults,
//! Cosmos DB accounts, container registries, Web apps, AKS clusters — as their provider holds
//! them: the private endpoint connections others asked for, and whether the public network can
//! still reach them. `PAAS_TYPES` is the table of what differs between providers (api-version,
//! where the connections are, where the public switch is), kept as data.

use serde_json::Value;

use super::decode::{DecodeError, FromArm, Identity, at, text_at};
use super::private_link_service::PlsConnection;
use super::resource_connection::ResourceConnection;
use crate::arm::ResourceId;

/// What Link Center knows of one provider's resource type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaasType {
    /// The type, as ARM spells it in ids.
    pub resource_type: &'static str,
    /// The api-version of its reads and of its connections' writes.
    pub api_version: &'static str,
    /// Whether its list embeds `properties.privateEndpointConnections`; if not (Web apps, AKS),
    /// each resource's `{id}/privateEndpointConnections` is listed.
    pub embeds_connections: bool,
    /// What differs from the other providers, for the docs.
    pub quirk: &'static str,
    /// A short name for people (`SQL server`, `Storage account`…).
    pub label: &'static str,
}

/// The PaaS types the sync reads, in the order the pages show them.
pub const PAAS_TYPES: [PaasType; 7] = [
    PaasType {
        resource_type: "Microsoft.Sql/servers",
        api_version: "2023-08-01",
        embeds_connections: true,
        quirk: "PUT may answer 202 and reports provisioningState Ready",
        label: "SQL server",
    },
    PaasType {
        resource_type: "Microsoft.Storage/storageAccounts",
        api_version: "2023-05-01",
        embeds_connections: true,
        quirk: "spells actionRequired; networkAcls.defaultAction is the second switch",
        label: "Storage account",
    },
    PaasType {
        resource_type: "Microsoft.KeyVault/vaults",
        api_version: "2026-02-01",
        embeds_connections: true,
        quirk: "connections carry an empty etag; networkAcls.defaultAction",
        label: "Key Vault",
    },
    PaasType {
        resource_type: "Microsoft.DocumentDB/databaseAccounts",
        api_version: "2026-03-15",
        embeds_connections: true,
        quirk: "a Rejected connection cannot be approved again",
        label: "Cosmos DB account",
    },
    PaasType {
        resource_type: "Microsoft.ContainerRegistry/registries",
        api_version: "2025-11-01",
        embeds_connections: true,
        quirk: "networkRuleSet.defaultAction is the second switch",
        label: "Container registry",
    },
    PaasType {
        resource_type: "Microsoft.Web/sites",
        api_version: "2025-05-01",
        embeds_connections: false,
        quirk: "connections listed per site, their bodies without name or type",
        label: "Web app",
    },
    PaasType {
        resource_type: "Microsoft.ContainerService/managedClusters",
        api_version: "2024-05-01",
        embeds_connections: false,
        quirk: "connections listed per private cluster; the published ids say managedCluster",
        label: "AKS cluster",
    },
];

/// The row of `PAAS_TYPES` for a type (any casing).
pub fn paas_type(resource_type: &str) -> Option<&'static PaasType> {
    PAAS_TYPES
        .iter()
        .find(|t| t.resource_type.eq_ignore_ascii_case(resource_type))
}

/// Whether the public network can reach a resource, from `publicNetworkAccess` and, where
/// the provider has one, the network rules' default action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum PublicAccess {
    /// `publicNetworkAccess` is `Enabled` (or missing) and no rule denies by default: any
    /// address can reach it.
    Enabled,
    /// Enabled, but the default action is `Deny`: only the selected networks.
    SelectedNetworks,
    /// `Disabled` (or `SecuredByPerimeter`): only private endpoints.
    Disabled,
    /// Azure said neither.
    Unknown,
}

impl PublicAccess {
    /// From `publicNetworkAccess` and the default action (`Allow`/`Deny`), either missing.
    pub fn of(switch: Option<&str>, default_action: Option<&str>) -> Self {
        let deny = default_action.is_some_and(|a| a.eq_ignore_ascii_case("deny"));
        match switch {
            Some(s) if s.eq_ignore_ascii_case("disabled") => Self::Disabled,
            Some(s) if s.eq_ignore_ascii_case("securedbyperimeter") => Self::Disabled,
            Some(s) if s.eq_ignore_ascii_case("enabled") => {
                if deny {
                    Self::SelectedNetworks
                } else {
                    Self::Enabled
                }
            }
            // Missing: the network rules say what is open, if they are there.
            _ => match default_action {
                Some(_) if deny => Self::SelectedNetworks,
                Some(_) => Self::Enabled,
                None => Self::Unknown,
            },
        }
    }

    /// How the pages say it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enabled => "Enabled",
            Self::SelectedNetworks => "Selected networks",
            Self::Disabled => "Disabled",
            Self::Unknown => "Unknown",
        }
    }
}

/// A PaaS resource and the private endpoint connections it holds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PaasResource {
    /// Its id.
    pub id: ResourceId,
    /// Its name.
    pub name: String,
    /// Its region.
    pub location: String,
    /// Its ETag, when the provider sends one.
    pub etag: Option<String>,
    /// Whether the public network can reach it.
    pub public_access: PublicAccess,
    /// Its connections (decoded into the same shape as a private link service's, without a
    /// link identifier).
    pub connections: Vec<PlsConnection>,
}

impl PaasResource {
    /// Its row of `PAAS_TYPES`.
    pub fn paas_type(&self) -> Option<&'static PaasType> {
        paas_type(&self.id.resource_type()?)
    }

    /// Connections read from `{id}/privateEndpointConnections`, each id rebuilt under this
    /// resource: AKS's published list says `managedCluster` where the cluster's id says
    /// `managedClusters`, and approving must reach the resource the connection was read from.
    pub fn set_listed(&mut self, listed: Vec<ResourceConnection>) {
        self.connections = listed
            .into_iter()
            .map(|mut connection| {
                if let Ok(id) = self
                    .id
                    .try_child("privateEndpointConnections", &connection.name)
                {
                    connection.id = id;
                }
                PlsConnection::from(connection)
            })
            .collect();
        self.etag = None;
    }
}

impl FromArm for PaasResource {
    const KIND: &'static str = "PaaS resource";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::of(Self::KIND, value)?;
        let known = identity
            .id
            .resource_type()
            .as_deref()
            .and_then(paas_type)
            .is_some();
        if !known {
            return Err(identity.wrong_type(Self::KIND, "PaaS type Link Center reads"));
        }
        let default_action = ["networkAcls", "networkRuleSet"]
            .iter()
            .find_map(|rules| text_at(value, &["properties", rules, "defaultAction"]));
        let switch = text_at(value, &["properties", "publicNetworkAccess"]);
        let connections: Vec<ResourceConnection> =
            match at(value, &["properties", "privateEndpointConnections"]) {
                None | Some(Value::Null) => Vec::new(),
                Some(_) => identity.embedded(
                    Self::KIND,
                    value,
                    &["properties", "privateEndpointConnections"],
                )?,
            };
        Ok(Self {
            location: text_at(value, &["location"]).unwrap_or_default(),
            etag: text_at(value, &["etag"]),
            public_access: PublicAccess::of(switch.as_deref(), default_action.as_deref()),
            connections: connections.into_iter().map(PlsConnection::from).collect(),
            id: identity.id,
            name: identity.name,
        })
    }
}

impl From<ResourceConnection> for PlsConnection {
    fn from(connection: ResourceConnection) -> Self {
        Self {
            id: connection.id,
            name: connection.name,
            private_endpoint: connection.private_endpoint,
            state: connection.state,
            provisioning_state: connection.provisioning_state,
            link_identifier: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_access_reads_the_switch_then_the_default_action() {
        use PublicAccess::*;
        assert_eq!(PublicAccess::of(Some("Enabled"), None), Enabled);
        assert_eq!(PublicAccess::of(Some("enabled"), Some("Allow")), Enabled);
        assert_eq!(
            PublicAccess::of(Some("Enabled"), Some("Deny")),
            SelectedNetworks
        );
        assert_eq!(PublicAccess::of(Some("DISABLED"), Some("Allow")), Disabled);
        assert_eq!(PublicAccess::of(Some("SecuredByPerimeter"), None), Disabled);
        assert_eq!(PublicAccess::of(None, Some("Allow")), Enabled);
        assert_eq!(PublicAccess::of(None, Some("Deny")), SelectedNetworks);
        assert_eq!(PublicAccess::of(None, None), Unknown);
    }

    #[test]
    fn every_type_has_an_api_version_and_is_found_in_any_casing() {
        for row in PAAS_TYPES {
            assert_eq!(row.api_version.len(), 10, "{}", row.resource_type);
            let upper = row.resource_type.to_ascii_uppercase();
            assert_eq!(paas_type(&upper), Some(&row));
        }
        assert_eq!(paas_type("Microsoft.Network/privateLinkServices"), None);
    }
}
