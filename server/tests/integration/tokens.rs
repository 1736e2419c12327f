//! API tokens and the `linkcenter` CLI against a server over the emulator: a token made by
//! `linkcenter token create` authenticates `/api/v1` (behind a proxy too, where nothing else
//! from that peer would), its use is recorded, the audit names it, and `token revoke` shuts it
//! out at once; a token limited to one subscription lists only its rows and cannot act or read
//! elsewhere; the CLI lists in each format, acts with an exit status per item, and `wait`
//! returns when Front Door's request arrives (or says it timed out).

use std::process::Output;

use serde_json::{Value, json};

use crate::api::{Served, serve_with, temp_database};

/// `linkcenter ARGS` with `env`, to its end.
async fn linkcenter(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_linkcenter"));
    command
        .args(args)
        .env_remove("LINKCENTER_TOKEN")
        .env_remove("LINKCENTER_SERVER")
        .env("NO_COLOR", "1")
        .kill_on_drop(true);
    for (name, value) in env {
        command.env(name, value);
    }
    tokio::time::timeout(std::time::Duration::from_secs(60), command.output())
        .await
        .expect("linkcenter ends")
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A token made with `linkcenter token create` in `database`.
async fn token(database: &str, name: &str, role: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "token",
        "create",
        "--database",
        database,
        "--name",
        name,
        "--role",
        role,
    ];
    args.extend_from_slice(extra);
    let made = linkcenter(&args, &[]).await;
    assert!(made.status.success(), "{}", stderr(&made));
    let secret = stdout(&made).trim().to_owned();
    assert!(secret.starts_with("lc_") && secret.len() == 67, "{secret}");
    assert!(
        stderr(&made).contains("shown only now"),
        "{}",
        stderr(&made)
    );
    secret
}

/// `linkcenter token revoke NAME` on `database`.
async fn revoke(database: &str, name: &str) -> Output {
    linkcenter(&["token", "revoke", "--database", database, name], &[]).await
}

/// `linkcenter connections wait` for Front Door afd-contoso's origin `origin` on myPLS, asking
/// each second for at most `timeout`.
async fn wait_for(env: &[(&str, &str)], origin: &str, timeout: &str) -> Output {
    let args = [
        "connections",
        "wait",
        "--service",
        "myPLS",
        "--consumer-front-door",
        "afd-contoso",
        "--origin",
        origin,
        "--timeout",
        timeout,
        "--interval",
        "1s",
    ];
    linkcenter(&args, env).await
}

/// `GET path` with `token`: status and body.
async fn get(served: &Served, path: &str, token: &str) -> (u16, Value) {
    let response = served
        .http
        .get(format!("{}{path}", served.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `POST path` with `token`: status and body.
async fn post(served: &Served, path: &str, token: &str, body: &Value) -> (u16, Value) {
    let response = served
        .http
        .post(format!("{}{path}", served.base))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The tokens `linkcenter token list -o json` shows.
async fn listed(database: &str) -> Vec<Value> {
    let list = linkcenter(
        &["token", "list", "--database", database, "-o", "json"],
        &[],
    )
    .await;
    assert!(list.status.success(), "{}", stderr(&list));
    serde_json::from_str(&stdout(&list)).unwrap()
}

#[tokio::test]
async fn a_token_authenticates_the_api_behind_a_proxy_until_it_is_revoked() {
    let database = temp_database();
    let served = serve_with(
        &["--auth", "proxy", "--trusted-proxy", "10.0.0.1"],
        &database,
    )
    .await;
    let (status, _) = served.get("/api/v1/connections").await;
    assert_eq!(
        status, 401,
        "without a token nothing from this peer is believed"
    );
    let secret = token(
        &database,
        "deploy-pipeline",
        "approver",
        &["--expires", "1d"],
    )
    .await;
    assert_eq!(listed(&database).await[0]["lastUsedAt"], Value::Null);

    let (status, pending) = get(&served, "/api/v1/connections?state=Pending", &secret).await;
    assert_eq!(status, 200, "{pending}");
    assert!(pending["total"].as_u64().unwrap() > 0);
    let tokens = listed(&database).await;
    assert_eq!(tokens[0]["status"], "active");
    assert!(
        tokens[0]["lastUsedAt"].is_string(),
        "its use is recorded: {tokens:?}"
    );

    // A token needs no Origin: it cannot ride on a browser's cookies.
    let id = pending["items"][0]["id"].as_str().unwrap();
    let body = json!({ "id": id, "description": "approved by the pipeline (CHG-77)" });
    let (status, outcome) = post(&served, "/api/v1/connections/approve", &secret, &body).await;
    assert_eq!(status, 200, "{outcome}");
    let (_, audit) = get(
        &served,
        "/api/v1/audit?actor=token:deploy-pipeline",
        &secret,
    )
    .await;
    assert_eq!(audit["total"], 1, "{audit}");
    assert_eq!(audit["items"][0]["authMode"], "token");
    assert_eq!(audit["items"][0]["role"], "approver");
    let subject = audit["items"][0]["subject"].as_str().unwrap_or_default();
    assert!(subject.starts_with("token#"), "the token's id: {audit}");
    assert!(
        !audit.to_string().contains(&secret[3..]),
        "no secret in the audit"
    );

    // Beside the session cookie, on a page, or not a token at all: refused, saying why.
    let both = served
        .http
        .get(format!("{}/api/v1/connections", served.base))
        .bearer_auth(&secret)
        .header("cookie", "__Host-linkcenter=abc")
        .send()
        .await
        .unwrap();
    assert_eq!(both.status(), 400);
    let page = served
        .http
        .get(format!("{}/pending", served.base))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    let unknown = format!("lc_{}", "0".repeat(64));
    let (status, refused) = get(&served, "/api/v1/connections", &unknown).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (401, Some("InvalidToken"))
    );

    let revoked = revoke(&database, "deploy-pipeline").await;
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    let (status, refused) = get(&served, "/api/v1/connections", &secret).await;
    assert_eq!(status, 401, "the running server refuses it at once");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("'deploy-pipeline' was revoked"),
        "{message}"
    );
    let again = revoke(&database, "deploy-pipeline").await;
    assert_eq!(again.status.code(), Some(1), "nothing left to revoke");
    let table = linkcenter(&["token", "list", "--database", &database], &[]).await;
    assert!(stdout(&table).contains("revoked"), "{}", stdout(&table));
    assert!(!stdout(&table).contains(&secret[3..]));
}

#[tokio::test]
async fn a_token_limited_to_a_subscription_sees_and_acts_only_there() {
    use emulator::estate::demo::{CONTOSO_PLATFORM, WOODGROVE};
    let database = temp_database();
    let served = serve_with(&[], &database).await;
    let (_, endpoints) = served.get("/api/v1/private-endpoints?limit=1000").await;
    let in_woodgrove = endpoints["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["subscriptionId"] == WOODGROVE)
        .count();
    assert!(in_woodgrove > 0 && in_woodgrove < endpoints["total"].as_u64().unwrap() as usize);
    let woodgrove = token(
        &database,
        "woodgrove-only",
        "approver",
        &["--subscription", WOODGROVE],
    )
    .await;

    let (status, mine) = get(&served, "/api/v1/private-endpoints?limit=1000", &woodgrove).await;
    assert_eq!(status, 200);
    assert_eq!(
        mine["total"], in_woodgrove,
        "only its subscription's rows: {mine}"
    );
    let elsewhere = format!("/api/v1/private-endpoints?subscription={CONTOSO_PLATFORM}");
    let (_, none) = get(&served, &elsewhere, &woodgrove).await;
    assert_eq!(
        none["total"], 0,
        "asking for another subscription finds nothing"
    );
    let (_, connections) = get(&served, "/api/v1/connections", &woodgrove).await;
    assert_eq!(
        connections["total"], 0,
        "the demo's services are all elsewhere"
    );
    let (_, findings) = get(&served, "/api/v1/findings", &woodgrove).await;
    assert_eq!(
        findings,
        json!([]),
        "every demo finding about Woodgrove's endpoints concerns the platform's services too"
    );

    let pending = served.pending().await;
    assert!(pending.contains(CONTOSO_PLATFORM), "{pending}");
    let body = json!({ "id": pending, "description": "not mine to approve" });
    let (status, refused) = post(&served, "/api/v1/connections/approve", &woodgrove, &body).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "OutOfScope");
    let bulk = json!({ "action": "approve", "description": "x", "items": [{ "id": pending }] });
    let (status, _) = post(&served, "/api/v1/connections/bulk", &woodgrove, &bulk).await;
    assert_eq!(status, 403);
    let query = json!({ "action": "approve", "description": "x", "query": "state=Pending" });
    let (status, refused) = post(&served, "/api/v1/connections/bulk", &woodgrove, &query).await;
    assert_eq!(
        status, 400,
        "its query matches nothing of its own: {refused}"
    );
    for path in [
        "/api/v1/audit",
        "/api/v1/graph",
        "/api/v1/changes",
        "/api/v1/sync",
        "/api/v1/events",
    ] {
        let (status, refused) = get(&served, path, &woodgrove).await;
        assert_eq!(status, 403, "{path}: {refused}");
    }
    let (_, audit) = served.get("/api/v1/audit").await;
    assert_eq!(audit["total"], 0, "nothing was done");

    // Limited to the service's subscription, a token acts there.
    let platform = token(
        &database,
        "platform-only",
        "approver",
        &["--subscription", CONTOSO_PLATFORM],
    )
    .await;
    let (status, outcome) = post(&served, "/api/v1/connections/approve", &platform, &body).await;
    assert_eq!(status, 200, "{outcome}");
    let (_, findings) = get(&served, "/api/v1/findings", &platform).await;
    let kinds: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(
        !kinds.is_empty() && !kinds.contains(&"unreadable"),
        "not the restricted subscription's: {kinds:?}"
    );
}

#[tokio::test]
async fn the_cli_lists_acts_per_item_and_waits_for_front_door() {
    use emulator::estate::demo::{MY_PLS_ID, PENDING_ORIGIN_ID};
    let database = temp_database();
    let served = serve_with(&["--pending-interval", "1s"], &database).await;
    let secret = token(&database, "pipeline", "approver", &[]).await;
    let env = [
        ("LINKCENTER_SERVER", served.base.as_str()),
        ("LINKCENTER_TOKEN", secret.as_str()),
    ];

    let json = linkcenter(
        &["connections", "list", "--state", "Pending", "-o", "json"],
        &env,
    )
    .await;
    assert!(json.status.success(), "{}", stderr(&json));
    let rows: Vec<Value> = serde_json::from_str(&stdout(&json)).unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["state"] == "Pending"));
    let csv = linkcenter(
        &["connections", "list", "--state", "Pending", "-o", "csv"],
        &env,
    )
    .await;
    let csv = stdout(&csv);
    assert!(
        csv.starts_with("NAME,STATE,SERVICE,SUBSCRIPTION,CONSUMER,AGE,ID\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), rows.len() + 1);
    let table = linkcenter(&["connections", "list", "--state", "Pending"], &env).await;
    let table = stdout(&table);
    assert!(table.starts_with("NAME "), "{table}");
    assert!(!table.contains('\u{1b}'), "no colour off a terminal");
    let quiet = linkcenter(
        &["connections", "list", "--state", "Pending", "--quiet"],
        &env,
    )
    .await;
    assert_eq!(stdout(&quiet).lines().count(), rows.len());

    let id = rows[0]["id"].as_str().unwrap();
    let bad = format!("{MY_PLS_ID}/privateEndpointConnections/no-such-connection");
    let acted = linkcenter(
        &[
            "connections",
            "approve",
            id,
            &bad,
            "--description",
            "CLI approval (CHG-88)",
        ],
        &env,
    )
    .await;
    assert_eq!(acted.status.code(), Some(1), "one item failed");
    assert!(
        stdout(&acted).starts_with(&format!("succeeded {id}: Pending → Approved")),
        "{}",
        stdout(&acted)
    );
    assert!(
        stderr(&acted).contains(&format!("failed    {bad}")),
        "{}",
        stderr(&acted)
    );
    assert!(stderr(&acted).contains("1 of 2 failed"));
    let audit = linkcenter(&["audit", "--actor", "token:pipeline", "-o", "json"], &env).await;
    let audit: Vec<Value> = serde_json::from_str(&stdout(&audit)).unwrap();
    assert_eq!(audit.len(), 1, "{audit:?}");
    let findings = linkcenter(&["findings", "-o", "csv"], &env).await;
    assert!(
        stdout(&findings).starts_with("SEVERITY,KIND,TITLE"),
        "{}",
        stdout(&findings)
    );

    let timed_out = wait_for(&env, "never-deployed", "2s").await;
    assert_eq!(timed_out.status.code(), Some(3));
    assert!(stderr(&timed_out).contains("no Pending request from Front Door afd-contoso origin never-deployed on myPLS within 2s"), "{}", stderr(&timed_out));

    // A pipeline deploys an origin and waits for its request, which arrives Pending.
    let waiting = tokio::spawn({
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        async move {
            let env: Vec<(&str, &str)> =
                env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            wait_for(&env, "cli-wait-neu", "50s").await
        }
    });
    let group = PENDING_ORIGIN_ID.rsplit_once("/origins/").unwrap().0;
    let origin = json!({ "properties": {
        "hostName": "super-api.contoso.internal",
        "sharedPrivateLinkResource": {
            "privateLink": { "id": MY_PLS_ID },
            "privateLinkLocation": "NorthEurope",
            "requestMessage": "AFD super-api North Europe (CHG-99)"
        }
    }});
    let created = served
        .http
        .put(format!(
            "{}{group}/origins/cli-wait-neu?api-version=2025-09-01",
            served.emulator
        ))
        .bearer_auth("test")
        .json(&origin)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let waited = waiting.await.unwrap();
    assert!(waited.status.success(), "{}", stderr(&waited));
    let arrived = stdout(&waited).trim().to_owned();
    let (_, row) = get(
        &served,
        &format!(
            "/api/v1/connections?q={}",
            arrived.rsplit('/').next().unwrap()
        ),
        &secret,
    )
    .await;
    assert_eq!(row["items"][0]["id"], arrived.as_str());
    assert_eq!(row["items"][0]["state"], "Pending");
    assert!(
        row["items"][0]["consumer"]["frontDoor"]["originId"]
            .as_str()
            .unwrap()
            .ends_with("/origins/cli-wait-neu")
    );
}

#[tokio::test]
async fn approvers_see_the_tokens_on_the_policies_page_and_viewers_do_not() {
    let database = temp_database();
    let served = serve_with(
        &[
            "--auth",
            "proxy",
            "--trusted-proxy",
            "127.0.0.1",
            "--viewer-group",
            "viewers",
            "--approver-group",
            "approvers",
        ],
        &database,
    )
    .await;
    let secret = token(&database, "release-bot", "viewer", &["--expires", "never"]).await;
    let page = async |user: &str, group: &str| {
        let response = served
            .http
            .get(format!("{}/policies", served.base))
            .header("X-Forwarded-User", user)
            .header("X-Forwarded-Groups", group)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    };
    let approver = page("ada", "approvers").await;
    assert!(approver.contains(r#"data-testid="tokens""#), "{approver}");
    assert!(approver.contains("release-bot") && approver.contains(">viewer<"));
    assert!(!approver.contains(&secret[3..]), "never the secret");
    let viewer = page("vera", "viewers").await;
    assert!(
        !viewer.contains(r#"data-testid="tokens""#),
        "no section for a viewer"
    );
    assert!(!viewer.contains("release-bot"));
}
