//! Which of the sync's optional resource types a subscription holds, from one generic list
//! (`GET /subscriptions/{s}/resources?$filter=resourceType eq '…' or …`, ARM's Resources_List):
//! the sync then lists only the types present, instead of one list per type — most
//! subscriptions hold none of the seven PaaS types, no Front Door profile and no private DNS
//! zone. PLSs, endpoints and load balancers are always listed: they are what the inventory is
//! about, and a new PLS must show on the next sync whatever ARM's generic list says. When the
//! census itself fails (a role without `Microsoft.Resources/subscriptions/resources/read`),
//! every type is listed, as before: nothing is skipped on a guess.

use std::collections::HashSet;

use crate::arm::models::{PAAS_TYPES, PRIVATE_DNS_TYPE};
use crate::arm::{ArmClient, ArmError};

use super::fetch::RESOURCES_API;

/// Front Door (and classic CDN) profiles.
pub const PROFILE_TYPE: &str = "Microsoft.Cdn/profiles";

/// The types the census asks about: every PaaS type (AKS clusters included), Front Door
/// profiles, private DNS zones.
pub fn optional_types() -> Vec<&'static str> {
    PAAS_TYPES
        .iter()
        .map(|t| t.resource_type)
        .chain([PROFILE_TYPE, PRIVATE_DNS_TYPE])
        .collect()
}

/// The generic list's path for `types`, its `$filter` percent-encoded.
pub fn path(subscription: &str, types: &[&str]) -> String {
    let filter = types
        .iter()
        .map(|t| format!("resourceType eq '{t}'"))
        .collect::<Vec<_>>()
        .join(" or ");
    // `+` for a space is form encoding; ARM's query parser wants `%20`. A literal `+` is `%2B`.
    let encoded = url::form_urlencoded::byte_serialize(filter.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!("/subscriptions/{subscription}/resources?$filter={encoded}")
}

/// What the census found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Census {
    /// Lower-cased types present; `None` when unknown (every type is then listed).
    present: Option<HashSet<String>>,
}

impl Census {
    /// A census that knows nothing: every type is listed.
    pub fn unknown() -> Self {
        Self::default()
    }

    /// The types of the generic list's items.
    pub fn of<'a>(types: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            present: Some(types.into_iter().map(str::to_ascii_lowercase).collect()),
        }
    }

    /// Whether `resource_type` (any casing) must be listed.
    pub fn holds(&self, resource_type: &str) -> bool {
        self.present
            .as_ref()
            .is_none_or(|p| p.contains(&resource_type.to_ascii_lowercase()))
    }
}

/// Takes the census of one subscription; any failure (after the client's retries) answers
/// `Census::unknown`, and the lists that follow report what is really wrong.
pub async fn take(client: &ArmClient, subscription: &str) -> Census {
    let path = path(subscription, &optional_types());
    match client.list(&path, RESOURCES_API).await {
        Ok(items) => Census::of(items.iter().filter_map(|i| i["type"].as_str())),
        Err(error) => {
            log_failure(subscription, &error);
            Census::unknown()
        }
    }
}

fn log_failure(subscription: &str, error: &ArmError) {
    tracing::info!(
        subscription,
        error = %error,
        "the generic resource list failed: every resource type is listed"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_names_every_optional_type_and_is_percent_encoded() {
        let path = path("s", &["Microsoft.Sql/servers", "Microsoft.Web/sites"]);
        assert_eq!(
            path,
            "/subscriptions/s/resources?$filter=resourceType%20eq%20%27Microsoft.Sql%2Fservers%27%20or%20resourceType%20eq%20%27Microsoft.Web%2Fsites%27"
        );
        let all = optional_types();
        assert_eq!(all.len(), PAAS_TYPES.len() + 2);
        assert!(all.contains(&"Microsoft.Network/privateDnsZones"));
    }

    #[test]
    fn only_present_types_are_listed_and_an_unknown_census_lists_all() {
        let census = Census::of(["microsoft.storage/storageAccounts"]);
        assert!(census.holds("Microsoft.Storage/storageAccounts"));
        assert!(!census.holds("Microsoft.Sql/servers"));
        assert!(Census::unknown().holds("Microsoft.Sql/servers"));
        assert!(!Census::of([]).holds(PROFILE_TYPE));
    }
}
