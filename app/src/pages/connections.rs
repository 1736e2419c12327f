//! The Connections page: every private endpoint connection in every state, and the table it
//! shares with the Pending page.

use leptos::either::Either;
use leptos::prelude::*;

use leptos_router::hooks::use_location;

use crate::api::list_connections;
use crate::components::query::{encode, export_query, href, list_query};
use crate::components::{
    Column, Empty, ExportLinks, FilterBar, PageHeader, ResourceTable, StateLegend, action_links,
    list_view, may_act, resource_link, state_badge,
};
use crate::model::{ConnectionRow, ConsumerView, ListQuery, age_label, connection_key};

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
        <StateLegend />
        <ExportLinks list="connections" />
        <div data-live="connections">
            {list_view::<ListQuery, _, _>(list_connections, EMPTY, |rows, total| {
                connections_table("Connections", rows, total, &[])
            })}
        </div>
    }
}

/// A list page's connections table: the rows with the actions the user may take, and for
/// approvers the bulk bar, whose "all matching" covers the page's query with `forced` filters
/// applied; `total` is how many rows match over all pages.
pub fn connections_table(
    caption: &'static str,
    rows: Vec<ConnectionRow>,
    total: usize,
    forced: &'static [(&'static str, &'static str)],
) -> AnyView {
    let location = use_location();
    let can_act = may_act();
    let back = href(
        &location.pathname.get_untracked(),
        &list_query(&location.search.get_untracked()),
    );
    let bar = can_act.then(|| {
        let filter = export_query::<ListQuery>(&location.search.get_untracked(), forced);
        bulk_bar(total, &filter, &back)
    });
    let rows = rows
        .into_iter()
        .map(|row| connection_row(row, can_act, true, &back))
        .collect_view();
    view! {
        {bar}
        <ResourceTable caption=caption columns=COLUMNS default_sort="requested">{rows}</ResourceTable>
    }
    .into_any()
}

/// A connections table without sort links or bulk bar (a detail page's section, the graph's
/// panel): rows with the actions the user may take, which return to `back`.
pub fn connections_section(rows: Vec<ConnectionRow>, back: &str) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="muted">"No connection has been requested yet."</p> }.into_any();
    }
    let can_act = may_act();
    let rows = rows
        .into_iter()
        .map(|row| connection_row(row, can_act, false, back))
        .collect_view();
    crate::components::plain_table("Connections", COLUMNS, rows)
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
            <a href=all("approve") data-testid="approve-all">"Approve all"</a>
            <a href=all("reject") data-testid="reject-all">"Reject all"</a>
        </form>
    }
}

/// The id of the bulk bar's form, which row checkboxes belong to.
const BULK_FORM: &str = "bulk";

/// One connection as a table row: with its action links when the user may act (returning to
/// `back`), and a checkbox of the bulk bar's form when `selectable`.
fn connection_row(
    row: ConnectionRow,
    can_act: bool,
    selectable: bool,
    back: &str,
) -> impl IntoView + use<> {
    let requested = match row.age_seconds {
        Some(age) => format!("{} ago", age_label(age)),
        None => "unknown".to_owned(),
    };
    let consumer = match &row.consumer {
        ConsumerView::Endpoint { endpoint_id, .. } => {
            Either::Left(resource_link(endpoint_id, row.consumer.label()))
        }
        // Which route asked: the profile's endpoint host names under the label.
        ConsumerView::FrontDoor { endpoint_hosts, .. } if !endpoint_hosts.is_empty() => {
            let hosts = endpoint_hosts.join(", ");
            Either::Right(Either::Left(view! {
                {row.consumer.label()}
                <span class="consumer-host mono" data-testid="front-door-host">{hosts}</span>
            }))
        }
        other => Either::Right(Either::Right(other.label())),
    };
    let actions = can_act.then(|| {
        let select = selectable.then(|| {
            view! {
                <input type="checkbox" name="id" value=connection_key(&row.id) form=BULK_FORM aria-label=format!("Select {}", row.name) data-testid="select-row" />
            }
        });
        view! { {select}{action_links(&row.id, &row.state, back, "row")} }
    });
    // What an approval policy does or would do, and why (the evidence on hover).
    let policy = row.policy.as_ref().map(|verdict| {
        let why = verdict
            .held_because
            .iter()
            .chain(&verdict.evidence)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        view! {
            <span class="policy-verdict" title=why data-testid="policy-verdict">{verdict.sentence()}</span>
        }
    });
    // The id and state let the page's live refresh tell new and changed rows (`live`).
    view! {
        <tr data-id=connection_key(&row.id) data-state=row.state.clone()>
            <th scope="row">{resource_link(&row.id, row.name.clone())}</th>
            <td>{resource_link(&row.resource_id, row.resource_name.clone())}</td>
            <td class="consumer">{consumer}</td>
            <td>{state_badge(row.state.clone())}{policy}</td>
            <td class="description">{row.description.clone()}</td>
            <td class="nowrap" title=row.requested_at.clone().unwrap_or_default()>{requested}</td>
            <td class="actions">{actions}</td>
        </tr>
    }
}
