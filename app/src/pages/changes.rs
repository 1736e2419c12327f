//! The Changes page: what changed between syncs — connections appearing, changing state or
//! going, services recreated, subscriptions becoming unreadable — and who made each change when
//! Link Center knows, newest first, filtered by kind, who, subscription and time in the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::list_changes;
use crate::components::query::table_time;
use crate::components::{
    Column, Empty, ExportLinks, PageHeader, SubscriptionSelect, list_view, plain_table,
    resource_link,
};
use crate::model::{ChangeEntry, ChangeKind, ChangeQuery, id_name};

const COLUMNS: &[Column] = &[
    Column::plain("Seen (UTC)"),
    Column::plain("Change"),
    Column::plain("Service"),
    Column::plain("Connection"),
    Column::plain("What"),
    Column::plain("By"),
];

const EMPTY: Empty = Empty {
    title: "No changes recorded",
    message: "Nothing changed between syncs with these filters. Link Center records changes from its second sync on: the first is the baseline.",
};

/// The Changes page.
#[component]
pub fn ChangesPage() -> impl IntoView {
    view! {
        <PageHeader title="Changes" summary="What changed between syncs — in Link Center or anywhere else — and who made it when known." />
        {filters()}
        <ExportLinks list="changes" />
        {list_view::<ChangeQuery, _, _>(list_changes, EMPTY, |rows, _| changes_table("Changes", rows))}
    }
}

/// Changes as a table: the Changes page, and a connection's changes.
pub(crate) fn changes_table(caption: &'static str, rows: Vec<ChangeEntry>) -> AnyView {
    plain_table(
        caption,
        COLUMNS,
        rows.into_iter().map(change_row).collect_view(),
    )
}

fn change_row(change: ChangeEntry) -> impl IntoView {
    let when = table_time(&change.seen_at);
    let window = match &change.seen_after {
        Some(after) => format!("between {} and {} UTC", table_time(after), when),
        None => format!("by {when} UTC"),
    };
    let what = match (&change.kind, &change.from, &change.to) {
        (ChangeKind::StateChanged, Some(from), Some(to)) => format!("{from} → {to}"),
        _ => change.detail.clone(),
    };
    let service = change.service_id.clone().map(|id| {
        let name = id_name(&id).to_owned();
        resource_link(&id, name)
    });
    let connection = change.connection_id.clone().map(|id| {
        let name = id_name(&id).to_owned();
        resource_link(&id, name)
    });
    let by = change.by.clone().unwrap_or_else(|| "unknown".to_owned());
    view! {
        <tr data-testid="change-row">
            <td class="nowrap" title=window>{when}</td>
            <td data-testid="change-kind">{change.kind.label()}</td>
            <td>{service}</td>
            <td>{connection}</td>
            <td class="description" title=change.detail>{what}</td>
            <td data-testid="change-by">{by}</td>
        </tr>
    }
}

/// Kind, who, subscription and time range, as a GET form.
fn filters() -> impl IntoView {
    let query = use_query_map();
    let value = move |key: &'static str| move || query.with(|q| q.get(key).unwrap_or_default());
    let kind = value("kind");
    view! {
        <form method="get" action="/changes">
            <div class="filter-bar" role="search" aria-label="Change filters">
                <label class="filter">
                    <span>"Kind"</span>
                    <select name="kind">
                        <option value="">"Any"</option>
                        {ChangeKind::ALL
                            .iter()
                            .map(|k| {
                                let word = k.as_str();
                                view! { <option value=word selected=move || kind() == word>{k.label()}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="filter">
                    <span>"By"</span>
                    <input type="text" name="who" placeholder="alice, policy:afd, unknown" value=value("who") />
                </label>
                <SubscriptionSelect />
                <label class="filter">
                    <span>"From"</span>
                    <input type="text" name="from" placeholder="2026-11-01T00:00:00Z" value=value("from") />
                </label>
                <label class="filter">
                    <span>"To"</span>
                    <input type="text" name="to" placeholder="2026-11-30T23:59:59Z" value=value("to") />
                </label>
                <div class="filter-actions">
                    <button type="submit">"Apply"</button>
                    <a href="/changes">"Clear"</a>
                </div>
            </div>
        </form>
    }
}
