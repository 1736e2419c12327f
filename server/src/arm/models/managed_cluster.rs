//! `Microsoft.ContainerService/managedClusters`: where an AKS cluster's load balancers live (the
//! node resource group) and, for a private cluster, the API-server PLS in AKS's subscription.

use serde_json::Value;

use super::decode::{DecodeError, FromArm, Identity, flag_at, list_at, text_at};
use crate::arm::ResourceId;

/// An AKS cluster.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ManagedCluster {
    /// Its id (the AKS RP writes `resourcegroups`).
    pub id: ResourceId,
    /// Its name.
    pub name: String,
    /// Its region.
    pub location: String,
    /// The node resource group, e.g. `MC_rg1_clustername1_location1`.
    pub node_resource_group: Option<String>,
    /// The public API-server FQDN.
    pub fqdn: Option<String>,
    /// The private API-server FQDN of a private cluster.
    pub private_fqdn: Option<String>,
    /// `apiServerAccessProfile.enablePrivateCluster`.
    pub private_cluster: bool,
    /// `kubernetesVersion` (else `currentKubernetesVersion`).
    pub kubernetes_version: Option<String>,
    /// The API-server PLS (`privateLinkResources[].privateLinkServiceID`).
    pub api_server_pls: Option<ResourceId>,
}

impl FromArm for ManagedCluster {
    const KIND: &'static str = "managed cluster";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let full_type = "Microsoft.ContainerService/managedClusters";
        let identity = Identity::typed(Self::KIND, value, full_type)?;
        let props = |key: &'static str| ["properties", key];
        let api_server_pls = list_at(value, &props("privateLinkResources"))
            .iter()
            .flat_map(|resource| {
                ["privateLinkServiceID", "privateLinkServiceId"].map(|key| (resource, key))
            })
            .filter_map(|(resource, key)| resource.get(key)?.as_str())
            .find_map(|text| ResourceId::parse(text).ok());
        Ok(Self {
            location: text_at(value, &["location"]).unwrap_or_default(),
            node_resource_group: text_at(value, &props("nodeResourceGroup")),
            fqdn: text_at(value, &props("fqdn")),
            private_fqdn: text_at(value, &props("privateFQDN")),
            private_cluster: flag_at(
                value,
                &[
                    "properties",
                    "apiServerAccessProfile",
                    "enablePrivateCluster",
                ],
            ),
            kubernetes_version: text_at(value, &props("kubernetesVersion"))
                .filter(|version| !version.is_empty())
                .or_else(|| text_at(value, &props("currentKubernetesVersion"))),
            api_server_pls,
            id: identity.id,
            name: identity.name,
        })
    }
}
