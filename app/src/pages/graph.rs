//! The Graph page: the chain from AKS Service to Front Door.

use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};

/// The Graph page: the chain from AKS Service to Front Door.
#[component]
pub fn GraphPage() -> impl IntoView {
    view! {
        <PageHeader title="Graph" summary="How each Kubernetes Service reaches its consumers: Service → load balancer frontend → private link service → private endpoint → Front Door." />
        <EmptyState title="Nothing to draw" message="The chain graph appears here once private link services have been found." />
    }
}
