//! The Graph page's data on the demo estate: its summary, findings and their links, the drawing
//! or why there is none, the panel of each kind of node, and the small graph on detail pages.

use app::components::query::encode;
use app::model::{GraphDrawing, SectionBody, Value};
use emulator::estate::demo::{CONTOSO_PLATFORM, MY_PLS_ID};

use super::*;
use crate::inventory::join::tests::demo_now;
use crate::views::Record;
use crate::views::test_support::{demo_views, views_of};

/// myPLS's node id: its kind and its id in lower case.
fn my_pls_node() -> String {
    format!("pls:{}", MY_PLS_ID.to_ascii_lowercase())
}

/// The drawing of a page, which must be drawn.
fn drawn(page: &GraphPageView) -> &GraphView {
    match &page.drawing {
        GraphDrawing::Drawn(view) => view,
        other => panic!("drawn, not {other:?}"),
    }
}

/// The id of the node labelled `label` on the page's drawing.
fn node_id_of(page: &GraphPageView, label: &str) -> String {
    drawn(page)
        .nodes
        .iter()
        .find(|n| n.label == label)
        .unwrap_or_else(|| panic!("no node {label}"))
        .id
        .clone()
}

/// The parameters of a Graph page link by name, read with a URL decoder of its own (not the
/// pages').
fn params_of(href: &str) -> Vec<(String, String)> {
    let query = href
        .strip_prefix("/graph?")
        .unwrap_or_else(|| panic!("{href} leads to the Graph page"));
    let mut params: Vec<_> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    params.sort();
    params
}

fn panel_of(views: &Views, raw: &str) -> ResourceView {
    panel(views, raw, demo_now())
        .unwrap()
        .unwrap_or_else(|| panic!("no panel for {raw}"))
}

#[test]
fn the_node_is_split_from_the_scope_and_blanks_are_dropped() {
    let raw = format!("state=Pending&node=pls%3Ax&subscription=&service={MY_PLS_ID}");
    let request = GraphRequest::parse(&raw).unwrap();
    assert_eq!(request.node.as_deref(), Some("pls:x"));
    assert_eq!(
        request.scope_query,
        "service=%2Fsubscriptions%2F6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51\
         %2FresourceGroups%2FMC_rg-aks-prod_aks-prod-weu_westeurope%2Fproviders\
         %2FMicrosoft.Network%2FprivateLinkServices%2FmyPLS&state=Pending"
    );
    assert_eq!(
        request.scope.service.as_ref().map(|s| s.name()),
        Some("myPLS")
    );
    assert!(GraphRequest::parse("colour=red").is_err());
}

#[test]
fn the_demo_page_sums_up_the_estate_and_lists_its_findings_with_their_nodes() {
    let views = demo_views();
    let page = page(&views, "").unwrap();
    assert_eq!(
        page.summary,
        "3 private link services, 4 PaaS targets, 14 connections, 13 consumers."
    );
    assert_eq!(page.download, "/export/graph.svg");
    assert_eq!(page.scope_query, "");
    assert_eq!(drawn(&page).nodes.len(), 40, "the demo's chains");
    let texts: Vec<&str> = page.findings.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "pls-reports-legacy: frontend missing: chain broken",
            "stcontosoexports: public network access on",
            "origin super-api-weu: Front Door waits for approval",
            "afd-contoso: Front Door waits for approval",
            "pe-ledger-super-api: subscription not readable",
            "pe-woodgrove-legacy-export: left behind: reaches nothing",
            "pe-woodgrove-super-api: left behind: reaches nothing",
            "pe-fabrikam-orders-sql: private DNS misconfigured",
            "pe-batch-exports-blob: private DNS misconfigured",
            "pe-fabrikam-exports-blob: private DNS misconfigured",
        ]
    );
    for finding in &page.findings {
        assert_eq!(
            params_of(&finding.href),
            [("node".to_owned(), finding.node.clone())],
            "{}: the link chooses its node",
            finding.text
        );
    }
    assert!(
        page.findings[0].node.starts_with("frontend:"),
        "{:?}",
        page.findings[0]
    );
}

#[test]
fn a_scoped_page_names_its_scope_and_keeps_it_in_links_and_the_download() {
    let views = demo_views();
    let raw = format!("subscription={CONTOSO_PLATFORM}&state=Pending");
    let page = page(&views, &raw).unwrap();
    assert!(
        page.summary
            .ends_with("in Contoso Platform Prod, Pending only."),
        "{}",
        page.summary
    );
    assert_eq!(page.download, format!("/export/graph.svg?{raw}"));
    assert_eq!(page.scope_query, raw);
    let finding = page.findings.first().expect("a pending Front Door request");
    assert!(
        finding.href.starts_with(&format!(
            "/graph?subscription={CONTOSO_PLATFORM}&state=Pending&node="
        )),
        "{}",
        finding.href
    );
}

#[test]
fn a_scope_too_large_for_a_page_is_not_drawn_but_explained() {
    let views = views_of(&emulator::estate::scale::scaled(60));
    let page = page(&views, "").unwrap();
    let GraphDrawing::TooBig { nodes } = page.drawing else {
        panic!("too big to draw: {:?}", page.notes);
    };
    assert!(nodes > MAX_PAGE_NODES, "{nodes}");
    assert!(
        page.notes.iter().any(|n| n.starts_with(&format!(
            "This scope holds {nodes} nodes, more than a page can draw legibly (1500)"
        ))),
        "{:?}",
        page.notes
    );
}

#[test]
fn a_private_link_service_node_shows_its_detail_without_the_connection_table() {
    let views = demo_views();
    let panel = panel_of(&views, &format!("node={}", encode(&my_pls_node())));
    assert_eq!(panel.title, "myPLS");
    assert!(panel.id.eq_ignore_ascii_case(MY_PLS_ID));
    assert!(
        panel.connections().is_none(),
        "the table stays on the detail page"
    );
    assert!(
        !panel
            .sections
            .iter()
            .any(|s| matches!(s.body, SectionBody::Graph { .. })),
        "no small graph beside the large one"
    );
    assert!(matches!(
        panel.prop("Detail page"),
        Some(Value::Resource { test_id: Some(t), .. }) if t == "panel-detail-link"
    ));
}

#[test]
fn a_broken_chain_node_shows_its_finding_first() {
    let views = demo_views();
    let page = page(&views, "").unwrap();
    let node = node_id_of(&page, "pls-reports-legacy");
    let panel = panel_of(&views, &format!("node={}", encode(&node)));
    assert!(
        panel.sections.iter().any(|s| matches!(
            &s.body,
            SectionBody::Note { text, warning: true } if text.contains("broken")
        )),
        "{:?}",
        panel.sections
    );
    let frontend = node_id_of(&page, "Frontend missing");
    let panel = panel_of(&views, &format!("node={}", encode(&frontend)));
    assert!(matches!(
        &panel.sections[0].body,
        SectionBody::Note { text, warning: true } if text == "frontend missing: chain broken"
    ));
}

#[test]
fn a_node_without_a_detail_page_shows_its_lines() {
    let views = demo_views();
    let node = node_id_of(&page(&views, "").unwrap(), "default/super-api");
    let panel = panel_of(&views, &format!("node={}", encode(&node)));
    assert_eq!(panel.title, "default/super-api");
    assert!(matches!(
        panel.prop("Kubernetes Service"),
        Some(Value::Many(lines)) if lines.contains(&Value::Text("on aks-prod-weu".into()))
    ));
}

#[test]
fn a_group_node_expands_in_the_same_scope() {
    let views = views_of(&emulator::estate::scale::scaled(3));
    let page = page(&views, "state=Approved").unwrap();
    let group = drawn(&page)
        .nodes
        .iter()
        .find_map(|n| n.group.as_ref())
        .expect("scaled(3) has a service with more than 12 approved connections");
    let expanded = super::page(
        &views,
        &format!("state=Approved&expand={}", encode(&group.key)),
    )
    .unwrap();
    let before = drawn(&page).nodes.len();
    let after = drawn(&expanded);
    assert!(
        after.nodes.len() > before,
        "{} > {before}",
        after.nodes.len()
    );
    assert!(
        after
            .nodes
            .iter()
            .all(|n| n.group.as_ref().is_none_or(|g| g.key != group.key)),
        "the expanded group is drawn one by one, not as a group"
    );
}

#[test]
fn no_panel_without_a_node_or_for_one_not_on_the_graph() {
    let views = demo_views();
    assert_eq!(panel(&views, "", demo_now()).unwrap(), None);
    assert_eq!(panel(&views, "node=pls%3Agone", demo_now()).unwrap(), None);
    assert!(panel(&views, "state=Maybe&node=x", demo_now()).is_err());
}

/// The small graph of detail page `id`, if it has one: its view and scope.
fn small_graph(views: &Views, id: &str) -> Option<(GraphView, String)> {
    detail::resource(views, id, demo_now())
        .unwrap()
        .unwrap()
        .sections
        .into_iter()
        .find_map(|s| match s.body {
            SectionBody::Graph { view, scope_query } => Some((view, scope_query)),
            _ => None,
        })
}

fn labels(view: &GraphView) -> Vec<&str> {
    view.nodes.iter().map(|n| n.label.as_str()).collect()
}

#[test]
fn a_private_link_service_page_carries_the_small_graph_of_its_chain_only() {
    let views = demo_views();
    let (view, scope) = small_graph(&views, MY_PLS_ID).expect("myPLS's page has a chain graph");
    assert_eq!(scope, format!("service={}", encode(MY_PLS_ID)));
    let labels = labels(&view);
    for label in ["default/super-api", "myPLS", "afd-contoso"] {
        assert!(labels.contains(&label), "{label}: {labels:?}");
    }
    assert!(
        !labels.contains(&"pls-reports-legacy"),
        "only myPLS's chain"
    );
}

#[test]
fn an_endpoint_page_carries_the_graph_of_the_service_or_paas_resource_it_reaches() {
    let views = demo_views();
    let to_pls = views
        .endpoints
        .rows()
        .iter()
        .map(Record::wire)
        .find(|e| e.name == "pe-fabrikam-super-api")
        .unwrap();
    let (view, scope) =
        small_graph(&views, &to_pls.id).expect("a PE reaching myPLS shows its chain");
    assert_eq!(scope, format!("service={}", encode(MY_PLS_ID)));
    assert!(labels(&view).contains(&"myPLS"));
    let to_paas = views
        .endpoints
        .rows()
        .iter()
        .map(Record::wire)
        .find(|e| e.target_kind.contains("SQL") || e.target_kind.contains("Sql"))
        .unwrap_or_else(|| panic!("a PE to a SQL server in the demo"));
    let (view, _) =
        small_graph(&views, &to_paas.id).expect("a PE reaching the SQL server shows its chain");
    assert!(
        labels(&view).contains(&"sql-contoso-orders"),
        "{:?}",
        labels(&view)
    );
    assert!(!labels(&view).contains(&"myPLS"));
}

#[test]
fn an_unknown_subscription_is_named_not_drawn_as_an_empty_graph() {
    let views = demo_views();
    let error = page(&views, "subscription=nope").unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown subscription 'nope': it is none of the 5 subscriptions Link Center reads (see /api/v1/subscriptions)"
    );
    assert!(panel(&views, "subscription=nope&node=x", demo_now()).is_err());
    let known = format!("subscription={}", CONTOSO_PLATFORM.to_uppercase());
    assert!(page(&views, &known).is_ok(), "a known one, in any case");
}
