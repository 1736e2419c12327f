//! A private link service's page: properties, the frontend it publishes (or why the chain is
//! broken), NAT IP configurations, and every connection, oldest request first.

use std::cmp::Ordering;
use std::collections::HashMap;

use app::model::{ConnectionRow, Prop, ResourceView, Section, SectionBody, ServiceRow, Value};
use time::OffsetDateTime;

use super::{chain, chain_figure, subscription_prop};
use crate::arm::ResourceId;
use crate::arm::models::PrivateLinkService;
use crate::inventory::join::{FrontendLink, PortMapping};
use crate::views::{Views, rows};

/// The page of the private link service `id`.
pub fn page(views: &Views, id: &ResourceId, now: OffsetDateTime) -> Option<ResourceView> {
    let snapshot = &views.snapshot;
    let pls = snapshot.inventory.services.iter().find(|s| &s.id == id)?;
    let chain = chain(views, id);
    let names = snapshot.subscription_names();
    let row = rows::service_row(pls, chain, &names);
    let mut connections: Vec<ConnectionRow> = chain
        .map(|c| {
            c.connections
                .iter()
                .map(|link| rows::connection_row(c, link, &pls.location, &names))
                .collect()
        })
        .unwrap_or_default();
    connections.sort_by(oldest_first);
    rows::stamp_ages(&mut connections, now);
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
    let frontend = Section {
        heading: "Load balancer frontend".into(),
        body: frontend(chain.map(|c| &c.frontend)),
    };
    // Findings come first: a loss is urgent, and the most serious sort first.
    let findings = super::findings_section(views, id);
    Some(ResourceView {
        id: row.id.clone(),
        title: row.name.clone(),
        summary,
        sections: findings
            .into_iter()
            .chain([
                Section {
                    heading: "Properties".into(),
                    body: SectionBody::Props(properties(&row, pls, &names)),
                },
                frontend,
                Section {
                    heading: "NAT IP configurations".into(),
                    body: nat_ips(pls),
                },
                chain_figure::section(views, id),
                Section {
                    heading: "Connections".into(),
                    body: SectionBody::Connections(connections),
                },
            ])
            .collect(),
    })
}

/// Oldest request first; unknown ages last, by name.
pub(super) fn oldest_first(a: &ConnectionRow, b: &ConnectionRow) -> Ordering {
    match (&a.requested_at, &b.requested_at) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
    }
}

fn properties(
    row: &ServiceRow,
    pls: &PrivateLinkService,
    names: &HashMap<String, String>,
) -> Vec<Prop> {
    let cluster = row
        .cluster_id
        .as_deref()
        .map_or_else(|| Value::Text("unknown".into()), Value::named_in_portal);
    vec![
        Prop::new("Resource id", Value::Mono(row.id.clone())),
        subscription_prop(&row.subscription_name, &row.subscription_id),
        Prop::new("Alias", Value::list(row.alias.as_slice())),
        Prop::new("Visibility", subscriptions_by_name(&row.visibility, names)),
        Prop::new(
            "Auto-approval",
            subscriptions_by_name(&row.auto_approval, names),
        ),
        Prop::new("FQDNs", Value::list(&pls.fqdns)),
        Prop::new(
            "PROXY protocol",
            Value::Text(
                if pls.enable_proxy_protocol {
                    "on"
                } else {
                    "off"
                }
                .into(),
            ),
        ),
        Prop::new(
            "Provisioning state",
            Value::text_or(pls.provisioning_state.clone(), "unknown"),
        ),
        Prop::new(
            "Kubernetes Service",
            Value::text_or(
                row.owner_service.clone(),
                "not owned by a Kubernetes Service",
            ),
        ),
        Prop::new("AKS cluster", cluster),
    ]
}

/// The frontend's properties when found, else a note on why there are none.
fn frontend(link: Option<&FrontendLink>) -> SectionBody {
    let note = |text: String, warning: bool| SectionBody::Note { text, warning };
    match link {
        Some(FrontendLink::Found {
            frontend,
            load_balancer,
            private_ip,
            ports,
        }) => {
            let rules: Vec<String> = ports.iter().map(PortMapping::label).collect();
            SectionBody::Props(vec![
                Prop::new(
                    "Frontend IP configuration",
                    Value::named_in_portal(frontend.as_str()),
                ),
                Prop::new(
                    "Load balancer",
                    Value::named_in_portal(load_balancer.as_str()),
                ),
                Prop::new("Private IP", Value::text_or(private_ip.clone(), "dynamic")),
                Prop::new("Rules", Value::list(&rules)),
            ])
        }
        Some(FrontendLink::Missing { frontend }) => note(
            format!(
                "The chain is broken: its load balancer frontend {frontend} no longer exists, so consumers reach nothing."
            ),
            true,
        ),
        Some(FrontendLink::NotVisible { frontend }) => note(
            format!("Its frontend {frontend} is in a subscription Link Center cannot read."),
            false,
        ),
        Some(FrontendLink::None) | None => {
            note("It names no load balancer frontend.".into(), false)
        }
    }
}

fn nat_ips(pls: &PrivateLinkService) -> SectionBody {
    if pls.nat_ips.is_empty() {
        return SectionBody::Note {
            text: "None reported.".into(),
            warning: false,
        };
    }
    SectionBody::Props(
        pls.nat_ips
            .iter()
            .map(|ip| {
                let mut notes = vec![ip.allocation.clone().unwrap_or_default()];
                if ip.primary {
                    notes.push("primary".into());
                }
                let mut parts = vec![
                    Value::Mono(ip.private_ip.clone().unwrap_or_default()),
                    Value::Text(notes.join(", ")),
                ];
                if let Some(subnet) = &ip.subnet {
                    parts.push(Value::Text("in".into()));
                    parts.push(Value::named_in_portal(subnet.as_str()));
                }
                Prop::new(ip.name.clone(), Value::Many(parts))
            })
            .collect(),
    )
}

/// A visibility or auto-approval list (subscription GUIDs, or `*`) in words: subscriptions by
/// their display names (the GUID stays for one nobody here can read), `*` as everyone.
fn subscriptions_by_name(values: &[String], names: &HashMap<String, String>) -> Value {
    if values.is_empty() {
        return Value::Text("none".to_owned());
    }
    let words: Vec<String> = values
        .iter()
        .map(|value| match value.trim() {
            "*" => "everyone (*)".to_owned(),
            id => names.get(&id.to_ascii_lowercase()).map_or_else(
                || format!("subscription {id}"),
                |name| format!("{name} ({id})"),
            ),
        })
        .collect();
    Value::Text(words.join(", "))
}

#[cfg(test)]
mod subscription_list_tests {
    use super::*;

    #[test]
    fn visibility_lists_name_subscriptions_and_say_who_everyone_is() {
        let names = HashMap::from([(
            "6f1c2d3e-0000-4c6d-8e7f-0a1b2c3d4e51".to_owned(),
            "Contoso Edge".to_owned(),
        )]);
        let value = subscriptions_by_name(
            &[
                "6F1C2D3E-0000-4C6D-8E7F-0A1B2C3D4E51".into(),
                "11111111-2222-3333-4444-555555555555".into(),
            ],
            &names,
        );
        assert_eq!(
            value,
            Value::Text(
                "Contoso Edge (6F1C2D3E-0000-4C6D-8E7F-0A1B2C3D4E51), subscription 11111111-2222-3333-4444-555555555555"
                    .into()
            )
        );
        assert_eq!(
            subscriptions_by_name(&["*".into()], &names),
            Value::Text("everyone (*)".into())
        );
        assert_eq!(
            subscriptions_by_name(&[], &names),
            Value::Text("none".into())
        );
    }
}
