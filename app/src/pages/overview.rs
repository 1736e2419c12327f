//! The Overview page: totals, pending work, sync status and findings.

use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};

/// The Overview page: totals, pending work, sync status and findings.
#[component]
pub fn OverviewPage() -> impl IntoView {
    view! {
        <PageHeader title="Overview" summary="Private link services, private endpoints and connection states across every subscription you can read." />
        <EmptyState title="No inventory yet" message="Link Center has not synced any subscription yet. Once the inventory is loaded, totals by connection state, the oldest pending request and per-subscription sync status appear here." />
    }
}
