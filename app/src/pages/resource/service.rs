//! The private link service detail page: properties, the frontend it publishes (or the warning
//! that it is gone), NAT IP configurations, and every connection with its consumer.

use leptos::prelude::*;

use super::{PortalLink, Property, list_or_none};
use crate::components::PageHeader;
use crate::model::{FrontendView, NatIpView, ServiceDetail};
use crate::pages::connections::connections_table;

/// One private link service in full.
#[component]
pub fn ServiceDetailView(detail: ServiceDetail) -> impl IntoView {
    let row = detail.row;
    let c = row.counts;
    let summary = format!(
        "Private link service in {} / {} ({}) — {} connections: {} pending, {} approved, {} rejected, {} disconnected.",
        row.subscription_name,
        row.resource_group,
        row.location,
        c.total(),
        c.pending,
        c.approved,
        c.rejected,
        c.disconnected
    );
    let cluster = match row.cluster_id.clone() {
        Some(id) => {
            let name = row.cluster.clone().unwrap_or_default();
            view! { {name} " " <PortalLink id=id label="(portal ↗)" /> }.into_any()
        }
        None => "unknown".into_any(),
    };
    let connections = if detail.connections.is_empty() {
        view! { <p class="muted">"No connection has been requested yet."</p> }.into_any()
    } else {
        connections_table(
            "Connections of this private link service",
            detail.connections,
        )
    };
    view! {
        <PageHeader title=row.name.clone() summary=summary />
        <p class="detail-links">
            <PortalLink id=row.id.clone() />
            " · "
            <a href=format!("/connections?q={}", row.name)>"Find its connections in the Connections list"</a>
        </p>
        <section class="detail-section" aria-labelledby="pls-properties">
            <h2 id="pls-properties">"Properties"</h2>
            <dl class="properties">
                <Property term="Resource id"><code class="mono">{row.id.clone()}</code></Property>
                <Property term="Subscription">{row.subscription_name.clone()} " (" <span class="mono">{row.subscription_id.clone()}</span> ")"</Property>
                <Property term="Alias"><span class="mono" data-testid="pls-alias">{row.alias.clone().unwrap_or_else(|| "none".into())}</span></Property>
                <Property term="Visibility">{list_or_none(&row.visibility)}</Property>
                <Property term="Auto-approval">{list_or_none(&row.auto_approval)}</Property>
                <Property term="FQDNs">{list_or_none(&detail.fqdns)}</Property>
                <Property term="PROXY protocol">{if detail.proxy_protocol { "on" } else { "off" }}</Property>
                <Property term="Provisioning state">{detail.provisioning_state.clone().unwrap_or_else(|| "unknown".into())}</Property>
                <Property term="Kubernetes Service">{row.owner_service.clone().unwrap_or_else(|| "not owned by a Kubernetes Service".into())}</Property>
                <Property term="AKS cluster">{cluster}</Property>
            </dl>
        </section>
        <Frontend frontend=detail.frontend />
        <NatIps rows=detail.nat_ips />
        <section class="detail-section" aria-labelledby="pls-connections">
            <h2 id="pls-connections">"Connections"</h2>
            {connections}
        </section>
    }
}

#[component]
fn Frontend(frontend: FrontendView) -> impl IntoView {
    let body = match (frontend.state.as_str(), frontend.id.clone()) {
        ("found", Some(id)) => {
            let lb = frontend.load_balancer_id.clone().unwrap_or_default();
            view! {
                <dl class="properties">
                    <Property term="Frontend IP configuration">{super::id_name(&id).to_owned()} " " <PortalLink id=id label="(portal ↗)" /></Property>
                    <Property term="Load balancer">{super::id_name(&lb).to_owned()} " " <PortalLink id=lb label="(portal ↗)" /></Property>
                    <Property term="Private IP">{frontend.private_ip.clone().unwrap_or_else(|| "dynamic".into())}</Property>
                    <Property term="Rules">{list_or_none(&frontend.ports)}</Property>
                </dl>
            }
            .into_any()
        }
        ("missing", Some(id)) => view! {
            <p class="warning-panel" role="alert" data-testid="frontend-missing">
                "The chain is broken: its load balancer frontend " <code class="mono">{id}</code>
                " no longer exists, so consumers reach nothing."
            </p>
        }
        .into_any(),
        ("notVisible", Some(id)) => view! {
            <p class="muted">"Its frontend " <code class="mono">{id}</code> " is in a subscription Link Center cannot read."</p>
        }
        .into_any(),
        _ => view! { <p class="muted">"It names no load balancer frontend."</p> }.into_any(),
    };
    view! {
        <section class="detail-section" aria-labelledby="pls-frontend">
            <h2 id="pls-frontend">"Load balancer frontend"</h2>
            {body}
        </section>
    }
}

#[component]
fn NatIps(rows: Vec<NatIpView>) -> impl IntoView {
    let body = if rows.is_empty() {
        view! { <p class="muted">"None reported."</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="resource-table">
                    <caption>"NAT IP configurations"</caption>
                    <thead>
                        <tr><th scope="col">"Name"</th><th scope="col">"Private IP"</th><th scope="col">"Allocation"</th><th scope="col">"Subnet"</th><th scope="col">"Primary"</th></tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|ip| {
                                let subnet = ip.subnet.as_deref().map(super::id_name).unwrap_or("").to_owned();
                                view! {
                                    <tr>
                                        <th scope="row">{ip.name}</th>
                                        <td class="mono">{ip.private_ip.unwrap_or_default()}</td>
                                        <td>{ip.allocation.unwrap_or_default()}</td>
                                        <td title=ip.subnet.unwrap_or_default()>{subnet}</td>
                                        <td>{if ip.primary { "yes" } else { "no" }}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="detail-section" aria-labelledby="pls-nat">
            <h2 id="pls-nat">"NAT IP configurations"</h2>
            {body}
        </section>
    }
}
