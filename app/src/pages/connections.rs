//! The Connections page: every private endpoint connection.

use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};

/// The Connections page: every private endpoint connection.
#[component]
pub fn ConnectionsPage() -> impl IntoView {
    view! {
        <PageHeader title="Connections" summary="Every private endpoint connection in every state: Pending, Approved, Rejected and Disconnected." />
        <EmptyState title="No connections" message="No private endpoint connection has been found in the synced subscriptions." />
    }
}
