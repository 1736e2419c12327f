//! The Graph page: the chain from Kubernetes Service to consumer for the scope in the URL
//! (`subscription`, `cluster`, `service`, `state`, `expand`); the side panel of the node in
//! `node=`. Both arrive as markup rendered on the server — the figure by the server's graph
//! module, the panel by `panel_html` from the detail pages' own components — so the page costs
//! the browser bundle two string resources and the figure's listener, however much it draws.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use super::resource::decode_path;
use crate::api::{get_graph, get_graph_node};
use crate::components::query::{list_query, param, with_params};
use crate::components::{GraphFigure, PageHeader, SubscriptionSelect, error_message, state_select};

const PANEL_HINT: &str = "Choose a node to see its details. Hover or focus one to light its chain.";

/// The Graph page.
#[component]
pub fn GraphPage() -> impl IntoView {
    let search = use_location().search;
    let scope = Memo::new(move |_| with_params(&list_query(&search.get()), &[("node", None)]));
    let chosen = Memo::new(move |_| {
        param(&search.get(), "node").map(|raw| decode_path(&raw.replace('+', " ")))
    });
    let graph = Resource::new(move || scope.get(), get_graph);
    let panel = Resource::new(move || list_query(&search.get()), get_graph_node);
    let markup = |result: Result<String, ServerFnError>| match result {
        Ok(html) => (html, None),
        Err(error) => (String::new(), Some(error_message(error))),
    };
    let figure = move || {
        graph.get().map(markup).map(|(html, error)| {
            let hidden = error.is_none();
            view! {
                <p class="error-panel" role="alert" data-testid="graph-error" hidden=hidden>{error}</p>
                <GraphFigure html selected=chosen />
            }
        })
    };
    let side = move || {
        panel.get().map(markup).map(|(html, error)| {
            let hint = match (&error, html.is_empty(), chosen.get().is_some()) {
                (Some(error), ..) => error.clone(),
                (None, true, true) => "That node is not on this graph any more.".to_owned(),
                (None, true, false) => PANEL_HINT.to_owned(),
                (None, false, _) => String::new(),
            };
            let hidden = hint.is_empty();
            view! {
                <p class="muted" data-testid="graph-panel-hint" hidden=hidden>{hint}</p>
                <div inner_html=html></div>
            }
        })
    };
    view! {
        <PageHeader title="Graph" summary="How each Kubernetes Service reaches its consumers: Service → load balancer frontend → private link service → connection → consumer (Front Door, a private endpoint)." />
        {scope_form()}
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            <div class="graph-layout">
                <div class="graph-main">{figure}</div>
                <aside class="graph-panel" aria-label="Node details" aria-live="polite" data-testid="graph-panel">{side}</aside>
            </div>
        </Transition>
    }
}

/// The side panel of a node as markup, from the detail pages' components: title, close link
/// (back to `scope`), summary, portal link, the actions on a connection (when `back` is given:
/// the user may act, and returns there), and sections.
#[cfg(feature = "ssr")]
pub fn panel_html(view: crate::model::ResourceView, scope: &str, back: Option<&str>) -> String {
    use super::resource::section;
    use crate::components::PortalLink;
    use crate::components::action_links;
    use crate::components::query::href;

    let actions = back
        .filter(|_| view.is_connection())
        .zip(view.state().map(str::to_owned))
        .map(|(back, state)| {
            view! {
                <p class="panel-actions" data-testid="panel-actions">
                    {action_links(&view.id, &state, back, "panel")}
                </p>
            }
        });

    let crate::model::ResourceView {
        id,
        title,
        summary,
        sections,
    } = view;
    let portal = (!id.is_empty()).then(|| view! { <PortalLink id /> });
    view! {
        <div class="graph-panel-head">
            <h2 data-testid="graph-panel-title">{title}</h2>
            <a href=href("/graph", scope) aria-label="Close the details">"✕"</a>
        </div>
        <p class="muted">{summary}</p>
        {portal}
        {actions}
        {sections.into_iter().map(|s| section(s, back.unwrap_or(scope))).collect_view()}
    }
    .to_html()
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
