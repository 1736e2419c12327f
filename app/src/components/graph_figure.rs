//! A chain graph figure: the island `GraphFigure` around the server-rendered drawing (and, on
//! the Graph page, its zoom tools). Complete without JavaScript — nodes are links to `?node=`.
//! In the browser the island wires one listener to its root: hovering or focusing a node lights
//! its whole chain and dims the rest; choosing a node (click, Enter) on the Graph page loads its
//! side panel in place and pushes the URL; Esc closes the panel; the zoom buttons and the `+`
//! `-` `0` keys zoom, keeping the chosen node in view; dragging the background pans. Its props
//! are only its children, so it costs the bundle nothing whatever it draws.

use leptos::html::Div;
use leptos::prelude::*;

use super::ChainDrawing;
use crate::model::{GraphView, scope_href};

#[cfg(feature = "hydrate")]
mod live;
#[cfg(feature = "hydrate")]
mod panel;
mod zoom;

/// The figure: its children are drawn by the server; the browser adds the interaction.
#[island]
pub fn GraphFigure(children: Children) -> impl IntoView {
    let figure = NodeRef::<Div>::new();
    #[cfg(feature = "hydrate")]
    live::attach(figure);
    view! { <div class="graph-figure" node_ref=figure>{children()}</div> }
}

/// The zoom tools, `hidden` until the island that runs them shows them.
#[component]
pub fn ZoomTools() -> impl IntoView {
    view! {
        <div class="graph-zoom" role="group" aria-label="Zoom" data-zoom-tools="" hidden=true>
            <button type="button" data-zoom="out" aria-label="Zoom out" data-testid="zoom-out">"−"</button>
            <span class="graph-zoom-level" data-zoom-level="" data-testid="zoom-level">"100 %"</span>
            <button type="button" data-zoom="in" aria-label="Zoom in" data-testid="zoom-in">"+"</button>
            <button type="button" data-zoom="reset">"100 %"</button>
            <button type="button" data-zoom="fit">"Fit"</button>
            <span class="muted">"Hover or focus a node to light its chain; drag to pan; + − 0 zoom; Esc closes the details."</span>
        </div>
    }
}

/// The small graph of a detail page: one service's chain, its nodes linking to the Graph page
/// of `scope_query`, and a link to that page.
#[component]
pub fn MiniGraph(
    /// The laid-out graph.
    graph: GraphView,
    /// The Graph page's scope (`service=…`).
    scope_query: String,
) -> impl IntoView {
    let open = scope_href(&scope_query);
    view! {
        <GraphFigure>
            <div class="graph-canvas compact" data-testid="mini-graph">
                <ChainDrawing graph links=scope_query />
            </div>
        </GraphFigure>
        <p><a href=open data-testid="open-graph">"Open in the Graph page →"</a></p>
    }
}
