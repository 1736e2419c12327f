//! `deploy/prometheus/linkcenter-rules.yaml` against a running server: `promtool check rules`
//! accepts it; every metric its expressions name is in a scrape of `/metrics`; and
//! `promtool test rules`, fed with series taken from that scrape (each value held for an hour,
//! the last sync at the scrape and none since, the given-up notifications counted late in the
//! hour), fires exactly the alerts the scraped values call for. promtool comes from Debian's
//! `prometheus` package (`scripts/setup`).

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::api::{against, emulate, request_from_woodgrove, serve_against, temp_database};

const RULES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../deploy/prometheus/linkcenter-rules.yaml"
);

fn promtool(args: &[&str]) -> String {
    let output = Command::new("promtool")
        .args(args)
        .output()
        .expect("promtool runs (Debian's prometheus package: run scripts/setup)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "promtool {args:?}: {text}");
    text
}

/// `name{labels}` → value, from Prometheus' text format.
fn samples(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (series, value) = l.rsplit_once(' ').unwrap();
            (series.to_owned(), value.parse().unwrap())
        })
        .collect()
}

#[tokio::test]
async fn the_alert_rules_check_and_fire_on_what_a_running_server_exposes() {
    promtool(&["check", "rules", RULES]);

    // A server whose one notification target is a closed port: its delivery is given up.
    let dir = std::env::temp_dir().join(format!("linkcenter-rules-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let notifications = dir.join("notifications.yaml");
    std::fs::write(
        &notifications,
        "notifications:\n  - name: nowhere\n    type: slack\n    url: http://127.0.0.1:9/hook\n    events: [pending]\n",
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
            "--pending-interval",
            "1s",
            "--notification-give-up",
            "1s",
            "--notifications",
            notifications.to_str().unwrap(),
        ]
        .map(String::from),
    );
    let served = serve_against(&flags, &temp_database()).await;
    let mut deliveries = served.deliveries.clone().unwrap();
    request_from_woodgrove(&served, "pe-woodgrove-alerted").await;
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let (_, log) = served.get("/api/v1/notifications").await;
            if log["deliveries"][0]["outcome"] == "gaveUp" {
                return;
            }
            deliveries.changed().await.unwrap();
        }
    })
    .await
    .expect("the delivery is given up");
    let scrape = samples(&served.text("/metrics").await);

    // Every metric the rules name is exposed.
    let rules: Value = yaml_serde::from_str(&std::fs::read_to_string(RULES).unwrap()).unwrap();
    let rules = rules["groups"][0]["rules"].as_array().unwrap().clone();
    let names: Vec<&str> = scrape
        .keys()
        .map(|s| s.split('{').next().unwrap())
        .collect();
    for rule in &rules {
        let expr = rule["expr"].as_str().unwrap();
        for word in expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word.starts_with("linkcenter_") {
                assert!(
                    names.contains(&word),
                    "{word} of {} is not in the scrape",
                    rule["alert"]
                );
            }
        }
    }

    // The scrape as an hour of series.
    let value = |name: &str| scrape.get(name).copied().unwrap_or(0.0);
    let series: Vec<Value> = scrape
        .iter()
        .map(|(series, v)| {
            let values = if series.starts_with("linkcenter_last_sync_timestamp_seconds") {
                "0+0x60".to_owned()
            } else if series.starts_with("linkcenter_notifications_given_up_total") {
                format!("0+0x50 {v}+0x10")
            } else {
                format!("{v}+0x60")
            };
            json!({ "series": series, "values": values })
        })
        .collect();
    let annotations = |alert: &str, labels: &BTreeMap<&str, String>| {
        let rule = rules.iter().find(|r| r["alert"] == alert).unwrap();
        let mut out = serde_json::Map::new();
        for (key, text) in rule["annotations"].as_object().unwrap() {
            let mut text = text.as_str().unwrap().to_owned();
            for (label, value) in labels {
                text = text.replace(&format!("{{{{ $labels.{label} }}}}"), value);
            }
            out.insert(key.clone(), json!(text));
        }
        Value::Object(out)
    };
    let severity = |alert: &str| {
        rules.iter().find(|r| r["alert"] == alert).unwrap()["labels"]["severity"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut tests = Vec::new();
    let mut expect = |alert: &str, firing: Vec<BTreeMap<&str, String>>| {
        let alerts: Vec<Value> = firing
            .into_iter()
            .map(|mut labels| {
                let annotations = annotations(alert, &labels);
                labels.insert("severity", severity(alert));
                json!({ "exp_labels": labels, "exp_annotations": annotations })
            })
            .collect();
        tests.push(json!({ "eval_time": "60m", "alertname": alert, "exp_alerts": alerts }));
    };
    let when = |fires: bool| if fires { vec![BTreeMap::new()] } else { vec![] };
    let oldest = value("linkcenter_oldest_pending_seconds");
    assert!(
        oldest > 4.0 * 3600.0,
        "the demo has requests pending for days: {oldest}"
    );
    expect("LinkCenterPendingTooLong", when(oldest > 4.0 * 3600.0));
    expect("LinkCenterSyncStalled", when(true));
    let unreadable: Vec<BTreeMap<&str, String>> = scrape
        .iter()
        .filter(|(s, v)| s.starts_with("linkcenter_subscription_status{") && **v == 1.0)
        .filter_map(|(s, _)| {
            let labels = &s[s.find('{').unwrap() + 1..s.len() - 1];
            let mut map = BTreeMap::new();
            for pair in labels.split(',') {
                let (k, v) = pair.split_once('=').unwrap();
                map.insert(
                    if k == "subscription" {
                        "subscription"
                    } else {
                        "status"
                    },
                    v.trim_matches('"').to_owned(),
                );
            }
            (map["status"] != "ok").then_some(map)
        })
        .collect();
    assert_eq!(unreadable.len(), 1, "Restricted Finance");
    expect("LinkCenterSubscriptionNotSyncing", unreadable);
    expect(
        "LinkCenterServiceNearLimit",
        when(value("linkcenter_near_limit_services") > 0.0),
    );
    expect(
        "LinkCenterConnectionsLost",
        when(value("linkcenter_connection_loss_findings") > 0.0),
    );
    let given_up = value("linkcenter_notifications_given_up_total");
    assert!(given_up >= 1.0, "the closed port's delivery: {given_up}");
    expect("LinkCenterNotificationsFailing", when(given_up > 0.0));
    assert_eq!(tests.len(), rules.len(), "every rule is tested");

    let file = dir.join("tests.yaml");
    let document = json!({
        "rule_files": [RULES],
        "evaluation_interval": "1m",
        "tests": [{ "interval": "1m", "input_series": series, "alert_rule_test": tests }]
    });
    std::fs::write(&file, serde_json::to_string_pretty(&document).unwrap()).unwrap();
    let out = promtool(&["test", "rules", file.to_str().unwrap()]);
    assert!(out.contains("SUCCESS"), "{out}");
}
