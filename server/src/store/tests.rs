//! Tests of the audit store on a private in-memory database (and, in `file`, a temporary file):
//! writing and completing records, searching them, and the append-only guard.

mod file;
mod guard;
mod query;
mod write;

use time::{Duration, OffsetDateTime};

use super::*;

/// A fixed instant, so that tests do not depend on the clock.
fn t0() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_714_564_800).unwrap() // 2024-05-01T12:00:00Z
}

/// `minutes` after `t0`.
fn at(minutes: i64) -> OffsetDateTime {
    t0() + Duration::minutes(minutes)
}

fn connection(name: &str) -> String {
    format!(
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/providers/\
         Microsoft.Network/privateLinkServices/pls-app/privateEndpointConnections/{name}"
    )
}

/// An approval of `pe-1` by alice, `minutes` after `t0`.
fn intent(minutes: i64) -> AuditIntent {
    AuditIntent {
        at: at(minutes),
        actor: "alice@contoso.com".into(),
        email: Some("alice@contoso.com".into()),
        subject: Some("AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ".into()),
        groups: vec!["link-approvers".into(), "network-team".into()],
        role: "approver".into(),
        auth_mode: "entra".into(),
        action: AuditAction::Approve,
        connection_id: connection("pe-1"),
        resource_id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/\
                      providers/Microsoft.Network/privateLinkServices/pls-app"
            .into(),
        subscription: "00000000-0000-0000-0000-000000000001".into(),
        consumer: Some("pe-app in Contoso Platform".into()),
        evidence: None,
        previous_state: "Pending".into(),
        requested_state: Some("Approved".into()),
        description: "Approved for the payments team, ticket 4711".into(),
        client_ip: Some("10.1.2.3".into()),
        request_id: Some("5f0c8a52-4c1e-4f0e-9a55-2b7f0f9d1e11".into()),
    }
}

/// A success recorded `minutes` after `t0`.
fn succeeded(minutes: i64) -> AuditOutcome {
    AuditOutcome {
        at: at(minutes),
        result: AuditResult::Succeeded,
        message: "Approved".into(),
        final_state: Some("Approved".into()),
        arm_request_id: Some("arm-request-1".into()),
        arm_correlation_id: Some("arm-correlation-1".into()),
    }
}

async fn store() -> Store {
    Store::in_memory()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

fn ids(records: &[AuditRecord]) -> Vec<AuditId> {
    records.iter().map(|record| record.id).collect()
}
