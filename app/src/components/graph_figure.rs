//! A chain graph figure: the server's markup (summary, notes, findings, zoom tools and the SVG
//! drawing, whose nodes are links with accessible names — complete without JavaScript), hydrated
//! for interaction by one listener on the figure: hovering or focusing a node lights its whole
//! chain and dims the rest; clicking a node chooses it (`?node=`) without a reload or a jump to
//! the top; the zoom buttons and the `+` `-` `0` keys zoom; dragging the background pans. The
//! figure's markup is a single string, so this costs the bundle little whatever it draws.

use leptos::html::Div;
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
mod live;
mod zoom;

/// The figure, and the node to mark as chosen.
#[component]
pub fn GraphFigure(
    /// The markup, drawn and escaped by the server.
    html: String,
    /// The chosen node's id (`data-id`), marked on the drawing.
    #[prop(optional, into)]
    selected: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let figure = NodeRef::<Div>::new();
    #[cfg(feature = "hydrate")]
    live::attach(figure, selected);
    #[cfg(not(feature = "hydrate"))]
    let _ = selected;
    view! { <div class="graph-figure" node_ref=figure inner_html=html></div> }
}
