//! Tests of the ARG query engine: the queries Link Center sends, over a small hand-built estate
//! (three PLSs with 0–3 connections, two PEs, one load balancer, in two subscriptions).

mod refusals;
mod semantics;

use serde_json::{Value, json};

use super::{Query, Table, container_row, resource_row};

const SUB_A: &str = "11111111-1111-1111-1111-111111111111";
const SUB_B: &str = "22222222-2222-2222-2222-222222222222";
const AFD_SUB: &str = "c1bc5dd7-ea97-469c-89fa-8f26624902fd";

fn pls_id(sub: &str, name: &str) -> String {
    format!(
        "/subscriptions/{sub}/resourceGroups/RG-Net/providers/Microsoft.Network/privateLinkServices/{name}"
    )
}

fn pe_id(sub: &str, group: &str, name: &str) -> String {
    format!(
        "/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.Network/privateEndpoints/{name}"
    )
}

fn connection(pls: &str, name: &str, pe: &str, status: &str, description: &str) -> Value {
    json!({
        "id": format!("{pls}/privateEndpointConnections/{name}"),
        "name": name,
        "type": "Microsoft.Network/privateLinkServices/privateEndpointConnections",
        "properties": {
            "privateEndpoint": { "id": pe },
            "privateLinkServiceConnectionState": {
                "status": status, "description": description, "actionsRequired": "None"
            },
            "provisioningState": "Succeeded"
        }
    })
}

fn pls(sub: &str, name: &str, connections: Vec<Value>) -> Value {
    json!({
        "id": pls_id(sub, name),
        "name": name,
        "type": "Microsoft.Network/privateLinkServices",
        "location": "eastus",
        "tags": { "env": "prod" },
        "properties": {
            "alias": format!("{name}.guid.eastus.azure.privatelinkservice"),
            "privateEndpointConnections": connections,
            "provisioningState": "Succeeded"
        }
    })
}

fn pe(name: &str, target: &str, status: &str, manual: bool) -> Value {
    let link = json!([{
        "name": format!("{name}-link"),
        "properties": {
            "privateLinkServiceId": target,
            "privateLinkServiceConnectionState": { "status": status }
        }
    }]);
    let (auto, manual) = if manual {
        (json!([]), link)
    } else {
        (link, json!([]))
    };
    json!({
        "id": pe_id(SUB_B, "rg-clients", name),
        "name": name,
        "type": "Microsoft.Network/privateEndpoints",
        "location": "westeurope",
        "properties": {
            "privateLinkServiceConnections": auto,
            "manualPrivateLinkServiceConnections": manual
        }
    })
}

/// ARM JSON of the estate, in the order ARG rows are built from it.
fn arm_resources() -> Vec<Value> {
    let web = pls_id(SUB_A, "pls-web");
    let api = pls_id(SUB_A, "pls-api");
    let afd_pe = pe_id(
        AFD_SUB,
        "eafd-Prod-eastus",
        "2d2eb87d-0000-4000-8000-000000000001",
    );
    vec![
        pls(
            SUB_A,
            "pls-web",
            vec![
                connection(
                    &web,
                    "afd.pending",
                    &afd_pe,
                    "Pending",
                    "AFD Private Link Request",
                ),
                connection(
                    &web,
                    "pe-one.approved",
                    &pe_id(SUB_B, "rg-clients", "pe-one"),
                    "Approved",
                    "ok",
                ),
                connection(
                    &web,
                    "old.rejected",
                    &pe_id(SUB_B, "rg-clients", "old"),
                    "Rejected",
                    "no",
                ),
            ],
        ),
        pls(
            SUB_A,
            "pls-api",
            vec![connection(
                &api,
                "pe-two.pending",
                &pe_id(SUB_B, "rg-clients", "pe-two"),
                "pending",
                "please approve",
            )],
        ),
        pls(SUB_B, "pls-idle", Vec::new()),
        pe("pe-one", &web, "Approved", false),
        pe("pe-two", &api, "Pending", true),
        json!({
            "id": format!("/subscriptions/{SUB_A}/resourceGroups/rg-net/providers/Microsoft.Network/loadBalancers/lb-front"),
            "name": "lb-front",
            "type": "Microsoft.Network/loadBalancers",
            "location": "eastus",
            "sku": { "name": "Standard", "tier": "Regional" },
            "properties": { "frontendIPConfigurations": [] }
        }),
    ]
}

fn resources() -> Vec<Value> {
    arm_resources().iter().map(resource_row).collect()
}

fn containers() -> Vec<Value> {
    let sub = |id: &str, name: &str| {
        json!({
            "id": format!("/subscriptions/{id}"), "subscriptionId": id, "tenantId": "tenant-1",
            "displayName": name, "state": "Enabled",
            "subscriptionPolicies": { "quotaId": "PayAsYouGo_2014-09-01", "spendingLimit": "Off" }
        })
    };
    vec![
        container_row(&sub(SUB_A, "Networking")),
        container_row(&json!({
            "id": format!("/subscriptions/{SUB_A}/resourceGroups/RG-Net"), "name": "RG-Net",
            "location": "eastus", "properties": { "provisioningState": "Succeeded" }
        })),
        container_row(&sub(SUB_B, "Clients")),
    ]
}

/// Parses and runs `text` over `rows`, failing the test on any error.
fn run(text: &str, rows: &[Value]) -> Vec<Value> {
    let query = Query::parse(text).unwrap_or_else(|e| panic!("parse {text:?}: {e}"));
    query
        .run(rows)
        .unwrap_or_else(|e| panic!("run {text:?}: {e}"))
}

fn column<'a>(rows: &'a [Value], name: &str) -> Vec<&'a str> {
    rows.iter()
        .map(|r| r[name].as_str().unwrap_or("<not a string>"))
        .collect()
}

#[test]
fn resource_row_lowercases_type_and_resource_group_and_fills_absent_columns() {
    let row = resource_row(&arm_resources()[5]);
    assert_eq!(row["type"], "microsoft.network/loadbalancers");
    assert_eq!(row["resourceGroup"], "rg-net");
    assert_eq!(row["subscriptionId"], SUB_A);
    assert_eq!(row["sku"]["name"], "Standard");
    assert_eq!(
        (&row["kind"], &row["managedBy"], &row["tenantId"]),
        (&json!(""), &json!(""), &json!(""))
    );
    assert_eq!(
        (&row["zones"], &row["identity"], &row["plan"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    assert_eq!(row["tags"], json!({}));
    assert_eq!(row.as_object().map(|o| o.len()), Some(16));
}

#[test]
fn container_rows_name_subscriptions_by_display_name_and_type_groups() {
    let rows = containers();
    assert_eq!(rows[0]["type"], "microsoft.resources/subscriptions");
    assert_eq!(rows[0]["name"], "Networking");
    assert_eq!(rows[0]["properties"]["state"], "Enabled");
    assert_eq!(
        rows[1]["type"],
        "microsoft.resources/subscriptions/resourcegroups"
    );
    assert_eq!(
        (&rows[1]["name"], &rows[1]["resourceGroup"]),
        (&json!("RG-Net"), &json!("rg-net"))
    );
    assert_eq!(rows[1]["subscriptionId"], SUB_A);
}

#[test]
fn private_link_service_listing_projects_the_given_columns_in_order() {
    let text = "resources
| where type =~ 'microsoft.network/privatelinkservices'
| project id, name, type, location, resourceGroup, subscriptionId, tags, properties";
    let query = Query::parse(text).expect("parses");
    assert_eq!(query.table(), Table::Resources);
    let expected = [
        "id",
        "name",
        "type",
        "location",
        "resourceGroup",
        "subscriptionId",
        "tags",
        "properties",
    ];
    assert_eq!(query.columns(), expected);
    let rows = query.run(&resources()).expect("runs");
    assert_eq!(column(&rows, "name"), ["pls-web", "pls-api", "pls-idle"]);
    assert!(
        rows.iter()
            .all(|r| r.as_object().map(|o| o.len()) == Some(expected.len()))
    );
    assert_eq!(
        rows[0]["properties"]["privateEndpointConnections"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert_eq!(rows[2]["resourceGroup"], "rg-net");
}

#[test]
fn inventory_query_selects_the_listed_types_case_insensitively() {
    let text = "resources
| where type in~ ('microsoft.network/privatelinkservices', 'microsoft.network/privateendpoints', 'microsoft.network/loadbalancers', 'microsoft.containerservice/managedclusters', 'microsoft.cdn/profiles', 'microsoft.cdn/profiles/afdendpoints', 'microsoft.cdn/profiles/origingroups', 'microsoft.cdn/profiles/origingroups/origins')
| project id, name, type, location, resourceGroup, subscriptionId, tags, properties, sku, kind";
    let rows = run(text, &resources());
    assert_eq!(
        column(&rows, "name"),
        [
            "pls-web", "pls-api", "pls-idle", "pe-one", "pe-two", "lb-front"
        ]
    );
    assert_eq!(rows[5]["sku"]["name"], "Standard");
    assert_eq!(rows[0]["sku"], Value::Null);
    assert_eq!(rows[0]["kind"], "");
}

#[test]
fn pending_connection_query_expands_connections_and_keeps_only_pending_ones() {
    let text = r#"resources
| where array_length(properties.privateEndpointConnections) > 0
| mv-expand pec = properties.privateEndpointConnections
| extend status = tostring(pec.properties.privateLinkServiceConnectionState.status),
         description = tostring(pec.properties.privateLinkServiceConnectionState.description),
         peId = tostring(pec.properties.privateEndpoint.id), connId = tostring(pec.id)
| extend peSub = tostring(split(peId, "/")[2])
| where status =~ "Pending"
| project id, name, type, resourceGroup, subscriptionId, location, connId, peId, peSub, status, description"#;
    let query = Query::parse(text).expect("parses");
    assert_eq!(query.columns().len(), 11);
    let rows = query.run(&resources()).expect("runs");
    assert_eq!(column(&rows, "name"), ["pls-web", "pls-api"]);
    assert_eq!(column(&rows, "peSub"), [AFD_SUB, SUB_B]);
    assert_eq!(column(&rows, "status"), ["Pending", "pending"]);
    assert_eq!(
        column(&rows, "description"),
        ["AFD Private Link Request", "please approve"]
    );
    let web = pls_id(SUB_A, "pls-web");
    assert_eq!(
        rows[0]["connId"],
        format!("{web}/privateEndpointConnections/afd.pending")
    );
    assert!(
        rows[0]["peId"]
            .as_str()
            .is_some_and(|p| p.contains("eafd-Prod-eastus"))
    );
    assert_eq!(rows[1]["type"], "microsoft.network/privatelinkservices");
}

#[test]
fn subscription_query_reads_resourcecontainers() {
    let text = "resourcecontainers
| where type =~ 'microsoft.resources/subscriptions'
| project subscriptionId, name, properties";
    let query = Query::parse(text).expect("parses");
    assert_eq!(query.table(), Table::ResourceContainers);
    let rows = query.run(&containers()).expect("runs");
    assert_eq!(column(&rows, "name"), ["Networking", "Clients"]);
    assert_eq!(column(&rows, "subscriptionId"), [SUB_A, SUB_B]);
    assert_eq!(
        rows[1]["properties"]["subscriptionPolicies"]["spendingLimit"],
        "Off"
    );
}

#[test]
fn summarize_counts_private_link_services_per_subscription() {
    let text = "resources | where type =~ 'microsoft.network/privatelinkservices' | summarize count() by subscriptionId";
    let query = Query::parse(text).expect("parses");
    assert_eq!(query.columns(), ["subscriptionId", "count_"]);
    let rows = query.run(&resources()).expect("runs");
    assert_eq!(
        rows,
        [
            json!({"subscriptionId": SUB_A, "count_": 2}),
            json!({"subscriptionId": SUB_B, "count_": 1})
        ]
    );
}

#[test]
fn count_answers_one_row_with_the_number_of_rows() {
    assert_eq!(
        run("resources | count", &resources()),
        [json!({"Count": 6})]
    );
    assert_eq!(run("Resources | count", &[]), [json!({"Count": 0})]);
}

#[test]
fn every_query_over_no_rows_is_empty() {
    for text in [
        "resources | where type =~ 'microsoft.network/privatelinkservices' | project id, name",
        "resources | mv-expand pec = properties.privateEndpointConnections | project pec",
        "resources | summarize count() by subscriptionId",
        "resources | order by name asc | take 5",
    ] {
        assert_eq!(run(text, &[]), Vec::<Value>::new(), "{text}");
    }
}

#[test]
fn the_rest_api_specification_example_queries_run() {
    let basic = run(
        "Resources | project id, name, type, location, tags | limit 3",
        &resources(),
    );
    assert_eq!(column(&basic, "name"), ["pls-web", "pls-api", "pls-idle"]);
    assert_eq!(basic[0]["tags"], json!({"env": "prod"}));
    let paged = run(
        "Resources | where name contains 'API' | project id, name, type, location",
        &resources(),
    );
    assert_eq!(column(&paged, "name"), ["pls-api"]);
}
