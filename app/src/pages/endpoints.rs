//! The Private endpoints page: one row per PE, what it connects to and its connection state.

use leptos::prelude::*;

use crate::model::ListQuery;

use crate::api::list_endpoints;
use crate::components::{
    Column, Empty, ExportLinks, FilterBar, PageHeader, ResourceLink, ResourceTable, StateBadge,
    id_name, list_view,
};
use crate::model::EndpointRow;

const COLUMNS: &[Column] = &[
    Column::sorted("Name", "name"),
    Column::sorted("Subscription", "subscription"),
    Column::sorted("Resource group", "resourceGroup"),
    Column::sorted("Region", "location"),
    Column::sorted("Target", "target"),
    Column::sorted("State", "state"),
    Column::sorted("Approval", "approval"),
    Column::sorted("Subnet", "subnet"),
    Column::sorted("Private IPs", "ips"),
];

const EMPTY: Empty = Empty {
    title: "No private endpoints",
    message: "No private endpoint matches these filters in the synced subscriptions.",
};

/// The Private endpoints page: one row per PE.
#[component]
pub fn EndpointsPage() -> impl IntoView {
    view! {
        <PageHeader title="Private endpoints" summary="Every private endpoint, what it connects to, and the state of its connection." />
        <FilterBar action="/private-endpoints" with_state=true />
        <ExportLinks list="private-endpoints" />
        {list_view::<ListQuery, _, _>(list_endpoints, EMPTY, |rows, _| {
            view! {
                <ResourceTable caption="Private endpoints" columns=COLUMNS default_sort="name">
                    {rows.into_iter().map(endpoint_row).collect_view()}
                </ResourceTable>
            }
            .into_any()
        })}
    }
}

/// One private endpoint as a table row.
fn endpoint_row(row: EndpointRow) -> impl IntoView {
    let target = match row.target_id.clone() {
        Some(id) if row.target_kind == "Private link service" => {
            view! { <ResourceLink id /> }.into_any()
        }
        Some(id) => view! { <span title=id.clone()>{id_name(&id).to_owned()}</span> }.into_any(),
        None => "—".into_any(),
    };
    let subnet = row.subnet.clone().unwrap_or_default();
    let groups = (!row.group_ids.is_empty()).then(|| format!(" ({})", row.group_ids.join(", ")));
    view! {
        <tr>
            <th scope="row"><ResourceLink id=row.id.clone() label=row.name.clone() /></th>
            <td title=row.subscription_id>{row.subscription_name}</td>
            <td>{row.resource_group}</td>
            <td>{row.location}</td>
            <td>
                <span class="muted">{row.target_kind}</span>
                " "
                {target}
                {groups}
            </td>
            <td><StateBadge state=row.state /></td>
            <td>{if row.manual { "Manual" } else { "Automatic" }}</td>
            <td title=subnet.clone()>{id_name(&subnet).to_owned()}</td>
            <td class="mono">{row.private_ips.join(", ")}</td>
        </tr>
    }
}
