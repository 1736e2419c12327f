//! The Graph page's side panel, rendered on the server: the chosen node's title, a link that
//! closes it, summary, portal link, the actions on a connection (for approvers) and the
//! sections of its detail page. The figure's island moves a fresh copy of it into the page when
//! a node is chosen in place, so it is the same markup with and without JavaScript.

use leptos::prelude::*;

use super::super::resource::section;
use crate::components::{PortalLink, action_links};
use crate::model::{GraphPanel, ResourceView};

/// Where the panel's links lead.
pub struct PanelLinks {
    /// The Graph page of the scope, without the node: closes the panel.
    pub close: String,
    /// Where an action returns: this Graph page, with the node chosen.
    pub back: String,
}

/// The panel's content for a chosen node.
pub fn panel_content(panel: GraphPanel, links: PanelLinks) -> impl IntoView {
    let GraphPanel { node, can_act } = panel;
    let actions = can_act
        .then_some(())
        .filter(|()| node.is_connection())
        .and(node.state().map(str::to_owned))
        .map(|state| {
            view! {
                <div class="panel-actions" data-testid="panel-actions">
                    {action_links(&node.id, &state, &links.back, "panel")}
                </div>
            }
        });
    let ResourceView {
        id,
        title,
        summary,
        sections,
    } = node;
    let portal = (!id.is_empty()).then(|| view! { <PortalLink id /> });
    view! {
        <div class="graph-panel-head">
            <h2 data-testid="graph-panel-title">{title}</h2>
            <a href=links.close aria-label="Close the details" title="Close (Esc)" data-panel-close="">"✕"</a>
        </div>
        <p class="muted">{summary}</p>
        {portal}
        {actions}
        {sections.into_iter().map(|s| section(s, &links.back)).collect_view()}
    }
}
