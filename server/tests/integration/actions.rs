//! Approve, reject, remove and bulk over HTTP against the demo estate: every status the API
//! promises, what the emulator and the inventory show afterwards, the audit records, the roles
//! and origin checks of `--auth proxy`, and the settling of an intent a crash left open.

use serde_json::{Value, json};
use server::store::{AuditAction, AuditFilter, AuditIntent, Store};
use time::OffsetDateTime;

use super::api::{serve, serve_with, temp_database};

const PLS_API: &str = "2024-05-01";

/// The intent of an action a killed process left without an outcome, on Pending connection `id`.
pub fn interrupted(id: &str, action: AuditAction, requested: Option<&str>) -> AuditIntent {
    AuditIntent {
        at: OffsetDateTime::now_utc(),
        actor: "alice".into(),
        email: None,
        subject: None,
        groups: Vec::new(),
        role: "approver".into(),
        auth_mode: "local".into(),
        action,
        connection_id: id.to_owned(),
        resource_id: id
            .rsplit_once("/privateEndpointConnections/")
            .unwrap()
            .0
            .to_owned(),
        subscription: id.split('/').nth(2).unwrap().to_owned(),
        consumer: None,
        evidence: None,
        previous_state: "Pending".into(),
        requested_state: requested.map(str::to_owned),
        description: "interrupted".into(),
        client_ip: None,
        request_id: None,
    }
}

fn id_of(row: &Value) -> String {
    row["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn approving_the_front_door_request_changes_azure_the_inventory_and_the_audit() {
    let api = serve().await;
    let row = api.connection("Pending", "frontDoor").await;
    let id = id_of(&row);
    let body = json!({"id": id, "description": "Front Door for super-api, CHG-1042", "expectedState": "Pending"});
    let (status, outcome) = api.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["result"], "succeeded");
    assert_eq!(outcome["previousState"], "Pending");
    assert_eq!(outcome["state"], "Approved");

    let (_, connection) = api.emulated(&id, PLS_API).await;
    let state = &connection["properties"]["privateLinkServiceConnectionState"];
    assert_eq!(state["status"], "Approved");
    assert_eq!(state["description"], "Front Door for super-api, CHG-1042");

    let (_, listed) = api
        .get(&format!(
            "/api/v1/connections?q={}",
            row["name"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        listed["items"][0]["state"], "Approved",
        "the inventory shows it at once"
    );

    let audit = api.audit("").await;
    assert_eq!(audit["total"], 1);
    let record = &audit["items"][0];
    assert_eq!(record["action"], "approve");
    assert_eq!(record["outcome"], "succeeded");
    assert_eq!(record["previousState"], "Pending");
    assert_eq!(record["requestedState"], "Approved");
    assert_eq!(record["finalState"], "Approved");
    assert_eq!(record["authMode"], "local");
    assert_eq!(record["role"], "approver");
    assert_eq!(record["description"], "Front Door for super-api, CHG-1042");
    assert!(
        record["armRequestId"]
            .as_str()
            .is_some_and(|r| !r.is_empty()),
        "{record}"
    );
    assert!(
        record["connectionId"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case(&id)
    );
    assert_eq!(record["clientIp"], "127.0.0.1");

    let (status, again) = api.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(
        status, 409,
        "it was Pending when loaded, Approved now: {again}"
    );
    assert_eq!(again["error"]["code"], "ChangedSinceLoaded");
    assert_eq!(
        again["error"]["message"],
        "changed since you loaded it: now Approved (you saw Pending)"
    );
    let same = json!({"id": id, "description": "again"});
    let (status, noop) = api.post("/api/v1/connections/approve", &same, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(noop["result"], "skipped");
    assert!(
        noop["message"]
            .as_str()
            .unwrap()
            .contains("already Approved")
    );
}

#[tokio::test]
async fn reject_then_approve_is_refused_before_azure_and_remove_disconnects_the_endpoint() {
    let api = serve().await;
    let row = api.connection("Pending", "endpoint").await;
    let id = id_of(&row);
    let (status, rejected) = api
        .post(
            "/api/v1/connections/reject",
            &json!({"id": id, "description": "unknown consumer"}),
            &[],
        )
        .await;
    assert_eq!(status, 200, "{rejected}");
    assert_eq!(rejected["state"], "Rejected");
    let (status, refused) = api
        .post(
            "/api/v1/connections/approve",
            &json!({"id": id, "description": "changed my mind"}),
            &[],
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"]["code"], "InvalidTransition");
    assert_eq!(
        api.audit("").await["total"],
        1,
        "a refused action sends nothing and records nothing"
    );

    let (status, removed) = api
        .post("/api/v1/connections/remove", &json!({"id": id}), &[])
        .await;
    assert_eq!(status, 200, "{removed}");
    assert_eq!(removed["state"], Value::Null);
    let (status, _) = api.emulated(&id, PLS_API).await;
    assert_eq!(status, 404, "the connection is gone from the service");
    let endpoint = row["consumer"]["endpoint"]["endpointId"].as_str().unwrap();
    let (_, pe) = api.emulated(endpoint, PLS_API).await;
    let connections = pe["properties"]["manualPrivateLinkServiceConnections"]
        .as_array()
        .into_iter()
        .chain(pe["properties"]["privateLinkServiceConnections"].as_array())
        .flatten()
        .collect::<Vec<_>>();
    assert_eq!(
        connections[0]["properties"]["privateLinkServiceConnectionState"]["status"],
        "Disconnected"
    );
    let remove_records = api.audit("action=remove").await;
    assert_eq!(remove_records["total"], 1);
    assert_eq!(remove_records["items"][0]["outcome"], "succeeded");
}

#[tokio::test]
async fn bad_requests_get_400_404_and_name_what_is_wrong() {
    let api = serve().await;
    let pending = id_of(&api.connection("Pending", "endpoint").await);
    let cases = [
        (
            "approve",
            json!({"id": "not-an-id", "description": "x"}),
            400,
            "BadRequest",
        ),
        (
            "approve",
            json!({"id": pending, "description": "  "}),
            400,
            "BadRequest",
        ),
        (
            "approve",
            json!({"id": pending, "description": "x".repeat(141)}),
            400,
            "BadRequest",
        ),
        (
            "approve",
            json!({"id": pending, "description": "x", "expectedState": "Maybe"}),
            400,
            "BadRequest",
        ),
        (
            "approve",
            json!({"id": "/subscriptions/6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/app/privateEndpointConnections/c", "description": "x"}),
            400,
            "UnsupportedResourceType",
        ),
        (
            "approve",
            json!({"id": "/subscriptions/6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe", "description": "x"}),
            400,
            "BadRequest",
        ),
        (
            "approve",
            json!({"id": format!("{pending}-gone"), "description": "x"}),
            404,
            "ConnectionNotFound",
        ),
        (
            "promote",
            json!({"id": pending, "description": "x"}),
            404,
            "NotFound",
        ),
    ];
    for (action, body, status, code) in cases {
        let (got, answer) = api
            .post(&format!("/api/v1/connections/{action}"), &body, &[])
            .await;
        assert_eq!(
            (got, answer["error"]["code"].as_str()),
            (status, Some(code)),
            "{body}: {answer}"
        );
    }
    let (status, answer) = api
        .post("/api/v1/connections/approve", &json!("a string"), &[])
        .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(api.audit("").await["total"], 0);
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let api = serve().await;
    let id = id_of(&api.connection("Pending", "endpoint").await);
    let body = json!({"id": id, "description": "from evil.example"});
    let (status, answer) = api
        .post(
            "/api/v1/connections/approve",
            &body,
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(status, 403, "{answer}");
    let (status, _) = api
        .post(
            "/api/v1/connections/approve",
            &body,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(api.audit("").await["total"], 0);
}

#[tokio::test]
async fn behind_a_proxy_viewers_may_not_act_and_spoofed_identities_are_refused() {
    let proxied = [
        "--auth",
        "proxy",
        "--trusted-proxy",
        "127.0.0.0/8",
        "--approver-group",
        "link-approvers",
        "--viewer-group",
        "link-viewers",
    ];
    let mut api = serve_with(&proxied, &temp_database()).await;
    api.identity = vec![
        ("x-forwarded-user", "vera"),
        ("x-forwarded-groups", "link-viewers"),
    ];
    let id = id_of(&api.connection("Pending", "endpoint").await);
    let body = json!({"id": id, "description": "ok"});
    let viewer = [
        ("x-forwarded-user", "vera"),
        ("x-forwarded-groups", "link-viewers"),
    ];
    let (status, answer) = api
        .post("/api/v1/connections/approve", &body, &viewer)
        .await;
    assert_eq!(status, 403, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("only approvers")
    );
    let (status, _) = api.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(status, 401, "no identity from the proxy");
    let approver = [
        ("x-forwarded-user", "alice"),
        ("x-forwarded-email", "alice@contoso.example"),
        ("x-forwarded-groups", "link-approvers"),
    ];
    let (status, answer) = api
        .post("/api/v1/connections/approve", &body, &approver)
        .await;
    assert_eq!(status, 200, "{answer}");
    let record = &api.audit("actor=ALICE").await["items"][0];
    assert_eq!(record["email"], "alice@contoso.example");
    assert_eq!(record["groups"], json!(["link-approvers"]));
    assert_eq!(record["authMode"], "proxy");

    let elsewhere = ["--auth", "proxy", "--trusted-proxy", "10.0.0.0/8"];
    let api = serve_with(&elsewhere, &temp_database()).await;
    assert!(api.identity.is_empty());
    let spoofed = [
        ("x-forwarded-user", "admin"),
        ("x-forwarded-groups", "link-approvers"),
    ];
    let (status, answer) = api
        .post("/api/v1/connections/approve", &body, &spoofed)
        .await;
    assert_eq!(
        status, 401,
        "identity headers from a peer that is not the proxy: {answer}"
    );
    let (status, _) = api.get("/api/v1/connections").await;
    assert_eq!(status, 401, "reading needs an identity too");
    let (status, _) = api.get("/healthz").await;
    assert_eq!(status, 200, "probes stay open");
}

#[tokio::test]
async fn a_bulk_action_reports_each_item_and_one_failure_stops_nothing() {
    let api = serve().await;
    let (_, page) = api.get("/api/v1/connections?state=Pending&limit=200").await;
    let pending: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["resourceId"]
                .as_str()
                .unwrap()
                .contains("privateLinkServices")
        })
        .map(id_of)
        .collect();
    assert!(pending.len() >= 3, "{pending:?}");
    let approved = id_of(&api.connection("Approved", "endpoint").await);
    let body = json!({
        "action": "approve",
        "description": "quarterly review",
        "items": [
            {"id": pending[0], "expectedState": "Pending"},
            {"id": format!("{}-gone", pending[1]), "expectedState": "Pending"},
            {"id": approved, "expectedState": "Pending"},
            {"id": pending[2], "expectedState": "Pending"},
        ]
    });
    let (status, answer) = api.bulk(&body).await;
    assert_eq!(status, 202, "{answer}");
    assert_eq!(answer["finished"], true, "{answer}");
    let results: Vec<&str> = answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["succeeded", "failed", "skipped", "succeeded"]);
    assert_eq!(
        (
            answer["succeeded"].as_u64(),
            answer["failed"].as_u64(),
            answer["skipped"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert!(
        answer["results"][2]["message"]
            .as_str()
            .unwrap()
            .contains("changed since you loaded it")
    );
    assert_eq!(api.audit("outcome=succeeded").await["total"], 2);

    let by_filter =
        json!({"action": "reject", "description": "tidy", "query": "state=Pending&q=woodgrove"});
    let (status, answer) = api.bulk(&by_filter).await;
    assert_eq!(status, 202, "{answer}");
    assert!(answer["succeeded"].as_u64().unwrap() >= 1, "{answer}");
    let (status, answer) = api
        .post("/api/v1/connections/bulk", &json!({"action": "approve", "description": "x", "query": "state=Pending&q=nothing-matches"}), &[])
        .await;
    assert_eq!(status, 400, "{answer}");
}

#[tokio::test]
async fn an_intent_left_open_by_a_crash_is_settled_at_the_next_start() {
    let database = temp_database();
    let first = serve_with(&[], &database).await;
    let id = id_of(&first.connection("Pending", "endpoint").await);
    drop(first);
    let store = Store::open(std::path::Path::new(&database)).await.unwrap();
    store
        .record_intent(&interrupted(&id, AuditAction::Approve, Some("Approved")))
        .await
        .unwrap();
    store.close().await;
    // Ready means settled: no waiting beyond `/readyz`.
    let api = serve_with(&[], &database).await;
    let settled = api.audit("outcome=reconciled").await;
    assert_eq!(settled["total"], 1, "{settled}");
    let record = &settled["items"][0];
    assert_eq!(
        record["finalState"], "Pending",
        "the fresh emulator never got the call"
    );
    assert!(
        record["outcomeMessage"]
            .as_str()
            .unwrap()
            .contains("stopped during this approve")
    );
    let open = Store::open(std::path::Path::new(&database))
        .await
        .unwrap()
        .query(&AuditFilter {
            open_only: true,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(open.total, 0);
}

#[tokio::test]
async fn an_actor_beyond_the_rate_gets_429_and_nothing_is_sent() {
    let api = serve_with(&["--actions-per-minute", "1"], &temp_database()).await;
    let id = id_of(&api.connection("Pending", "endpoint").await);
    let body = json!({"id": id, "description": "first", "expectedState": "Pending"});
    let (status, _) = api.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(status, 200);
    let (status, answer) = api
        .post(
            "/api/v1/connections/reject",
            &json!({"id": id, "description": "second"}),
            &[],
        )
        .await;
    assert_eq!(status, 429, "{answer}");
    assert_eq!(answer["error"]["code"], "TooManyActions");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("try again in")
    );
    assert_eq!(
        api.audit("").await["total"],
        1,
        "the refused action left no record"
    );
}

#[tokio::test]
async fn azure_refusing_the_write_is_a_502_with_its_code_and_an_audited_failure() {
    let api = serve().await;
    let row = api.connection("Pending", "endpoint").await;
    let id = id_of(&row);
    // Someone removes it in the portal: Azure is busy deleting it for a while (the emulator's
    // long-running delete), and refuses any other write meanwhile.
    let deleting = api
        .http
        .delete(format!("{}{id}?api-version={PLS_API}", api.emulator))
        .bearer_auth("test")
        .send()
        .await
        .unwrap();
    assert_eq!(deleting.status().as_u16(), 202);
    let body = json!({"id": id, "description": "approve while it is being deleted"});
    let (status, refused) = api.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(status, 502, "{refused}");
    assert_eq!(refused["error"]["code"], "AzureError");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(message.contains("AnotherOperationInProgress"), "{message}");
    let record = &api.audit("outcome=failed").await["items"][0];
    assert_eq!(record["action"], "approve");
    assert!(
        record["outcomeMessage"]
            .as_str()
            .unwrap()
            .contains("AnotherOperationInProgress"),
        "{record}"
    );
}

#[tokio::test]
async fn a_sql_servers_pending_connection_is_approved_through_the_generic_path() {
    const SQL_API: &str = "2023-08-01";
    let api = serve().await;
    let platform = emulator::estate::demo::CONTOSO_PLATFORM;
    let servers = api
        .http
        .get(format!(
            "{}/subscriptions/{platform}/providers/Microsoft.Sql/servers?api-version={SQL_API}",
            api.emulator
        ))
        .bearer_auth("test")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let pending = servers["value"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["properties"]["privateEndpointConnections"]
                .as_array()
                .unwrap()
        })
        .find(|c| c["properties"]["privateLinkServiceConnectionState"]["status"] == "Pending")
        .expect("the demo's SQL server has a pending request")
        .clone();
    let id = pending["id"].as_str().unwrap().to_owned();
    // The inventory lists it among the Pending connections, under its server.
    let (_, listed) = api
        .get("/api/v1/connections?state=Pending&q=sql-contoso-orders")
        .await;
    let row = &listed["items"][0];
    assert_eq!(
        row["id"].as_str().map(str::to_lowercase),
        Some(id.to_lowercase()),
        "{listed}"
    );
    assert_eq!(row["resourceName"], "sql-contoso-orders");
    let body =
        json!({"id": id, "description": "orders reporting, CHG-2077", "expectedState": "Pending"});
    let (status, outcome) = api.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["result"], "succeeded");
    assert_eq!(outcome["state"], "Approved");
    let (_, connection) = api.emulated(&id, SQL_API).await;
    assert_eq!(
        connection["properties"]["privateLinkServiceConnectionState"]["status"],
        "Approved"
    );
    let record = &api.audit("action=approve").await["items"][0];
    assert_eq!(record["outcome"], "succeeded");
    assert!(
        record["resourceId"]
            .as_str()
            .unwrap()
            .contains("Microsoft.Sql/servers"),
        "{record}"
    );

    let (_, listed) = api
        .get("/api/v1/connections?state=Approved&q=sql-contoso-orders")
        .await;
    assert_eq!(listed["total"], 1, "the list shows it Approved: {listed}");

    // A type Link Center does not change is refused by name before anything is sent.
    let gateway = id.replace(
        "Microsoft.Sql/servers",
        "Microsoft.Network/applicationGateways",
    );
    let (status, refused) = api
        .post(
            "/api/v1/connections/approve",
            &json!({"id": gateway, "description": "x"}),
            &[],
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Microsoft.Network/applicationGateways"),
        "{refused}"
    );
}

#[tokio::test]
async fn a_stale_action_shows_the_state_azure_has_now() {
    let api = serve().await;
    let row = api.connection("Pending", "endpoint").await;
    let id = id_of(&row);
    // Someone rejects it in the portal; Link Center's inventory still says Pending.
    let mut connection = api.emulated(&id, PLS_API).await.1;
    connection["properties"]["privateLinkServiceConnectionState"]["status"] = json!("Rejected");
    let put = api
        .http
        .put(format!("{}{id}?api-version={PLS_API}", api.emulator))
        .bearer_auth("test")
        .json(&connection)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status().as_u16(), 200);
    let body = json!({"id": id, "description": "ok", "expectedState": "Pending"});
    let (status, refused) = api.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(status, 409, "{refused}");
    let name = row["name"].as_str().unwrap();
    let (_, listed) = api.get(&format!("/api/v1/connections?q={name}")).await;
    assert_eq!(
        listed["items"][0]["state"], "Rejected",
        "the refusal brings the fresh state into the inventory"
    );
}

#[tokio::test]
async fn behind_a_proxy_a_utf8_user_is_audited_by_name_from_the_forwarded_address() {
    let flags = [
        "--auth",
        "proxy",
        "--trusted-proxy",
        "127.0.0.1",
        "--approver-group",
        "platform-approvers",
    ];
    let mut api = serve_with(&flags, &temp_database()).await;
    api.identity = vec![
        ("x-forwarded-user", "ops"),
        ("x-forwarded-groups", "platform-approvers"),
    ];
    let id = id_of(&api.connection("Pending", "endpoint").await);
    let body = json!({"id": id, "description": "ok"});
    // Raw UTF-8 bytes, as oauth2-proxy sends them: `&str` header values must be visible ASCII.
    let raw = |text: &str| reqwest::header::HeaderValue::from_bytes(text.as_bytes()).unwrap();
    let as_elise = |request: reqwest::RequestBuilder| {
        request
            .header("x-forwarded-user", raw("élise"))
            .header(
                "x-forwarded-groups",
                raw("équipe-réseau,platform-approvers"),
            )
            .header("x-forwarded-for", "203.0.113.7")
    };
    let approve = format!("{}/api/v1/connections/approve", api.base);

    let response = as_elise(api.http.post(&approve))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, 200, "{answer}");

    let response = as_elise(api.http.get(format!("{}/api/v1/audit", api.base)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["total"], 1, "{page}");
    let record = &page["items"][0];
    assert_eq!(record["actor"], "élise");
    assert_eq!(
        record["groups"],
        json!(["équipe-réseau", "platform-approvers"])
    );
    assert_eq!(
        record["clientIp"], "203.0.113.7",
        "the client behind the proxy, not the proxy"
    );

    let response = api
        .http
        .post(&approve)
        .header("x-forwarded-user", "ops")
        .header("x-forwarded-user", "mallory")
        .header("x-forwarded-groups", "platform-approvers")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"]["code"], "BadIdentityHeaders");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("X-Forwarded-User sent more than once"),
        "{answer}"
    );
    assert_eq!(api.audit("").await["total"], 1, "nothing more was done");
}

#[tokio::test]
async fn a_bulk_action_with_an_unknown_action_is_a_bad_request_naming_it() {
    let api = serve().await;
    let pending = id_of(&api.connection("Pending", "endpoint").await);
    let body = json!({
        "action": "promote",
        "description": "x",
        "items": [{"id": pending, "expectedState": "Pending"}]
    });
    let (status, answer) = api.post("/api/v1/connections/bulk", &body, &[]).await;
    assert_eq!(
        status, 400,
        "the action is in the body, not the path: {answer}"
    );
    assert_eq!(answer["error"]["code"], "BadRequest");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no action 'promote': use approve, reject or remove"),
        "{answer}"
    );
    assert_eq!(api.audit("").await["total"], 0, "nothing was done");
}
