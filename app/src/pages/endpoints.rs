//! The Private endpoints page: one row per PE.

use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};

/// The Private endpoints page: one row per PE.
#[component]
pub fn EndpointsPage() -> impl IntoView {
    view! {
        <PageHeader title="Private endpoints" summary="Every private endpoint, what it connects to, and the state of its connection." />
        <EmptyState title="No private endpoints" message="No private endpoint has been found in the synced subscriptions." />
    }
}
