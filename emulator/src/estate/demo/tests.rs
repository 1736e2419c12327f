//! Tests of the demo estate: the consistency rules and each part of the story it tells.

use super::builders::{AFD_SUBSCRIPTION, minutes_ago};
use super::check::{broken_chains, list, of_type, problems, text};
use super::*;

fn find<'a>(doc: &'a EstateDocument, id: &str) -> &'a serde_json::Value {
    let found = doc
        .resources
        .iter()
        .find(|r| text(r, "/id").eq_ignore_ascii_case(id));
    found.unwrap_or_else(|| panic!("{id} is not in the demo"))
}

#[test]
fn demo_estate_obeys_every_consistency_rule() {
    let doc = demo();
    assert_eq!(problems(&doc), Vec::<String>::new());
    assert_eq!(super::super::validate(&doc), Ok(()));
}

#[test]
fn my_pls_holds_every_connection_state() {
    let doc = demo();
    let states: Vec<&str> = list(
        find(&doc, MY_PLS_ID),
        "/properties/privateEndpointConnections",
    )
    .iter()
    .map(|c| text(c, "/properties/privateLinkServiceConnectionState/status"))
    .collect();
    for state in ["Approved", "Rejected", "Disconnected"] {
        assert_eq!(
            states.iter().filter(|s| **s == state).count(),
            if state == "Approved" { 2 } else { 1 }
        );
    }
    assert_eq!(states.iter().filter(|s| **s == "Pending").count(), 3);
}

#[test]
fn front_door_origin_waits_on_my_pls() {
    let doc = demo();
    let origin = find(&doc, PENDING_ORIGIN_ID);
    let spl = "/properties/sharedPrivateLinkResource";
    assert_eq!(text(origin, &format!("{spl}/privateLink/id")), MY_PLS_ID);
    assert_eq!(text(origin, &format!("{spl}/status")), "Pending");
    let message = text(origin, &format!("{spl}/requestMessage"));
    let afd: Vec<&serde_json::Value> = list(
        find(&doc, MY_PLS_ID),
        "/properties/privateEndpointConnections",
    )
    .iter()
    .filter(|c| text(c, "/properties/privateEndpoint/id").contains(AFD_SUBSCRIPTION))
    .collect();
    assert_eq!(afd.len(), 1);
    assert!(
        text(afd[0], "/properties/privateEndpoint/id")
            .contains("/resourceGroups/eafd-Prod-westeurope/")
    );
    assert_eq!(
        text(
            afd[0],
            "/properties/privateLinkServiceConnectionState/description"
        ),
        message
    );
}

#[test]
fn pending_requests_span_minutes_hours_and_days() {
    let doc = demo();
    let mut ages: Vec<&str> = of_type(&doc, "Microsoft.Network/privateEndpoints")
        .filter(|pe| {
            list(pe, "/properties/manualPrivateLinkServiceConnections")
                .iter()
                .any(|c| {
                    text(c, "/properties/privateLinkServiceConnectionState/status") == "Pending"
                })
        })
        .map(|pe| text(pe, "/systemData/createdAt"))
        .collect();
    ages.push(text(find(&doc, PENDING_ORIGIN_ID), "/systemData/createdAt"));
    assert_eq!(minutes_ago(0), NOW);
    let (hour, day, two_days) = (minutes_ago(HOUR), minutes_ago(DAY), minutes_ago(2 * DAY));
    let within = |newest: &str, oldest: &str| ages.iter().any(|t| *t <= newest && *t > oldest);
    assert!(within(NOW, &hour), "minutes old: {ages:?}");
    assert!(within(&hour, &day), "hours old: {ages:?}");
    assert!(
        ages.iter().any(|t| *t < two_days.as_str()),
        "days old: {ages:?}"
    );
}

#[test]
fn only_the_reports_pls_has_lost_its_frontend() {
    assert_eq!(broken_chains(&demo()), ["pls-reports-legacy"]);
}

#[test]
fn super_api_service_is_readable_from_pls_tags_and_lb_rule() {
    let doc = demo();
    let pls = find(&doc, MY_PLS_ID);
    assert_eq!(
        text(pls, "/tags/k8s-azure-owner-service"),
        "default/super-api"
    );
    assert_eq!(text(pls, "/tags/k8s-azure-cluster-name"), "kubernetes");
    let fe = text(pls, "/properties/loadBalancerFrontendIpConfigurations/0/id");
    assert!(fe.ends_with(&format!(
        "/loadBalancers/kubernetes-internal/frontendIPConfigurations/{SUPER_API_FE}"
    )));
    let rule = of_type(&doc, "Microsoft.Network/loadBalancers")
        .flat_map(|lb| list(lb, "/properties/loadBalancingRules"))
        .find(|r| text(r, "/properties/frontendIPConfiguration/id") == fe)
        .unwrap_or_else(|| panic!("no rule for {fe}"));
    assert_eq!(
        (
            rule["properties"]["frontendPort"].as_u64(),
            rule["properties"]["backendPort"].as_u64()
        ),
        (Some(80), Some(8080))
    );
    assert_eq!(
        text(
            pls,
            "/properties/ipConfigurations/0/properties/privateIPAddress"
        ),
        "10.224.10.10"
    );
}

#[test]
fn private_cluster_reaches_its_api_server_through_kube_apiserver() {
    let doc = demo();
    let cluster = of_type(&doc, "Microsoft.ContainerService/managedClusters")
        .find(|c| c["properties"]["apiServerAccessProfile"]["enablePrivateCluster"] == true)
        .unwrap_or_else(|| panic!("no private cluster"));
    assert!(
        text(cluster, "/properties/privateFQDN").ends_with(".privatelink.northeurope.azmk8s.io")
    );
    let node_rg = text(cluster, "/properties/nodeResourceGroup");
    let pe = of_type(&doc, "Microsoft.Network/privateEndpoints")
        .find(|pe| text(pe, "/name") == "kube-apiserver")
        .unwrap_or_else(|| panic!("no kube-apiserver endpoint"));
    assert!(text(pe, "/id").contains(&format!("/resourceGroups/{node_rg}/")));
    let conn = &list(pe, "/properties/privateLinkServiceConnections")[0];
    let target = text(conn, "/properties/privateLinkServiceId");
    assert_eq!(
        target,
        text(
            cluster,
            "/properties/privateLinkResources/0/privateLinkServiceID"
        )
    );
    assert!(
        doc.subscriptions
            .iter()
            .all(|s| !target.contains(text(s, "/subscriptionId")))
    );
    assert_eq!(
        conn["properties"]["groupIds"],
        serde_json::json!(["management"])
    );
    assert_eq!(
        text(
            conn,
            "/properties/privateLinkServiceConnectionState/description"
        ),
        "Auto Approved"
    );
}

#[test]
fn sql_server_lists_the_fabrikam_request_as_ready() {
    let doc = demo();
    let sql = of_type(&doc, "Microsoft.Sql/servers")
        .next()
        .unwrap_or_else(|| panic!("no SQL server"));
    let conn = &list(sql, "/properties/privateEndpointConnections")[0];
    assert_eq!(text(conn, "/properties/provisioningState"), "Ready");
    assert_eq!(
        text(conn, "/properties/privateLinkServiceConnectionState/status"),
        "Pending"
    );
    assert!(
        text(conn, "/properties/privateEndpoint/id")
            .starts_with(&format!("/subscriptions/{FABRIKAM}/"))
    );
}

#[test]
fn restricted_finance_is_listed_but_denied() {
    let doc = demo();
    assert_eq!(doc.denied_subscriptions, [RESTRICTED_FINANCE]);
    assert_eq!(doc.subscriptions.len(), 5);
    assert!(
        doc.resources
            .iter()
            .any(|r| text(r, "/id").starts_with(&format!("/subscriptions/{RESTRICTED_FINANCE}/")))
    );
}
