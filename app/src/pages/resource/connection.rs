//! The connection detail page: one private endpoint connection of a private link service, with
//! its state, description, age and both ends (the service and the consumer).

use leptos::prelude::*;

use super::PortalLink;
use crate::components::{PageHeader, Prop, PropertyList, Value};
use crate::model::{ConnectionDetail, ConsumerView, age_label};

/// The properties of a connection.
pub fn connection_props(detail: &ConnectionDetail) -> Vec<Prop> {
    let row = &detail.row;
    let consumer = match (&row.consumer, &detail.private_endpoint_id) {
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
        (ConsumerView::Endpoint { .. }, Some(id)) if detail.endpoint_known => Value::Many(vec![
            Value::Text("Private endpoint".into()),
            Value::Resource {
                id: id.clone(),
                label: crate::components::id_name(id).to_owned(),
                test_id: Some("connection-endpoint"),
            },
        ]),
        (other, _) => Value::Text(other.label()),
    };
    let requested = match (row.age_seconds, &row.requested_at) {
        (Some(age), Some(at)) => format!("{} ago ({at})", age_label(age)),
        (None, Some(at)) => at.clone(),
        _ => "unknown".to_owned(),
    };
    vec![
        Prop::new(
            "Private link service",
            Value::Resource {
                id: row.resource_id.clone(),
                label: row.resource_name.clone(),
                test_id: Some("connection-service"),
            },
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
            detail
                .private_endpoint_id
                .clone()
                .map_or_else(|| Value::Text("none".into()), Value::Mono),
        ),
        Prop::new("Connection id", Value::Mono(row.id.clone())),
    ]
}

/// One connection in full.
#[component]
pub fn ConnectionDetailView(detail: ConnectionDetail) -> impl IntoView {
    let row = &detail.row;
    let summary = format!(
        "Private endpoint connection of {} — {}.",
        row.resource_name, row.state
    );
    let (name, id) = (row.name.clone(), row.id.clone());
    let props = connection_props(&detail);
    view! {
        <PageHeader title=name summary=summary />
        <p class="detail-links"><PortalLink id /></p>
        <section class="detail-section">
            <h2>"Properties"</h2>
            <PropertyList props />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ConnectionRow;

    fn detail(known: bool) -> ConnectionDetail {
        let pe =
            "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateEndpoints/pe1";
        ConnectionDetail {
            row: ConnectionRow {
                id: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateLinkServices/pls/privateEndpointConnections/pe1.x".into(),
                name: "pe1.x".into(),
                resource_id: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateLinkServices/pls".into(),
                resource_name: "pls".into(),
                subscription_id: "s".into(),
                resource_group: "r".into(),
                location: "westeurope".into(),
                state: "Pending".into(),
                description: String::new(),
                consumer: ConsumerView::Endpoint { endpoint_id: pe.into(), subscription_id: "s".into() },
                requested_at: Some("2026-11-24T10:00:00Z".into()),
                age_seconds: Some(7200),
            },
            private_endpoint_id: Some(pe.into()),
            endpoint_known: known,
        }
    }

    #[test]
    fn a_known_endpoint_is_linked_and_an_unknown_one_is_named() {
        let props = connection_props(&detail(true));
        let consumer = &props[1].value;
        assert!(
            matches!(consumer, Value::Many(parts) if matches!(&parts[1], Value::Resource { label, .. } if label == "pe1"))
        );
        let props = connection_props(&detail(false));
        assert_eq!(props[1].value, Value::Text("pe1 in subscription s".into()));
        assert_eq!(
            props[3].value,
            Value::Text("none".into()),
            "an empty description reads none"
        );
        assert_eq!(
            props[4].value,
            Value::Text("2 h ago (2026-11-24T10:00:00Z)".into())
        );
    }
}
