//! What each feature of Link Center needs Azure to allow, as the actions of role definitions
//! name them: the reads of the sync (`inventory::fetch`, `dns_reads`, the census), the connection
//! writes of approve, reject and remove (`actions::kinds`), and the Activity Log read of the
//! history (`history::activity`). `deploy/azure/` grants exactly these; a test holds the two
//! together.

use crate::arm::models::PAAS_TYPES;

/// A feature of Link Center that Azure must allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    /// Reading the inventory: services, endpoints, load balancers, clusters, Front Door, PaaS
    /// resources and their connections, private DNS.
    Inventory,
    /// Approving, rejecting and removing connections.
    Approve,
    /// Reading the Activity Log, for who changed what outside Link Center.
    ActivityLog,
}

impl Feature {
    /// Every feature, in the report's order.
    pub const ALL: [Feature; 3] = [Feature::Inventory, Feature::Approve, Feature::ActivityLog];

    /// The column heading.
    pub fn heading(self) -> &'static str {
        match self {
            Feature::Inventory => "read inventory",
            Feature::Approve => "approve",
            Feature::ActivityLog => "Activity Log",
        }
    }
}

/// One action a feature needs, and what for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Need {
    /// The feature.
    pub feature: Feature,
    /// The action (`Microsoft.Network/privateLinkServices/read`).
    pub action: String,
    /// The resource type (or provider, for approvals) it is about, as the report names it.
    pub about: String,
}

/// Private link services: their reads and connection writes are not in `PAAS_TYPES`.
const SERVICES: &str = "Microsoft.Network/privateLinkServices";

/// The types the sync lists, besides services and PaaS types, with any children it lists.
const READS: [(&str, &[&str]); 6] = [
    (
        "Microsoft.Network/privateEndpoints",
        &["privateDnsZoneGroups"],
    ),
    ("Microsoft.Network/loadBalancers", &[]),
    ("Microsoft.ContainerService/managedClusters", &[]),
    (
        "Microsoft.Cdn/profiles",
        &["afdEndpoints", "originGroups", "originGroups/origins"],
    ),
    (
        "Microsoft.Network/privateDnsZones",
        &["virtualNetworkLinks"],
    ),
    // The census: which optional types a subscription holds.
    ("Microsoft.Resources/subscriptions/resources", &[]),
];

/// Every action Link Center needs, by feature.
pub fn all() -> Vec<Need> {
    let need = |feature, action: String, about: &str| Need {
        feature,
        action,
        about: about.to_owned(),
    };
    let mut needs = vec![
        need(
            Feature::Inventory,
            format!("{SERVICES}/read"),
            "privateLinkServices",
        ),
        need(
            Feature::Inventory,
            format!("{SERVICES}/privateEndpointConnections/read"),
            "privateLinkServices",
        ),
    ];
    for (kind, children) in READS {
        let short = short(kind);
        needs.push(need(Feature::Inventory, format!("{kind}/read"), short));
        for child in children {
            needs.push(need(
                Feature::Inventory,
                format!("{kind}/{child}/read"),
                short,
            ));
        }
    }
    for paas in &PAAS_TYPES {
        let short = short(paas.resource_type);
        let kind = paas.resource_type;
        // Listed apart for Web apps and private clusters; embedded for the others, whose
        // connections' reads the role names too, for a re-read after an action.
        needs.push(need(Feature::Inventory, format!("{kind}/read"), short));
        needs.push(need(
            Feature::Inventory,
            format!("{kind}/privateEndpointConnections/read"),
            short,
        ));
    }
    for (kind, ..) in crate::actions::supported() {
        let provider = kind.split('/').next().unwrap_or(kind);
        for verb in ["write", "delete"] {
            needs.push(need(
                Feature::Approve,
                format!("{kind}/privateEndpointConnections/{verb}"),
                provider,
            ));
        }
    }
    needs.push(need(
        Feature::ActivityLog,
        "Microsoft.Insights/eventtypes/values/read".into(),
        "Activity Log",
    ));
    // Duplicates (AKS is both a chain type and a PaaS type) are named once.
    let mut seen = std::collections::HashSet::new();
    needs.retain(|n| seen.insert(n.action.to_ascii_lowercase()));
    needs
}

/// `privateEndpoints` for `Microsoft.Network/privateEndpoints`.
fn short(kind: &str) -> &str {
    kind.rsplit('/').next().unwrap_or(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approvals_need_the_connection_writes_of_every_provider_link_center_changes() {
        let needs = all();
        let approve: Vec<&str> = needs
            .iter()
            .filter(|n| n.feature == Feature::Approve)
            .map(|n| n.action.as_str())
            .collect();
        for action in [
            "Microsoft.Network/privateLinkServices/privateEndpointConnections/write",
            "Microsoft.Network/privateLinkServices/privateEndpointConnections/delete",
            "Microsoft.Sql/servers/privateEndpointConnections/write",
            "Microsoft.Storage/storageAccounts/privateEndpointConnections/delete",
            "Microsoft.Web/sites/privateEndpointConnections/write",
        ] {
            assert!(approve.contains(&action), "{action} in {approve:?}");
        }
        assert_eq!(
            approve.len(),
            16,
            "two verbs for each of 8 types: {approve:?}"
        );
        assert!(
            approve.iter().all(|a| !a.ends_with("/read")),
            "approving adds no read: {approve:?}"
        );
    }

    #[test]
    fn every_action_is_named_once_and_reads_end_in_read() {
        let needs = all();
        let mut actions: Vec<String> = needs
            .iter()
            .map(|n| n.action.to_ascii_lowercase())
            .collect();
        let count = actions.len();
        actions.sort();
        actions.dedup();
        assert_eq!(actions.len(), count);
        assert!(
            needs
                .iter()
                .filter(|n| n.feature != Feature::Approve)
                .all(|n| n.action.ends_with("/read"))
        );
        assert!(
            needs
                .iter()
                .any(|n| n.action == "Microsoft.Cdn/profiles/originGroups/origins/read")
        );
    }

    /// The role definitions of `deploy/azure/` as `grants::Grant`s.
    fn role(file: &str) -> crate::doctor::Grant {
        let path = format!("{}/../deploy/azure/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let role: serde_json::Value = serde_json::from_str(&text).unwrap();
        let list = |key: &str| -> Vec<String> {
            role[key]
                .as_array()
                .unwrap_or_else(|| panic!("{file}: no {key}"))
                .iter()
                .map(|a| a.as_str().unwrap().to_owned())
                .collect()
        };
        crate::doctor::Grant {
            actions: list("Actions"),
            not_actions: list("NotActions"),
        }
    }

    #[test]
    fn the_roles_in_deploy_grant_what_the_features_need_and_the_reader_approves_nothing() {
        let reader = role("linkcenter-reader.json");
        let approver = role("linkcenter-approver.json");
        for need in all() {
            assert!(
                approver.allows(&need.action),
                "the approver role lacks {}",
                need.action
            );
            assert_eq!(
                reader.allows(&need.action),
                need.feature != Feature::Approve,
                "the reader role and {}",
                need.action
            );
        }
    }
}
