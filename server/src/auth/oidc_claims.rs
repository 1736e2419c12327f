//! Who an OpenID Connect sign-in is, from the claims of an ID token that has been verified
//! (signature, issuer, audience, expiry, nonce: `oidc`): the subject, name and e-mail for the
//! audit, and the memberships the role comes from — Entra ID's app roles (`roles`) and groups
//! (`groups`). Entra sends no `groups` claim for a user in more than 200 groups, only a pointer
//! to Graph (`_claim_names.groups`, or `hasgroups`); that "group overage" is refused with what
//! to change rather than silently mapping to no role. Pure.

use serde_json::Value;

/// A signed-in user, from their ID token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The provider's subject (`sub`): who they are, stable across name changes.
    pub subject: String,
    /// What to call them: `name`, else `preferred_username`, else the e-mail, else the subject.
    pub name: String,
    /// Their e-mail (`email`, else Entra's `preferred_username` when it is one).
    pub email: Option<String>,
    /// Their app roles and groups, the roles first.
    pub memberships: Vec<String>,
}

/// Why the claims cannot sign anyone in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    /// No `sub` (every OpenID provider sends one).
    #[error("the ID token names no subject (sub)")]
    NoSubject,
    /// Entra's group overage, and no app role to go by.
    #[error(
        "{user} is in more groups than Entra ID puts in a token (over 200), so it sent no groups \
         claim and Link Center cannot tell their role. Assign the Link Center app roles to the \
         approver and viewer groups (the roles claim is always sent), or set the app \
         registration's token configuration to send only the groups assigned to the application"
    )]
    GroupOverage {
        /// Who.
        user: String,
    },
}

/// The sign-in the verified claims `claims` (the ID token's payload) describe.
pub fn signed_in(claims: &Value) -> Result<SignedIn, ClaimsError> {
    let text = |key: &str| {
        claims[key]
            .as_str()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let subject = text("sub").ok_or(ClaimsError::NoSubject)?;
    let username = text("preferred_username");
    let email = text("email").or_else(|| username.clone().filter(|u| u.contains('@')));
    let name = text("name")
        .or(username)
        .or_else(|| email.clone())
        .unwrap_or_else(|| subject.clone());
    let list = |key: &str| -> Vec<String> {
        claims[key]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let roles = list("roles");
    let groups = list("groups");
    let overage = !claims["_claim_names"]["groups"].is_null() || claims["hasgroups"] == true;
    if overage && groups.is_empty() && roles.is_empty() {
        return Err(ClaimsError::GroupOverage { user: name });
    }
    Ok(SignedIn {
        subject,
        name,
        email,
        memberships: roles.into_iter().chain(groups).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_entra_token_gives_name_email_roles_and_groups() {
        let claims = json!({
            "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
            "name": "Ada Lovelace",
            "preferred_username": "ada@contoso.example",
            "roles": ["LinkCenter.Approver"],
            "groups": ["2b3c…-platform"],
        });
        let who = signed_in(&claims).unwrap();
        assert_eq!(who.name, "Ada Lovelace");
        assert_eq!(who.email.as_deref(), Some("ada@contoso.example"));
        assert_eq!(who.memberships, ["LinkCenter.Approver", "2b3c…-platform"]);
    }

    #[test]
    fn a_name_falls_back_to_the_username_the_email_then_the_subject() {
        assert_eq!(
            signed_in(&json!({"sub": "s1", "preferred_username": "vera"}))
                .unwrap()
                .name,
            "vera"
        );
        let by_mail = signed_in(&json!({"sub": "s1", "email": "v@example.com"})).unwrap();
        assert_eq!(
            (by_mail.name.as_str(), by_mail.email.as_deref()),
            ("v@example.com", Some("v@example.com"))
        );
        assert_eq!(signed_in(&json!({"sub": "s1"})).unwrap().name, "s1");
        assert_eq!(
            signed_in(&json!({"name": "nobody"})),
            Err(ClaimsError::NoSubject)
        );
    }

    #[test]
    fn group_overage_is_explained_unless_app_roles_say_enough() {
        let overage = json!({
            "sub": "s2", "name": "Grace",
            "_claim_names": {"groups": "src1"},
            "_claim_sources": {"src1": {"endpoint": "https://graph.microsoft.com/v1.0/users/x/getMemberObjects"}},
        });
        let error = signed_in(&overage).unwrap_err();
        assert_eq!(
            error,
            ClaimsError::GroupOverage {
                user: "Grace".into()
            }
        );
        assert!(error.to_string().contains("app roles"));
        assert!(matches!(
            signed_in(&json!({"sub": "s2", "hasgroups": true})),
            Err(ClaimsError::GroupOverage { .. })
        ));
        let mut with_roles = overage.clone();
        with_roles["roles"] = json!(["LinkCenter.Viewer"]);
        assert_eq!(
            signed_in(&with_roles).unwrap().memberships,
            ["LinkCenter.Viewer"]
        );
    }
}
