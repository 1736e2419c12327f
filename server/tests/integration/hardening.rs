//! What an attack run against the dashboard on loopback got through, each over HTTP against a
//! server built as in production: DNS rebinding, concurrent actions on one connection, an
//! interrupted remove settled at the next start, a deleted audit database, cross-site and
//! viewers' syncs, clients that never finish their headers, bodies too large.

use std::path::Path;
use std::time::Duration;

use emulator::{EmulatorConfig, RunningEmulator, estate};
use serde_json::{Value, json};
use server::store::{AuditAction, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::actions::interrupted;
use super::api::{
    Served, against, behind_a_proxy_with_viewers, emulate, serve, serve_against, serve_with,
    temp_database,
};

const PLS_API: &str = "2024-05-01";

/// An emulator of the demo estate whose deletes stay in progress for `lro`.
async fn emulator(lro: Duration) -> RunningEmulator {
    let config = EmulatorConfig {
        lro_delay: lro,
        ..EmulatorConfig::default()
    };
    emulate(estate::demo::demo(), config).await
}

/// What a stopped server leaves: its emulator (deletes in progress for `lro`), its database,
/// the flags pointing at the emulator, and a Pending connection the server saw.
async fn after_a_first_run(lro: Duration) -> (RunningEmulator, String, Vec<String>, String) {
    let arm = emulator(lro).await;
    let database = temp_database();
    let flags = against(&arm);
    let first = serve_against(&flags, &database).await;
    let id = first.pending().await;
    drop(first);
    (arm, database, flags, id)
}

impl Served {
    async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// The connection as the emulator holds it: its status and provisioning state, `None`
    /// once it is gone.
    async fn held(&self, id: &str) -> Option<(String, String)> {
        let (status, body) = self.emulated(id, PLS_API).await;
        let text = |pointer: &str| {
            body.pointer(pointer)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        (status != 404).then(|| {
            (
                text("/properties/privateLinkServiceConnectionState/status"),
                text("/properties/provisioningState"),
            )
        })
    }
}

#[tokio::test]
async fn a_rebinding_page_can_neither_read_nor_act_and_localhost_can() {
    let server = serve().await;
    let id = server.pending().await;
    let rebound = format!("rebind.example:{}", server.port);
    let (status, body) = server
        .send(
            server
                .http
                .get(format!("{}/api/v1/connections", server.base))
                .header("host", &rebound),
        )
        .await;
    assert_eq!(status, 421, "{body}");
    assert_eq!(body["error"]["code"], "MisdirectedRequest");
    let approve = json!({"id": id, "description": "rebound", "expectedState": "Pending"});
    let (status, _) = server
        .send(
            server
                .http
                .post(format!("{}/api/v1/connections/approve", server.base))
                .header("host", &rebound)
                .header("origin", format!("http://{rebound}"))
                .json(&approve),
        )
        .await;
    assert_eq!(status, 421);
    assert_eq!(server.audit("").await["total"], 0, "nothing was tried");

    let localhost = format!("localhost:{}", server.port);
    let (status, outcome) = server
        .send(
            server
                .http
                .post(format!("{}/api/v1/connections/approve", server.base))
                .header("host", &localhost)
                .header("origin", format!("http://{localhost}"))
                .header("sec-fetch-site", "same-origin")
                .json(&approve),
        )
        .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["state"], "Approved");
}

#[tokio::test]
async fn twenty_concurrent_approves_and_rejects_leave_one_success_and_azure_as_it_wrote() {
    let arm = emulator(Duration::from_millis(200)).await;
    let server = serve_against(&against(&arm), &temp_database()).await;
    let id = server.pending().await;
    let requests = (0..20).map(|i| {
        let action = if i % 2 == 0 { "approve" } else { "reject" };
        let body =
            json!({"id": id, "description": format!("race {i}"), "expectedState": "Pending"});
        let path = format!("/api/v1/connections/{action}");
        let server = &server;
        async move { server.post(&path, &body, &[]).await }
    });
    let answers = futures::future::join_all(requests).await;
    let succeeded: Vec<&Value> = answers
        .iter()
        .filter(|(status, _)| *status == 200)
        .map(|(_, body)| body)
        .collect();
    assert_eq!(succeeded.len(), 1, "{answers:?}");
    let winner = succeeded[0];
    assert_eq!(winner["result"], "succeeded");
    assert_eq!(winner["previousState"], "Pending");
    for (status, body) in answers.iter().filter(|(status, _)| *status != 200) {
        assert_eq!(*status, 409, "{body}");
        assert_eq!(body["error"]["code"], "ChangedSinceLoaded", "{body}");
    }
    let (azure, _) = server.held(&id).await.expect("still there");
    assert_eq!(
        json!(azure),
        winner["state"],
        "Azure holds what the one success wrote"
    );

    let audit = server.audit("").await;
    assert_eq!(audit["total"], 1, "only the success wrote: {audit}");
    assert_eq!(audit["items"][0]["finalState"], winner["state"]);
}

#[tokio::test]
async fn a_remove_interrupted_mid_delete_is_settled_as_removed_once_azure_finishes() {
    let (arm, database, flags, id) = after_a_first_run(Duration::from_millis(2500)).await;
    let url = arm.url();
    // What a kill -9 leaves: the intent recorded, the DELETE sent, no outcome.
    let store = Store::open(Path::new(&database)).await.unwrap();
    store
        .record_intent(&interrupted(&id, AuditAction::Remove, None))
        .await
        .unwrap();
    store.close().await;
    let deleted = reqwest::Client::new()
        .delete(format!("{url}{id}?api-version={PLS_API}"))
        .bearer_auth("test")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 202);
    // Ready means settled: no waiting beyond `/readyz`.
    let server = serve_against(&flags, &database).await;
    let settled = server.audit("outcome=reconciled").await;
    assert_eq!(settled["total"], 1, "{settled}");
    let record = &settled["items"][0];
    assert!(
        record["outcomeMessage"]
            .as_str()
            .unwrap()
            .ends_with("afterwards the connection was removed"),
        "{record}"
    );
    assert_eq!(record["finalState"], Value::Null, "{record}");
    assert!(server.held(&id).await.is_none(), "gone in Azure too");
}

#[tokio::test]
async fn an_approve_after_the_audit_file_was_deleted_is_refused_and_nothing_reaches_azure() {
    let arm = emulator(Duration::from_millis(200)).await;
    let database = temp_database();
    let flags = against(&arm);
    let server = serve_against(&flags, &database).await;
    let id = server.pending().await;
    let (status, _) = server.get("/readyz").await;
    assert_eq!(status, 200);

    std::fs::remove_file(&database).unwrap();
    let body = json!({"id": id, "description": "after the delete", "expectedState": "Pending"});
    let (status, answer) = server.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(status, 503, "{answer}");
    assert_eq!(answer["error"]["code"], "AuditUnavailable");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("was deleted"),
        "{answer}"
    );
    let (azure, _) = server.held(&id).await.unwrap();
    assert_eq!(azure, "Pending", "nothing was sent to Azure");
    let (status, ready) = server.get("/readyz").await;
    assert_eq!(status, 503, "{ready}");
    assert_eq!(ready["status"], "auditUnavailable");
    drop(server);

    // The next start finds a new database where the marker says an audit was kept.
    let restarted = serve_against(&flags, &database).await;
    let (status, answer) = restarted
        .post("/api/v1/connections/approve", &body, &[])
        .await;
    assert_eq!(status, 503, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--accept-new-audit"),
        "{answer}"
    );
    assert_eq!(restarted.held(&id).await.unwrap().0, "Pending");
    drop(restarted);

    let mut accepted = flags.clone();
    accepted.push("--accept-new-audit".into());
    let accepting = serve_against(&accepted, &database).await;
    let (status, answer) = accepting
        .post("/api/v1/connections/approve", &body, &[])
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(accepting.held(&id).await.unwrap().0, "Approved");
}

#[tokio::test]
async fn syncs_are_for_approvers_once_per_interval_and_never_cross_site() {
    let server = serve().await;
    let (status, _) = server.post("/api/v1/sync", &json!({}), &[]).await;
    assert_eq!(status, 202);
    let response = server
        .http
        .post(format!("{}/api/v1/sync", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("try again in"),
        "{body}"
    );

    let (status, body) = server
        .send(
            server
                .http
                .post(format!("{}/api/v1/sync", server.base))
                .header("origin", "https://evil.example")
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "CrossSiteRequest");

    let proxied = behind_a_proxy_with_viewers().await;
    let (status, body) = proxied
        .send(
            proxied
                .http
                .post(format!("{}/api/v1/sync", proxied.base))
                .header("x-forwarded-user", "vera")
                .header("x-forwarded-groups", "viewers"),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("viewer"),
        "{body}"
    );
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let server = serve_with(&["--header-read-timeout", "1s"], &temp_database()).await;
    let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", server.port))
        .await
        .unwrap();
    slow.write_all(b"GET /api/v1/connections HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(20), slow.read_to_end(&mut rest)).await;
    assert!(
        closed.is_ok(),
        "the server closed the half-sent request's connection"
    );

    let mut idle = tokio::net::TcpStream::connect(("127.0.0.1", server.port))
        .await
        .unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(20), idle.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "an idle connection is closed too");
    let (status, _) = server.get("/healthz").await;
    assert_eq!(status, 200, "others are still served");
}

#[tokio::test]
async fn an_action_body_too_large_is_413_not_a_bad_request() {
    let server = serve().await;
    let huge = json!({"id": "x", "description": "d".repeat(3 << 20)});
    let (status, body) = server.post("/api/v1/connections/approve", &huge, &[]).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"]["code"], "PayloadTooLarge");
}

#[tokio::test]
async fn a_bulk_is_a_job_whose_progress_and_results_can_be_read_and_awaited() {
    let server = serve().await;
    let id = server.pending().await;
    let body = json!({"action": "approve", "description": "job", "items": [{"id": id, "expectedState": "Pending"}]});
    let response = server
        .http
        .post(format!("{}/api/v1/connections/bulk", server.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let started: Value = response.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/jobs/{}", started["id"].as_str().unwrap())
    );
    assert_eq!(started["total"], 1);
    let (status, job) = server.get(&format!("{location}?wait=30")).await;
    assert_eq!(status, 200, "{job}");
    assert_eq!(job["finished"], true, "{job}");
    assert_eq!(job["succeeded"], 1, "{job}");
    assert_eq!(job["results"][0]["state"], "Approved", "{job}");
    assert_eq!(server.held(&id).await.unwrap().0, "Approved");

    let (status, body) = server.get("/api/v1/jobs/no-such-job").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "JobNotFound");
    let (status, body) = server.get(&format!("{location}?wait=61")).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("wait"),
        "{body}"
    );
}

#[tokio::test]
async fn a_job_a_stop_cut_short_shows_its_untried_items_as_not_attempted_and_nothing_was_sent() {
    let (_arm, database, flags, id) = after_a_first_run(Duration::from_millis(200)).await;
    // What a stop leaves of a job of two: the first item being done, the second never tried.
    let store = Store::open(Path::new(&database)).await.unwrap();
    store
        .create_job(&server::store::NewJob {
            id: "cut-short".into(),
            at: time::OffsetDateTime::now_utc(),
            actor: "alice".into(),
            action: AuditAction::Approve,
            description: "bulk".into(),
            items: vec![
                (format!("{id}-other"), Some("Pending".into())),
                (id.clone(), Some("Pending".into())),
            ],
        })
        .await
        .unwrap();
    store.start_item("cut-short", 0).await.unwrap();
    store.close().await;

    let server = serve_against(&flags, &database).await;
    let (status, job) = server.get("/api/v1/jobs/cut-short").await;
    assert_eq!(status, 200, "{job}");
    assert_eq!(job["finished"], true, "{job}");
    assert_eq!(job["results"][0]["result"], "interrupted", "{job}");
    assert_eq!(job["results"][1]["result"], "notAttempted", "{job}");
    assert_eq!(job["notAttempted"], 1, "{job}");
    assert_eq!(
        server.held(&id).await.unwrap().0,
        "Pending",
        "nothing was sent for it"
    );
}

#[tokio::test]
async fn the_refresh_server_function_answers_a_refusal_with_its_status() {
    let server = serve().await;
    let refresh = || {
        server
            .http
            .post(format!("{}/api/refresh", server.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("")
            .send()
    };
    assert_eq!(refresh().await.unwrap().status(), 200);
    let again = refresh().await.unwrap();
    assert_eq!(again.status(), 429, "asked again at once");
    assert!(again.text().await.unwrap().contains("try again in"));

    let proxied = behind_a_proxy_with_viewers().await;
    let viewer = proxied
        .http
        .post(format!("{}/api/refresh", proxied.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-user", "vera")
        .header("x-forwarded-groups", "viewers")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(viewer.status(), 403, "a viewer may not start a sync");
}
