//! Notifications against receivers this test starts on 127.0.0.1: a new Pending request (made
//! in the emulated Azure, found by the Pending poll) reaches a webhook as signed JSON, a Teams
//! target as an Adaptive Card after a 500 is retried, and a Slack target that keeps failing is
//! given up after the bound — each delivery in the log of `/api/v1/notifications`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::{Router, body::Bytes, extract::State, http::HeaderMap, http::StatusCode, routing::post};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::api::{against, emulate, serve_against, temp_database};

/// What a receiver got: path, headers, body.
type Received = Arc<Mutex<Vec<(String, HeaderMap, Value)>>>;

/// Receivers: `/ok` answers 200, `/flaky` 500 the first time then 200, `/down` always 500.
async fn receivers() -> (String, Received) {
    let received: Received = Arc::default();
    let record = |path: &'static str, answer: fn(usize) -> StatusCode| {
        move |State(received): State<Received>, headers: HeaderMap, body: Bytes| async move {
            let mut all = received.lock().unwrap();
            let before = all.iter().filter(|(p, _, _)| p == path).count();
            all.push((
                path.to_owned(),
                headers,
                serde_json::from_slice(&body).unwrap(),
            ));
            answer(before)
        }
    };
    let app = Router::new()
        .route("/ok", post(record("/ok", |_| StatusCode::OK)))
        .route(
            "/flaky",
            post(record("/flaky", |n| {
                if n == 0 {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::OK
                }
            })),
        )
        .route(
            "/down",
            post(record("/down", |_| StatusCode::SERVICE_UNAVAILABLE)),
        )
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, received)
}

#[tokio::test]
async fn a_new_pending_request_is_signed_for_webhooks_shaped_for_teams_and_slack_and_retried() {
    let (base, received) = receivers().await;
    let dir = std::env::temp_dir().join(format!("linkcenter-notify-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notifications.yaml");
    // The secret comes from an environment variable; PATH is one every test process has.
    std::fs::write(
        &file,
        format!(
            "notifications:
  - name: hook
    type: webhook
    url: {base}/ok
    secretEnv: PATH
    events: [pending]
    when: {{ service: \"my*\" }}
  - name: chat
    type: teams
    url: {base}/flaky
    events: [pending]
  - name: channel
    type: slack
    url: {base}/down
    events: [pending]
  - name: other-services
    type: teams
    url: {base}/ok
    events: [pending]
    when: {{ service: \"orders*\" }}
"
        ),
    )
    .unwrap();
    let emulator = emulate(
        emulator::estate::demo::demo(),
        emulator::EmulatorConfig::default(),
    )
    .await;
    let mut flags = against(&emulator);
    flags.extend(
        [
            "--refresh-interval",
            "1h",
            "--pending-interval",
            "1s",
            "--notification-give-up",
            "1s",
            "--notifications",
            file.to_str().unwrap(),
        ]
        .map(String::from),
    );
    let served = serve_against(&flags, &temp_database()).await;
    let mut deliveries = served
        .deliveries
        .clone()
        .expect("notifications are configured");

    crate::api::request_from_woodgrove(&served, "pe-woodgrove-notified").await;

    // Sent to the webhook, sent to Teams on its second post, given up on Slack.
    let settled = |log: &Value| {
        let items = log["deliveries"].as_array().unwrap();
        let of = |target: &str| {
            items
                .iter()
                .find(|d| d["target"] == target)
                .map(|d| d["outcome"].as_str().unwrap().to_owned())
        };
        of("hook").as_deref() == Some("sent")
            && of("chat").as_deref() == Some("sent")
            && of("channel").as_deref() == Some("gaveUp")
    };
    let log = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let (_, log) = served.get("/api/v1/notifications").await;
            if settled(&log) {
                return log;
            }
            deliveries.changed().await.unwrap();
        }
    })
    .await
    .expect("every delivery settles");
    let items = log["deliveries"].as_array().unwrap();
    let of = |target: &str| items.iter().find(|d| d["target"] == target).unwrap();
    assert_eq!(of("chat")["attempts"], 2, "retried after the 500");
    assert_eq!(
        of("channel")["attempts"],
        2,
        "tried again once, then given up"
    );
    assert!(of("channel")["detail"].as_str().unwrap().contains("503"));
    assert!(
        !items.iter().any(|d| d["target"] == "other-services"),
        "a filtered-out target gets nothing"
    );
    assert_eq!(log["targets"][0]["host"], "127.0.0.1");

    let received = received.lock().unwrap();
    let (_, headers, hook) = received
        .iter()
        .find(|(p, _, b)| p == "/ok" && b.get("event").is_some())
        .unwrap();
    assert_eq!(hook["event"], "pending");
    assert_eq!(hook["service"], "myPLS");
    assert!(
        hook["connectionId"]
            .as_str()
            .unwrap()
            .contains("/privateEndpointConnections/")
    );
    assert!(
        hook["text"]
            .as_str()
            .unwrap()
            .contains("asks to connect to myPLS"),
        "{hook}"
    );
    // The signature is the HMAC-SHA256 of the body as sent, under the secret.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(std::env::var("PATH").unwrap().as_bytes()).unwrap();
    mac.update(&serde_json::to_vec(hook).unwrap());
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    assert_eq!(
        headers["x-linkcenter-signature"].to_str().unwrap(),
        expected
    );
    assert_eq!(headers["x-linkcenter-event"], "pending");
    let teams: Vec<&Value> = received
        .iter()
        .filter(|(p, _, _)| p == "/flaky")
        .map(|(_, _, b)| b)
        .collect();
    assert_eq!(teams.len(), 2);
    assert_eq!(
        teams[1]["attachments"][0]["content"]["type"],
        "AdaptiveCard"
    );
    assert!(teams[0].get("x-linkcenter-signature").is_none());
    let slack = received.iter().find(|(p, _, _)| p == "/down").unwrap();
    assert_eq!(slack.2["blocks"][0]["type"], "header");
    assert!(
        slack.1.get("x-linkcenter-signature").is_none(),
        "only webhooks are signed"
    );
}

#[tokio::test]
async fn a_bad_notifications_file_is_refused_at_its_line_and_column() {
    let dir = std::env::temp_dir().join(format!("linkcenter-notify-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.yaml");
    std::fs::write(
        &file,
        "notifications:\n  - name: x\n    type: pager\n    url: https://h\n    events: [pending]\n",
    )
    .unwrap();
    let cli = <server::config::Cli as clap::Parser>::try_parse_from([
        "linkcenter",
        "--notifications",
        file.to_str().unwrap(),
    ])
    .unwrap();
    let error = server::config::Config::try_from(cli.serve)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(&format!("{}:3:11: ", file.display())),
        "{error}"
    );
    assert!(error.contains("pager"), "{error}");
}

#[tokio::test]
async fn a_changed_file_is_reloaded_and_a_refused_one_keeps_the_targets_with_its_error() {
    let dir = std::env::temp_dir().join(format!("linkcenter-notify-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notifications.yaml");
    let one = "notifications:\n  - name: chat\n    type: teams\n    url: https://contoso.webhook.office.com/a\n    events: [pending]\n";
    std::fs::write(&file, one).unwrap();
    let served = crate::api::serve_with(
        &["--notifications", file.to_str().unwrap()],
        &temp_database(),
    )
    .await;
    let mut reloads = served.notification_reloads.clone().unwrap();
    let names = |log: &Value| -> Vec<String> {
        log["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect()
    };

    let seen = *reloads.borrow_and_update();
    std::fs::write(&file, one.replace("type: teams", "type: pager")).unwrap();
    tokio::time::timeout(Duration::from_secs(20), reloads.wait_for(|n| *n > seen))
        .await
        .unwrap()
        .unwrap();
    let (_, log) = served.get("/api/v1/notifications").await;
    assert_eq!(names(&log), ["chat"], "the targets in force stay");
    let error = log["reloadError"].as_str().unwrap();
    assert!(
        error.contains("notifications.yaml:3:11:") && error.contains("pager"),
        "{error}"
    );

    let seen = *reloads.borrow_and_update();
    let two = format!(
        "{one}  - name: channel\n    type: slack\n    url: https://hooks.slack.com/services/x\n    events: [loss]\n"
    );
    std::fs::write(&file, two).unwrap();
    tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            reloads.wait_for(|n| *n > seen).await.unwrap();
            let (_, log) = served.get("/api/v1/notifications").await;
            if names(&log).len() == 2 {
                return log;
            }
            reloads.changed().await.unwrap();
        }
    })
    .await
    .map(|log| {
        assert_eq!(names(&log), ["chat", "channel"]);
        assert!(log["reloadError"].is_null(), "{log}");
        assert_eq!(log["targets"][1]["host"], "hooks.slack.com");
    })
    .unwrap();
}
