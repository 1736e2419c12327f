//! The Graph page's data on the demo estate: linked nodes, findings, the panel of each kind of
//! node, the large-scope cut-off, and the small graph on detail pages.

use app::model::{SectionBody, Value};
use emulator::estate::demo::{CONTOSO_PLATFORM, MY_PLS_ID};

use super::*;
use crate::chain::svg::encode;
use crate::inventory::join::tests::demo_now;
use crate::views::test_support::{demo_views, views_of};

fn node_id_of(views: &Views, raw: &str, label: &str) -> String {
    let request = GraphRequest::parse(raw).unwrap();
    let view = chain::layout(&chain::build(&views.snapshot, &request.scope));
    view.nodes
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

/// `(data-id, href)` of each node link of a page's drawing.
fn node_links(svg: &str) -> Vec<(String, String)> {
    let tree = roxmltree::Document::parse(svg).expect("the page's SVG is XML");
    tree.descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| Some((n.attribute("data-id")?.into(), n.attribute("href")?.into())))
        .collect()
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
    assert!(
        request
            .scope_query
            .starts_with("state=Pending&service=%2Fsubscriptions%2F")
    );
    assert!(!request.scope_query.contains("node"));
    assert_eq!(
        request.scope.service.as_ref().map(|s| s.name()),
        Some("myPLS")
    );
    assert!(GraphRequest::parse("colour=red").is_err());
}

#[test]
fn the_demo_page_links_every_node_to_itself_chosen_and_lists_the_findings() {
    let views = demo_views();
    let page = page(&views, "").unwrap();
    assert_eq!(page.nodes, 32, "the demo's chains");
    let links = node_links(&page.svg);
    assert_eq!(links.len(), 32, "every node is a link");
    for (id, href) in &links {
        assert_eq!(
            params_of(href),
            [("node".to_owned(), id.clone())],
            "{href} chooses its own node"
        );
    }
    assert!(links.iter().any(|(_, href)| href
        == "/graph?node=pls%3A%2Fsubscriptions%2F6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51\
            %2Fresourcegroups%2Fmc_rg-aks-prod_aks-prod-weu_westeurope%2Fproviders\
            %2Fmicrosoft.network%2Fprivatelinkservices%2Fmypls"));
    let tree = roxmltree::Document::parse(&page.svg).unwrap();
    assert!(
        tree.descendants()
            .filter(|n| n.has_tag_name("a"))
            .all(|n| !n.attribute("aria-label").unwrap_or_default().is_empty()),
        "every link has an accessible name"
    );
    let texts: Vec<&str> = page.findings.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "pls-reports-legacy: frontend missing: chain broken",
            "origin super-api-weu: Front Door waits for approval",
            "afd-contoso: Front Door waits for approval",
            "pe-ledger-super-api: subscription not readable",
        ]
    );
    for (text, link) in &page.findings {
        assert!(
            links.iter().any(|(_, href)| href == link),
            "{text}: {link} chooses a node of the drawing"
        );
    }
    let markup = format!("<figure>{}</figure>", page.html());
    let figure = roxmltree::Document::parse(&markup).expect("the figure's markup is well-formed");
    let finding_links = figure
        .descendants()
        .filter(|n| n.has_tag_name("li"))
        .count();
    assert_eq!(finding_links, 4, "one list item per finding");
    assert!(
        figure
            .descendants()
            .any(|n| n.attribute("data-testid") == Some("graph-canvas"))
    );
    assert_eq!(page.download, "/export/graph.svg");
    assert!(page.summary.contains("connections"), "{}", page.summary);
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
    assert!(page.svg.contains(&format!(
        "href=\"/graph?subscription={CONTOSO_PLATFORM}&amp;state=Pending&amp;node="
    )));
}

#[test]
fn a_scope_too_large_for_a_page_is_not_drawn_but_explained() {
    let views = views_of(&emulator::estate::scale::scaled(60));
    let page = page(&views, "").unwrap();
    assert!(page.nodes > MAX_PAGE_NODES, "{}", page.nodes);
    assert!(page.svg.is_empty());
    assert!(!page.html().contains("graph-canvas"));
    assert!(
        page.notes
            .iter()
            .any(|n| n.contains("more than a page can draw")),
        "{:?}",
        page.notes
    );
}

#[test]
fn a_private_link_service_node_shows_its_detail_without_the_connection_table() {
    let views = demo_views();
    let node = node_id_of(&views, "", "myPLS");
    let panel = panel_of(&views, &format!("node={node}"));
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
            .any(|s| matches!(s.body, SectionBody::Graph(_))),
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
    let node = node_id_of(&views, "", "pls-reports-legacy");
    let panel = panel_of(&views, &format!("node={node}"));
    assert!(
        panel.sections.iter().any(|s| matches!(
            &s.body,
            SectionBody::Note { text, warning: true } if text.contains("broken")
        )),
        "{:?}",
        panel.sections
    );
    let frontend = node_id_of(&views, "", "Frontend missing");
    let panel = panel_of(&views, &format!("node={}", encode(&frontend)));
    assert!(matches!(
        &panel.sections[0].body,
        SectionBody::Note { text, warning: true } if text == "frontend missing: chain broken"
    ));
}

#[test]
fn a_node_without_a_detail_page_shows_its_lines() {
    let views = demo_views();
    let node = node_id_of(&views, "", "default/super-api");
    let panel = panel_of(&views, &format!("node={node}"));
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
    let (group, href) = node_links(&page.svg)
        .into_iter()
        .find(|(id, _)| id.starts_with("group:"))
        .expect("scaled(3) has a service with more than 12 approved connections");
    assert_eq!(
        params_of(&href),
        [
            ("expand".to_owned(), group.clone()),
            ("state".to_owned(), "Approved".to_owned())
        ],
        "the group links to its expansion in the same scope"
    );
    let expanded = super::page(&views, href.strip_prefix("/graph?").unwrap()).unwrap();
    assert!(
        expanded.nodes > page.nodes,
        "{} > {}",
        expanded.nodes,
        page.nodes
    );
    let drawn = node_links(&expanded.svg);
    assert!(!drawn.is_empty(), "the expansion is drawn");
    assert!(
        drawn.iter().all(|(id, _)| *id != group),
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

#[test]
fn a_private_link_service_page_carries_its_small_graph() {
    let views = demo_views();
    let detail = detail::resource(&views, MY_PLS_ID, demo_now())
        .unwrap()
        .unwrap();
    let Some(SectionBody::Graph(svg)) = detail
        .sections
        .iter()
        .map(|s| &s.body)
        .find(|b| matches!(b, SectionBody::Graph(_)))
    else {
        panic!("myPLS's page has a chain graph");
    };
    assert!(svg.contains("href=\"/graph?service=%2Fsubscriptions%2F"));
    assert!(svg.contains("default/super-api") && svg.contains("myPLS"));
    assert!(!svg.contains("pls-reports-legacy"), "only myPLS's chain");
}

#[test]
fn an_endpoint_page_carries_the_graph_of_the_service_it_reaches_and_a_paas_one_none() {
    let views = demo_views();
    let graph_of = |id: &str| {
        detail::resource(&views, id, demo_now())
            .unwrap()
            .unwrap()
            .sections
            .into_iter()
            .find_map(|s| match s.body {
                SectionBody::Graph(svg) => Some(svg),
                _ => None,
            })
    };
    let to_pls = views
        .endpoints
        .rows()
        .iter()
        .find(|e| e.name == "pe-fabrikam-super-api")
        .unwrap();
    let svg = graph_of(&to_pls.id).expect("a PE reaching myPLS shows its chain");
    assert!(svg.contains("myPLS") && svg.contains("default/super-api"));
    let to_paas = views
        .endpoints
        .rows()
        .iter()
        .find(|e| e.target_kind.contains("SQL") || e.target_kind.contains("Sql"))
        .unwrap_or_else(|| panic!("a PE to a SQL server in the demo"));
    assert_eq!(graph_of(&to_paas.id), None, "no PLS, no chain graph");
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
