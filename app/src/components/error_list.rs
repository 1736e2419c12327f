//! What the error boundary shows instead of a blank page: each error as a readable message.

use leptos::prelude::*;

/// Lists the errors caught by an `ErrorBoundary`.
#[component]
pub fn ErrorList(
    /// The boundary's errors.
    errors: ArcRwSignal<Errors>,
) -> impl IntoView {
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| view! { <li>{error.to_string()}</li> })
            .collect_view()
    };
    view! {
        <section class="error-panel" role="alert">
            <h2>"Something went wrong"</h2>
            <ul>{messages}</ul>
            <p>"Reload the page to try again. If it keeps happening, the server log has the details."</p>
        </section>
    }
}
