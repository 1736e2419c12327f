//! The message a list shows when it has nothing to show.

use leptos::prelude::*;

/// A bordered panel with a heading and an explanation.
#[component]
pub fn EmptyState(
    /// The short headline, e.g. "No pending connections".
    #[prop(into)]
    title: String,
    /// What it means and what to do about it.
    #[prop(into)]
    message: String,
) -> impl IntoView {
    view! {
        <section class="empty-state" aria-live="polite">
            <h2>{title}</h2>
            <p>{message}</p>
        </section>
    }
}
