//! PaaS resources that hold private endpoint connections — SQL servers, Storage accounts, Key
//! Vaults — each as its provider's GET returns it, with the provider's spellings (SQL reports
//! `Ready`, Storage writes `actionRequired`).

use serde_json::{Value, json};

use super::{Connection, guid, rg_id};

/// The demo's tenant (Key Vault names it in its body).
const TENANT: &str = "4e7a2c1b-8d3f-4b6a-9c5e-2f1a0b7d6c38";

/// Which provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PaasKind {
    Sql,
    Storage,
    KeyVault,
}

impl PaasKind {
    fn resource_type(self) -> &'static str {
        match self {
            Self::Sql => "Microsoft.Sql/servers",
            Self::Storage => "Microsoft.Storage/storageAccounts",
            Self::KeyVault => "Microsoft.KeyVault/vaults",
        }
    }

    fn group_id(self) -> &'static str {
        match self {
            Self::Sql => "sqlServer",
            Self::Storage => "blob",
            Self::KeyVault => "vault",
        }
    }
}

/// A PaaS resource of `kind`, public network access `Enabled` or `Disabled`.
pub(crate) struct Paas {
    pub kind: PaasKind,
    pub sub: String,
    pub rg: String,
    pub name: String,
    pub location: String,
    pub public_access: &'static str,
    pub connections: Vec<Connection>,
}

/// The id of a PaaS resource.
pub(crate) fn paas_id(kind: PaasKind, sub: &str, rg: &str, name: &str) -> String {
    format!(
        "{}/providers/{}/{name}",
        rg_id(sub, rg),
        kind.resource_type()
    )
}

/// The resource with its embedded connections.
pub(crate) fn paas_resource(p: &Paas) -> Value {
    let kind = p.kind.resource_type();
    let id = paas_id(p.kind, &p.sub, &p.rg, &p.name);
    let connections: Vec<Value> = p
        .connections
        .iter()
        .map(|c| {
            let name = format!("{}-{}", c.pe_name(), guid(&c.pe_id));
            let mut state = c.state_json();
            let (provisioning, state) = match p.kind {
                PaasKind::Sql => ("Ready", state),
                PaasKind::Storage => {
                    if let Some(map) = state.as_object_mut()
                        && let Some(action) = map.remove("actionsRequired")
                    {
                        map.insert("actionRequired".into(), action);
                    }
                    ("Succeeded", state)
                }
                PaasKind::KeyVault => ("Succeeded", state),
            };
            let etag = if p.kind == PaasKind::KeyVault {
                json!("")
            } else {
                Value::Null
            };
            let mut connection = json!({
                "id": format!("{id}/privateEndpointConnections/{name}"), "name": name,
                "type": format!("{kind}/privateEndpointConnections"),
                "properties": {
                    "privateEndpoint": { "id": c.pe_id }, "groupIds": [p.kind.group_id()],
                    "privateLinkServiceConnectionState": state, "provisioningState": provisioning
                }
            });
            // Key Vault sends each connection with an (empty) etag, as its published list does.
            if !etag.is_null() {
                connection["etag"] = etag;
            }
            connection
        })
        .collect();
    let properties = match p.kind {
        PaasKind::Sql => json!({
            "administratorLogin": "sqladmin", "version": "12.0", "state": "Ready",
            "fullyQualifiedDomainName": format!("{}.database.windows.net", p.name),
            "minimalTlsVersion": "1.2", "restrictOutboundNetworkAccess": "Disabled"
        }),
        PaasKind::Storage => {
            let endpoint = |service: &str, routing: &str| {
                format!("https://{}{routing}.{service}.core.windows.net/", p.name)
            };
            let routed = |routing: &str, services: &[&str]| {
                let map: serde_json::Map<String, Value> = services
                    .iter()
                    .map(|s| ((*s).to_owned(), json!(endpoint(s, routing))))
                    .collect();
                Value::Object(map)
            };
            let created = "2026-01-12T08:30:00.0000000Z";
            json!({
                "allowBlobPublicAccess": false, "allowSharedKeyAccess": true,
                "creationTime": created,
                "encryption": {
                    "keySource": "Microsoft.Storage", "requireInfrastructureEncryption": false,
                    "services": {
                        "blob": { "enabled": true, "keyType": "Account", "lastEnabledTime": created },
                        "file": { "enabled": true, "keyType": "Account", "lastEnabledTime": created }
                    }
                },
                "isHnsEnabled": false,
                "keyCreationTime": { "key1": created, "key2": created },
                "keyPolicy": { "keyExpirationPeriodInDays": 90 },
                "minimumTlsVersion": "TLS1_2",
                "networkAcls": { "bypass": "AzureServices", "defaultAction": "Allow", "ipRules": [], "virtualNetworkRules": [] },
                "primaryEndpoints": {
                    "blob": endpoint("blob", ""), "dfs": endpoint("dfs", ""),
                    "file": endpoint("file", ""), "queue": endpoint("queue", ""),
                    "table": endpoint("table", ""), "web": endpoint("web", ""),
                    "internetEndpoints": routed("-internetrouting", &["blob", "dfs", "file", "web"]),
                    "microsoftEndpoints": routed("-microsoftrouting", &["blob", "dfs", "file", "queue", "table", "web"])
                },
                "primaryLocation": p.location, "secondaryLocation": "northeurope",
                "provisioningState": "Succeeded",
                "routingPreference": {
                    "publishInternetEndpoints": true, "publishMicrosoftEndpoints": true,
                    "routingChoice": "MicrosoftRouting"
                },
                "sasPolicy": { "expirationAction": "Log", "sasExpirationPeriod": "1.00:00:00" },
                "statusOfPrimary": "available", "statusOfSecondary": "available",
                "supportsHttpsTrafficOnly": true
            })
        }
        PaasKind::KeyVault => json!({
            "provisioningState": "Succeeded", "tenantId": TENANT,
            "sku": { "family": "A", "name": "standard" }, "enableRbacAuthorization": false,
            "accessPolicies": [{
                "objectId": "3b1f6c2e-8d4a-4e7b-9c0f-1a2b3c4d5e6f", "tenantId": TENANT,
                "permissions": {
                    "certificates": ["get", "list"], "keys": ["get", "list", "wrapKey", "unwrapKey"],
                    "secrets": ["get", "list"]
                }
            }],
            "enabledForDeployment": false, "enabledForDiskEncryption": false,
            "enabledForTemplateDeployment": false,
            "hsmPoolResourceId": null,
            "vaultUri": format!("https://{}.vault.azure.net", p.name)
        }),
    };
    let mut resource = json!({
        "id": id, "name": p.name, "type": kind, "location": p.location, "tags": {},
        "properties": properties
    });
    if p.kind == PaasKind::Sql {
        resource["kind"] = json!("v12.0");
    }
    if p.kind == PaasKind::Storage {
        resource["kind"] = json!("StorageV2");
        resource["sku"] = json!({ "name": "Standard_RAGRS", "tier": "Standard" });
    }
    if p.kind != PaasKind::Sql {
        resource["systemData"] = super::system_data(&super::Audit {
            by: "platform-iac".into(),
            by_type: "Application",
            created_minutes_ago: 300 * 24 * 60,
            modified_minutes_ago: 30 * 24 * 60,
        });
    }
    resource["properties"]["publicNetworkAccess"] = json!(p.public_access);
    resource["properties"]["privateEndpointConnections"] = Value::Array(connections);
    resource
}
