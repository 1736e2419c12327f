//! Approval policies over the demo estate: in dry-run, Front Door's Pending request to myPLS
//! gets the Front Door policy's "would approve" on the API and the Pending page, and stays
//! Pending in Azure.

use std::time::Duration;

use emulator::estate::demo::CONTOSO_EDGE;

use crate::api::{serve_with, temp_database};

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
    tokio::time::timeout(Duration::from_secs(20), rounds.wait_for(|n| *n >= 2))
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
    let (_, after) = served.get("/api/v1/policies").await;
    assert_eq!(
        after["verdicts"].as_array().unwrap().len(),
        0,
        "nothing Pending matches any more"
    );
}
