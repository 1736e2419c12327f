//! The API tokens as people see them — the Policies page's section and `linkcenter token
//! list` — from the store's records: status at `now`, times to the second, never a secret.

use app::model::TokenView;
use time::OffsetDateTime;

use crate::auth::{TokenRefusal, usable};
use crate::store::TokenRecord;

/// `record` as listed at `now`.
pub fn view(record: &TokenRecord, now: OffsetDateTime) -> TokenView {
    let grant = &record.grant;
    TokenView {
        name: grant.name.clone(),
        role: grant.role.to_string(),
        scope: grant.scope.to_string(),
        created_by: record.created_by.clone(),
        created_at: rfc3339(record.created_at),
        last_used_at: grant.last_used_at.map(rfc3339),
        expires_at: grant.expires_at.map(rfc3339),
        status: match usable(grant, now) {
            Ok(()) => "active",
            Err(TokenRefusal::Revoked { .. }) => "revoked",
            Err(_) => "expired",
        }
        .to_owned(),
    }
}

/// RFC 3339 to the second.
fn rfc3339(at: OffsetDateTime) -> String {
    at.replace_nanosecond(0)
        .unwrap_or(at)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Role, TokenGrant, TokenScope};

    #[test]
    fn a_token_reads_with_its_status_and_no_secret() {
        let at = OffsetDateTime::from_unix_timestamp(1_796_292_000).unwrap();
        let record = TokenRecord {
            grant: TokenGrant {
                id: 3,
                name: "deploy".into(),
                role: Role::Approver,
                scope: TokenScope::Subscriptions(vec![
                    "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51".into(),
                ]),
                expires_at: Some(at + time::Duration::days(30)),
                revoked_at: None,
                last_used_at: None,
            },
            created_at: at,
            created_by: "elise".into(),
        };
        let view = view(&record, at);
        assert_eq!(view.status, "active");
        assert_eq!(view.scope, "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51");
        assert_eq!(view.created_at, "2026-12-03T10:00:00Z");
        assert_eq!(view.last_used_at, None);
        assert_eq!(
            super::view(&record, at + time::Duration::days(31)).status,
            "expired"
        );
    }
}
