//! The private endpoint detail page: what it connects to (and the connection on that side),
//! its state, request message, subnet, addresses and DNS records.

use leptos::prelude::*;

use super::{PortalLink, Property, ResourceLink, list_or_none};
use crate::components::{PageHeader, StateBadge};
use crate::model::EndpointDetail;

/// One private endpoint in full.
#[component]
pub fn EndpointDetailView(detail: EndpointDetail) -> impl IntoView {
    let row = detail.row;
    let summary = format!(
        "Private endpoint in subscription {} / {} ({}).",
        row.subscription_id, row.resource_group, row.location
    );
    let is_pls = row.target_kind == "Private link service";
    let target = match row.target_id.clone() {
        Some(id) if is_pls && detail.provider_connection_id.is_some() => {
            view! { <span data-testid="pe-target"><ResourceLink id=id.clone() /></span> " (private link service) " <PortalLink id label="(portal ↗)" /> }.into_any()
        }
        Some(id) => {
            let name = detail.target_name.clone().unwrap_or_default();
            let kind = row.target_kind.clone();
            let groups = if row.group_ids.is_empty() { String::new() } else { format!(", {}", row.group_ids.join(", ")) };
            view! { <span data-testid="pe-target">{name}</span> " (" {kind} {groups} ") " <PortalLink id label="(portal ↗)" /> }.into_any()
        }
        None => "none".into_any(),
    };
    let provider_connection = detail.provider_connection_id.clone().map(|id| {
        view! {
            <Property term="Connection on the service">
                <span data-testid="pe-provider-connection"><ResourceLink id /></span>
            </Property>
        }
    });
    let subnet = row.subnet.clone().map_or_else(
        || "unknown".into_any(),
        |id| {
            view! { {super::id_name(&id).to_owned()} " " <PortalLink id label="(portal ↗)" /> }
                .into_any()
        },
    );
    let dns = detail
        .dns
        .iter()
        .map(|(fqdn, ips)| format!("{fqdn} → {}", ips.join(", ")))
        .collect::<Vec<_>>();
    view! {
        <PageHeader title=row.name.clone() summary=summary />
        <p class="detail-links"><PortalLink id=row.id.clone() /></p>
        <section class="detail-section" aria-labelledby="pe-properties">
            <h2 id="pe-properties">"Properties"</h2>
            <dl class="properties">
                <Property term="Resource id"><code class="mono">{row.id.clone()}</code></Property>
                <Property term="Target">{target}</Property>
                {provider_connection}
                <Property term="Connection state"><StateBadge state=row.state.clone() /></Property>
                <Property term="Approval">{if row.manual { "manual (the provider approves)" } else { "automatic" }}</Property>
                <Property term="Connection name">{detail.connection_name.clone().unwrap_or_else(|| "none".into())}</Property>
                <Property term="Request message"><span class="description">{detail.request_message.clone().unwrap_or_else(|| "none".into())}</span></Property>
                <Property term="Provider's description"><span class="description">{detail.description.clone().unwrap_or_else(|| "none".into())}</span></Property>
                <Property term="Subnet">{subnet}</Property>
                <Property term="Private IPs"><span class="mono">{list_or_none(&row.private_ips)}</span></Property>
                <Property term="DNS records"><span class="mono">{list_or_none(&dns)}</span></Property>
                <Property term="Created">{detail.created_at.clone().unwrap_or_else(|| "unknown".into())}</Property>
            </dl>
        </section>
    }
}
