//! ARM behaviour over HTTP: paging, case, transitions seen from both sides, long-running removal.

use std::time::Duration;

use emulator::EmulatorConfig;
use reqwest::Method;
use serde_json::Value;

use crate::support::{Arm, connections_in, my_pls, network, state_body};

#[tokio::test]
async fn paging_visits_every_item_exactly_once() {
    let arm = Arm::with(EmulatorConfig {
        page_size: 2,
        ..EmulatorConfig::default()
    })
    .await;
    let sub = my_pls().split('/').nth(2).unwrap().to_owned();
    let list = format!(
        "/subscriptions/{sub}/providers/Microsoft.Network/privateLinkServices?api-version=2024-05-01"
    );
    let paged = arm.list_all(&list).await;
    let whole = Arm::demo().await.list_all(&list).await;
    assert!(
        paged.len() >= 3,
        "the demo has several PLSs in this subscription"
    );
    let ids = |items: &[Value]| {
        items
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let mut unique = ids(&paged);
    unique.dedup();
    assert_eq!(unique.len(), paged.len(), "no item twice");
    assert_eq!(ids(&paged), ids(&whole), "same items as unpaged");
}

#[tokio::test]
async fn ids_and_path_segments_ignore_case() {
    let arm = Arm::demo().await;
    let (status, upper) = arm.get(&network(&my_pls().to_uppercase())).await;
    assert_eq!(status, 200);
    let (_, lower) = arm.get(&network(&my_pls().to_lowercase())).await;
    assert_eq!(upper["id"], lower["id"]);
    let (status, _) = arm
        .get(&format!(
            "{}?API-VERSION=2024-05-01",
            my_pls().replace("resourceGroups", "RESOURCEGROUPS")
        ))
        .await;
    assert_eq!(status, 200, "query parameter names ignore case too");
}

#[tokio::test]
async fn missing_api_version_and_unknown_paths_get_arm_errors() {
    let arm = Arm::demo().await;
    let (status, body) = arm.get(&my_pls()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("MissingApiVersionParameter"))
    );
    let (status, body) = arm
        .get(&format!("{}?api-version=2000-01-01", my_pls()))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("InvalidApiVersionParameter"))
    );
    let (status, body) = arm.get(&network(&format!("{}x", my_pls()))).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("ResourceNotFound"))
    );
    let response = arm
        .http
        .get(arm.url(&network(&my_pls())))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401, "no bearer token");
}

#[tokio::test]
async fn approving_a_pending_connection_shows_on_both_sides() {
    let arm = Arm::demo().await;
    let pending = connections_in(&arm, "Pending").await;
    let customer = pending
        .iter()
        .find(|c| {
            !c["properties"]["privateEndpoint"]["id"]
                .as_str()
                .unwrap()
                .contains("eafd-")
        })
        .expect("a customer's pending request");
    let id = customer["id"].as_str().unwrap();
    let (_, before) = arm.get(&network(&my_pls())).await;
    let response = arm
        .send(
            Method::PUT,
            &arm.url(&network(id)),
            Some(&state_body("Approved", "ok by platform team")),
        )
        .await;
    assert_eq!(response.status(), 200);
    let answered: Value = response.json().await.unwrap();
    assert_eq!(
        answered["properties"]["privateLinkServiceConnectionState"]["status"],
        "Approved"
    );
    let (_, after) = arm.get(&network(&my_pls())).await;
    assert_ne!(
        before["etag"], after["etag"],
        "the etag changes on every write"
    );
    let pe_id = customer["properties"]["privateEndpoint"]["id"]
        .as_str()
        .unwrap();
    let (_, pe) = arm.get(&network(pe_id)).await;
    let links: Vec<&Value> = [
        "privateLinkServiceConnections",
        "manualPrivateLinkServiceConnections",
    ]
    .iter()
    .flat_map(|f| pe["properties"][f].as_array().into_iter().flatten())
    .collect();
    assert!(
        links
            .iter()
            .any(|l| l["properties"]["privateLinkServiceConnectionState"]["status"] == "Approved")
    );
}

#[tokio::test]
async fn front_door_approval_reaches_its_origin() {
    let arm = Arm::demo().await;
    let origin = format!(
        "{}?api-version=2024-09-01",
        emulator::estate::demo::PENDING_ORIGIN_ID
    );
    let (_, before) = arm.get(&origin).await;
    assert_eq!(
        before["properties"]["sharedPrivateLinkResource"]["status"],
        "Pending"
    );
    let afd = connections_in(&arm, "Pending")
        .await
        .into_iter()
        .find(|c| {
            c["properties"]["privateEndpoint"]["id"]
                .as_str()
                .unwrap()
                .contains("eafd-Prod-")
        })
        .expect("Front Door's pending request");
    let url = arm.url(&network(afd["id"].as_str().unwrap()));
    assert_eq!(
        arm.send(Method::PUT, &url, Some(&state_body("Approved", "AFD ok")))
            .await
            .status(),
        200
    );
    let (_, after) = arm.get(&origin).await;
    assert_eq!(
        after["properties"]["sharedPrivateLinkResource"]["status"],
        "Approved"
    );
}

#[tokio::test]
async fn every_transition_azure_allows_works_and_rejected_to_approved_is_refused() {
    let arm = Arm::demo().await;
    let pending = connections_in(&arm, "Pending").await;
    let id = pending[0]["id"].as_str().unwrap().to_owned();
    let url = arm.url(&network(&id));
    let put = |status: &'static str| {
        let url = url.clone();
        let arm = &arm;
        async move {
            arm.send(Method::PUT, &url, Some(&state_body(status, "step")))
                .await
        }
    };
    assert_eq!(put("Approved").await.status(), 200, "Pending → Approved");
    assert_eq!(put("Rejected").await.status(), 200, "Approved → Rejected");
    let refused = put("Approved").await;
    assert_eq!(refused.status(), 400, "Rejected → Approved");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body["error"]["code"],
        "CannotApproveRejectedPrivateEndpointConnection"
    );
    let other = connections_in(&arm, "Pending").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = arm
        .send(
            Method::PUT,
            &arm.url(&network(&other)),
            Some(&state_body("Rejected", "no")),
        )
        .await;
    assert_eq!(response.status(), 200, "Pending → Rejected");
    let bad = arm
        .send(
            Method::PUT,
            &arm.url(&network(&other)),
            Some(&serde_json::json!({"nope": 1})),
        )
        .await;
    assert_eq!(bad.status(), 400, "a body without a state");
}

#[tokio::test]
async fn removal_is_a_long_running_operation_that_leaves_the_endpoint_disconnected() {
    let arm = Arm::with(EmulatorConfig {
        lro_delay: Duration::from_millis(400),
        ..EmulatorConfig::default()
    })
    .await;
    let approved = connections_in(&arm, "Approved").await;
    let target = approved
        .iter()
        .find(|c| {
            c["properties"]["privateEndpoint"]["id"]
                .as_str()
                .unwrap()
                .ends_with("/privateEndpoints/pe-fabrikam-super-api")
        })
        .expect("Fabrikam's approved connection to myPLS")
        .clone();
    let id = target["id"].as_str().unwrap();
    let pe_id = target["properties"]["privateEndpoint"]["id"]
        .as_str()
        .unwrap();
    let (status, pe) = arm.get(&network(pe_id)).await;
    assert_eq!(status, 200, "Fabrikam's endpoint is readable: {pe}");
    assert_eq!(consumer_state(&pe), ("Approved", "Auto-Approved"), "{pe}");
    let response = arm.send(Method::DELETE, &arm.url(&network(id)), None).await;
    assert_eq!(response.status(), 202);
    let poll_url = response.headers()["azure-asyncoperation"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(response.headers().contains_key("location"));
    assert!(response.headers().contains_key("retry-after"));
    let mut status = String::new();
    for _ in 0..50 {
        let poll: Value = arm
            .send(Method::GET, &poll_url, None)
            .await
            .json()
            .await
            .unwrap();
        status = poll["status"].as_str().unwrap().to_owned();
        if status != "InProgress" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, "Succeeded");
    let (gone, _) = arm.get(&network(id)).await;
    assert_eq!(gone, 404);
    let (status, pe) = arm.get(&network(pe_id)).await;
    assert_eq!(
        status, 200,
        "the endpoint stays when its connection goes: {pe}"
    );
    assert_eq!(
        consumer_state(&pe),
        (
            "Disconnected",
            "The private endpoint connection was removed by the service provider."
        ),
        "{pe}"
    );
    let again = arm.send(Method::DELETE, &arm.url(&network(id)), None).await;
    assert_eq!(again.status(), 204, "nothing left to remove");
}

/// Status and description of an endpoint's only link to a private link service, as its
/// consumer sees it.
fn consumer_state(pe: &Value) -> (&str, &str) {
    let links = pe["properties"]["privateLinkServiceConnections"]
        .as_array()
        .expect("an automatically approved endpoint has privateLinkServiceConnections");
    assert_eq!(links.len(), 1, "{pe}");
    let state = &links[0]["properties"]["privateLinkServiceConnectionState"];
    (
        state["status"].as_str().unwrap_or_default(),
        state["description"].as_str().unwrap_or_default(),
    )
}

#[tokio::test]
async fn resource_graph_finds_the_pending_connections() {
    let arm = Arm::demo().await;
    let query = "resources
        | where array_length(properties.privateEndpointConnections) > 0
        | mv-expand pec = properties.privateEndpointConnections
        | extend status = tostring(pec.properties.privateLinkServiceConnectionState.status), connId = tostring(pec.id)
        | where status =~ 'Pending'
        | project id, connId, status";
    let body = serde_json::json!({ "query": query, "options": { "$top": 2 } });
    let url = arm.url("/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01");
    let first: Value = arm
        .send(Method::POST, &url, Some(&body))
        .await
        .json()
        .await
        .unwrap();
    let total = first["totalRecords"].as_u64().unwrap();
    assert!(total >= 3, "{first}");
    let mut seen: Vec<Value> = first["data"].as_array().unwrap().clone();
    let mut token = first["$skipToken"].as_str().map(str::to_owned);
    while let Some(t) = token {
        let next = serde_json::json!({ "query": query, "options": { "$top": 2, "$skipToken": t } });
        let page: Value = arm
            .send(Method::POST, &url, Some(&next))
            .await
            .json()
            .await
            .unwrap();
        seen.extend(page["data"].as_array().unwrap().iter().cloned());
        token = page["$skipToken"].as_str().map(str::to_owned);
    }
    assert_eq!(seen.len() as u64, total);
    let bad = serde_json::json!({ "query": "resources | join kind=inner (resources) on id" });
    let response = arm.send(Method::POST, &url, Some(&bad)).await;
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert!(
        error["error"]["message"].as_str().unwrap().contains("join"),
        "{error}"
    );
}

#[tokio::test]
async fn a_bad_estate_file_is_refused_naming_the_resource() {
    let dir = std::env::temp_dir().join(format!("emulator-estate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    let mut doc = serde_json::to_value(emulator::estate::demo::demo()).unwrap();
    doc["resources"][3]["type"] = serde_json::json!("Microsoft.Network/notThis");
    std::fs::write(&file, doc.to_string()).unwrap();
    let loaded =
        emulator::estate::load(&emulator::estate::EstateSource::File(file.clone())).unwrap();
    let error = emulator::Store::new(loaded, &[], 1)
        .err()
        .expect("refused")
        .to_string();
    assert!(
        error.starts_with("resources[3] (/subscriptions/"),
        "{error}"
    );
    assert!(error.contains("Microsoft.Network/notThis"), "{error}");
    let missing = emulator::estate::load(&emulator::estate::EstateSource::File(
        dir.join("absent.json"),
    ))
    .unwrap_err();
    assert!(missing.to_string().contains("absent.json"));
    std::fs::write(&file, "{ not json").unwrap();
    let syntax = emulator::estate::load(&emulator::estate::EstateSource::File(file)).unwrap_err();
    assert!(matches!(syntax, emulator::EstateError::Syntax(_)));
}

#[tokio::test]
async fn endpoints_and_services_come_and_go_as_in_azure() {
    let arm = Arm::demo().await;
    let woodgrove = emulator::estate::demo::WOODGROVE;
    let endpoint = format!(
        "/subscriptions/{woodgrove}/resourceGroups/rg-woodgrove-integration/providers/Microsoft.Network/privateEndpoints/pe-woodgrove-new"
    );
    let body = serde_json::json!({
        "location": "northeurope",
        "properties": {
            "subnet": { "id": format!("/subscriptions/{woodgrove}/resourceGroups/rg-woodgrove-integration/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default") },
            "manualPrivateLinkServiceConnections": [{
                "name": "to-super-api",
                "properties": { "privateLinkServiceId": my_pls(), "requestMessage": "Woodgrove reporting (WG-9001)" }
            }]
        }
    });
    let created = arm
        .send(
            reqwest::Method::PUT,
            &arm.url(&network(&endpoint)),
            Some(&body),
        )
        .await;
    assert_eq!(created.status(), 201);
    let pending = crate::support::connections_in(&arm, "Pending").await;
    let arrived = pending
        .iter()
        .find(|c| c["properties"]["privateEndpoint"]["id"] == endpoint.as_str())
        .expect("the request arrived on the service");
    assert_eq!(
        arrived["properties"]["privateLinkServiceConnectionState"]["description"],
        "Woodgrove reporting (WG-9001)"
    );
    let again = arm
        .send(
            reqwest::Method::PUT,
            &arm.url(&network(&endpoint)),
            Some(&body),
        )
        .await;
    assert_eq!(again.status(), 400, "no half-done updates");

    // An automatic request from a subscription the service does not auto-approve is refused.
    let mut automatic = body.clone();
    automatic["properties"]["privateLinkServiceConnections"] =
        automatic["properties"]["manualPrivateLinkServiceConnections"].take();
    let refused = arm
        .send(
            reqwest::Method::PUT,
            &arm.url(&network(&format!("{endpoint}-auto"))),
            Some(&automatic),
        )
        .await;
    assert_eq!(refused.status(), 403);

    let deleted = arm
        .send(reqwest::Method::DELETE, &arm.url(&network(&endpoint)), None)
        .await;
    assert_eq!(deleted.status(), 200);
    let after = crate::support::connections_in(&arm, "Pending").await;
    assert!(
        after
            .iter()
            .all(|c| c["properties"]["privateEndpoint"]["id"] != endpoint.as_str()),
        "its connection left the service"
    );

    // The service deleted and created again: its endpoints are Disconnected, a new alias.
    let (_, before) = arm.get(&network(&my_pls())).await;
    let frontends = before["properties"]["loadBalancerFrontendIpConfigurations"].clone();
    let gone = arm
        .send(reqwest::Method::DELETE, &arm.url(&network(&my_pls())), None)
        .await;
    assert_eq!(gone.status(), 200);
    let consumer = before["properties"]["privateEndpointConnections"][0]["properties"]
        ["privateEndpoint"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, endpoint_now) = arm.get(&network(&consumer)).await;
    let states = endpoint_now.to_string();
    assert!(states.contains("Disconnected"), "{endpoint_now}");
    let recreated = arm
        .send(
            reqwest::Method::PUT,
            &arm.url(&network(&my_pls())),
            Some(&serde_json::json!({
                "location": before["location"],
                "properties": { "loadBalancerFrontendIpConfigurations": frontends }
            })),
        )
        .await;
    assert_eq!(recreated.status(), 201);
    let (_, now) = arm.get(&network(&my_pls())).await;
    assert_ne!(now["properties"]["alias"], before["properties"]["alias"]);
    assert_eq!(
        now["properties"]["privateEndpointConnections"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn a_new_front_door_origin_asks_the_service_from_front_doors_own_endpoint() {
    let arm = Arm::demo().await;
    let group = emulator::estate::demo::PENDING_ORIGIN_ID
        .rsplit_once("/origins/")
        .unwrap()
        .0;
    let origin = format!("{group}/origins/super-api-neu?api-version=2025-09-01");
    let body = serde_json::json!({
        "properties": {
            "hostName": "super-api.contoso.internal",
            "sharedPrivateLinkResource": {
                "privateLink": { "id": my_pls() },
                "privateLinkLocation": "NorthEurope",
                "requestMessage": "AFD super-api North Europe (CHG-4242)"
            }
        }
    });
    let created = arm.send(Method::PUT, &arm.url(&origin), Some(&body)).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    // Every key of Azure's published creation example.
    crate::wire::assert_shape("AFDOrigins_Create.json", &created);
    assert_eq!(
        created["properties"]["sharedPrivateLinkResource"]["status"],
        "Pending"
    );
    let arrived = connections_in(&arm, "Pending")
        .await
        .into_iter()
        .find(|c| {
            c["properties"]["privateLinkServiceConnectionState"]["description"]
                == "AFD super-api North Europe (CHG-4242)"
        })
        .expect("the origin's request arrived Pending on the service");
    let endpoint = arrived["properties"]["privateEndpoint"]["id"]
        .as_str()
        .unwrap();
    assert!(
        endpoint.starts_with(
            "/subscriptions/c1bc5dd7-ea97-469c-89fa-8f26624902fd/resourceGroups/eafd-Prod-northeurope/"
        ),
        "{endpoint}"
    );

    // Approving it reaches the new origin, as for the seeded ones.
    let url = arm.url(&network(arrived["id"].as_str().unwrap()));
    let approved = arm
        .send(Method::PUT, &url, Some(&state_body("Approved", "ok")))
        .await;
    assert_eq!(approved.status(), 200);
    let (_, now) = arm.get(&origin).await;
    assert_eq!(
        now["properties"]["sharedPrivateLinkResource"]["status"],
        "Approved"
    );
    let again = arm.send(Method::PUT, &arm.url(&origin), Some(&body)).await;
    assert_eq!(again.status(), 400, "no half-done updates");

    // Deleting the origin takes Front Door's endpoint, and its connection, away.
    let deleted = arm.send(Method::DELETE, &arm.url(&origin), None).await;
    assert_eq!(deleted.status(), 200);
    let (_, pls) = arm.get(&network(&my_pls())).await;
    assert!(
        !pls.to_string().contains("CHG-4242"),
        "the connection left the service"
    );
    let orphan = format!("{group}/origins/nowhere/x?api-version=2025-09-01");
    let refused = arm.send(Method::PUT, &arm.url(&orphan), Some(&body)).await;
    assert!(refused.status().is_client_error());
}

#[tokio::test]
async fn arrivals_bring_new_pending_requests_until_their_bound() {
    let arm = Arm::with(EmulatorConfig {
        arrivals: Some(emulator::store::Arrivals::parse("100/s", 4).unwrap()),
        ..EmulatorConfig::default()
    })
    .await;
    let list = format!(
        "/subscriptions/{}/providers/Microsoft.Network/privateLinkServices?api-version={}",
        emulator::estate::demo::CONTOSO_PLATFORM,
        crate::support::NETWORK
    );
    let arrived = |services: &[Value]| -> Vec<String> {
        services
            .iter()
            .flat_map(|s| {
                s["properties"]["privateEndpointConnections"]
                    .as_array()
                    .unwrap()
            })
            .filter(|c| c["properties"]["privateLinkServiceConnectionState"]["status"] == "Pending")
            .filter_map(|c| {
                c["properties"]["privateLinkServiceConnectionState"]["description"].as_str()
            })
            .filter(|d| d.contains("(arrival "))
            .map(str::to_owned)
            .collect()
    };
    // Each poll is an event to wait on: the list as the server sees it, bounded.
    let mut seen = Vec::new();
    for _ in 0..500 {
        seen = arrived(&arm.list_all(&list).await);
        if seen.len() >= 4 {
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "Access request (arrival 2)",
            "Access request (arrival 4)",
            "Front Door origin request (arrival 1)",
            "Front Door origin request (arrival 3)"
        ],
        "four requests arrived, Front Door's and another tenant's by turns"
    );
}
