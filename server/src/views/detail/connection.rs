//! A connection's page: one private endpoint connection of a private link service or of a PaaS
//! resource, with its
//! state, description, age and both ends (the service and the consumer), and what an approval
//! policy does or would do to it.

use app::model::{
    ConsumerView, PolicyVerdictView, Prop, ResourceView, Section, SectionBody, Value, age_label,
    id_name,
};
use time::OffsetDateTime;

use super::chain;
use crate::arm::ResourceId;
use crate::inventory::join::Provider;
use crate::views::{Views, rows};

/// The page of the connection `id` (`{pls or PaaS resource}/privateEndpointConnections/{name}`).
pub fn page(views: &Views, id: &ResourceId, now: OffsetDateTime) -> Option<ResourceView> {
    let snapshot = &views.snapshot;
    let service = id.parent()?;
    let chain = chain(views, &service)?;
    let link = chain.connections.iter().find(|l| &l.connection == id)?;
    let location = snapshot
        .inventory
        .services
        .iter()
        .find(|s| s.id == service)
        .map(|s| s.location.as_str())
        .or_else(|| {
            snapshot
                .inventory
                .paas
                .iter()
                .find(|r| r.id == service)
                .map(|r| r.location.as_str())
        })
        .unwrap_or_default();
    let holder = match &chain.provider {
        Provider::PrivateLinkService => "Private link service",
        Provider::Paas { label, .. } => label,
    };
    let names = snapshot.subscription_names();
    let mut row = [rows::connection_row(chain, link, location, &names)];
    rows::stamp_ages(&mut row, now);
    let [row] = row;
    let endpoint = link.private_endpoint.as_ref();
    let endpoint_known =
        endpoint.is_some_and(|pe| snapshot.inventory.endpoints.iter().any(|e| &e.id == pe));
    let consumer = match (&row.consumer, endpoint) {
        (
            ConsumerView::FrontDoor {
                profile,
                profile_id,
                ..
            },
            _,
        ) => Value::Many(vec![
            Value::Text(format!("Front Door profile {profile}")),
            Value::Portal(profile_id.clone()),
        ]),
        (ConsumerView::Endpoint { .. }, Some(pe)) if endpoint_known => Value::Many(vec![
            Value::Text("Private endpoint".into()),
            Value::resource(pe.as_str(), pe.name(), Some("connection-endpoint")),
        ]),
        (other, _) => Value::Text(other.label()),
    };
    let requested = match (row.age_seconds, &row.requested_at) {
        (Some(age), Some(at)) => format!("{} ago ({at})", age_label(age)),
        (None, Some(at)) => at.clone(),
        _ => "unknown".to_owned(),
    };
    let props = vec![
        Prop::new(
            holder,
            Value::resource(
                &row.resource_id,
                &row.resource_name,
                Some("connection-service"),
            ),
        ),
        Prop::new("Consumer", consumer),
        Prop::new("State", Value::State(row.state.clone())),
        Prop::new(
            "Description",
            Value::text_or(Some(row.description.clone()), "none"),
        ),
        Prop::new("Requested", Value::Text(requested)),
        Prop::new(
            "Private endpoint id",
            endpoint.map_or_else(
                || Value::Text("none".into()),
                |pe| Value::Mono(pe.to_string()),
            ),
        ),
        Prop::new("Connection id", Value::Mono(row.id.clone())),
    ];
    Some(ResourceView {
        summary: format!(
            "Private endpoint connection {} of {} — {}.",
            id_name(&row.id),
            row.resource_name,
            row.state
        ),
        title: title(&row.consumer, &row.resource_name, id_name(&row.id)),
        sections: [Section {
            heading: "Properties".into(),
            body: SectionBody::Props(props),
        }]
        .into_iter()
        .chain(views.verdict(id).map(|verdict| policy_section(&verdict)))
        .collect(),
        id: row.id,
    })
}

/// What an approval policy does (or would do) to the connection, and why.
fn policy_section(verdict: &PolicyVerdictView) -> Section {
    let mut props = vec![Prop::new("Verdict", Value::Text(verdict.sentence()))];
    if let Some(held) = &verdict.held_because {
        props.push(Prop::new("Held because", Value::Text(held.clone())));
    }
    props.push(Prop::new(
        "Evidence",
        Value::Text(verdict.evidence.join("; ")),
    ));
    if verdict.dry_run {
        props.push(Prop::new(
            "Mode",
            Value::Text("dry-run: nothing is sent to Azure".into()),
        ));
    }
    Section {
        heading: "Approval policy".into(),
        body: SectionBody::Props(props),
    }
}

/// A connection's title: who asks, and for which service (`pe-orders → myPLS`), rather than its
/// generated `name.GUID`; the name when nothing identifies the consumer.
pub fn title(consumer: &ConsumerView, service: &str, name: &str) -> String {
    let who = match consumer {
        ConsumerView::FrontDoor { profile, .. } => format!("Front Door {profile}"),
        ConsumerView::FrontDoorHidden { .. } => "Azure Front Door".to_owned(),
        ConsumerView::Endpoint { endpoint_id, .. }
        | ConsumerView::ExternalEndpoint { endpoint_id, .. } => id_name(endpoint_id).to_owned(),
        ConsumerView::Unknown => name.to_owned(),
    };
    format!("{who} → {service}")
}

#[cfg(test)]
mod title_tests {
    use super::*;

    #[test]
    fn a_connection_is_titled_by_its_consumer_and_service() {
        let endpoint = ConsumerView::Endpoint {
            endpoint_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-orders".into(),
            subscription_id: "s".into(),
            subscription_name: "Payments".into(),
        };
        assert_eq!(
            title(&endpoint, "myPLS", "pe-orders.1edb9a02"),
            "pe-orders → myPLS"
        );
        let front_door = ConsumerView::FrontDoor {
            profile: "afd-contoso".into(),
            profile_id: String::new(),
            origin_id: String::new(),
            endpoint_hosts: Vec::new(),
        };
        assert_eq!(
            title(&front_door, "myPLS", "x"),
            "Front Door afd-contoso → myPLS"
        );
        assert_eq!(title(&ConsumerView::Unknown, "myPLS", "c.1"), "c.1 → myPLS");
    }
}
