//! "1–50 of 1,234" with previous and next links that keep every other query parameter.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::query::{href, page_range};

/// The position of the shown page and links to its neighbours.
#[component]
pub fn Pager(
    /// Rows matching the filters.
    total: usize,
    /// Index of the first row shown.
    offset: usize,
    /// Page size.
    limit: usize,
    /// Rows on this page.
    shown: usize,
    /// The page's query from another row (`step_query` of the list's typed query).
    step: fn(&str, usize) -> String,
) -> impl IntoView {
    let location = use_location();
    let link = move |offset: usize| {
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        href(&path, &step(&search, offset))
    };
    let previous = (offset > 0).then(|| link(offset.saturating_sub(limit)));
    let next = (offset + shown < total).then(|| link(offset + limit));
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="pager-range" data-testid="pager-range">{page_range(total, offset, shown)}</span>
            {match previous {
                Some(url) => view! { <a href=url rel="prev">"← Previous"</a> }.into_any(),
                None => view! { <span class="pager-disabled">"← Previous"</span> }.into_any(),
            }}
            {match next {
                Some(url) => view! { <a href=url rel="next">"Next →"</a> }.into_any(),
                None => view! { <span class="pager-disabled">"Next →"</span> }.into_any(),
            }}
        </nav>
    }
}
