//! The change feed over the emulator: the first sync is the baseline; a connection approved
//! outside Link Center (as the portal would, with alice's token) shows as Pending → Approved by
//! alice, from the Activity Log; one rejected through Link Center names the approver and its
//! audit record; a restart against the same database records what changed while it was down
//! and nothing the previous run already knew.

use std::time::Duration;

use serde_json::{Value, json};

use crate::api::{Served, against, emulate, serve_against, temp_database};

const PLS_API: &str = "2024-05-01";

/// Waits until the change feed has recorded `n` syncs of `served`.
async fn recorded(served: &Served, n: u64) {
    let mut recorded = served.history_recorded.clone();
    tokio::time::timeout(Duration::from_secs(20), recorded.wait_for(|r| *r >= n))
        .await
        .expect("the change feed recorded the sync")
        .unwrap();
}

async fn changes(served: &Served, query: &str) -> Value {
    let (status, page) = served.get(&format!("/api/v1/changes?{query}")).await;
    assert_eq!(status, 200, "{page}");
    page
}

#[tokio::test]
async fn changes_in_and_outside_link_center_are_recorded_once_with_who_made_them() {
    let emulator = emulate(
        emulator::estate::demo::demo(),
        emulator::EmulatorConfig {
            tokens: vec![
                emulator::Token::parse("test"),
                emulator::Token::parse("portal=alice@contoso.com"),
            ],
            ..emulator::EmulatorConfig::default()
        },
    )
    .await;
    let database = temp_database();
    let served = serve_against(&against(&emulator), &database).await;
    recorded(&served, 1).await;
    assert_eq!(
        changes(&served, "").await["total"],
        0,
        "the first sync is the baseline"
    );

    // Approved in the portal: a PUT straight to Azure.
    let outside = served.pending().await;
    approve_in_the_portal(&emulator, &outside).await;
    // Rejected through Link Center.
    let inside = served.connection("Pending", "frontDoor").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body =
        json!({"id": inside, "description": "not this origin (CHG-9)", "expectedState": "Pending"});
    let (status, outcome) = served.post("/api/v1/connections/reject", &body, &[]).await;
    assert_eq!(status, 200, "{outcome}");
    let n = served.sync().await;
    recorded(&served, 2).await;
    assert!(n >= 2);

    let state = changes(&served, "kind=stateChanged").await;
    let items = state["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{state}");
    let of = |id: &str| {
        items
            .iter()
            .find(|c| c["connectionId"].as_str().unwrap().eq_ignore_ascii_case(id))
            .unwrap_or_else(|| panic!("a change of {id}: {state}"))
    };
    let portal = of(&outside);
    assert_eq!(
        (&portal["from"], &portal["to"]),
        (&json!("Pending"), &json!("Approved"))
    );
    assert_eq!(
        portal["by"], "alice@contoso.com",
        "from the Activity Log: {portal}"
    );
    assert_eq!(
        portal["operation"],
        "Microsoft.Network/privateLinkServices/privateEndpointConnections/write"
    );
    assert!(portal["correlationId"].is_string() && portal["auditId"].is_null());
    assert!(portal["seenAfter"].is_string() && portal["seenAt"].is_string());
    let ours = of(&inside);
    assert_eq!(ours["to"], "Rejected");
    assert!(ours["auditId"].is_i64(), "{ours}");
    assert_eq!(ours["by"], outcome_actor(&served, &inside).await);
    let alice = changes(&served, "kind=stateChanged&who=ALICE@contoso.com").await;
    assert_eq!(alice["total"], 1);
    let unknown = changes(&served, "kind=stateChanged&who=unknown").await;
    assert_eq!(unknown["total"], 0);

    let page = served.text("/changes?kind=stateChanged").await;
    assert!(page.contains("Pending → Approved") && page.contains("Pending → Rejected"));
    let connection = served.text(&format!("/resource{outside}")).await;
    assert!(
        connection.contains("<h2>Changes</h2>"),
        "the connection's page lists its changes"
    );
    let csv = served.text("/export/changes.csv?kind=stateChanged").await;
    assert_eq!(csv.lines().count(), 3, "a header and two changes: {csv}");

    // Counts over time: the first sync's, then the sync after the approvals.
    let service = portal["serviceId"].as_str().unwrap().to_owned();
    let encoded: String = url::form_urlencoded::byte_serialize(service.as_bytes()).collect();
    let (status, series) = served
        .get(&format!("/api/v1/private-link-services/{encoded}/history"))
        .await;
    assert_eq!(status, 200, "{series}");
    let points = series["points"].as_array().unwrap();
    assert_eq!(points.len(), 2, "{series}");
    assert_eq!(
        points[1]["approved"].as_u64().unwrap(),
        points[0]["approved"].as_u64().unwrap() + 1,
        "one more approved: {series}"
    );
    assert_eq!(
        points[1]["pending"].as_u64().unwrap() + 2,
        points[0]["pending"].as_u64().unwrap(),
        "two fewer pending (one approved, one rejected): {series}"
    );
    let csv = served
        .text(&format!(
            "/api/v1/private-link-services/{encoded}/history?format=csv"
        ))
        .await;
    assert!(csv.starts_with("at,pending,approved,rejected,disconnected,other\n"));
    assert_eq!(csv.lines().count(), 3);
    let subscription = portal["subscription"].as_str().unwrap();
    let (status, total) = served
        .get(&format!("/api/v1/history?subscription={subscription}"))
        .await;
    assert_eq!(status, 200, "{total}");
    assert_eq!(total["points"].as_array().unwrap().len(), 2);
    // The estate: every subscription's totals added up, also on the Overview.
    let (status, estate) = served.get("/api/v1/history").await;
    assert_eq!(status, 200, "{estate}");
    assert_eq!(estate["of"], "estate");
    let steps = estate["points"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "{estate}");
    let (_, pending) = served.get("/api/v1/connections?state=Pending").await;
    assert_eq!(
        steps[1]["pending"], pending["total"],
        "the last step is today's Pending: {estate} {pending}"
    );
    assert_eq!(
        steps[0]["pending"].as_u64().unwrap(),
        steps[1]["pending"].as_u64().unwrap() + 2
    );
    let front = served.text("/").await;
    assert!(
        front.contains("aria-label=\"Connections of the estate over time\""),
        "the Overview plots the estate's counts"
    );
    let page = served.text(&format!("/resource{service}")).await;
    assert!(
        page.contains("data-testid=\"count-chart\"")
            && page.contains("aria-label=\"Connections of myPLS over time\""),
        "the service's page plots its counts"
    );

    // A restart against the same database: what changed while it was down is recorded, and
    // nothing the previous run already knew.
    let before = changes(&served, "").await["total"].as_u64().unwrap();
    let while_down = served.pending().await;
    drop(served);
    approve_in_the_portal(&emulator, &while_down).await;
    let again = serve_against(&against(&emulator), &database).await;
    recorded(&again, 1).await;
    let after = changes(&again, "").await;
    assert_eq!(
        after["total"].as_u64().unwrap(),
        before + 1,
        "one change: {after}"
    );
    assert!(
        after["items"][0]["connectionId"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case(&while_down)
    );
}

/// Approves `connection` straight in Azure, as the portal would.
async fn approve_in_the_portal(emulator: &emulator::RunningEmulator, connection: &str) {
    let response = reqwest::Client::new()
        .put(format!("{}{connection}?api-version={PLS_API}", emulator.url()))
        .bearer_auth("portal")
        .json(&json!({"properties": {"privateLinkServiceConnectionState": {
            "status": "Approved", "description": "approved in the portal", "actionsRequired": "None"}}}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
}

async fn outcome_actor(served: &Served, connection: &str) -> Value {
    let audit = served.audit(&format!("connection={connection}")).await;
    audit["items"][0]["actor"].clone()
}

#[tokio::test]
async fn a_service_that_loses_its_approved_connections_is_a_finding_on_the_api_the_overview_and_metrics()
 {
    let emulator = emulate(
        emulator::estate::demo::demo(),
        emulator::EmulatorConfig {
            lro_delay: Duration::ZERO,
            ..emulator::EmulatorConfig::default()
        },
    )
    .await;
    let served = serve_against(&against(&emulator), &temp_database()).await;
    let (_, approved) = served
        .get("/api/v1/connections?state=Approved&limit=1000")
        .await;
    let my_pls: Vec<String> = approved["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["resourceName"] == "myPLS")
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(my_pls.len() >= 2, "{approved}");
    // Someone removes them in the portal (as a recreated Service would lose them).
    for id in &my_pls {
        let response = reqwest::Client::new()
            .delete(format!("{}{id}?api-version={PLS_API}", emulator.url()))
            .bearer_auth("test")
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
    }
    served.sync().await;

    let (_, findings) = served.get("/api/v1/findings").await;
    let lost = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "connectionsLost")
        .unwrap_or_else(|| panic!("a loss finding: {findings}"));
    assert!(lost["service"].as_str().unwrap().ends_with("/myPLS"));
    assert_eq!(
        (
            lost["approvedBefore"].as_u64(),
            lost["approvedNow"].as_u64()
        ),
        (Some(my_pls.len() as u64), Some(0))
    );
    let overview = served.text("/").await;
    assert!(
        overview.contains("Connections lost")
            && overview.contains(&format!(
                "myPLS lost {n} of its {n} Approved connections",
                n = my_pls.len()
            )),
        "the Overview names the finding"
    );
    let service = lost["service"].as_str().unwrap();
    let page = served.text(&format!("/resource{service}")).await;
    assert!(
        page.contains("<h2>Findings</h2>") && page.contains(r#"data-kind="connectionsLost""#),
        "and so does the service's page"
    );
    let metrics = served.text("/metrics").await;
    assert!(
        metrics.contains("linkcenter_connection_loss_findings 1"),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_new_endpoint_arrives_pending_and_a_recreated_service_is_one_change_and_a_finding() {
    let emulator = emulate(
        emulator::estate::demo::demo(),
        emulator::EmulatorConfig::default(),
    )
    .await;
    let mut flags = against(&emulator);
    flags.extend(["--sync-request-interval".to_owned(), "0".to_owned()]);
    let served = serve_against(&flags, &temp_database()).await;
    recorded(&served, 1).await;
    let http = reqwest::Client::new();
    let arm = |path: &str| format!("{}{path}?api-version={PLS_API}", emulator.url());
    let my_pls = emulator::estate::demo::MY_PLS_ID;
    let woodgrove = emulator::estate::demo::WOODGROVE;
    let endpoint = format!(
        "/subscriptions/{woodgrove}/resourceGroups/rg-woodgrove-integration/providers/Microsoft.Network/privateEndpoints/pe-woodgrove-reports"
    );
    let created = http
        .put(arm(&endpoint))
        .bearer_auth("test")
        .json(&json!({"location": "northeurope", "properties": {
            "subnet": {"id": format!("/subscriptions/{woodgrove}/resourceGroups/rg-woodgrove-integration/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default")},
            "manualPrivateLinkServiceConnections": [{"name": "reports", "properties": {
                "privateLinkServiceId": my_pls, "requestMessage": "Woodgrove reports (WG-7)"}}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    served.sync().await;
    recorded(&served, 2).await;
    let appeared = changes(&served, "kind=connectionAppeared").await;
    assert_eq!(appeared["total"], 1, "{appeared}");
    assert_eq!(appeared["items"][0]["to"], "Pending");
    let (_, pending) = served
        .get("/api/v1/connections?state=Pending&q=pe-woodgrove-reports")
        .await;
    assert_eq!(
        pending["items"][0]["description"],
        "Woodgrove reports (WG-7)"
    );

    // An AKS Service change: cloud-provider-azure deletes and recreates the service.
    let (_, before) = served.emulated(my_pls, PLS_API).await;
    let delete = http
        .delete(arm(my_pls))
        .bearer_auth("test")
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 200);
    let put = http
        .put(arm(my_pls))
        .bearer_auth("test")
        .json(&json!({"location": before["location"], "properties": {
            "loadBalancerFrontendIpConfigurations": before["properties"]["loadBalancerFrontendIpConfigurations"]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201);
    served.sync().await;
    recorded(&served, 3).await;
    let recreated = changes(&served, "kind=serviceRecreated").await;
    assert_eq!(recreated["total"], 1, "{recreated}");
    let gone = changes(&served, "kind=connectionGone").await;
    assert_eq!(
        gone["total"], 0,
        "one change, not one per connection: {gone}"
    );
    let (_, findings) = served.get("/api/v1/findings").await;
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "recreated" && f["lost"].as_u64() > Some(1)),
        "{findings}"
    );
}
