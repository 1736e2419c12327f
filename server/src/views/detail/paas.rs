//! A PaaS resource's page (SQL server, Storage account, Key Vault…): its type, where it is,
//! whether the public network can still reach it, its findings, its short chain and every
//! connection, oldest request first.

use app::model::{ConnectionRow, Prop, ResourceView, Section, SectionBody, Value};
use time::OffsetDateTime;

use super::{chain, chain_figure, subscription_prop};
use crate::arm::ResourceId;
use crate::arm::models::ConnectionStatus;
use crate::views::{Views, rows};

/// The page of the PaaS resource `id`, when the inventory holds it.
pub fn page(views: &Views, id: &ResourceId, now: OffsetDateTime) -> Option<ResourceView> {
    let snapshot = &views.snapshot;
    let resource = snapshot.inventory.paas.iter().find(|r| &r.id == id)?;
    let chain = chain(views, id)?;
    let names = snapshot.subscription_names();
    let mut connections: Vec<ConnectionRow> = chain
        .connections
        .iter()
        .map(|link| rows::connection_row(chain, link, &resource.location, &names))
        .collect();
    connections.sort_by(super::service::oldest_first);
    rows::stamp_ages(&mut connections, now);
    let label = resource.paas_type().map_or("PaaS resource", |t| t.label);
    let subscription_name = names
        .get(&id.subscription().to_ascii_lowercase())
        .cloned()
        .unwrap_or_else(|| id.subscription().to_owned());
    let count = |status: ConnectionStatus| {
        chain
            .connections
            .iter()
            .filter(|l| l.status == status)
            .count()
    };
    let summary = format!(
        "{label} in {subscription_name} / {} ({}) — {} connections: {} pending, {} approved; public network access {}.",
        id.resource_group().unwrap_or_default(),
        resource.location,
        chain.connections.len(),
        count(ConnectionStatus::Pending),
        count(ConnectionStatus::Approved),
        resource.public_access.as_str().to_lowercase(),
    );
    let props = vec![
        Prop::new("Resource id", Value::Mono(id.to_string())),
        Prop::new("Type", Value::Text(label.to_owned())),
        subscription_prop(&subscription_name, id.subscription()),
        Prop::new("Region", Value::Text(resource.location.clone())),
        Prop::new(
            "Public network access",
            Value::Text(resource.public_access.as_str().to_owned()),
        ),
        Prop::new("In the portal", Value::named_in_portal(id.as_str())),
    ];
    Some(ResourceView {
        id: id.to_string(),
        title: resource.name.clone(),
        summary,
        sections: super::findings_section(views, id)
            .into_iter()
            .chain([
                Section {
                    heading: "Properties".into(),
                    body: SectionBody::Props(props),
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
