//! What Azure says an identity may do at a scope (`GET {scope}/providers/Microsoft.Authorization/
//! permissions`): a list of grants, each `actions` minus `notActions`, with `*` wildcards and no
//! regard to case. An action is allowed when some grant allows it and does not take it out.

use serde::Deserialize;

/// One role assignment's effect, as the permissions API lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    /// What it allows.
    #[serde(default)]
    pub actions: Vec<String>,
    /// What it takes out of `actions`.
    #[serde(default)]
    pub not_actions: Vec<String>,
}

impl Grant {
    /// Whether this grant allows `action`.
    pub fn allows(&self, action: &str) -> bool {
        self.actions.iter().any(|p| matches(p, action))
            && !self.not_actions.iter().any(|p| matches(p, action))
    }
}

/// Whether any of `grants` allows `action`.
pub fn allowed(grants: &[Grant], action: &str) -> bool {
    grants.iter().any(|g| g.allows(action))
}

/// Whether `pattern` (`*` for any run of characters) matches `action`, ignoring ASCII case.
pub fn matches(pattern: &str, action: &str) -> bool {
    let pattern = pattern.trim().as_bytes();
    let action = action.as_bytes();
    // Dynamic programming over prefixes: reach[j] says pattern[..i] matches action[..j].
    let mut reach = vec![false; action.len() + 1];
    reach[0] = true;
    for &p in pattern {
        if p == b'*' {
            for j in 1..=action.len() {
                reach[j] = reach[j] || reach[j - 1];
            }
        } else {
            for j in (1..=action.len()).rev() {
                reach[j] = reach[j - 1] && p.eq_ignore_ascii_case(&action[j - 1]);
            }
            reach[0] = false;
        }
    }
    reach[action.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(actions: &[&str], not_actions: &[&str]) -> Grant {
        Grant {
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            not_actions: not_actions.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    #[test]
    fn wildcards_stand_for_any_run_and_case_does_not_matter() {
        let write = "Microsoft.Network/privateLinkServices/privateEndpointConnections/write";
        assert!(matches("*", write));
        assert!(matches("microsoft.network/*", write));
        assert!(matches("Microsoft.Network/*/write", write));
        assert!(matches(
            "Microsoft.Network/privateLinkServices/*/write",
            write
        ));
        assert!(!matches("*/read", write));
        assert!(!matches("Microsoft.Sql/*", write));
        assert!(!matches(
            "Microsoft.Network/privateLinkServices/write",
            write
        ));
        assert!(matches(write, &write.to_uppercase()));
        assert!(!matches("", write));
    }

    #[test]
    fn not_actions_take_out_of_their_own_grant_only() {
        let action = "Microsoft.Network/privateLinkServices/privateEndpointConnections/write";
        // Contributor: everything but authorization writes.
        assert!(allowed(
            &[grant(&["*"], &["Microsoft.Authorization/*/Write"])],
            action
        ));
        // Reader.
        assert!(!allowed(&[grant(&["*/read"], &[])], action));
        // Taken out by one grant, given by another.
        let taken = grant(
            &["*"],
            &["Microsoft.Network/*/privateEndpointConnections/*"],
        );
        assert!(!allowed(std::slice::from_ref(&taken), action));
        assert!(allowed(&[taken, grant(&[action], &[])], action));
        assert!(!allowed(&[], action));
    }

    #[test]
    fn the_published_shape_decodes() {
        let grants: Vec<Grant> = serde_json::from_value(serde_json::json!([
            {"actions": [], "notActions": [], "dataActions": [], "notDataActions": []},
            {"actions": ["*/read"]}
        ]))
        .unwrap();
        assert_eq!(grants[1].actions, ["*/read"]);
        assert!(grants[0].not_actions.is_empty());
    }
}
