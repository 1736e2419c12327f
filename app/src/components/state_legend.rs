//! What the four connection states mean, in a disclosure under the totals and above connection
//! lists: short enough to read once, out of the way after.

use leptos::prelude::*;

use super::StateBadge;

/// The states and what each means for the consumer's traffic.
pub const STATE_MEANINGS: [(&str, &str); 4] = [
    (
        "Pending",
        "requested, waiting for the service owner's decision; no traffic flows yet.",
    ),
    (
        "Approved",
        "accepted; traffic flows through the private endpoint.",
    ),
    (
        "Rejected",
        "refused; for most resource types this is final and the consumer must create a new private endpoint.",
    ),
    (
        "Disconnected",
        "the service side removed the connection (or its endpoint went away); no traffic flows.",
    ),
];

/// The legend of connection states.
#[component]
pub fn StateLegend() -> impl IntoView {
    let items = STATE_MEANINGS
        .iter()
        .map(|(state, meaning)| {
            view! {
                <dt><StateBadge state=*state /></dt>
                <dd>{*meaning}</dd>
            }
        })
        .collect_view();
    view! {
        <details class="state-legend" data-testid="state-legend">
            <summary>"What the connection states mean"</summary>
            <dl>{items}</dl>
        </details>
    }
}
