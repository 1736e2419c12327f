//! The permissions API (`{scope}/providers/Microsoft.Authorization/permissions`) in the published
//! shape at each scope, and `--permissions` enforced: what a subscription's grants do not allow is
//! answered 403 `AuthorizationFailed` naming the action, and what they allow works.

use std::sync::Arc;

use emulator::EmulatorConfig;
use emulator::estate::demo::{CONTOSO_EDGE, CONTOSO_PLATFORM};
use emulator::permissions::Permissions;
use reqwest::Method;

use crate::support::{Arm, connections_in, my_pls, network, state_body};
use crate::wire::assert_shape;

const API: &str = "api-version=2022-04-01";

/// The platform subscription (myPLS's) may only read; the edge subscription may read only its
/// Activity Log; the others anything.
async fn restricted() -> Arm {
    let permissions = Permissions::parse(&format!(
        r#"{{"subscriptions": {{
            "{CONTOSO_PLATFORM}": [{{"actions": ["*/read"], "notActions": []}}],
            "{CONTOSO_EDGE}": [{{"actions": ["Microsoft.Insights/eventtypes/*"]}}]
        }}}}"#
    ))
    .unwrap();
    Arm::with(EmulatorConfig {
        permissions: Arc::new(permissions),
        ..EmulatorConfig::default()
    })
    .await
}

#[tokio::test]
async fn each_scope_answers_the_published_shape_with_the_subscriptions_grants() {
    let arm = restricted().await;
    let pls = my_pls();
    let group: String = pls.split('/').take(5).collect::<Vec<_>>().join("/");
    for scope in [
        format!("/subscriptions/{CONTOSO_PLATFORM}"),
        group,
        pls.clone(),
    ] {
        let (status, page) = arm
            .get(&format!(
                "{scope}/providers/Microsoft.Authorization/permissions?{API}"
            ))
            .await;
        assert_eq!(status, 200, "{scope}: {page}");
        assert_shape("GetPermissions.json", &page);
        assert_shape("GetResourcePermissions.json", &page);
        assert_eq!(
            page["value"][0]["actions"],
            serde_json::json!(["*/read"]),
            "{scope}"
        );
    }
    let (status, refused) = arm
        .get(&format!(
            "/subscriptions/{CONTOSO_PLATFORM}/providers/Microsoft.Authorization/permissions?api-version=2021-01-01"
        ))
        .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["error"]["code"], "InvalidApiVersionParameter");
}

#[tokio::test]
async fn what_the_grants_do_not_allow_is_refused_naming_the_action() {
    let arm = restricted().await;
    // A reader reads, and cannot approve.
    let pending = connections_in(&arm, "Pending").await;
    let id = pending[0]["id"].as_str().unwrap();
    let response = arm
        .send(
            Method::PUT,
            &arm.url(&network(id)),
            Some(&state_body("Approved", "ok")),
        )
        .await;
    assert_eq!(response.status(), 403);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "AuthorizationFailed");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("Microsoft.Network/privateLinkServices/privateEndpointConnections/write"),
        "{message}"
    );
    assert_eq!(
        connections_in(&arm, "Pending").await.len(),
        pending.len(),
        "nothing changed"
    );

    // The edge subscription's inventory cannot be read; its Activity Log can.
    let (status, list) = arm
        .get(&format!(
            "/subscriptions/{CONTOSO_EDGE}/providers/Microsoft.Network/privateEndpoints?api-version=2024-05-01"
        ))
        .await;
    assert_eq!(status, 403, "{list}");
    assert!(
        list["error"]["message"]
            .as_str()
            .unwrap()
            .contains("privateendpoints/read")
    );
    let filter = "eventTimestamp ge '2026-11-01T00:00:00Z'";
    let encoded: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    let (status, log) = arm
        .get(&format!(
            "/subscriptions/{CONTOSO_EDGE}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter={encoded}"
        ))
        .await;
    assert_eq!(status, 200, "{log}");
}
