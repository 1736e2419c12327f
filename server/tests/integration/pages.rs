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
async fn a_paas_resource_has_a_page_with_its_public_access_finding_and_connections() {
    let api = serve().await;
    let (_, page) = api.get("/api/v1/connections?q=stcontosoexports").await;
    let row = &page["items"][0];
    assert_eq!(row["resourceName"], "stcontosoexports", "{page}");
    let storage = row["resourceId"].as_str().unwrap().to_owned();
    let connection = row["id"].as_str().unwrap().to_owned();
    let html = api.text(&format!("/resource{storage}")).await;
    assert!(html.contains("<h1>stcontosoexports</h1>"), "{html}");
    assert!(html.contains("Storage account"));
    assert!(html.contains("Public access despite private endpoints"));
    assert!(
        html.contains(&format!("href=\"/resource{connection}\"")),
        "the resource links to its connection"
    );
    let connection_html = api.text(&format!("/resource{connection}")).await;
    assert!(
        connection_html.contains(&format!("href=\"/resource{storage}\"")),
        "the connection links back"
    );
}

#[tokio::test]
async fn the_findings_page_filters_by_severity_and_links_each_finding_to_its_resource() {
    let api = serve().await;
    let html = api.text("/findings").await;
    assert!(html.contains("<h1>Findings</h1>"), "{html}");
    let rows = html.matches("data-testid=\"finding-row\"").count();
    assert!(rows >= 8, "every demo finding: {rows}");
    assert!(html.contains("href=\"/findings?kind=orphanEndpoint\""));
    assert!(html.contains("href=\"/export/findings.csv"));
    let info = api.text("/findings?severity=info").await;
    let kept = info.matches("data-testid=\"finding-row\"").count();
    assert!(kept > 0 && kept < rows, "{kept} of {rows}");
    assert_eq!(
        info.matches("data-severity=\"info\"").count(),
        kept,
        "only info findings"
    );
    assert!(
        info.contains("href=\"/resource/subscriptions/"),
        "each links to its resource"
    );
    let bad = api.text("/findings?severity=urgent").await;
    assert!(
        bad.contains("unknown severity &#x27;urgent&#x27;")
            || bad.contains("unknown severity 'urgent'"),
        "{bad}"
    );

    let (status, all) = api.get("/api/v1/findings?kind=publicAccessEnabled").await;
    assert_eq!(status, 200, "{all}");
    let [finding] = all.as_array().unwrap().as_slice() else {
        panic!("one public access finding: {all}");
    };
    assert_eq!(finding["severity"], "warning");
    assert!(
        finding["docUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://learn.microsoft.com/")
    );
    assert!(
        finding["service"]
            .as_str()
            .unwrap()
            .ends_with("/stcontosoexports")
    );
    let (status, refused) = api.get("/api/v1/findings?kind=dnsMagic").await;
    assert_eq!(status, 400, "{refused}");
    let csv = api
        .text("/api/v1/findings?format=csv&severity=warning")
        .await;
    assert!(
        csv.starts_with("severity,kind,title,message,resources,documentation"),
        "{csv}"
    );
    assert!(
        csv.lines().skip(1).all(|l| l.starts_with("warning,")),
        "{csv}"
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
    let page = response.text().await.unwrap();
    assert_eq!(
        page.matches("/subscriptions/{subscription GUID}/resourceGroups/")
            .count(),
        1,
        "what an id looks like, said once: {page}"
    );
    assert!(page.contains("not-an-id"), "the address is named: {page}");
    assert!(
        page.contains("Back to the Overview"),
        "and links back: {page}"
    );
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

#[tokio::test]
async fn the_graph_page_draws_linked_nodes_in_an_island_and_shows_a_panel_only_for_a_chosen_node() {
    let api = serve().await;
    let html = api.text("/graph").await;
    let island = html
        .split("<leptos-island data-component=\"")
        .find(|island| island.starts_with("GraphFigure"))
        .expect("the figure is an island");
    assert!(
        !island[..200].contains("data-props"),
        "the island takes no props: {}",
        &island[..200]
    );
    let nodes = html.matches("<a data-id=\"").count();
    assert_eq!(nodes, 40, "every node of the demo is a link");
    assert!(html.contains("href=\"/graph?node=pls%3A%2Fsubscriptions%2F"));
    assert!(
        html.contains("data-testid=\"graph-panel\" hidden"),
        "no panel yet"
    );
    assert!(!html.contains("graph-panel-title"));

    let node = format!(
        "node={}",
        encoded(&format!("pls:{}", MY_PLS_ID.to_ascii_lowercase()))
    );
    let html = api.text(&format!("/graph?{node}")).await;
    assert!(
        !html.contains("data-testid=\"graph-panel\" hidden"),
        "the panel shows"
    );
    let title = html
        .split("data-testid=\"graph-panel-title\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next());
    assert_eq!(title, Some("myPLS"));
    assert_eq!(
        html.matches(" selected\"").count(),
        1,
        "the chosen node is marked"
    );
    assert!(html.contains("href=\"/graph\" aria-label=\"Close the details\""));
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
async fn server_functions_answer_typed_data_as_the_islands_call_them() {
    let api = serve().await;
    // The status strip's: its sentences prepared, without the subscription list the filters use.
    let (status, strip) = server_fn(&api, "/api/status").await;
    assert_eq!(status, 200, "{strip}");
    let strip: serde_json::Value = serde_json::from_str(&strip).unwrap();
    assert!(strip.get("subscriptions").is_none(), "{strip}");
    assert_eq!(strip["can_act"], true, "{strip}");
    assert!(strip["completed_syncs"].as_u64().unwrap() >= 1, "{strip}");
    assert!(
        strip["sentence"]
            .as_str()
            .unwrap()
            .starts_with("Last refreshed"),
        "{strip}"
    );

    // The job progress island's: nothing for a job this server does not know.
    let (status, progress) = server_fn(&api, "/api/job-progress?id=no-such-request").await;
    assert_eq!((status, progress.as_str()), (200, "null"));

    // The pages' own data, typed, should anything else call them.
    let (status, rows) = server_fn(&api, "/api/connections?query=state%3DPending").await;
    assert_eq!(status, 200, "{rows}");
    let rows: serde_json::Value = serde_json::from_str(&rows).unwrap();
    let items = rows["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|r| r["state"] == "Pending"), "{rows}");
    let (status, bad) = server_fn(&api, "/api/connections?query=state%3DMaybe").await;
    assert_eq!(status, 400, "{bad}");
    assert!(
        bad.contains("state"),
        "the message names the parameter: {bad}"
    );
}

#[tokio::test]
async fn a_dismissed_banner_stays_away_until_another_subscription_fails() {
    let api = serve().await;
    let page = |cookie: Option<String>| {
        let mut request = api.http.get(format!("{}/private-endpoints", api.base));
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let html = page(None).await;
    assert!(
        html.contains(r#"data-testid="sync-banner""#),
        "the demo's unreadable subscription"
    );
    assert!(
        html.contains("Restricted Finance"),
        "named in the disclosure"
    );
    // The dismiss island carries the signature of this set of problems.
    let signature = html
        .split("signature&quot;:&quot;")
        .nth(1)
        .and_then(|rest| rest.split("&quot;").next())
        .expect("the dismiss button's props")
        .to_owned();
    assert_eq!(signature.len(), 16, "{signature}");
    let dismissed = page(Some(format!(
        "lc_theme=dark; lc_banner_dismissed={signature}"
    )))
    .await;
    assert!(!dismissed.contains(r#"data-testid="sync-banner""#));
    let other = page(Some("lc_banner_dismissed=0123456789abcdef".into())).await;
    assert!(
        other.contains(r#"data-testid="sync-banner""#),
        "a dismissal of other problems does not hide these"
    );
}

/// A client that shows redirects instead of following them, as a test of `Location` needs.
fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A form body (`application/x-www-form-urlencoded`) of `fields`.
fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encoded(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Posts `body` as a browser posts a form to the server function at `path`.
async fn post_form(
    api: &crate::api::Served,
    client: &reqwest::Client,
    path: &str,
    body: String,
) -> reqwest::Response {
    client
        .post(format!("{}{path}", api.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .body(body)
        .send()
        .await
        .unwrap()
}

const ACT: &str = <app::api::Act as leptos::server_fn::ServerFn>::PATH;
const REFRESH: &str = <app::api::RefreshInventory as leptos::server_fn::ServerFn>::PATH;

/// The id of a Pending connection of the demo's private link services.
async fn pending_connection(api: &crate::api::Served) -> String {
    let (_, page) = api.get("/api/v1/connections?state=Pending&limit=200").await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["resourceId"]
                .as_str()
                .unwrap()
                .contains("privateLinkServices")
        })
        .and_then(|c| c["id"].as_str())
        .expect("a Pending connection of a PLS")
        .to_owned()
}

#[tokio::test]
async fn a_confirmation_returns_only_to_a_path_of_this_site_and_never_breaks_the_answer() {
    let api = serve().await;
    let id = pending_connection(&api).await;
    let client = no_redirects();
    let long = format!("/pending?q={}", "a".repeat(3000));
    let bad = [
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/%5Cevil.example",
        "//evil.example",
        "/ /evil.example",
        "/pending\r\nSet-Cookie: session=stolen",
        "https://evil.example/",
        "javascript:alert(1)",
        "",
        long.as_str(),
    ];
    for back in bad {
        // No expected state: after the first approval the others are skipped, and each still
        // answers with its report.
        let body = form(&[
            ("action", "approve"),
            ("ids", &id),
            ("states", ""),
            ("filter", ""),
            ("count", "1"),
            ("description", "CHG-7 safe back"),
            ("back", back),
        ]);
        let response = post_form(&api, &client, ACT, body).await;
        assert_eq!(response.status(), 302, "{back:?}");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with("/connections?done="),
            "{back:?} falls back to the list: {location}"
        );
        assert!(
            !location.contains('\\') && !location.contains("evil"),
            "{location}"
        );
    }
    let (status, _) = api.get("/healthz").await;
    assert_eq!(status, 200, "the server still answers");

    let kept = form(&[
        ("action", "approve"),
        ("ids", &id),
        ("states", ""),
        ("filter", ""),
        ("count", "1"),
        ("description", "CHG-7 safe back"),
        ("back", "/pending?state=Pending"),
    ]);
    let response = post_form(&api, &client, ACT, kept).await;
    let location = response.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("/pending?state=Pending&done="),
        "{location}"
    );
    let unicode = form(&[
        ("action", "approve"),
        ("ids", &id),
        ("states", ""),
        ("filter", ""),
        ("count", "1"),
        ("description", "CHG-7 safe back"),
        ("back", "/pending?q=réseau"),
    ]);
    let response = post_form(&api, &client, ACT, unicode).await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("/pending?q=r%C3%A9seau&done="),
        "percent-encoded for the header: {location}"
    );

    let page = api
        .text(&format!(
            "/confirm/approve?id={}&back={}",
            encoded(&id),
            encoded("/\\evil.example")
        ))
        .await;
    assert!(
        page.contains("href=\"/connections\""),
        "Cancel goes to the list"
    );
    assert!(!page.contains("evil.example"), "{page}");
}

#[tokio::test]
async fn server_functions_answer_413_for_huge_forms_and_400_naming_a_missing_field() {
    let api = serve().await;
    let id = pending_connection(&api).await;
    let client = no_redirects();
    let huge = format!("action=approve&ids={}", "a".repeat(10 * 1024 * 1024));
    for path in [ACT, REFRESH] {
        let response = post_form(&api, &client, path, huge.clone()).await;
        assert_eq!(response.status(), 413, "{path}");
        let text = response.text().await.unwrap();
        assert!(text.contains("1 MiB"), "{path}: {text}");
    }
    let missing = form(&[
        ("action", "approve"),
        ("ids", &id),
        ("states", "Pending"),
        ("filter", ""),
        ("count", "1"),
        ("back", "/pending"),
    ]);
    for accept in ["text/html", "*/*"] {
        let response = client
            .post(format!("{}{ACT}", api.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", accept)
            .body(missing.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "accept {accept}");
        assert!(response.headers().get("location").is_none());
        let text = response.text().await.unwrap();
        assert!(text.contains("description"), "names the field: {text}");
    }
    let (status, audit) = api.get("/api/v1/audit").await;
    assert_eq!(status, 200, "{audit}");
    assert_eq!(audit["total"], 0, "nothing was acted on");
}

#[tokio::test]
async fn viewers_see_the_plan_without_the_form_and_are_told_why() {
    let api = crate::api::behind_a_proxy_with_viewers().await;
    let viewer = [
        ("x-forwarded-user", "vera"),
        ("x-forwarded-groups", "viewers"),
    ];
    let mut request = api
        .http
        .get(format!("{}/api/v1/connections?state=Pending", api.base));
    for (name, value) in viewer {
        request = request.header(name, value);
    }
    let page: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
    let id = page["items"][0]["id"]
        .as_str()
        .expect("a Pending connection");
    let mut request = api.http.get(format!(
        "{}/confirm/approve?id={}&back=%2Fpending",
        api.base,
        encoded(id)
    ));
    for (name, value) in viewer {
        request = request.header(name, value);
    }
    let html = request.send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("data-testid=\"action-preview\""),
        "the plan is shown: {html}"
    );
    assert!(!html.contains("data-testid=\"confirm-form\""), "{html}");
    assert!(
        html.contains("You are signed in as a viewer: only approvers can confirm"),
        "{html}"
    );
}

/// `linkcenter serve` against an emulator of its own serving `doc`, after the first sync.
struct Estate {
    served: crate::api::Served,
    _emulator: emulator::RunningEmulator,
}

async fn serve_estate(doc: emulator::EstateDocument) -> Estate {
    use crate::api::{against, emulate, serve_against, temp_database};

    let running = emulate(doc, emulator::EmulatorConfig::default()).await;
    Estate {
        served: serve_against(&against(&running), &temp_database()).await,
        _emulator: running,
    }
}

#[tokio::test]
async fn a_resource_name_with_markup_is_escaped_in_the_document_title() {
    // An id segment holds no `/`, so no `</title>`; but `<script>` and `&amp;` in the tab's
    // text must stay text. The private endpoint is renamed everywhere the estate names it.
    let name = "pe-batch-super-api";
    let hostile = "pe-batch<script>alert(1)<b>&amp;";
    let doc = serde_json::to_string(&emulator::estate::demo::demo())
        .unwrap()
        .replace(
            &format!("privateEndpoints/{name}\""),
            &format!("privateEndpoints/{hostile}\""),
        )
        .replace(
            &format!("\"name\":\"{name}\""),
            &format!("\"name\":\"{hostile}\""),
        );
    let estate = serve_estate(serde_json::from_str(&doc).unwrap()).await;
    let http = reqwest::Client::new();
    let page: serde_json::Value = http
        .get(format!(
            "{}/api/v1/private-endpoints?q=pe-batch",
            estate.served.base
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["id"].as_str())
        .find(|id| id.ends_with(hostile))
        .unwrap_or_else(|| panic!("the renamed endpoint: {page}"))
        .to_owned();
    let path = app::model::resource_href(&id)
        .replace('<', "%3C")
        .replace('>', "%3E")
        .replace('&', "%26");
    let response = http
        .get(format!("{}{path}", estate.served.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let title = html
        .split("<title>")
        .nth(1)
        .and_then(|rest| rest.split("</title>").next())
        .expect("a title");
    assert_eq!(
        title, "pe-batch&lt;script&gt;alert(1)&lt;b&gt;&amp;amp; · Link Center",
        "escaped"
    );
    assert!(!html.contains("<script>alert(1)"), "never as markup");
}

#[tokio::test]
async fn the_page_asks_a_reason_for_a_removal_and_removes_nothing_without_one() {
    let api = serve().await;
    let id = pending_connection(&api).await;
    let client = no_redirects();
    let body = form(&[
        ("action", "remove"),
        ("ids", &id),
        ("states", "Pending"),
        ("filter", ""),
        ("count", "1"),
        ("description", "  "),
        ("back", "/pending"),
    ]);
    let response = post_form(&api, &client, ACT, body).await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/confirm/remove?"), "{location}");
    assert!(
        location.contains("error=a%20description%20is%20required"),
        "{location}"
    );
    let (_, audit) = api.get("/api/v1/audit").await;
    assert_eq!(audit["total"], 0, "nothing was tried");
}
