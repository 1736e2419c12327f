//! Wire shapes: for each published Azure example the emulator serves, its answer to the same kind
//! of request has every key the example has, at every level.

use serde_json::Value;

use crate::support::{Arm, my_pls, network};

fn example(name: &str) -> Value {
    let path = format!("{}/tests/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: Value = serde_json::from_str(&text).unwrap();
    let responses = doc["responses"].as_object().unwrap();
    let ok = responses
        .get("200")
        .or_else(|| responses.get("201"))
        .unwrap();
    ok["body"].clone()
}

/// Collects the paths (`a.b[].c`) of the example's keys missing from `actual`.
fn missing_keys(example: &Value, actual: &Value, at: &str, out: &mut Vec<String>) {
    match (example, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, value) in want {
                // Tags are the owner's own keys; nextLink is there only when more pages remain;
                // extendedLocation only on an Edge Zone's resource (the demo's are in regions).
                if key == "tags" || key == "nextLink" || key == "extendedLocation" {
                    continue;
                }
                let path = format!("{at}.{key}");
                match have.get(key) {
                    None => out.push(path),
                    Some(found) => missing_keys(value, found, &path, out),
                }
            }
        }
        (Value::Array(want), Value::Array(have)) => {
            // An empty list is a valid answer; items that are there must have the example's keys.
            if let Some(first) = want.first() {
                for item in have {
                    missing_keys(first, item, &format!("{at}[]"), out);
                }
            }
        }
        (Value::Null, _) => {}
        (want, have)
            if std::mem::discriminant(want) != std::mem::discriminant(have) && !have.is_null() =>
        {
            out.push(format!("{at} (type differs: {want} vs {have})"));
        }
        _ => {}
    }
}

pub(crate) fn assert_shape(name: &str, actual: &Value) {
    let mut missing = Vec::new();
    missing_keys(&example(name), actual, "$", &mut missing);
    assert!(
        missing.is_empty(),
        "{name}: the emulator lacks {missing:#?}"
    );
}

async fn first_of_type(arm: &Arm, list: &str) -> Value {
    arm.list_all(list)
        .await
        .into_iter()
        .next()
        .expect("the demo has one")
}

#[tokio::test]
async fn private_link_services_have_the_published_shape() {
    let arm = Arm::demo().await;
    let (status, pls) = arm.get(&network(&my_pls())).await;
    assert_eq!(status, 200);
    assert_shape("PrivateLinkServiceGet.json", &pls);
    let sub = my_pls().split('/').nth(2).unwrap().to_owned();
    let (_, list) = arm.get(&format!("/subscriptions/{sub}/providers/Microsoft.Network/privateLinkServices?api-version=2024-05-01")).await;
    assert_shape("PrivateLinkServiceListAll.json", &list);
    let (_, connections) = arm
        .get(&network(&format!(
            "{}/privateEndpointConnections",
            my_pls()
        )))
        .await;
    assert_shape(
        "PrivateLinkServiceListPrivateEndpointConnection.json",
        &connections,
    );
    let first = &connections["value"][0];
    let (_, connection) = arm.get(&network(first["id"].as_str().unwrap())).await;
    assert_shape(
        "PrivateLinkServiceGetPrivateEndpointConnection.json",
        &connection,
    );
}

#[tokio::test]
async fn private_endpoints_have_the_published_shapes() {
    let arm = Arm::demo().await;
    let subscriptions = arm.list_all("/subscriptions?api-version=2022-12-01").await;
    let mut endpoints = Vec::new();
    for sub in &subscriptions {
        let id = sub["subscriptionId"].as_str().unwrap();
        let (status, page) = arm.get(&format!("/subscriptions/{id}/providers/Microsoft.Network/privateEndpoints?api-version=2024-05-01")).await;
        if status == 200 {
            endpoints.extend(page["value"].as_array().unwrap().iter().cloned());
        }
    }
    let auto = endpoints.iter().find(|pe| {
        pe["properties"]["privateLinkServiceConnections"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    });
    let manual = endpoints.iter().find(|pe| {
        pe["properties"]["manualPrivateLinkServiceConnections"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    });
    assert_shape(
        "PrivateEndpointGet.json",
        auto.expect("an auto-approved endpoint"),
    );
    assert_shape(
        "PrivateEndpointGetForManualApproval.json",
        manual.expect("a manual endpoint"),
    );
    assert_shape(
        "PrivateEndpointListAll.json",
        &serde_json::json!({ "value": [auto.unwrap()] }),
    );
}

#[tokio::test]
async fn load_balancers_clusters_and_front_door_have_the_published_shapes() {
    let arm = Arm::demo().await;
    let sub = my_pls().split('/').nth(2).unwrap().to_owned();
    let lb = first_of_type(
        &arm,
        &format!(
            "/subscriptions/{sub}/providers/Microsoft.Network/loadBalancers?api-version=2023-11-01"
        ),
    )
    .await;
    assert_shape("LoadBalancerGet.json", &lb);
    let clusters = arm.list_all(&format!("/subscriptions/{sub}/providers/Microsoft.ContainerService/managedClusters?api-version=2024-05-01")).await;
    // The published example is a public cluster (it has `fqdn`); private ones have `privateFQDN`.
    let cluster = clusters
        .iter()
        .find(|c| c["properties"]["fqdn"].is_string())
        .expect("a public cluster")
        .clone();
    assert_shape("ManagedClustersGet.json", &cluster);
    let edge = emulator::estate::demo::CONTOSO_EDGE;
    let profile = first_of_type(
        &arm,
        &format!("/subscriptions/{edge}/providers/Microsoft.Cdn/profiles?api-version=2024-09-01"),
    )
    .await;
    assert_shape("Profiles_Get.json", &profile);
    let profile_id = profile["id"].as_str().unwrap();
    let endpoint = first_of_type(
        &arm,
        &format!("{profile_id}/afdEndpoints?api-version=2024-09-01"),
    )
    .await;
    assert_shape("AFDEndpoints_Get.json", &endpoint);
    let (status, origin) = arm
        .get(&format!(
            "{}?api-version=2024-09-01",
            emulator::estate::demo::PENDING_ORIGIN_ID
        ))
        .await;
    assert_eq!(status, 200);
    assert_shape("AFDOrigins_Get.json", &origin);
}

#[tokio::test]
async fn paas_resources_and_their_connections_have_the_published_shapes() {
    let arm = Arm::demo().await;
    let sub = emulator::estate::demo::CONTOSO_PLATFORM;
    let list = |kind: &str, version: &str| {
        format!("/subscriptions/{sub}/providers/{kind}?api-version={version}")
    };
    let storage = first_of_type(
        &arm,
        &list("Microsoft.Storage/storageAccounts", "2023-05-01"),
    )
    .await;
    assert_shape(
        "StorageAccountCreateEnablePublicNetworkAccess.json",
        &storage,
    );
    let vault = first_of_type(&arm, &list("Microsoft.KeyVault/vaults", "2026-02-01")).await;
    assert_shape("getVault.json", &vault);
    let sql = first_of_type(&arm, &list("Microsoft.Sql/servers", "2023-08-01")).await;
    for (resource, version, example) in [
        (&sql, "2023-08-01", "Sql_PrivateEndpointConnectionList.json"),
        (
            &storage,
            "2023-05-01",
            "StorageAccountListPrivateEndpointConnections.json",
        ),
        (&vault, "2026-02-01", "listPrivateEndpointConnection.json"),
    ] {
        let id = resource["id"].as_str().unwrap();
        let (status, page) = arm
            .get(&format!(
                "{id}/privateEndpointConnections?api-version={version}"
            ))
            .await;
        assert_eq!(status, 200, "{page}");
        assert!(!page["value"].as_array().unwrap().is_empty(), "{example}");
        assert_shape(example, &page);
    }
    // A private cluster's body leaves its connections out, as AKS does; its list has them.
    let clusters = arm
        .list_all(&list(
            "Microsoft.ContainerService/managedClusters",
            "2024-05-01",
        ))
        .await;
    let private = clusters
        .iter()
        .find(|c| c["properties"]["privateFQDN"].is_string())
        .expect("a private cluster");
    assert!(
        private["properties"]
            .get("privateEndpointConnections")
            .is_none()
    );
    let id = private["id"].as_str().unwrap();
    let (status, page) = arm
        .get(&format!(
            "{id}/privateEndpointConnections?api-version=2024-05-01"
        ))
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["value"].as_array().unwrap().len(), 1, "{page}");
    assert_shape("PrivateEndpointConnectionsList.json", &page);
}

#[tokio::test]
async fn subscriptions_resource_groups_and_graph_answers_have_the_published_shapes() {
    let arm = Arm::demo().await;
    let (_, subscriptions) = arm.get("/subscriptions?api-version=2022-12-01").await;
    assert_shape("GetSubscriptions.json", &subscriptions);
    let sub = my_pls().split('/').nth(2).unwrap().to_owned();
    let group = first_of_type(
        &arm,
        &format!("/subscriptions/{sub}/resourcegroups?api-version=2022-12-01"),
    )
    .await;
    assert_shape("CreateResourceGroup.json", &group);
    let body = serde_json::json!({ "query": "resources | project id, name, type, location", "options": { "$top": 3 } });
    let response = arm
        .send(
            reqwest::Method::POST,
            &arm.url("/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01"),
            Some(&body),
        )
        .await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    assert_shape("ResourcesFirstPageQuery.json", &page);
}

#[tokio::test]
async fn the_activity_log_names_the_caller_of_each_write_in_the_published_shape() {
    let arm = Arm::with(emulator::EmulatorConfig {
        tokens: vec![
            emulator::Token::parse("test-token"),
            emulator::Token::parse("portal=alice@contoso.com"),
        ],
        ..emulator::EmulatorConfig::default()
    })
    .await;
    let pending = crate::support::connections_in(&arm, "Pending").await;
    let id = pending[0]["id"].as_str().unwrap().to_owned();
    let put = arm
        .http
        .put(arm.url(&network(&id)))
        .bearer_auth("portal")
        .json(&crate::support::state_body(
            "Approved",
            "approved in the portal",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let correlation = put.headers()["x-ms-correlation-request-id"]
        .to_str()
        .unwrap()
        .to_owned();

    let subscription = id.split('/').nth(2).unwrap();
    let filter = format!(
        "eventTimestamp ge '2020-01-01T00:00:00Z' and eventTimestamp le '2999-12-31T00:00:00Z' and resourceUri eq '{}'",
        id.to_uppercase()
    );
    let encoded: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    let (status, log) = arm
        .get(&format!(
            "/subscriptions/{subscription}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter={encoded}"
        ))
        .await;
    assert_eq!(status, 200, "{log}");
    assert_shape("GetActivityLogsFiltered.json", &log);
    let events = log["value"].as_array().unwrap();
    assert_eq!(events.len(), 2, "begin and end: {log}");
    let end = &events[1];
    assert_eq!(end["caller"], "alice@contoso.com");
    assert_eq!(end["status"]["value"], "Succeeded");
    assert_eq!(end["correlationId"], correlation.as_str());
    assert_eq!(
        end["operationName"]["value"],
        "Microsoft.Network/privateLinkServices/privateEndpointConnections/write"
    );

    let (status, refused) = arm
        .get(&format!(
            "/subscriptions/{subscription}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01"
        ))
        .await;
    assert_eq!(status, 400, "a start time is required: {refused}");
}

#[tokio::test]
async fn private_dns_zones_links_and_zone_groups_have_the_published_shapes() {
    let arm = Arm::demo().await;
    let sub = emulator::estate::demo::CONTOSO_PLATFORM;
    let zones = arm
        .list_all(&format!(
            "/subscriptions/{sub}/providers/Microsoft.Network/privateDnsZones?api-version=2024-06-01"
        ))
        .await;
    let zone = zones
        .iter()
        .find(|z| z["name"] == "privatelink.vaultcore.azure.net")
        .expect("the hub's Key Vault zone");
    assert_shape("PrivateZoneGet.json", zone);
    let zone_id = zone["id"].as_str().unwrap();
    let (status, page) = arm
        .get(&format!(
            "{zone_id}/virtualNetworkLinks?api-version=2024-06-01"
        ))
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["value"].as_array().unwrap().len(), 1, "{page}");
    assert_shape("VirtualNetworkLinkList.json", &page);
    let link_id = page["value"][0]["id"].as_str().unwrap();
    let (status, link) = arm.get(&format!("{link_id}?api-version=2024-06-01")).await;
    assert_eq!(status, 200, "{link}");
    assert_shape("VirtualNetworkLinkGet.json", &link);
    // Private DNS keeps its own api-versions: Microsoft.Network's are refused for zones.
    let (status, error) = arm.get(&format!("{zone_id}?api-version=2024-05-01")).await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["error"]["code"], "InvalidApiVersionParameter");

    let endpoint = format!(
        "/subscriptions/{sub}/resourceGroups/rg-batch/providers/Microsoft.Network/privateEndpoints/pe-batch-keyvault"
    );
    let (status, groups) = arm
        .get(&format!(
            "{endpoint}/privateDnsZoneGroups?api-version=2024-05-01"
        ))
        .await;
    assert_eq!(status, 200, "{groups}");
    assert_eq!(groups["value"].as_array().unwrap().len(), 1, "{groups}");
    assert_shape("PrivateEndpointDnsZoneGroupList.json", &groups);
    let group = &groups["value"][0];
    assert!(
        group["properties"]["privateDnsZoneConfigs"][0]["properties"]["privateDnsZoneId"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case(zone_id)
    );
    let (status, one) = arm
        .get(&format!(
            "{endpoint}/privateDnsZoneGroups/default?api-version=2024-05-01"
        ))
        .await;
    assert_eq!(status, 200, "{one}");
    assert_shape("PrivateEndpointDnsZoneGroupGet.json", &one);
    // An endpoint without a zone group lists none.
    let bare = endpoint.replace("pe-batch-keyvault", "pe-batch-exports-blob");
    let (status, none) = arm
        .get(&format!(
            "{bare}/privateDnsZoneGroups?api-version=2024-05-01"
        ))
        .await;
    assert_eq!(status, 200, "{none}");
    assert_eq!(none["value"], serde_json::json!([]));
}

/// Resources_List has no published example; its items are checked against the keys of the
/// specification's `GenericResourceExpanded` (resources.json, Microsoft.Resources 2025-04-01).
#[tokio::test]
async fn generic_resource_lists_filter_by_type_and_keep_the_filter_across_pages() {
    const SPEC_KEYS: [&str; 15] = [
        "id",
        "name",
        "type",
        "location",
        "extendedLocation",
        "tags",
        "plan",
        "properties",
        "kind",
        "managedBy",
        "sku",
        "identity",
        "createdTime",
        "changedTime",
        "provisioningState",
    ];
    let arm = Arm::with(emulator::EmulatorConfig {
        page_size: 1,
        ..emulator::EmulatorConfig::default()
    })
    .await;
    let sub = emulator::estate::demo::CONTOSO_PLATFORM;
    let filter = "resourceType eq 'Microsoft.KeyVault/vaults' or resourceType eq 'microsoft.storage/storageaccounts'";
    let encoded: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    let items = arm
        .list_all(&format!(
            "/subscriptions/{sub}/resources?api-version=2022-12-01&$filter={encoded}"
        ))
        .await;
    assert!(
        items.len() >= 2,
        "the demo's vault and storage account: {items:?}"
    );
    for item in &items {
        let object = item.as_object().unwrap();
        for key in object.keys() {
            assert!(
                SPEC_KEYS.contains(&key.as_str()),
                "{key} is not a generic key"
            );
        }
        for key in ["id", "name", "type", "location"] {
            assert!(object.contains_key(key), "{key} missing from {item}");
        }
        assert!(
            !object.contains_key("properties"),
            "a list carries no properties"
        );
        let kind = item["type"].as_str().unwrap().to_ascii_lowercase();
        assert!(
            kind == "microsoft.keyvault/vaults" || kind == "microsoft.storage/storageaccounts",
            "{kind} was not asked for"
        );
        let id = item["id"].as_str().unwrap();
        let version = if kind.starts_with("microsoft.keyvault") {
            "2026-02-01"
        } else {
            "2023-05-01"
        };
        let (status, full) = arm.get(&format!("{id}?api-version={version}")).await;
        assert_eq!(status, 200, "{full}");
        assert_eq!(full["name"], item["name"]);
        assert_eq!(full["location"], item["location"]);
    }
    let (status, error) = arm
        .get(&format!(
            "/subscriptions/{sub}/resources?api-version=2022-12-01&$filter=name%20eq%20'x'"
        ))
        .await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["error"]["code"], "InvalidFilterInQueryString");
    let everything = arm
        .list_all(&format!(
            "/subscriptions/{sub}/resources?api-version=2022-12-01"
        ))
        .await;
    assert!(everything.len() > items.len());
    assert!(
        everything.iter().all(
            |r| r["id"].as_str().unwrap().matches("/providers/").count() == 1
                && r["id"].as_str().unwrap().split('/').count() == 9
        ),
        "only top-level resources"
    );
}
