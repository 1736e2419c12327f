//! The resource detail pages: looks a resource id up in the current views (ignoring case, as
//! Azure does) and builds what its page shows. Pure over a snapshot.

use app::model::{
    ConnectionDetail, ConnectionRow, EndpointDetail, FrontendView, NatIpView, ResourceView,
    ServiceDetail,
};
use time::OffsetDateTime;

use super::{Views, rows};
use crate::arm::ResourceId;
use crate::arm::resource_id::ResourceIdError;
use crate::inventory::join::{FrontendLink, PortMapping, ServiceChain};

const PLS_TYPE: &str = "Microsoft.Network/privateLinkServices";
const PE_TYPE: &str = "Microsoft.Network/privateEndpoints";
const CONNECTION_TYPE: &str = "Microsoft.Network/privateLinkServices/privateEndpointConnections";

/// The page of resource `id`: `Ok(None)` when it is not in the inventory; `Err` when `id` is not
/// a resource id.
pub fn resource(
    views: &Views,
    id: &str,
    now: OffsetDateTime,
) -> Result<Option<ResourceView>, ResourceIdError> {
    let id = ResourceId::parse(id)?;
    Ok(if id.is_type(PLS_TYPE) {
        service(views, &id, now).map(ResourceView::Service)
    } else if id.is_type(PE_TYPE) {
        endpoint(views, &id).map(ResourceView::Endpoint)
    } else if id.is_type(CONNECTION_TYPE) {
        connection(views, &id, now).map(ResourceView::Connection)
    } else {
        None
    })
}

fn chain<'a>(views: &'a Views, service: &ResourceId) -> Option<&'a ServiceChain> {
    views
        .snapshot
        .graph
        .chains
        .iter()
        .find(|c| &c.service == service)
}

fn service(views: &Views, id: &ResourceId, now: OffsetDateTime) -> Option<ServiceDetail> {
    let snapshot = &views.snapshot;
    let pls = snapshot.inventory.services.iter().find(|s| &s.id == id)?;
    let chain = chain(views, id);
    let names = rows::subscription_names(snapshot);
    let mut connections: Vec<ConnectionRow> = chain
        .map(|c| {
            c.connections
                .iter()
                .map(|link| rows::connection_row(c, link, &pls.location))
                .collect()
        })
        .unwrap_or_default();
    connections.sort_by(|a, b| match (&a.requested_at, &b.requested_at) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
    });
    rows::stamp_ages(&mut connections, now);
    Some(ServiceDetail {
        row: rows::service_row(pls, chain, &names),
        provisioning_state: pls.provisioning_state.clone(),
        fqdns: pls.fqdns.clone(),
        proxy_protocol: pls.enable_proxy_protocol,
        nat_ips: pls
            .nat_ips
            .iter()
            .map(|ip| NatIpView {
                name: ip.name.clone(),
                private_ip: ip.private_ip.clone(),
                allocation: ip.allocation.clone(),
                subnet: ip.subnet.as_ref().map(ToString::to_string),
                primary: ip.primary,
            })
            .collect(),
        frontend: frontend(chain.map(|c| &c.frontend)),
        connections,
    })
}

fn frontend(link: Option<&FrontendLink>) -> FrontendView {
    let (state, id) = match link {
        Some(FrontendLink::Found { frontend, .. }) => ("found", Some(frontend)),
        Some(FrontendLink::Missing { frontend }) => ("missing", Some(frontend)),
        Some(FrontendLink::NotVisible { frontend }) => ("notVisible", Some(frontend)),
        Some(FrontendLink::None) | None => ("none", None),
    };
    let (load_balancer_id, private_ip, ports) = match link {
        Some(FrontendLink::Found {
            load_balancer,
            private_ip,
            ports,
            ..
        }) => (
            Some(load_balancer.to_string()),
            private_ip.clone(),
            ports.iter().map(PortMapping::label).collect(),
        ),
        _ => (None, None, Vec::new()),
    };
    FrontendView {
        state: state.to_owned(),
        id: id.map(ToString::to_string),
        load_balancer_id,
        private_ip,
        ports,
    }
}

fn endpoint(views: &Views, id: &ResourceId) -> Option<EndpointDetail> {
    let pe = views
        .snapshot
        .inventory
        .endpoints
        .iter()
        .find(|e| &e.id == id)?;
    let connection = pe.connections.first();
    let target = connection.and_then(|c| c.target.as_ref());
    let provider = target.and_then(|t| chain(views, t));
    let provider_connection_id = provider.and_then(|c| {
        c.connections
            .iter()
            .find(|link| link.private_endpoint.as_ref() == Some(id))
            .map(|link| link.connection.to_string())
    });
    Some(EndpointDetail {
        row: rows::endpoint_row(pe),
        connection_name: connection.map(|c| c.name.clone()),
        request_message: connection.and_then(|c| c.request_message.clone()),
        description: connection
            .map(|c| c.state.description.clone())
            .filter(|d| !d.is_empty()),
        provider_connection_id,
        target_name: target.map(|t| t.name().to_owned()),
        dns: pe.custom_dns.clone(),
        created_at: pe.created_at.clone(),
    })
}

fn connection(views: &Views, id: &ResourceId, now: OffsetDateTime) -> Option<ConnectionDetail> {
    let service = id.parent()?;
    let chain = chain(views, &service)?;
    let link = chain.connections.iter().find(|l| &l.connection == id)?;
    let location = views
        .snapshot
        .inventory
        .services
        .iter()
        .find(|s| s.id == service)
        .map(|s| s.location.as_str())
        .unwrap_or_default();
    let mut row = [rows::connection_row(chain, link, location)];
    rows::stamp_ages(&mut row, now);
    let [row] = row;
    let endpoint_known = link.private_endpoint.as_ref().is_some_and(|pe| {
        views
            .snapshot
            .inventory
            .endpoints
            .iter()
            .any(|e| &e.id == pe)
    });
    Some(ConnectionDetail {
        row,
        private_endpoint_id: link.private_endpoint.as_ref().map(ToString::to_string),
        endpoint_known,
    })
}

#[cfg(test)]
mod tests;
