//! The 404 page for paths no route matches; the server answers it with status 404.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::PageHeader;

/// Says the page does not exist and offers the way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let path = use_location().pathname;
    view! {
        <PageHeader title="Page not found" summary="There is no page at this address." />
        <section class="empty-state" data-testid="not-found">
            <p>"Nothing lives at " <code>{move || path.get()}</code> "."</p>
            <p><a href="/">"Go to the Overview"</a></p>
        </section>
    }
}
