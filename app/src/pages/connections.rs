//! The Connections page: every private endpoint connection in every state, and the table it
//! shares with the Pending page.

use leptos::prelude::*;

use crate::api::list_connections;
use leptos_router::hooks::use_location;

use crate::components::query::{encode, href};
use crate::components::{
    Column, Empty, ExportLinks, FilterBar, PageHeader, ResourceLink, ResourceTable, StateBadge,
    StatusContext, list_view,
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
        {list_view(list_connections, EMPTY, |rows| connections_table("Connections", rows))}
    }
}

/// The connections table: name, resource, consumer, state, description, request time, and an
/// Actions column kept for Approve/Reject.
pub fn connections_table(caption: &'static str, rows: Vec<ConnectionRow>) -> AnyView {
    view! {
        <ResourceTable caption=caption columns=COLUMNS default_sort="requested">
            {rows.into_iter().map(|row| view! { <ConnectionTableRow row /> }).collect_view()}
        </ResourceTable>
    }
    .into_any()
}

#[component]
fn ConnectionTableRow(row: ConnectionRow) -> impl IntoView {
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
    view! {
        <tr>
            <th scope="row"><ResourceLink id=row.id.clone() label=row.name.clone() /></th>
            <td><ResourceLink id=row.resource_id.clone() label=row.resource_name.clone() /></td>
            <td class="consumer">{consumer}</td>
            <td><StateBadge state=row.state.clone() /></td>
            <td class="description">{row.description}</td>
            <td class="nowrap" title=row.requested_at.unwrap_or_default()>{requested}</td>
            <td class="actions">{action_links(row.id, row.state)}</td>
        </tr>
    }
}

/// Approve and Reject on a Pending row, Reject on an Approved one, Remove on any — for users
/// who may act; each leads to its confirmation page and back here.
fn action_links(id: String, state: String) -> impl IntoView {
    let location = use_location();
    let can_act = move || {
        use_context::<StatusContext>()
            .and_then(|c| c.status.get())
            .and_then(Result::ok)
            .is_some_and(|s| s.session.can_act)
    };
    move || {
        can_act().then(|| {
            let back = href(&location.pathname.get(), &location.search.get());
            let link = |action: &'static str, label: &'static str| {
                let target = format!("/confirm/{action}?id={}&back={}", encode(&id), encode(&back));
                view! { <a class="action-link" href=target data-testid=format!("{action}-link")>{label}</a> }
            };
            let pending = state.eq_ignore_ascii_case("Pending");
            let approved = state.eq_ignore_ascii_case("Approved");
            view! {
                {pending.then(|| link("approve", "Approve"))}
                {(pending || approved).then(|| link("reject", "Reject"))}
                {link("remove", "Remove")}
            }
        })
    }
}
