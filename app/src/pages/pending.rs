//! The Pending connections page: requests waiting for approval.

use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};

/// The Pending connections page: requests waiting for approval.
#[component]
pub fn PendingPage() -> impl IntoView {
    view! {
        <PageHeader title="Pending connections" summary="Connection requests waiting for a decision, oldest first — Front Door's above all." />
        <EmptyState title="No pending connections" message="Nothing is waiting for approval. New requests from Front Door profiles and other subscriptions appear here." />
    }
}
