//! The Private link services page: one row per PLS, with its owner and its connections by state.

use leptos::prelude::*;

use crate::model::ListQuery;

use crate::api::list_services;
use crate::components::{
    Column, Empty, ExportLinks, FilterBar, PageHeader, PortalLink, ResourceLink, ResourceTable,
    list_view,
};
use crate::model::ServiceRow;

const COLUMNS: &[Column] = &[
    Column::sorted("Name", "name"),
    Column::sorted("Subscription", "subscription"),
    Column::sorted("Resource group", "resourceGroup"),
    Column::sorted("Region", "location"),
    Column::sorted("Alias", "alias"),
    Column::sorted("Owner Service", "owner"),
    Column::sorted("Cluster", "cluster"),
    Column::sorted("Pending", "pending"),
    Column::sorted("Approved", "approved"),
    Column::sorted("Rejected", "rejected"),
    Column::sorted("Disconnected", "disconnected"),
    Column::sorted("Total", "connections"),
];

const EMPTY: Empty = Empty {
    title: "No private link services",
    message: "No private link service matches these filters in the synced subscriptions.",
};

/// The Private link services page: one row per PLS.
#[component]
pub fn ServicesPage() -> impl IntoView {
    view! {
        <PageHeader title="Private link services" summary="Every private link service, its load balancer frontend, owner Kubernetes Service and connection counts." />
        <FilterBar action="/private-link-services" />
        <ExportLinks list="private-link-services" />
        {list_view::<ListQuery, _, _>(list_services, EMPTY, |rows, _| {
            view! {
                <ResourceTable caption="Private link services" columns=COLUMNS default_sort="name">
                    {rows.into_iter().map(service_row).collect_view()}
                </ResourceTable>
            }
            .into_any()
        })}
    }
}

/// One PLS as a table row.
fn service_row(row: ServiceRow) -> impl IntoView {
    let counts = row.counts;
    let alias = row.alias.clone().unwrap_or_default();
    let full_alias = alias.clone();
    let missing = row.frontend_missing.then(|| {
        view! {
            <span class="marker marker-warning" title="Its load balancer frontend no longer exists">
                "frontend missing"
            </span>
        }
    });
    let cluster = row.cluster_id.clone().map(|id| {
        let name = row.cluster.clone().unwrap_or_default();
        view! { <span title=id.clone()>{name}</span> " " <PortalLink id label="↗" /> }
    });
    view! {
        <tr>
            <th scope="row"><ResourceLink id=row.id.clone() label=row.name.clone() /> " " {missing}</th>
            <td title=row.subscription_id>{row.subscription_name}</td>
            <td>{row.resource_group}</td>
            <td>{row.location}</td>
            <td class="mono" title=full_alias>{alias}</td>
            <td>{row.owner_service.unwrap_or_default()}</td>
            <td>{cluster}</td>
            <td class="num">{counts.pending}</td>
            <td class="num">{counts.approved}</td>
            <td class="num">{counts.rejected}</td>
            <td class="num">{counts.disconnected}</td>
            <td class="num">{counts.total()}</td>
        </tr>
    }
}
