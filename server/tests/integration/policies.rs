//! Approval policies over the demo estate: in dry-run, Front Door's Pending request to myPLS
//! gets the Front Door policy's "would approve" on the API, the Pending, connection and
//! Policies pages, and stays Pending in Azure; in enforce it is approved as the policy; an
//! imitation of Front Door's request message from Woodgrove is not; two requests that could
//! be one origin's are both held; `perSync` is kept; a second approver completes a two-person
//! policy; a broken reload keeps the policies in force.

use std::time::Duration;

use emulator::estate::demo::{CONTOSO_EDGE, CONTOSO_PLATFORM, WOODGROVE};
use serde_json::{Value, json};

use crate::api::{Served, against, emulate, serve_against, serve_with, temp_database};

/// The api-version of Front Door's origins.
const CDN_API: &str = "2024-09-01";
/// Front Door's request message for super-api in the demo estate.
const FRONT_DOOR_MESSAGE: &str = "Contoso Edge Front Door: super-api (westeurope)";
/// Woodgrove's Pending request to myPLS in the demo estate, and its endpoint.
const WOODGROVE_MESSAGE: &str = "UAT access for the Woodgrove partner portal (WG-5521)";
const WOODGROVE_ENDPOINT: &str = "resourceGroups/rg-woodgrove-integration/providers/Microsoft.Network/privateEndpoints/pe-woodgrove-super-api-uat";

/// The Front Door policy of the issue, with `extra` lines appended to it (`limits`, …).
fn front_door_policy(mode: &str, extra: &str) -> String {
    format!(
        "mode: {mode}\npolicies:\n  - name: afd-contoso-to-super-api\n    action: approve\n    description: \"Front Door {{profile}} origin {{origin}} (policy {{policy}})\"\n    when:\n      service: {{ name: myPLS }}\n      consumer:\n        frontDoor: {{ profile: \"/subscriptions/{CONTOSO_EDGE}/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-contoso\" }}\n      requestMessage: \"Front Door\"\n{extra}"
    )
}

/// The demo estate with `edit` applied to its JSON text, served by an emulator of its own, and
/// Link Center against it with `flags`.
async fn serve_edited(
    edit: impl Fn(String) -> String,
    flags: &[&str],
) -> (Served, emulator::RunningEmulator) {
    let text = edit(serde_json::to_string(&emulator::estate::demo::demo()).unwrap());
    let running = emulate(
        serde_json::from_str(&text).unwrap(),
        emulator::EmulatorConfig::default(),
    )
    .await;
    let mut all = against(&running);
    all.extend(flags.iter().map(|f| (*f).to_owned()));
    (serve_against(&all, &temp_database()).await, running)
}

/// Waits until the policies' rounds satisfy `done`; answers the actions each round took.
async fn rounds_until(served: &Served, done: impl Fn(&[usize]) -> bool) -> Vec<usize> {
    let mut rounds = served
        .policy_rounds
        .clone()
        .expect("a policies file is given");
    tokio::time::timeout(Duration::from_secs(30), rounds.wait_for(|r| done(r)))
        .await
        .expect("the policies ran")
        .unwrap()
        .clone()
}

async fn pending_ids(served: &Served) -> Vec<String> {
    let (_, page) = served
        .get("/api/v1/connections?state=Pending&limit=1000")
        .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

fn policies_file(text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("linkcenter-policies-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("policies.yaml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[tokio::test]
async fn in_dry_run_the_front_door_request_would_be_approved_and_stays_pending() {
    let file = policies_file(&format!(
        "mode: enforce\npolicies:\n  - name: afd-contoso-to-super-api\n    action: approve\n    when:\n      service: {{ name: myPLS }}\n      consumer:\n        frontDoor: {{ profile: \"/subscriptions/{CONTOSO_EDGE}/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-contoso\" }}\n      requestMessage: \"Front Door\"\n"
    ));
    // The file says enforce; --policies-enforce false keeps it a dry run.
    let served = serve_with(
        &["--policies", &file, "--policies-enforce", "false"],
        &temp_database(),
    )
    .await;

    let (status, policies) = served.get("/api/v1/policies").await;
    assert_eq!(status, 200, "{policies}");
    assert_eq!(policies["configured"], true);
    assert_eq!(policies["mode"], "dry-run");
    assert_eq!(policies["hash"].as_str().unwrap().len(), 64);
    assert_eq!(policies["policies"][0]["matches"], 1, "{policies}");
    let verdict = &policies["verdicts"][0];
    assert_eq!(verdict["action"], "approve");
    assert_eq!(verdict["dryRun"], true);
    let connection = verdict["connection"].as_str().unwrap().to_owned();

    let (_, pending) = served
        .get("/api/v1/connections?state=Pending&limit=1000")
        .await;
    let rows = pending["items"].as_array().unwrap();
    let row = rows
        .iter()
        .find(|r| r["id"].as_str() == Some(connection.as_str()))
        .expect("the connection is Pending");
    assert_eq!(row["policy"]["policy"], "afd-contoso-to-super-api");
    assert_eq!(
        rows.iter().filter(|r| r.get("policy").is_some()).count(),
        1,
        "only Front Door's request matches"
    );

    let page = served.text("/pending").await;
    assert!(
        page.contains("Policy afd-contoso-to-super-api would approve"),
        "the Pending page shows the verdict"
    );
    let page = served.text(&format!("/resource{connection}")).await;
    assert!(
        page.contains("Approval policy")
            && page.contains("Policy afd-contoso-to-super-api would approve"),
        "the connection's page shows the verdict"
    );
    let node: String = url::form_urlencoded::byte_serialize(
        format!("connection:{}", connection.to_ascii_lowercase()).as_bytes(),
    )
    .collect();
    let panel = served.text(&format!("/graph?node={node}")).await;
    assert!(
        panel.contains("Approval policy")
            && panel.contains("Policy afd-contoso-to-super-api would approve"),
        "the graph's side panel shows the verdict"
    );
    let page = served.text("/policies").await;
    for words in [
        &format!("afd-contoso-to-super-api — {}", "approve"),
        "Matches 1 Pending connection now.",
        "the request comes from Front Door profile",
        "dry-run: verdicts are shown, nothing is sent to Azure",
        policies["hash"].as_str().unwrap(),
    ] {
        assert!(page.contains(words), "the Policies page says {words:?}");
    }
    let (_, after) = served
        .get("/api/v1/connections?state=Pending&limit=1000")
        .await;
    assert_eq!(
        after["total"], pending["total"],
        "nothing was sent: still Pending"
    );
}

#[tokio::test]
async fn in_enforce_mode_the_front_door_request_is_approved_as_the_policy_and_audited_once() {
    let file = policies_file(&format!(
        "mode: enforce\npolicies:\n  - name: afd-contoso-to-super-api\n    action: approve\n    description: \"Front Door {{profile}} origin {{origin}} (policy {{policy}})\"\n    when:\n      service: {{ name: myPLS }}\n      consumer:\n        frontDoor: {{ profile: \"/subscriptions/{CONTOSO_EDGE}/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-contoso\" }}\n    limits: {{ perSync: 20 }}\n"
    ));
    let served = serve_with(&["--policies", &file], &temp_database()).await;
    let (_, before) = served.get("/api/v1/policies").await;
    assert_eq!(before["mode"], "enforce");
    let mut rounds = served.policy_rounds.clone().expect("policies are enforced");
    // The round after the action's sync finds nothing left to do.
    tokio::time::timeout(Duration::from_secs(20), rounds.wait_for(|r| r.len() >= 2))
        .await
        .expect("the policies ran")
        .unwrap();

    let audit = served.audit("actor=policy:afd-contoso-to-super-api").await;
    assert_eq!(audit["total"], 1, "one action, not one per round: {audit}");
    let record = &audit["items"][0];
    assert_eq!(record["action"], "approve");
    assert_eq!(record["outcome"], "succeeded", "{record}");
    assert!(
        record["description"]
            .as_str()
            .unwrap()
            .starts_with("Front Door afd-contoso origin "),
        "{record}"
    );
    let evidence = record["evidence"].as_str().unwrap();
    assert!(
        evidence.contains(" sha256 ") && evidence.contains("asks through its origin"),
        "{evidence}"
    );
    assert_eq!(record["authMode"], "policy");

    let id = record["connectionId"].as_str().unwrap();
    let (_, connection) = served.emulated(id, "2024-05-01").await;
    assert_eq!(
        connection["properties"]["privateLinkServiceConnectionState"]["status"], "Approved",
        "Azure has it approved"
    );
    let (_, origin) = served
        .emulated(emulator::estate::demo::PENDING_ORIGIN_ID, CDN_API)
        .await;
    assert_eq!(
        origin["properties"]["sharedPrivateLinkResource"]["status"], "Approved",
        "and so does Front Door's origin"
    );
    let (_, after) = served.get("/api/v1/policies").await;
    assert_eq!(
        after["verdicts"].as_array().unwrap().len(),
        0,
        "nothing Pending matches any more"
    );
}

#[tokio::test]
async fn an_imitation_of_front_doors_message_from_woodgrove_is_not_approved() {
    // Woodgrove's Pending endpoint asks with Front Door's very words.
    let file = policies_file(&front_door_policy("enforce", ""));
    let (served, _emulator) = serve_edited(
        |estate| estate.replace(WOODGROVE_MESSAGE, FRONT_DOOR_MESSAGE),
        &["--policies", &file],
    )
    .await;
    rounds_until(&served, |r| r.len() >= 2).await;

    let audit = served.audit("actor=policy:afd-contoso-to-super-api").await;
    assert_eq!(audit["total"], 1, "Front Door's request only: {audit}");
    assert!(
        audit["items"][0]["consumer"]
            .as_str()
            .unwrap()
            .contains("afd-contoso"),
        "{audit}"
    );
    let imitation = pending_ids(&served)
        .await
        .into_iter()
        .find(|id| id.contains("pe-woodgrove-super-api-uat"))
        .expect("Woodgrove's request is still Pending");
    let (_, connection) = served.emulated(&imitation, "2024-05-01").await;
    assert_eq!(
        connection["properties"]["privateLinkServiceConnectionState"]["status"],
        "Pending"
    );
}

#[tokio::test]
async fn two_requests_that_could_be_one_origins_are_both_held() {
    // Woodgrove's endpoint moved into a resource group named like Front Door's, asking with its
    // words: either request could be the origin's.
    let file = policies_file(&front_door_policy("enforce", ""));
    let (served, _emulator) = serve_edited(
        |estate| {
            let group = json!({
                "id": format!("/subscriptions/{WOODGROVE}/resourceGroups/eafd-Prod-westeurope"),
                "name": "eafd-Prod-westeurope", "type": "Microsoft.Resources/resourceGroups",
                "location": "westeurope", "tags": {},
                "properties": { "provisioningState": "Succeeded" }
            });
            estate
                .replace(WOODGROVE_MESSAGE, FRONT_DOOR_MESSAGE)
                .replace(
                    WOODGROVE_ENDPOINT,
                    "resourceGroups/eafd-Prod-westeurope/providers/Microsoft.Network/privateEndpoints/pe-woodgrove-super-api-uat",
                )
                .replacen("\"resourceGroups\":[", &format!("\"resourceGroups\":[{group},"), 1)
        },
        &["--policies", &file],
    )
    .await;
    rounds_until(&served, |r| !r.is_empty()).await;

    let (_, policies) = served.get("/api/v1/policies").await;
    let verdicts = policies["verdicts"].as_array().unwrap();
    assert_eq!(verdicts.len(), 2, "{policies}");
    for verdict in verdicts {
        assert_eq!(verdict["action"], "hold", "{verdict}");
        assert!(
            verdict["heldBecause"].as_str().unwrap().contains("imitat"),
            "{verdict}"
        );
    }
    let audit = served.audit("actor=policy:afd-contoso-to-super-api").await;
    assert_eq!(audit["total"], 0, "nothing approved: {audit}");
    let page = served.text("/pending").await;
    assert_eq!(
        page.matches("Policy afd-contoso-to-super-api holds")
            .count(),
        2,
        "the Pending page says both are held"
    );
}

#[tokio::test]
async fn per_sync_lets_one_request_a_sync_go_first_the_oldest() {
    let file = policies_file(&format!(
        "mode: enforce\npolicies:\n  - name: partners\n    action: approve\n    when:\n      service: {{ name: myPLS }}\n      consumer:\n        privateEndpoint: {{ subscription: [{WOODGROVE}, {CONTOSO_PLATFORM}] }}\n    limits: {{ perSync: 1 }}\n"
    ));
    let served = serve_with(&["--policies", &file], &temp_database()).await;
    let rounds = rounds_until(&served, |r| r.iter().sum::<usize>() >= 2).await;
    assert!(
        rounds.iter().all(|&acted| acted <= 1),
        "one action a sync: {rounds:?}"
    );

    let audit = served.audit("actor=policy:partners").await;
    let items = audit["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{audit}");
    // Newest first: the batch jobs' request (two days old) went before Woodgrove's (3 hours).
    assert!(
        items[1]["connectionId"]
            .as_str()
            .unwrap()
            .contains("pe-batch-super-api"),
        "{audit}"
    );
    assert!(
        items[0]["connectionId"]
            .as_str()
            .unwrap()
            .contains("pe-woodgrove-super-api-uat"),
        "{audit}"
    );
}

#[tokio::test]
async fn a_two_person_policy_waits_for_an_approver_who_completes_it() {
    let file = policies_file(&front_door_policy(
        "enforce",
        "    requireSecondApprover: true\n",
    ));
    let served = serve_with(&["--policies", &file], &temp_database()).await;
    rounds_until(&served, |r| r.iter().sum::<usize>() >= 1).await;

    let audit = served.audit("actor=policy:afd-contoso-to-super-api").await;
    assert_eq!(audit["total"], 1, "{audit}");
    let first = &audit["items"][0];
    assert_eq!(first["outcome"], "skipped", "{first}");
    assert!(
        first["outcomeMessage"]
            .as_str()
            .unwrap()
            .contains("awaiting a second approver"),
        "{first}"
    );
    let id = first["connectionId"].as_str().unwrap().to_owned();
    let (_, connection) = served.emulated(&id, "2024-05-01").await;
    assert_eq!(
        connection["properties"]["privateLinkServiceConnectionState"]["status"], "Pending",
        "Azure was not asked"
    );
    let page = served.text("/pending").await;
    assert!(page.contains("Policy afd-contoso-to-super-api approves; awaiting a second approver"));

    // Another sync and round: the policy does not record its approval again.
    served.sync().await;
    rounds_until(&served, |r| r.len() >= 2).await;
    let again = served.audit("actor=policy:afd-contoso-to-super-api").await;
    assert_eq!(again["total"], 1, "{again}");

    // The approver confirms.
    let body = json!({"id": id, "description": "Confirming the Front Door policy", "expectedState": "Pending"});
    let (status, outcome) = served.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["state"], "Approved");
    let records = served.audit(&format!("connection={id}")).await;
    let confirming: &Value = &records["items"][0];
    assert_eq!(confirming["outcome"], "succeeded", "{records}");
    assert_eq!(
        confirming["evidence"].as_str().unwrap(),
        format!(
            "second approver: confirms policy:afd-contoso-to-super-api's approval (audit record {})",
            first["id"]
        )
    );
}

#[tokio::test]
async fn a_broken_reload_keeps_the_policies_in_force_and_the_page_says_why() {
    let file = policies_file(&front_door_policy("dry-run", ""));
    let served = serve_with(&["--policies", &file], &temp_database()).await;
    let policy_file = served
        .policy_file
        .clone()
        .expect("a policies file is given");
    let mut attempts = policy_file.attempts();

    // A save with a typo: the file watch reads it and refuses it.
    let broken = front_door_policy("dry-run", "    limits: { perSink: 5 }\n");
    std::fs::write(&file, &broken).unwrap();
    tokio::time::timeout(
        Duration::from_secs(20),
        attempts.wait_for(|_| policy_file.status().error.is_some()),
    )
    .await
    .expect("the save was seen")
    .unwrap();
    let (_, policies) = served.get("/api/v1/policies").await;
    let error = policies["reload"]["error"].as_str().unwrap();
    assert!(
        error.starts_with(&format!("{file}:11:15: ")) && error.contains("unknown field `perSink`"),
        "{error}"
    );
    assert_eq!(policies["policies"][0]["name"], "afd-contoso-to-super-api");
    assert_eq!(policies["policies"][0]["matches"], 1, "still in force");
    let page = served.text("/policies").await;
    assert!(page.contains("The policies file was changed but refused"));
    assert!(page.contains("unknown field `perSink`"));

    // Fixed and renamed: the new policy is in force, the error gone.
    let fixed = front_door_policy("dry-run", "").replace("afd-contoso-to-super-api", "afd-renamed");
    std::fs::write(&file, fixed).unwrap();
    tokio::time::timeout(
        Duration::from_secs(20),
        attempts.wait_for(|_| policy_file.status().reloads == 1),
    )
    .await
    .expect("the fix was seen")
    .unwrap();
    let (_, policies) = served.get("/api/v1/policies").await;
    assert_eq!(policies["policies"][0]["name"], "afd-renamed");
    assert_eq!(policies["reload"]["error"], Value::Null);
    assert_eq!(policies["verdicts"][0]["policy"], "afd-renamed");
}

#[cfg(unix)]
#[tokio::test]
async fn sighup_reloads_a_file_the_directory_watch_cannot_see() {
    use tokio::io::{AsyncBufReadExt, BufReader};

    // The file named on the command line is a symlink into another directory: an edit of its
    // target makes no event where the watch looks, so only SIGHUP reloads it.
    let target = policies_file(&front_door_policy("dry-run", ""));
    let elsewhere = std::env::temp_dir().join(format!("linkcenter-link-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&elsewhere).unwrap();
    let link = elsewhere.join("policies.yaml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_linkcenter"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--site-root",
            "/nonexistent",
        ])
        .arg("--database")
        .arg(temp_database())
        .arg("--policies")
        .arg(&link)
        .env("LINKCENTER_LOG", "info")
        .env_remove("RUST_LOG")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut until = async |wanted: &str| loop {
        let line = log
            .next_line()
            .await
            .unwrap()
            .expect("linkcenter still runs");
        if line.contains(wanted) {
            return line;
        }
    };
    let listening = tokio::time::timeout(Duration::from_secs(30), until("Link Center listening"))
        .await
        .expect("linkcenter listens");
    let base = listening
        .split_whitespace()
        .find_map(|field| field.strip_prefix("url="))
        .expect("the log names the URL")
        .to_owned();

    let renamed =
        front_door_policy("dry-run", "").replace("afd-contoso-to-super-api", "afd-after-sighup");
    std::fs::write(&target, renamed).unwrap();
    let status = std::process::Command::new("kill")
        .args(["-HUP", &child.id().unwrap().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tokio::time::timeout(Duration::from_secs(30), until("approval policies reloaded"))
        .await
        .expect("SIGHUP reloads the file");
    let policies: Value = reqwest::get(format!("{base}/api/v1/policies"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(policies["policies"][0]["name"], "afd-after-sighup");
    assert_eq!(policies["reload"]["reloads"], 1);
    child.kill().await.unwrap();
}

#[tokio::test]
async fn a_reload_in_enforce_mode_acts_at_once_without_waiting_for_a_sync() {
    let elsewhere = front_door_policy("enforce", "").replace("afd-contoso\"", "afd-other\"");
    let file = policies_file(&elsewhere);
    let served = serve_with(&["--policies", &file], &temp_database()).await;
    let first = rounds_until(&served, |r| !r.is_empty()).await;
    assert_eq!(first, [0], "another profile's policy matches nothing");

    std::fs::write(&file, front_door_policy("enforce", "")).unwrap();
    let rounds = rounds_until(&served, |r| r.iter().sum::<usize>() >= 1).await;
    assert_eq!(rounds.iter().sum::<usize>(), 1, "{rounds:?}");
    let audit = served.audit("actor=policy:afd-contoso-to-super-api").await;
    assert_eq!(audit["items"][0]["outcome"], "succeeded", "{audit}");
}
