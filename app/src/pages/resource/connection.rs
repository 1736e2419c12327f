//! The connection detail page: one private endpoint connection of a private link service, with
//! its state, description, age and both ends (the service and the consumer).

use leptos::prelude::*;

use super::{PortalLink, Property, ResourceLink};
use crate::components::{PageHeader, StateBadge};
use crate::model::{ConnectionDetail, ConsumerView, age_label};

/// One connection in full.
#[component]
pub fn ConnectionDetailView(detail: ConnectionDetail) -> impl IntoView {
    let row = detail.row;
    let summary = format!(
        "Private endpoint connection of {} — {}.",
        row.resource_name, row.state
    );
    let consumer = match (&row.consumer, detail.private_endpoint_id.clone()) {
        (ConsumerView::FrontDoor { profile, profile_id, .. }, _) => {
            let profile = profile.clone();
            view! { "Front Door profile " <strong>{profile}</strong> " " <PortalLink id=profile_id.clone() label="(portal ↗)" /> }.into_any()
        }
        (ConsumerView::Endpoint { .. }, Some(id)) if detail.endpoint_known => {
            view! { "Private endpoint " <span data-testid="connection-endpoint"><ResourceLink id /></span> }.into_any()
        }
        (other, _) => other.label().into_any(),
    };
    let requested = match (row.age_seconds, row.requested_at.clone()) {
        (Some(age), Some(at)) => format!("{} ago ({at})", age_label(age)),
        (None, Some(at)) => at,
        _ => "unknown".to_owned(),
    };
    view! {
        <PageHeader title=row.name.clone() summary=summary />
        <p class="detail-links"><PortalLink id=row.id.clone() /></p>
        <section class="detail-section" aria-labelledby="connection-properties">
            <h2 id="connection-properties">"Properties"</h2>
            <dl class="properties">
                <Property term="Private link service"><span data-testid="connection-service"><ResourceLink id=row.resource_id.clone() label=row.resource_name.clone() /></span></Property>
                <Property term="Consumer">{consumer}</Property>
                <Property term="State"><StateBadge state=row.state.clone() /></Property>
                <Property term="Description"><span class="description">{row.description.clone()}</span></Property>
                <Property term="Requested">{requested}</Property>
                <Property term="Private endpoint id"><code class="mono">{detail.private_endpoint_id.clone().unwrap_or_else(|| "none".into())}</code></Property>
                <Property term="Connection id"><code class="mono">{row.id.clone()}</code></Property>
            </dl>
        </section>
    }
}
