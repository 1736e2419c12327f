//! What the caller may do in each subscription, as Azure's permissions API answers it
//! (`GET {scope}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`), and its
//! enforcement: a read or write the caller's permissions do not allow is answered 403
//! `AuthorizationFailed`, naming the action, as ARM does.
//!
//! Set with `--permissions FILE`, a JSON document:
//! `{"default": [PERMISSION…], "subscriptions": {"<id>": [PERMISSION…]}}` where a PERMISSION is
//! `{"actions": [...], "notActions": [...]}` (`dataActions`/`notDataActions` optional). A
//! subscription not named gets `default`; without `default`, everything (`*`), as for an Owner.
//! Without the file, everything everywhere.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};

/// One role's grant, as the permissions API lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Permission {
    /// Allowed control-plane actions (`*` wildcards).
    #[serde(default)]
    pub actions: Vec<String>,
    /// Actions taken out of `actions`.
    #[serde(default)]
    pub not_actions: Vec<String>,
    /// Allowed data actions.
    #[serde(default)]
    pub data_actions: Vec<String>,
    /// Data actions taken out.
    #[serde(default)]
    pub not_data_actions: Vec<String>,
}

impl Permission {
    /// Everything, as for an Owner.
    pub fn everything() -> Self {
        Self {
            actions: vec!["*".into()],
            ..Self::default()
        }
    }

    /// As the permissions API answers it (the keys of Microsoft's published example).
    pub fn to_json(&self) -> Value {
        json!({
            "actions": self.actions,
            "notActions": self.not_actions,
            "dataActions": self.data_actions,
            "notDataActions": self.not_data_actions,
        })
    }

    fn allows(&self, action: &str) -> bool {
        self.actions.iter().any(|p| glob(p, action))
            && !self.not_actions.iter().any(|p| glob(p, action))
    }
}

/// The permissions of every subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permissions {
    default: Vec<Permission>,
    /// By lower-cased subscription id.
    subscriptions: HashMap<String, Vec<Permission>>,
}

impl Default for Permissions {
    fn default() -> Self {
        Self {
            default: vec![Permission::everything()],
            subscriptions: HashMap::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    default: Option<Vec<Permission>>,
    #[serde(default)]
    subscriptions: HashMap<String, Vec<Permission>>,
}

/// Why a permissions file is refused.
#[derive(Debug, thiserror::Error)]
#[error("the permissions file is not valid: {0}")]
pub struct BadPermissions(String);

impl Permissions {
    /// Reads a permissions document.
    pub fn parse(text: &str) -> Result<Self, BadPermissions> {
        let file: File = serde_json::from_str(text).map_err(|e| BadPermissions(e.to_string()))?;
        let named = file
            .subscriptions
            .iter()
            .map(|(s, grants)| (format!("subscription {s}"), grants));
        for (scope, grants) in named.chain(file.default.iter().map(|g| ("default".into(), g))) {
            for action in grants
                .iter()
                .flat_map(|g| g.actions.iter().chain(&g.not_actions))
            {
                if action.trim().is_empty() || action.contains(char::is_whitespace) {
                    return Err(BadPermissions(format!(
                        "{scope}: {action:?} is not an action"
                    )));
                }
            }
        }
        Ok(Self {
            default: file
                .default
                .unwrap_or_else(|| vec![Permission::everything()]),
            subscriptions: file
                .subscriptions
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
        })
    }

    /// What the caller may do in `subscription`.
    pub fn of(&self, subscription: &str) -> &[Permission] {
        self.subscriptions
            .get(&subscription.to_ascii_lowercase())
            .unwrap_or(&self.default)
    }

    /// Whether some grant in `subscription` allows `action` and does not take it out.
    pub fn allows(&self, subscription: &str, action: &str) -> bool {
        self.of(subscription).iter().any(|p| p.allows(action))
    }
}

/// Azure's action patterns: `*` stands for any run of characters; case is ignored.
fn glob(pattern: &str, action: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let action = action.to_ascii_lowercase();
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == action;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !action.starts_with(first) || action.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &action[first.len()..action.len() - last.len()];
    if !action.ends_with(last) {
        return false;
    }
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// The action a request to resource `id` performs, in the id's case: its type's `read`, `write`
/// or `delete` (`Microsoft.Network/privateLinkServices/privateEndpointConnections/write`), as
/// role definitions and the Activity Log name operations.
pub fn resource_action(id: &str, verb: &str) -> Option<String> {
    let segments: Vec<&str> = id.split('/').collect();
    let at = segments
        .iter()
        .rposition(|s| s.eq_ignore_ascii_case("providers"))?;
    let (namespace, rest) = segments[at + 1..].split_first()?;
    let types: Vec<&str> = rest.iter().step_by(2).copied().collect();
    if types.is_empty() {
        return None;
    }
    Some(format!("{namespace}/{}/{verb}", types.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_any_run_and_case_is_ignored() {
        assert!(glob("*", "Microsoft.Network/privateLinkServices/read"));
        assert!(glob("*/read", "microsoft.network/PRIVATELINKSERVICES/read"));
        assert!(glob(
            "Microsoft.Network/*/privateEndpointConnections/write",
            "Microsoft.Network/privateLinkServices/privateEndpointConnections/write"
        ));
        assert!(!glob(
            "*/read",
            "Microsoft.Network/privateLinkServices/write"
        ));
        assert!(!glob("Microsoft.Sql/*", "Microsoft.Network/x/read"));
        assert!(!glob("a*a", "a"));
    }

    #[test]
    fn not_actions_take_out_and_unnamed_subscriptions_get_the_default() {
        let permissions = Permissions::parse(
            r#"{"default": [{"actions": ["*/read"]}],
                "subscriptions": {"S1": [{"actions": ["*"], "notActions": ["Microsoft.Network/*/delete"]}],
                                  "s2": []}}"#,
        )
        .unwrap();
        assert!(permissions.allows("s1", "Microsoft.Network/privateLinkServices/write"));
        assert!(!permissions.allows("s1", "Microsoft.Network/privateLinkServices/delete"));
        assert!(!permissions.allows("s2", "Microsoft.Network/privateLinkServices/read"));
        assert!(permissions.allows("s3", "Microsoft.Network/privateLinkServices/read"));
        assert!(!permissions.allows("s3", "Microsoft.Network/privateLinkServices/write"));
        assert!(Permissions::default().allows("any", "anything/write"));
    }

    #[test]
    fn a_bad_file_says_why() {
        assert!(
            Permissions::parse("{\"subscriptions\": {\"s\": [{\"actions\": [\"\"]}]}}").is_err()
        );
        assert!(Permissions::parse("{\"subscription\": {}}").is_err());
        let default = Permissions::parse(r#"{"default": [{"actions": ["*/ read"]}]}"#);
        assert!(default.unwrap_err().to_string().contains("default"));
        assert!(Permissions::parse("[]").is_err());
    }

    #[test]
    fn a_request_performs_its_types_action() {
        assert_eq!(
            resource_action(
                "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/privatelinkservices/p/privateendpointconnections/c",
                "write"
            )
            .as_deref(),
            Some("microsoft.network/privatelinkservices/privateendpointconnections/write")
        );
        assert_eq!(resource_action("/subscriptions/s", "read"), None);
    }
}
