//! Router tests: requests through the whole middleware stack with `tower::ServiceExt::oneshot`.

use app::backend::BackendHandle;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use tower::ServiceExt;

use super::{AppState, Readiness, router};
use crate::{
    backend::ServerBackend,
    config::{Config, Source},
};

/// The request timeout of the router under test.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

async fn state(ready: bool) -> AppState {
    let config = Config {
        auth: crate::auth::AuthSettings::local(),
        database: "/nonexistent/linkcenter.db".into(),
        policies: None,
        policies_enforce: true,
        addr: "127.0.0.1:0".parse().unwrap(),
        site_root: "target/site".into(),
        source: Source::Demo,
        environment_label: "Demo estate".into(),
        inventory: crate::config::InventoryMode::Arm,
        refresh_interval: std::time::Duration::from_secs(300),
        pending_interval: None,
        notifications: None,
        notification_give_up: std::time::Duration::from_secs(600),
        max_in_flight: 16,
        sync_concurrency: 8,
        public_url: None,
        accept_new_audit: false,
        sync_request_interval: std::time::Duration::from_secs(30),
        header_read_timeout: std::time::Duration::from_secs(10),
        request_timeout: std::time::Duration::from_secs(300),
        loss_threshold: 20,
        nat_connections_warn: 200,
        trusted_tenants: Vec::new(),
        history_retention: std::time::Duration::from_secs(400 * 86_400),
    };
    let readiness = Readiness::default();
    if ready {
        readiness.mark_ready();
    }
    let inventory = idle_inventory();
    let views = crate::views::ViewCache::new(inventory.clone());
    let store = crate::store::Store::in_memory().await.unwrap();
    let actions = std::sync::Arc::new(crate::actions::ActionService::new(
        idle_client(),
        store,
        inventory.clone(),
        60,
    ));
    let syncs = std::sync::Arc::new(crate::service::SyncRequests::new(
        inventory.clone(),
        config.sync_request_interval,
    ));
    AppState {
        sign_in: None,
        leptos_options: LeptosOptions::builder().output_name("linkcenter").build(),
        backend: BackendHandle::new(ServerBackend::new(
            &config,
            None,
            views.clone(),
            actions.clone(),
            syncs.clone(),
        )),
        readiness,
        inventory,
        views,
        auth: std::sync::Arc::new(config.auth.clone()),
        actions,
        syncs,
        site: std::sync::Arc::new(crate::auth::SiteOrigins::local(
            "127.0.0.1:3000".parse().unwrap(),
        )),
        events: crate::events::EventHub::new(crate::events::STREAMS_PER_USER),
        notifier: None,
    }
}

/// An ARM client pointed at a closed port.
fn idle_client() -> crate::arm::ArmClient {
    use crate::arm::{ArmClient, Authorizer, ClientSettings};
    let settings = ClientSettings::new("http://127.0.0.1:9".parse().unwrap());
    ArmClient::new(
        settings,
        Authorizer::Static(crate::config::Secret::new("t")),
    )
    .unwrap()
}

/// An inventory service that never syncs (its client points at a closed port).
fn idle_inventory() -> std::sync::Arc<crate::inventory::InventoryService> {
    crate::inventory::InventoryService::new(
        idle_client(),
        std::time::Duration::from_secs(300),
        crate::inventory::sync::Mode::Arm { concurrency: 1 },
    )
}

async fn get(path: &str) -> (StatusCode, http::HeaderMap, String) {
    get_with(state(true).await, path).await
}

async fn get_with(state: AppState, path: &str) -> (StatusCode, http::HeaderMap, String) {
    let request = Request::get(path)
        .header(header::HOST, "127.0.0.1:3000")
        .body(Body::empty())
        .unwrap();
    let response = router(state, TIMEOUT).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn healthz_answers_ok() {
    let (status, _, body) = get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"ok\""));
}

#[tokio::test]
async fn readyz_is_unavailable_until_ready() {
    let (status, _, _) = get_with(state(false).await, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, _, _) = get_with(state(true).await, "/readyz").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404() {
    for path in ["/api", "/api/v1/nothing-here"] {
        let (status, headers, body) = get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"]["code"], "NotFound");
        assert!(json["error"]["message"].as_str().unwrap().contains(path));
    }
}

#[tokio::test]
async fn unknown_pages_get_the_html_404_page() {
    let (status, headers, body) = get("/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(body.contains("Page not found"), "{body}");
    assert!(body.contains("/no-such-page"));
}

#[tokio::test]
async fn every_nav_page_renders_its_title_inside_the_layout() {
    for item in app::components::NAV_ITEMS {
        let (status, _, body) = get(item.href).await;
        assert_eq!(status, StatusCode::OK, "{}", item.href);
        assert!(
            body.contains(&format!("<h1>{}</h1>", item.label)),
            "{}: {body}",
            item.href
        );
        assert!(body.contains("class=\"empty-state\""), "{}", item.href);
        assert!(body.contains("Link Center"), "{}", item.href);
    }
}

#[tokio::test]
async fn pages_carry_a_csp_whose_nonce_is_on_the_hydration_script() {
    let (_, headers, body) = get("/").await;
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("policy has a nonce");
    assert!(nonce.len() >= 16);
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "{body}");
    assert!(policy.contains("frame-ancestors 'none'"));
    assert!(!policy.contains("unsafe-inline"));
}

#[tokio::test]
async fn each_page_gets_a_fresh_nonce() {
    let (_, first, _) = get("/").await;
    let (_, second, _) = get("/").await;
    assert_ne!(
        first[header::CONTENT_SECURITY_POLICY],
        second[header::CONTENT_SECURITY_POLICY]
    );
}

#[tokio::test]
async fn responses_carry_security_headers_and_a_request_id() {
    for path in ["/", "/healthz", "/api/nothing"] {
        let (_, headers, _) = get(path).await;
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin", "{path}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{path}");
        assert!(
            headers.contains_key(header::CONTENT_SECURITY_POLICY),
            "{path}"
        );
        let id = headers["x-request-id"].to_str().unwrap();
        assert_eq!(id.len(), 36, "{path}: {id}");
    }
}

#[tokio::test]
async fn a_request_id_sent_by_the_client_is_kept() {
    let request = Request::get("/healthz")
        .header(header::HOST, "127.0.0.1:3000")
        .header("x-request-id", "abc-123")
        .body(Body::empty())
        .unwrap();
    let response = router(state(true).await, TIMEOUT)
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "abc-123");
}

#[tokio::test]
async fn the_theme_cookie_is_rendered_on_the_html_element() {
    let request = Request::get("/")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, "lc_theme=dark")
        .body(Body::empty())
        .unwrap();
    let response = router(state(true).await, TIMEOUT)
        .oneshot(request)
        .await
        .unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.contains("<html lang=\"en\" data-theme=\"dark\""),
        "{body}"
    );
}

#[tokio::test]
async fn the_page_names_the_demo_estate_and_the_strip_says_it_never_synced() {
    let (status, _, page) = get("/").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("Demo estate"),
        "the environment badge: {page}"
    );
    let (status, _, body) = get("/api/status").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        json["sentence"], "Not synced yet",
        "this inventory never syncs"
    );
    assert_eq!(json["progress"], serde_json::Value::Null, "{json}");
}

#[tokio::test]
async fn large_pages_are_compressed_when_the_client_accepts_it() {
    let request = Request::get("/")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let response = router(state(true).await, TIMEOUT)
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn the_openapi_document_lists_the_api() {
    let (status, _, body) = get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["info"]["title"], "Link Center API");
    for path in ["/api/v1/sync", "/api/v1/subscriptions"] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    assert!(doc["components"]["schemas"]["SyncStatus"].is_object());
}

#[tokio::test]
async fn sync_status_answers_before_the_first_sync() {
    let (status, _, body) = get("/api/v1/sync").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["progress"]["completedSyncs"], 0);
    assert_eq!(json["subscriptions"], serde_json::json!([]));
}

#[tokio::test]
async fn list_pages_render_their_filters_and_empty_state_server_side() {
    let (status, _, body) = get("/connections?state=Rejected&q=woodgrove").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("<form method=\"get\" action=\"/connections\""),
        "{body}"
    );
    assert!(body.contains("value=\"woodgrove\""), "{body}");
    assert!(body.contains("class=\"empty-state\""), "{body}");
}

#[tokio::test]
async fn a_bad_filter_is_shown_as_a_message_not_a_blank_page() {
    let (status, _, body) = get("/connections?state=Maybe").await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a malformed query is the client's error"
    );
    assert!(body.contains("data-testid=\"list-error\""), "{body}");
    assert!(body.contains("unknown state"), "{body}");
    assert!(!body.contains("class=\"empty-state\""), "{body}");
}

#[tokio::test]
async fn the_list_server_functions_answer_pages_and_name_bad_parameters() {
    let (status, _, body) = get("/api/connections?query=state%3DPending&path=%2Fpending").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["total"], 0);
    assert_eq!(json["limit"], 50);

    let (status, _, body) = get("/api/services?query=colour%3Dred").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("unknown parameter 'colour'"), "{body}");
}

#[tokio::test]
async fn a_rebinding_host_is_misdirected_and_localhost_is_served() {
    for (host, expected) in [
        ("rebind.example:3000", StatusCode::MISDIRECTED_REQUEST),
        ("localhost:3000", StatusCode::OK),
    ] {
        let request = Request::get("/api/v1/connections")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap();
        let response = router(state(true).await, TIMEOUT)
            .oneshot(request)
            .await
            .unwrap();
        assert_eq!(response.status(), expected, "{host}");
    }
}

#[tokio::test]
async fn a_cross_site_post_is_refused_before_any_handler() {
    for path in [
        "/api/v1/sync",
        "/api/refresh",
        "/api/v1/connections/approve",
    ] {
        let request = Request::post(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "https://evil.example")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("{}"))
            .unwrap();
        let response = router(state(true).await, TIMEOUT)
            .oneshot(request)
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(
            String::from_utf8_lossy(&body).contains("CrossSiteRequest"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let document = serde_json::to_value(super::api_v1::document()).unwrap();
    let documented: std::collections::BTreeSet<&str> = document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let routes = super::api_v1::routes();
    // axum lists a router's paths only in its `Debug` text: `paths: {RouteId(0): "/api/v1/…"}`.
    let listing = format!("{routes:?}");
    let routed: std::collections::BTreeSet<&str> = listing
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("/api/v1/") && *s != "/api/v1/openapi.json")
        .collect();
    assert!(routed.len() >= 12, "paths read from the router: {routed:?}");
    assert_eq!(routed, documented, "routed vs documented paths");
    // Each documented method is routed, and every other one answers 405.
    let app = routes.with_state(state(true).await);
    for path in &documented {
        let uri = path.replace(['{', '}'], "");
        for method in ["get", "post", "put", "delete", "patch"] {
            let request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .body(Body::empty())
                .unwrap();
            let status = app.clone().oneshot(request).await.unwrap().status();
            let is_documented = document["paths"][path].get(method).is_some();
            assert_eq!(
                status != StatusCode::METHOD_NOT_ALLOWED,
                is_documented,
                "{method} {path}: {status}"
            );
        }
    }
}

#[tokio::test]
async fn metrics_are_prometheus_text() {
    let (status, headers, body) = get("/metrics").await;
    assert_eq!(status, StatusCode::OK);
    let content_type = headers[header::CONTENT_TYPE].to_str().unwrap();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    assert!(body.contains("\nlinkcenter_syncs_total 0\n"), "{body}");
    assert!(
        body.contains("# TYPE linkcenter_sync_running gauge\n"),
        "{body}"
    );
}

#[tokio::test]
async fn hashed_site_files_are_immutable_and_other_files_revalidate() {
    let root = std::env::temp_dir().join(format!("linkcenter-site-{}", std::process::id()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/linkcenter.abc123.css"), "body{}").unwrap();
    std::fs::write(root.join("favicon.svg"), "<svg/>").unwrap();
    let mut site = state(true).await;
    site.leptos_options.site_root = root.to_string_lossy().into_owned().into();
    let (status, headers, body) = get_with(site.clone(), "/pkg/linkcenter.abc123.css").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "body{}"));
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let (status, headers, _) = get_with(site, "/favicon.svg").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=3600, must-revalidate"
    );
    let (_, page_headers, _) = get("/").await;
    assert!(
        page_headers
            .get(header::CACHE_CONTROL)
            .is_none_or(|v| !v.to_str().unwrap().contains("immutable")),
        "pages are never immutable"
    );
    let _ = std::fs::remove_dir_all(root);
}
