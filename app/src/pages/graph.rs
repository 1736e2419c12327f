//! The Graph page: the chain from Kubernetes Service to consumer for the scope in the URL
//! (`subscription`, `cluster`, `service`, `state`, `expand`), and the side panel of the node in
//! `node=`. A server component over typed data: the summary, notes and findings, the drawing
//! (`ChainDrawing`) inside the figure's island, and the panel — which takes no room until a node
//! is chosen. Choosing a node reloads nothing but the panel when JavaScript runs (the island),
//! and is a plain link when it does not.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use crate::api::{get_graph, get_graph_node};
use crate::components::query::{graph_node, graph_scope_query, href, list_query};
use crate::components::{
    ChainDrawing, GraphFigure, PageHeader, SubscriptionSelect, ZoomTools, error_message,
    state_select,
};
use crate::model::{GraphDrawing, GraphFinding, GraphPageView, GraphPanel, scope_href};

mod panel;

use panel::{PanelLinks, panel_content};

/// The Graph page.
#[component]
pub fn GraphPage() -> impl IntoView {
    let search = use_location().search;
    let query = Memo::new(move |_| list_query(&search.get()));
    let scope = Memo::new(move |_| graph_scope_query(&query.get()));
    let graph = Resource::new(move || scope.get(), get_graph);
    let panel = Resource::new(move || query.get(), get_graph_node);
    let body = move || {
        Suspend::new(async move {
            let (figure, chosen) = (graph.await, panel.await);
            let query = query.get_untracked();
            let links = PanelLinks {
                close: scope_href(&graph_scope_query(&query)),
                back: href("/graph", &query),
            };
            let selected = graph_node(&query);
            let asked = selected.is_some();
            let (figure, figure_error) = match figure {
                Ok(page) => (Some(page), None),
                Err(error) => (None, Some(error_message(error))),
            };
            let no_error = figure_error.is_none();
            view! {
                <div class="graph-layout">
                    <div class="graph-main">
                        <p class="error-panel" role="alert" data-testid="graph-error" hidden=no_error>{figure_error}</p>
                        {figure.map(|page| graph_figure(page, selected))}
                    </div>
                    {side_panel(chosen, asked, links)}
                </div>
            }
        })
    };
    view! {
        <PageHeader title="Graph" summary="How each Kubernetes Service reaches its consumers: Service → load balancer frontend → private link service → connection → consumer (Front Door, a private endpoint)." />
        {scope_form()}
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{body}</Suspense>
    }
}

/// Summary and download, notes, findings, and the figure (or why there is none).
fn graph_figure(page: GraphPageView, selected: Option<String>) -> impl IntoView {
    let GraphPageView {
        summary,
        notes,
        findings,
        download,
        scope_query,
        drawing,
    } = page;
    let notes = notes
        .into_iter()
        .map(|note| view! { <p class="warning-panel" data-testid="graph-note">{note}</p> })
        .collect_view();
    let drawing = match drawing {
        GraphDrawing::Empty => Some(
            view! {
                <div class="empty-state" data-testid="graph-empty">
                    <h2>"Nothing to draw"</h2>
                    <p>"No private link service or private endpoint is in this scope."</p>
                </div>
            }
            .into_any(),
        ),
        GraphDrawing::TooBig { .. } => None,
        GraphDrawing::Drawn(graph) => Some(
            view! {
                <GraphFigure>
                    <ZoomTools />
                    <div class="graph-canvas" data-testid="graph-canvas">
                        <ChainDrawing graph links=scope_query selected=selected />
                    </div>
                </GraphFigure>
            }
            .into_any(),
        ),
    };
    view! {
        <div class="graph-head">
            <p class="graph-summary" data-testid="graph-summary">{summary}</p>
            <a class="button-link" href=download download="link-center-graph.svg" rel="external" data-testid="graph-download">"Download SVG"</a>
        </div>
        {notes}
        {findings_list(findings)}
        {drawing}
    }
}

/// The flagged nodes, each a link to the graph with it chosen.
fn findings_list(findings: Vec<GraphFinding>) -> Option<impl IntoView> {
    (!findings.is_empty()).then(|| {
        let items = findings
            .into_iter()
            .map(|f| view! { <li><a href=f.href data-node=f.node>{f.text}</a></li> })
            .collect_view();
        view! {
            <section class="graph-findings" data-testid="graph-findings">
                <h2>"Findings on this graph"</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}

/// The side panel: hidden (taking no room) until a node is chosen; then the node, or why not.
fn side_panel(
    chosen: Result<Option<GraphPanel>, ServerFnError>,
    asked: bool,
    links: PanelLinks,
) -> impl IntoView {
    let (content, hint) = match chosen {
        Ok(Some(panel)) => (Some(panel_content(panel, links)), None),
        Ok(None) if asked => (
            None,
            Some("That node is not on this graph any more.".to_owned()),
        ),
        Ok(None) => (None, None),
        Err(error) => (None, Some(error_message(error))),
    };
    let hidden = content.is_none() && hint.is_none();
    view! {
        <aside class="graph-panel" aria-label="Node details" aria-live="polite" data-testid="graph-panel" hidden=hidden>
            {hint.map(|hint| view! { <p class="muted" data-testid="graph-panel-hint">{hint}</p> })}
            {content}
        </aside>
    }
}

/// Subscriptions and state as a plain GET form (a full load: the graph is drawn by the server
/// anyway); a chosen cluster, service or expanded groups ride along as hidden fields.
fn scope_form() -> impl IntoView {
    let query = use_query_map();
    let hidden = move || {
        query.with(|q| {
            ["cluster", "service", "expand"]
                .into_iter()
                .flat_map(|key| {
                    q.get_all(key)
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|v| !v.is_empty())
                        .map(move |value| view! { <input type="hidden" name=key value=value /> })
                })
                .collect_view()
        })
    };
    view! {
        <form method="get" action="/graph">
            <div class="filter-bar" role="search" aria-label="Graph scope">
                <SubscriptionSelect />
                {state_select()}
                {hidden}
                <div class="filter-actions">
                    <button type="submit">"Apply"</button>
                    <a href="/graph">"Whole estate"</a>
                </div>
            </div>
        </form>
    }
}
