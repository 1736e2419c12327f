//! A connection state shown as text plus a class, so colour is never the only signal.

use leptos::prelude::*;

/// The state's text in a badge coloured by `state-<state>` (unknown states get `state-other`).
#[component]
pub fn StateBadge(
    /// Pending, Approved, Rejected, Disconnected, or what ARM said.
    #[prop(into)]
    state: String,
) -> impl IntoView {
    state_badge(state)
}

/// `StateBadge` as a plain function, for table rows (see `resource_link`).
pub fn state_badge(state: String) -> impl IntoView + use<> {
    let class = format!("state {}", state_class(&state));
    view! { <span class=class>{state}</span> }
}

/// The CSS class for a state.
pub fn state_class(state: &str) -> &'static str {
    match state.to_ascii_lowercase().as_str() {
        "pending" => "state-pending",
        "approved" => "state-approved",
        "rejected" => "state-rejected",
        "disconnected" => "state-disconnected",
        _ => "state-other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_map_to_classes_ignoring_case() {
        assert_eq!(state_class("PENDING"), "state-pending");
        assert_eq!(state_class("Rejected"), "state-rejected");
        assert_eq!(state_class("Timeout"), "state-other");
    }
}
