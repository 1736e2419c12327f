//! The Connections page: every private endpoint connection in every state, and the table it
//! shares with the Pending page.

use leptos::prelude::*;

use leptos_router::hooks::use_location;

use crate::api::list_connections;
use crate::components::query::{encode, href, list_query};
use crate::components::{
    Column, Empty, ExportLinks, FilterBar, PageHeader, ResourceLink, ResourceTable, StateBadge,
    action_links, export_query, list_view, may_act,
};
use crate::model::{ConnectionRow, ConsumerView, age_label};

const COLUMNS: &[Column] = &[
    Column::sorted("Name", "name"),
    Column::sorted("Private link service", "resource"),
    Column::sorted("Consumer", "consumer"),
    Column::sorted("State", "state"),
    Column::sorted("Description", "description"),
    Column::sorted("Requested", "requested"),
    Column::plain("Actions"),
];

const EMPTY: Empty = Empty {
    title: "No connections",
    message: "No private endpoint connection matches these filters in the synced subscriptions.",
};

/// The Connections page: every private endpoint connection.
#[component]
pub fn ConnectionsPage() -> impl IntoView {
    view! {
        <PageHeader title="Connections" summary="Every private endpoint connection in every state: Pending, Approved, Rejected and Disconnected." />
        <FilterBar action="/connections" with_state=true />
        <ExportLinks list="connections" />
        {list_view(list_connections, EMPTY, |rows, total| {
            connections_table("Connections", rows, Some(total), &[])
        })}
    }
}

/// The connections table: name, resource, consumer, state, description, request time, and the
/// actions an approver may take. With `total` (a list page: how many rows match over all pages)
/// approvers also get row selection and the bulk bar, whose "all matching" covers the page's
/// query with `forced` filters applied.
pub fn connections_table(
    caption: &'static str,
    rows: Vec<ConnectionRow>,
    total: Option<usize>,
    forced: &'static [(&'static str, &'static str)],
) -> AnyView {
    let location = use_location();
    let back = move || {
        href(
            &location.pathname.get(),
            &list_query(&location.search.get()),
        )
    };
    let selectable = total.is_some();
    let bar = move || {
        let total = total.filter(|_| may_act())?;
        let filter = export_query(&location.search.get(), forced);
        Some(bulk_bar(total, &filter, &back()))
    };
    view! {
        {bar}
        <ResourceTable caption=caption columns=COLUMNS default_sort="requested">
            {rows
                .into_iter()
                .map(|row| view! { <ConnectionTableRow row selectable back=back() /> })
                .collect_view()}
        </ResourceTable>
    }
    .into_any()
}

/// Approve or reject the selected rows, or every row matching the filter.
fn bulk_bar(total: usize, filter: &str, back: &str) -> impl IntoView + use<> {
    let all = |action: &str| {
        format!(
            "/confirm/{action}?filter={}&back={}",
            encode(filter),
            encode(back)
        )
    };
    let rows = if total == 1 { "row" } else { "rows" };
    view! {
        <form id=BULK_FORM class="bulk-bar" method="get" action="/confirm/approve" data-testid="bulk-bar">
            <input type="hidden" name="back" value=back.to_owned() />
            <span class="muted">"Selected rows:"</span>
            <button type="submit" formaction="/confirm/approve" data-testid="approve-selected">"Approve"</button>
            <button type="submit" formaction="/confirm/reject" data-testid="reject-selected">"Reject"</button>
            <span class="muted">{format!("All {total} matching {rows}:")}</span>
            <a href=all("approve") rel="external" data-testid="approve-all">"Approve all"</a>
            <a href=all("reject") rel="external" data-testid="reject-all">"Reject all"</a>
        </form>
    }
}

/// The id of the bulk bar's form, which row checkboxes belong to.
const BULK_FORM: &str = "bulk";

#[component]
fn ConnectionTableRow(row: ConnectionRow, selectable: bool, back: String) -> impl IntoView {
    let requested = match row.age_seconds {
        Some(age) => format!("{} ago", age_label(age)),
        None => "unknown".to_owned(),
    };
    let consumer = match &row.consumer {
        ConsumerView::Endpoint { endpoint_id, .. } => {
            view! { <ResourceLink id=endpoint_id.clone() label=row.consumer.label() /> }.into_any()
        }
        other => other.label().into_any(),
    };
    let (id, state, name) = (row.id.clone(), row.state.clone(), row.name.clone());
    let actions = move || {
        may_act().then(|| {
            let select = selectable.then(|| {
                view! {
                    <input type="checkbox" name="id" value=id.clone() form=BULK_FORM aria-label=format!("Select {name}") data-testid="select-row" />
                }
            });
            view! { {select}{action_links(&id, &state, &back, "row")} }
        })
    };
    view! {
        <tr>
            <th scope="row"><ResourceLink id=row.id.clone() label=row.name.clone() /></th>
            <td><ResourceLink id=row.resource_id.clone() label=row.resource_name.clone() /></td>
            <td class="consumer">{consumer}</td>
            <td><StateBadge state=row.state /></td>
            <td class="description">{row.description}</td>
            <td class="nowrap" title=row.requested_at.unwrap_or_default()>{requested}</td>
            <td class="actions">{actions}</td>
        </tr>
    }
}
