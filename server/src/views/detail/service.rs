//! A private link service's page: properties, the frontend it publishes (or why the chain is
//! broken), NAT IP configurations, and every connection, oldest request first.

use std::cmp::Ordering;

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
    Some(ResourceView {
        id: row.id.clone(),
        title: row.name.clone(),
        summary,
        sections: vec![
            Section {
                heading: "Properties".into(),
                body: SectionBody::Props(properties(&row, pls)),
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
        ],
    })
}

/// Oldest request first; unknown ages last, by name.
fn oldest_first(a: &ConnectionRow, b: &ConnectionRow) -> Ordering {
    match (&a.requested_at, &b.requested_at) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
    }
}

fn properties(row: &ServiceRow, pls: &PrivateLinkService) -> Vec<Prop> {
    let cluster = row
        .cluster_id
        .as_deref()
        .map_or_else(|| Value::Text("unknown".into()), Value::named_in_portal);
    vec![
        Prop::new("Resource id", Value::Mono(row.id.clone())),
        subscription_prop(&row.subscription_name, &row.subscription_id),
        Prop::new("Alias", Value::list(row.alias.as_slice())),
        Prop::new("Visibility", Value::list(&row.visibility)),
        Prop::new("Auto-approval", Value::list(&row.auto_approval)),
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
