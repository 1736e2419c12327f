//! A private endpoint's page: its findings (DNS, left behind…), what it connects to (and the
//! connection on that side), its state, request message, subnet, addresses, DNS records and
//! private DNS zone groups.

use app::model::{Prop, ResourceView, Section, SectionBody, Value, id_name};

use super::{chain, chain_figure, subscription_prop};
use crate::arm::ResourceId;
use crate::arm::models::PrivateEndpoint;
use crate::views::{Views, rows};

/// The page of the private endpoint `id`.
pub fn page(views: &Views, id: &ResourceId) -> Option<ResourceView> {
    let snapshot = &views.snapshot;
    let pe = snapshot.inventory.endpoints.iter().find(|e| &e.id == id)?;
    let names = snapshot.subscription_names();
    let subscription = pe.id.subscription();
    let name = names
        .get(&subscription.to_ascii_lowercase())
        .map_or(subscription, String::as_str);
    let row = rows::endpoint_row(pe, name);
    let connection = pe.connections.first();
    let target = connection.and_then(|c| c.target.as_ref());
    // The connection on the service's side, when the service is in the inventory.
    let provider_connection = target.and_then(|t| chain(views, t)).and_then(|c| {
        c.connections
            .iter()
            .find(|link| link.private_endpoint.as_ref() == Some(id))
            .map(|link| link.connection.to_string())
    });
    let target_service = target.filter(|_| provider_connection.is_some()).cloned();
    let target = match (target, &provider_connection) {
        (Some(t), Some(_)) => Value::Many(vec![
            Value::resource(t.as_str(), t.name(), Some("pe-target")),
            Value::Text("(private link service)".into()),
            Value::Portal(t.to_string()),
        ]),
        (Some(t), None) => {
            let mut kind = row.target_kind.clone();
            if !row.group_ids.is_empty() {
                kind = format!("{kind}, {}", row.group_ids.join(", "));
            }
            Value::Many(vec![
                Value::Text(t.name().to_owned()),
                Value::Text(format!("({kind})")),
                Value::Portal(t.to_string()),
            ])
        }
        (None, _) => Value::Text("none".into()),
    };
    let mut props = vec![
        Prop::new("Resource id", Value::Mono(row.id.clone())),
        subscription_prop(&row.subscription_name, &row.subscription_id),
        Prop::new("Target", target),
    ];
    if let Some(connection) = &provider_connection {
        props.push(Prop::new(
            "Connection on the service",
            Value::resource(
                connection,
                id_name(connection),
                Some("pe-provider-connection"),
            ),
        ));
    }
    let dns: Vec<String> = pe
        .custom_dns
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
            Value::text_or(connection.map(|c| c.name.clone()), "none"),
        ),
        Prop::new(
            "Request message",
            Value::text_or(connection.and_then(|c| c.request_message.clone()), "none"),
        ),
        Prop::new(
            "Provider's description",
            Value::text_or(connection.map(|c| c.state.description.clone()), "none"),
        ),
        Prop::new(
            "Subnet",
            row.subnet
                .as_deref()
                .map_or_else(|| Value::Text("unknown".into()), Value::named_in_portal),
        ),
        Prop::new("Private IPs", Value::list(&row.private_ips)),
        Prop::new("DNS records", Value::list(&dns)),
        Prop::new("Private DNS zone groups", zone_groups(pe)),
        Prop::new("Created", Value::text_or(pe.created_at.clone(), "unknown")),
    ]);
    Some(ResourceView {
        summary: format!(
            "Private endpoint in {} / {} ({}).",
            row.subscription_name, row.resource_group, row.location
        ),
        id: row.id,
        title: row.name,
        sections: super::findings_section(views, id)
            .into_iter()
            .chain(std::iter::once(Section {
                heading: "Properties".into(),
                body: SectionBody::Props(props),
            }))
            .chain(target_service.map(|s| chain_figure::section(views, &s)))
            .collect(),
    })
}

/// The endpoint's private DNS zone groups: each group's name and its zones (linked to the
/// portal); "not read" when the sync does not read them for this endpoint (a PLS target).
fn zone_groups(pe: &PrivateEndpoint) -> Value {
    match pe.zone_groups.as_deref() {
        None => Value::Text("not read (only endpoints to PaaS targets are checked)".into()),
        Some([]) => Value::Text("none".into()),
        Some(groups) => Value::Many(
            groups
                .iter()
                .flat_map(|group| {
                    std::iter::once(Value::Text(format!("{}:", group.name))).chain(
                        group
                            .zones
                            .iter()
                            .map(|zone| Value::named_in_portal(zone.as_str())),
                    )
                })
                .collect(),
        ),
    }
}
