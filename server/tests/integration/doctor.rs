//! `linkcenter doctor` over the emulator with `--permissions`: a principal that can read but not
//! approve in one subscription, cannot read another's inventory, and owns the rest is told so
//! per subscription, in a table and in JSON, with exit code 1 — and 0 once nothing the
//! configuration uses is missing.

use std::process::Output;
use std::sync::Arc;

use emulator::estate::demo::{CONTOSO_EDGE, CONTOSO_PLATFORM, RESTRICTED_FINANCE};
use serde_json::Value;

use crate::api::{against, emulate};

async fn doctor(arm: &emulator::RunningEmulator, extra: &[&str]) -> Output {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_linkcenter"));
    command
        .arg("doctor")
        .args(against(arm))
        .args(extra)
        .env("NO_COLOR", "1")
        .kill_on_drop(true);
    tokio::time::timeout(std::time::Duration::from_secs(60), command.output())
        .await
        .expect("doctor ends")
        .unwrap()
}

fn permissions(json: &str) -> emulator::EmulatorConfig {
    emulator::EmulatorConfig {
        permissions: Arc::new(emulator::permissions::Permissions::parse(json).unwrap()),
        ..emulator::EmulatorConfig::default()
    }
}

/// The last three cells of a table line (the features), last first.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().rev().take(3).collect()
}

/// The line of the table naming `subscription`.
fn row<'a>(table: &'a str, subscription: &str) -> &'a str {
    table
        .lines()
        .find(|l| l.contains(subscription))
        .unwrap_or_else(|| panic!("no row for {subscription} in\n{table}"))
}

#[tokio::test]
async fn each_subscription_says_what_its_identity_can_do_and_the_exit_code_sums_it_up() {
    let reader = r#"[{"actions": ["*/read"], "notActions": []}]"#;
    let log_only = r#"[{"actions": ["Microsoft.Insights/eventtypes/*"]}]"#;
    let arm = emulate(
        emulator::estate::demo::demo(),
        permissions(&format!(
            r#"{{"subscriptions": {{"{CONTOSO_PLATFORM}": {reader}, "{CONTOSO_EDGE}": {log_only}}}}}"#
        )),
    )
    .await;

    let table = doctor(&arm, &[]).await;
    let text = String::from_utf8_lossy(&table.stdout).into_owned();
    assert_eq!(table.status.code(), Some(1), "{text}");
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("SUBSCRIPTION") && header.contains("APPROVE"),
        "{text}"
    );
    assert_eq!(
        words(row(&text, CONTOSO_PLATFORM)),
        ["yes", "no", "yes"],
        "{text}"
    );
    assert_eq!(
        words(row(&text, CONTOSO_EDGE)),
        ["yes", "no", "no"],
        "{text}"
    );
    assert!(
        text.contains(
            "approve needs:\n  Microsoft.Network/privateLinkServices/privateEndpointConnections/write"
        ),
        "{text}"
    );
    assert!(
        text.contains("read inventory needs:\n  Microsoft.Network/privateLinkServices/read"),
        "{text}"
    );
    // The demo's restricted subscription refuses everything, its permissions too.
    assert!(
        row(&text, RESTRICTED_FINANCE)
            .split_whitespace()
            .rev()
            .take(3)
            .all(|w| w == "no"),
        "{text}"
    );
    assert!(text.contains("its permissions cannot be read"), "{text}");
    assert!(text.contains("Resource Graph: reachable"), "{text}");

    let json = doctor(&arm, &["-o", "json", "--read-only"]).await;
    assert_eq!(json.status.code(), Some(1), "the edge still cannot read");
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(
        report["required"],
        serde_json::json!(["read inventory", "Activity Log"])
    );
    let platform = report["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == CONTOSO_PLATFORM)
        .unwrap();
    let approve = &platform["verdicts"][1];
    assert_eq!(approve["feature"], "approve");
    assert_eq!(approve["ok"], false);
    assert!(
        approve["cannot"]
            .as_array()
            .unwrap()
            .contains(&Value::from("Microsoft.Sql"))
    );
}

#[tokio::test]
async fn an_identity_that_may_do_everything_it_sees_passes() {
    // Everything everywhere, but the restricted subscription (ARM's 403 for its permissions
    // too) is left out of what the identity sees.
    let mut doc = emulator::estate::demo::demo();
    let elsewhere = |v: &Value| !v.to_string().contains(RESTRICTED_FINANCE);
    doc.subscriptions.retain(elsewhere);
    doc.resource_groups.retain(elsewhere);
    doc.resources.retain(elsewhere);
    doc.denied_subscriptions.clear();
    let arm = emulate(doc, emulator::EmulatorConfig::default()).await;
    let done = doctor(&arm, &[]).await;
    let text = String::from_utf8_lossy(&done.stdout).into_owned();
    assert_eq!(done.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Everything this configuration uses can work."),
        "{text}"
    );
}
