//! The title block at the top of each page, which also names the browser tab.

use leptos::prelude::*;
use leptos_meta::Title;

/// The page's `<h1>`, its one-line purpose, and the document title.
#[component]
pub fn PageHeader(
    /// The page title.
    #[prop(into)]
    title: String,
    /// One sentence on what the page is for.
    #[prop(into)]
    summary: String,
) -> impl IntoView {
    view! {
        <Title text=title.clone() />
        <header class="page-header">
            <h1>{title}</h1>
            <p class="page-summary">{summary}</p>
        </header>
    }
}
