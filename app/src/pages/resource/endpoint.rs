//! The private endpoint detail page: what it connects to (and the connection on that side),
//! its state, request message, subnet, addresses and DNS records.

use leptos::prelude::*;

use super::PortalLink;
use crate::components::{PageHeader, Prop, PropertyList, Value};
use crate::model::EndpointDetail;

/// The properties of a private endpoint.
pub fn endpoint_props(detail: &EndpointDetail) -> Vec<Prop> {
    let row = &detail.row;
    let target = match &row.target_id {
        Some(id) if detail.provider_connection_id.is_some() => Value::Many(vec![
            Value::Resource {
                id: id.clone(),
                label: detail.target_name.clone().unwrap_or_default(),
                test_id: Some("pe-target"),
            },
            Value::Text("(private link service)".into()),
            Value::Portal(id.clone()),
        ]),
        Some(id) => {
            let mut kind = row.target_kind.clone();
            if !row.group_ids.is_empty() {
                kind = format!("{kind}, {}", row.group_ids.join(", "));
            }
            Value::Many(vec![
                Value::Text(detail.target_name.clone().unwrap_or_default()),
                Value::Text(format!("({kind})")),
                Value::Portal(id.clone()),
            ])
        }
        None => Value::Text("none".into()),
    };
    let mut props = vec![
        Prop::new("Resource id", Value::Mono(row.id.clone())),
        Prop::new("Target", target),
    ];
    if let Some(id) = &detail.provider_connection_id {
        props.push(Prop::new(
            "Connection on the service",
            Value::Resource {
                id: id.clone(),
                label: crate::components::id_name(id).to_owned(),
                test_id: Some("pe-provider-connection"),
            },
        ));
    }
    let dns: Vec<String> = detail
        .dns
        .iter()
        .map(|(fqdn, ips)| format!("{fqdn} → {}", ips.join(", ")))
        .collect();
    props.extend([
        Prop::new("Connection state", Value::State(row.state.clone())),
        Prop::new(
            "Approval",
            Value::Text(
                if row.manual {
                    "manual (the provider approves)"
                } else {
                    "automatic"
                }
                .into(),
            ),
        ),
        Prop::new(
            "Connection name",
            Value::text_or(detail.connection_name.clone(), "none"),
        ),
        Prop::new(
            "Request message",
            Value::text_or(detail.request_message.clone(), "none"),
        ),
        Prop::new(
            "Provider's description",
            Value::text_or(detail.description.clone(), "none"),
        ),
        Prop::new(
            "Subnet",
            row.subnet
                .as_deref()
                .map_or_else(|| Value::Text("unknown".into()), Value::named_in_portal),
        ),
        Prop::new("Private IPs", Value::list(&row.private_ips)),
        Prop::new("DNS records", Value::list(&dns)),
        Prop::new(
            "Created",
            Value::text_or(detail.created_at.clone(), "unknown"),
        ),
    ]);
    props
}

/// One private endpoint in full.
#[component]
pub fn EndpointDetailView(detail: EndpointDetail) -> impl IntoView {
    let row = &detail.row;
    let summary = format!(
        "Private endpoint in subscription {} / {} ({}).",
        row.subscription_id, row.resource_group, row.location
    );
    let (name, id) = (row.name.clone(), row.id.clone());
    let props = endpoint_props(&detail);
    view! {
        <PageHeader title=name summary=summary />
        <p class="detail-links"><PortalLink id /></p>
        <section class="detail-section">
            <h2>"Properties"</h2>
            <PropertyList props />
        </section>
    }
}
