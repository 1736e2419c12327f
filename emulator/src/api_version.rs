//! Which `api-version`s each provider accepts, as ARM checks them before anything else.

use crate::error::ArmError;

/// The versions served for a provider namespace, or for a type versioned apart from its
/// namespace (`Microsoft.Network/privateDnsZones`), newest last. Case is ignored.
pub fn supported(namespace: &str) -> &'static [&'static str] {
    match namespace.to_ascii_lowercase().as_str() {
        "microsoft.network/privatednszones" => &["2018-09-01", "2020-06-01", "2024-06-01"],
        "microsoft.network" => &[
            "2021-05-01",
            "2022-07-01",
            "2023-04-01",
            "2023-05-01",
            "2023-06-01",
            "2023-09-01",
            "2023-11-01",
            "2024-01-01",
            "2024-03-01",
            "2024-05-01",
            "2024-07-01",
            "2024-10-01",
            "2025-01-01",
            "2025-03-01",
            "2025-05-01",
            "2025-07-01",
            "2025-09-01",
            "2026-01-01",
            "2026-03-01",
        ],
        "microsoft.containerservice" => &[
            "2024-02-01",
            "2024-05-01",
            "2024-07-01",
            "2024-09-01",
            "2025-01-01",
            "2025-05-01",
        ],
        "microsoft.cdn" => &[
            "2023-05-01",
            "2024-02-01",
            "2024-09-01",
            "2025-04-15",
            "2025-09-01",
        ],
        "microsoft.resourcegraph" => &["2021-03-01", "2022-10-01", "2024-04-01"],
        "microsoft.resources" => &["2020-01-01", "2021-04-01", "2022-09-01", "2022-12-01"],
        "microsoft.sql" => &["2021-11-01", "2023-08-01"],
        "microsoft.insights" => &["2015-04-01"],
        "microsoft.authorization" => &["2015-07-01", "2022-04-01"],
        "microsoft.storage" => &["2023-01-01", "2023-05-01", "2025-08-01"],
        "microsoft.keyvault" => &["2023-07-01", "2024-11-01", "2026-02-01"],
        "microsoft.documentdb" => &["2024-11-15", "2025-10-15", "2026-03-15"],
        "microsoft.containerregistry" => &["2023-07-01", "2025-04-01", "2025-11-01"],
        "microsoft.web" => &["2024-04-01", "2024-11-01", "2025-05-01"],
        _ => &[],
    }
}

/// Checks the request's `api-version` for a namespace, with ARM's codes and messages.
pub fn check(namespace: &str, version: Option<&str>) -> Result<String, ArmError> {
    let Some(version) = version.filter(|v| !v.is_empty()) else {
        return Err(ArmError::bad_request(
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        ));
    };
    let versions = supported(namespace);
    if versions.contains(&version) {
        return Ok(version.to_owned());
    }
    Err(ArmError::bad_request(
        "InvalidApiVersionParameter",
        format!(
            "The api-version '{version}' is invalid. The supported versions for '{namespace}' are '{}'.",
            versions.join(",")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recommended_versions_are_served() {
        for (ns, v) in [
            ("Microsoft.Network", "2024-05-01"),
            ("microsoft.containerservice", "2024-05-01"),
            ("Microsoft.Cdn", "2024-09-01"),
            ("Microsoft.ResourceGraph", "2024-04-01"),
            ("Microsoft.Resources", "2022-12-01"),
            ("Microsoft.Network/privateDnsZones", "2024-06-01"),
        ] {
            assert_eq!(check(ns, Some(v)).as_deref(), Ok(v), "{ns}");
        }
    }

    #[test]
    fn missing_and_unknown_versions_get_arm_codes() {
        assert_eq!(
            check("Microsoft.Network", None).unwrap_err().code,
            "MissingApiVersionParameter"
        );
        let error = check("Microsoft.Network", Some("1999-01-01")).unwrap_err();
        assert_eq!(error.code, "InvalidApiVersionParameter");
        assert!(error.message.contains("2024-05-01"));
        assert_eq!(
            check("Microsoft.Unknown", Some("2024-05-01"))
                .unwrap_err()
                .code,
            "InvalidApiVersionParameter"
        );
    }
}
