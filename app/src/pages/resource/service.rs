//! The private link service detail page: properties, the frontend it publishes (or the warning
//! that it is gone), NAT IP configurations, and every connection with its consumer.

use leptos::prelude::*;

use super::PortalLink;
use crate::components::{PageHeader, Prop, PropertyList, Value};
use crate::model::{FrontendView, ServiceDetail};
use crate::pages::connections::connections_table;

/// The properties section of a PLS.
pub fn service_props(detail: &ServiceDetail) -> Vec<Prop> {
    let row = &detail.row;
    let cluster = match (&row.cluster_id, &row.cluster) {
        (Some(id), _) => Value::named_in_portal(id),
        _ => Value::Text("unknown".into()),
    };
    vec![
        Prop::new("Resource id", Value::Mono(row.id.clone())),
        Prop::new(
            "Subscription",
            Value::Many(vec![
                Value::Text(row.subscription_name.clone()),
                Value::Mono(row.subscription_id.clone()),
            ]),
        ),
        Prop::new("Alias", Value::list(row.alias.as_slice())),
        Prop::new("Visibility", Value::list(&row.visibility)),
        Prop::new("Auto-approval", Value::list(&row.auto_approval)),
        Prop::new("FQDNs", Value::list(&detail.fqdns)),
        Prop::new(
            "PROXY protocol",
            Value::Text(if detail.proxy_protocol { "on" } else { "off" }.into()),
        ),
        Prop::new(
            "Provisioning state",
            Value::text_or(detail.provisioning_state.clone(), "unknown"),
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

/// The frontend section: its properties when found, else why there are none.
pub fn frontend_props(frontend: &FrontendView) -> Result<Vec<Prop>, String> {
    match (frontend.state.as_str(), &frontend.id) {
        ("found", Some(id)) => {
            let lb = frontend.load_balancer_id.clone().unwrap_or_default();
            Ok(vec![
                Prop::new("Frontend IP configuration", Value::named_in_portal(id)),
                Prop::new("Load balancer", Value::named_in_portal(&lb)),
                Prop::new(
                    "Private IP",
                    Value::text_or(frontend.private_ip.clone(), "dynamic"),
                ),
                Prop::new("Rules", Value::list(&frontend.ports)),
            ])
        }
        ("missing", Some(id)) => Err(format!(
            "The chain is broken: its load balancer frontend {id} no longer exists, so consumers reach nothing."
        )),
        ("notVisible", Some(id)) => Err(format!(
            "Its frontend {id} is in a subscription Link Center cannot read."
        )),
        _ => Err("It names no load balancer frontend.".into()),
    }
}

/// One private link service in full.
#[component]
pub fn ServiceDetailView(detail: ServiceDetail) -> impl IntoView {
    let c = detail.row.counts;
    let summary = format!(
        "Private link service in {} / {} ({}) — {} connections: {} pending, {} approved, {} rejected, {} disconnected.",
        detail.row.subscription_name,
        detail.row.resource_group,
        detail.row.location,
        c.total(),
        c.pending,
        c.approved,
        c.rejected,
        c.disconnected
    );
    let props = service_props(&detail);
    let frontend = match frontend_props(&detail.frontend) {
        Ok(props) => view! { <PropertyList props /> }.into_any(),
        Err(message) => {
            let class = if detail.frontend.state == "missing" {
                "warning-panel"
            } else {
                "muted"
            };
            view! { <p class=class data-testid="frontend-note">{message}</p> }.into_any()
        }
    };
    let nat_ips = detail
        .nat_ips
        .iter()
        .map(|ip| {
            let mut parts = vec![Value::Mono(ip.private_ip.clone().unwrap_or_default())];
            let mut notes = vec![ip.allocation.clone().unwrap_or_default()];
            if ip.primary {
                notes.push("primary".into());
            }
            parts.push(Value::Text(notes.join(", ")));
            if let Some(subnet) = &ip.subnet {
                parts.push(Value::Text("in".into()));
                parts.push(Value::named_in_portal(subnet));
            }
            Prop::new(ip.name.clone(), Value::Many(parts))
        })
        .collect::<Vec<_>>();
    let nat_ips = if nat_ips.is_empty() {
        view! { <p class="muted">"None reported."</p> }.into_any()
    } else {
        view! { <PropertyList props=nat_ips /> }.into_any()
    };
    let connections = if detail.connections.is_empty() {
        view! { <p class="muted">"No connection has been requested yet."</p> }.into_any()
    } else {
        connections_table(
            "Connections of this private link service",
            detail.connections,
        )
    };
    let name = detail.row.name.clone();
    view! {
        <PageHeader title=name.clone() summary=summary />
        <p class="detail-links">
            <PortalLink id=detail.row.id.clone() />
            " · "
            <a href=format!("/connections?q={name}")>"Find its connections in the Connections list"</a>
        </p>
        <section class="detail-section">
            <h2>"Properties"</h2>
            <PropertyList props />
        </section>
        <section class="detail-section">
            <h2>"Load balancer frontend"</h2>
            {frontend}
        </section>
        <section class="detail-section">
            <h2>"NAT IP configurations"</h2>
            {nat_ips}
        </section>
        <section class="detail-section">
            <h2>"Connections"</h2>
            {connections}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frontend(state: &str) -> FrontendView {
        FrontendView {
            state: state.into(),
            id: Some("/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/loadBalancers/kubernetes-internal/frontendIPConfigurations/fe1".into()),
            load_balancer_id: Some("/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/loadBalancers/kubernetes-internal".into()),
            private_ip: None,
            ports: vec!["80/Tcp → 8080".into()],
        }
    }

    #[test]
    fn a_found_frontend_lists_its_load_balancer_and_rules_and_a_missing_one_says_the_chain_is_broken()
     {
        let props = frontend_props(&frontend("found")).unwrap();
        let terms: Vec<_> = props.iter().map(|p| p.term.as_str()).collect();
        assert_eq!(
            terms,
            [
                "Frontend IP configuration",
                "Load balancer",
                "Private IP",
                "Rules"
            ]
        );
        assert_eq!(props[2].value, Value::Text("dynamic".into()));
        assert!(
            frontend_props(&frontend("missing"))
                .unwrap_err()
                .starts_with("The chain is broken")
        );
        assert!(frontend_props(&frontend("none")).is_err());
    }
}
