//! The body of a list page: fetches the page of rows for the URL query, shows a loading line,
//! the error message, the empty state, or the table and the pager.

use std::future::Future;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use serde::{Serialize, de::DeserializeOwned};

use super::query::{list_query, step_query};
use super::{EmptyState, Pager};
use crate::model::Page;
use crate::model::query::Paged;

/// What a list shows when nothing matches.
#[derive(Clone, Copy, Debug)]
pub struct Empty {
    /// Headline.
    pub title: &'static str,
    /// Explanation.
    pub message: &'static str,
}

/// Loads `fetch(query)` for the page's URL query and renders the rows with `table`, which also
/// gets how many rows match over all pages; the pager steps through pages of `Q`.
pub fn list_view<Q: Paged, T, Fut>(
    fetch: impl Fn(String) -> Fut + Send + Sync + 'static,
    empty: Empty,
    table: impl Fn(Vec<T>, usize) -> AnyView + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>, ServerFnError>> + Send + 'static,
{
    // The page is the server's: the rows are fetched once, as it renders (no resource to track,
    // clone or send to the browser).
    let query = list_query(&use_location().search.get_untracked());
    let body = Suspend::new(async move {
        match fetch(query).await {
            Err(error) => view! { <ListError error /> }.into_any(),
            Ok(page) if page.items.is_empty() => {
                view! { <EmptyState title=empty.title message=empty.message /> }.into_any()
            }
            Ok(page) => {
                let step: fn(&str, usize) -> String = step_query::<Q>;
                let (total, offset, limit, shown) =
                    (page.total, page.offset, page.limit, page.items.len());
                view! {
                    {table(page.items, total)}
                    <Pager total offset limit shown step=step />
                }
                .into_any()
            }
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{body}</Suspense>
    }
}

/// The server's own message for an error it reported, else the error as text.
pub fn error_message(error: ServerFnError) -> String {
    match error {
        ServerFnError::ServerError(message) => message,
        other => other.to_string(),
    }
}

/// Why the list cannot be shown, e.g. a filter value the server does not know.
#[component]
fn ListError(error: ServerFnError) -> impl IntoView {
    let message = error_message(error);
    view! {
        <section class="error-panel" role="alert" data-testid="list-error">
            <h2>"This list cannot be shown"</h2>
            <p>{message}</p>
            <p>"Change the filters above, or clear them."</p>
        </section>
    }
}
