//! The dashboard's pages and downloads over HTTP: exports hold every matching row of the view,
//! detail pages link the two ends of a connection, unknown ids answer 404.

use emulator::estate::demo::MY_PLS_ID;

use crate::api::serve;

#[tokio::test]
async fn a_csv_export_holds_every_row_of_the_filtered_view_not_only_its_page() {
    let api = serve().await;
    let (_, page) = api.get("/api/v1/connections?state=Approved&limit=1").await;
    let total = page["total"].as_u64().unwrap();
    assert!(total > 1, "the demo has several approved connections");
    let response = api
        .http
        .get(format!(
            "{}/export/connections.csv?state=Approved&limit=1&offset=1",
            api.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"connections-"),
        "{disposition}"
    );
    let body = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let state = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "state")
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as u64, total);
    assert!(rows.iter().all(|r| &r[state] == "Approved"));
}

#[tokio::test]
async fn a_json_export_matches_the_api_rows_and_bad_filters_are_refused() {
    let api = serve().await;
    let (_, page) = api.get("/api/v1/private-link-services?limit=1000").await;
    let (status, exported) = api.get("/export/private-link-services.json").await;
    assert_eq!(status, 200);
    assert_eq!(exported, page["items"]);
    let (status, error) = api.get("/export/connections.csv?state=Maybe").await;
    assert_eq!(status, 400);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown state 'Maybe'")
    );
    let (status, _) = api.get("/export/clusters.csv").await;
    assert_eq!(status, 404);
    let (status, _) = api.get("/export/connections.xlsx").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_pls_page_links_to_its_connections_and_they_link_to_the_endpoint_and_back() {
    let api = serve().await;
    let html = api.text(&format!("/resource{MY_PLS_ID}")).await;
    assert!(
        html.contains("<h1>myPLS</h1>"),
        "the PLS page is rendered on the server"
    );
    assert!(
        html.contains("kubernetes-internal"),
        "with its load balancer"
    );
    assert!(html.contains(&format!("https://portal.azure.com/#@/resource{MY_PLS_ID}")));
    let (_, page) = api.get("/api/v1/connections?q=pe-batch-super-api").await;
    let connection = page["items"][0]["id"].as_str().unwrap().to_owned();
    assert!(
        html.contains(&format!("href=\"/resource{connection}\"")),
        "the PLS links to its connection"
    );
    let connection_html = api.text(&format!("/resource{connection}")).await;
    assert!(
        connection_html.contains(&format!("href=\"/resource{MY_PLS_ID}\"")),
        "the connection links back"
    );
    let endpoint = page["items"][0]["consumer"]["endpoint"]["endpointId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        connection_html.contains(&format!("href=\"/resource{endpoint}\"")),
        "and to its endpoint"
    );
    let endpoint_html = api.text(&format!("/resource{endpoint}")).await;
    assert!(
        endpoint_html.contains(&format!("href=\"/resource{connection}\"")),
        "which links back to the connection"
    );
}

#[tokio::test]
async fn unknown_resources_answer_404_and_ids_that_are_not_ids_400() {
    let api = serve().await;
    let missing = MY_PLS_ID.replace("myPLS", "nothing-here");
    let response = api
        .http
        .get(format!("{}/resource{missing}", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Resource not in the inventory")
    );
    let response = api
        .http
        .get(format!("{}/resource/not-an-id", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn the_graph_downloads_as_svg_and_its_layout_is_scoped_by_the_url() {
    let api = serve().await;
    let response = api
        .http
        .get(format!("{}/export/graph.svg", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
    let svg = response.text().await.unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("a valid SVG document");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(svg.contains("myPLS") && svg.contains("default/super-api"));

    let (status, layout) = api
        .get(&format!(
            "/api/v1/graph/layout?service={}",
            MY_PLS_ID.to_uppercase()
        ))
        .await;
    assert_eq!(status, 200);
    let labels: Vec<&str> = layout["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["label"].as_str())
        .collect();
    assert!(labels.contains(&"myPLS"), "{labels:?}");
    assert!(!labels.contains(&"pls-reports-legacy"), "scoped to one PLS");
    let (status, error) = api.get("/api/v1/graph/layout?state=Maybe").await;
    assert_eq!(status, 400);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown state")
    );
}

#[tokio::test]
async fn the_overview_tells_the_age_of_the_oldest_request_and_lists_subscriptions() {
    let api = serve().await;
    let html = api.text("/").await;
    let oldest = html
        .split("data-testid=\"oldest-pending\"")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .expect("the oldest pending request is shown");
    assert!(
        oldest.contains(" ago<"),
        "an age, not a timestamp: {oldest}"
    );
    assert!(html.contains("4 of 5 subscriptions read without error."));
}

/// The body of a server function called as the browser calls it, outside any page render.
async fn server_fn(api: &crate::api::Served, path: &str) -> (u16, String) {
    let response = api
        .http
        .get(format!("{}{path}", api.base))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

fn encoded(text: &str) -> String {
    app::components::query::encode(text)
}

#[tokio::test]
async fn server_functions_render_their_markup_outside_a_page_as_the_browser_calls_them() {
    let api = serve().await;
    let (status, detail) =
        server_fn(&api, &format!("/api/resource?id={}", encoded(MY_PLS_ID))).await;
    assert_eq!(status, 200, "{detail}");
    assert!(
        detail.contains("resource-table"),
        "the connections table: {detail}"
    );
    assert!(
        detail.contains("row-approve") || detail.contains("row-reject"),
        "an approver's actions: {detail}"
    );

    let node = format!(
        "node={}",
        encoded(&format!("pls:{}", MY_PLS_ID.to_ascii_lowercase()))
    );
    let (status, panel) =
        server_fn(&api, &format!("/api/graph-node?query={}", encoded(&node))).await;
    assert_eq!(status, 200, "{panel}");
    assert!(panel.contains("myPLS"), "{panel}");

    let (status, overview) = server_fn(&api, "/api/overview").await;
    assert_eq!(status, 200, "{overview}");
    assert!(overview.contains("pending-count"), "{overview}");

    let (status, rows) = server_fn(
        &api,
        "/api/connections?query=state%3DPending&path=%2Fpending",
    )
    .await;
    assert_eq!(status, 200, "{rows}");
    assert!(
        rows.contains("select-row") && rows.contains("back=%2Fpending"),
        "{rows}"
    );

    let (_, page) = api.get("/api/v1/connections?state=Pending").await;
    let id = page["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, plan) = server_fn(
        &api,
        &format!(
            "/api/plan?action=approve&ids={}&filter=&back=%2Fpending&description=",
            encoded(&id)
        ),
    )
    .await;
    assert_eq!(status, 200, "{plan}");
    assert!(
        plan.contains("confirm-form") && plan.contains("Approved"),
        "{plan}"
    );

    let (status, report) = server_fn(&api, "/api/report?id=no-such-request").await;
    assert_eq!(status, 200, "{report}");
    assert!(report.contains("no longer kept"), "{report}");

    let (status, audit) = server_fn(&api, "/api/audit?query=").await;
    assert_eq!(status, 200, "{audit}");
}
