//! The Private link services page: one row per PLS.

use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};

/// The Private link services page: one row per PLS.
#[component]
pub fn ServicesPage() -> impl IntoView {
    view! {
        <PageHeader title="Private link services" summary="Every private link service, its load balancer frontend, owner Kubernetes Service and connection counts." />
        <EmptyState title="No private link services" message="No private link service has been found in the synced subscriptions." />
    }
}
