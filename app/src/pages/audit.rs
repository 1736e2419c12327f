//! The Audit page: every action taken through Link Center, newest first, filtered by actor,
//! action, outcome, subscription and time range in the URL.

use leptos::prelude::*;

use crate::model::AuditFilter;
use leptos_router::hooks::use_query_map;

use crate::api::list_audit;
use crate::components::{
    Column, Empty, ExportLinks, PageHeader, ResourceLink, SubscriptionSelect, list_view,
    plain_table, use_status,
};
use crate::model::{AuditEntry, SubscriptionOption};

const COLUMNS: &[Column] = &[
    Column::plain("When (UTC)"),
    Column::plain("Who"),
    Column::plain("Action"),
    Column::plain("Connection"),
    Column::plain("Service"),
    Column::plain("Consumer"),
    Column::plain("Subscription"),
    Column::plain("Change"),
    Column::plain("Description"),
    Column::plain("Outcome"),
    Column::plain("ARM request id"),
];

const EMPTY: Empty = Empty {
    title: "No actions recorded",
    message: "No connection has been approved, rejected or removed through Link Center with these filters.",
};

/// The Audit page.
#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <PageHeader title="Audit" summary="Who approved, rejected or removed which connection, when, and with what result." />
        {filters()}
        <ExportLinks list="audit" />
        {list_view::<AuditFilter, _, _>(list_audit, EMPTY, |rows, _| audit_table("Actions", rows))}
    }
}

/// The audit as a table: the Audit page, and a connection's history.
pub(crate) fn audit_table(caption: &'static str, rows: Vec<AuditEntry>) -> AnyView {
    // Subscriptions by name where the server knows it (the status lists the synced ones): read
    // once for the table.
    let names = use_status().map(|s| s.subscriptions).unwrap_or_default();
    plain_table(
        caption,
        COLUMNS,
        rows.into_iter()
            .map(|entry| audit_row(entry, &names))
            .collect_view(),
    )
}

/// One record as a table row.
fn audit_row(entry: AuditEntry, names: &[SubscriptionOption]) -> impl IntoView + use<> {
    let name = crate::model::id_name(&entry.connection_id).to_owned();
    let change = match &entry.requested_state {
        Some(state) => format!("{} → {state}", entry.previous_state),
        None if entry.action == "remove" => format!("{} → removed", entry.previous_state),
        None => entry.previous_state.clone(),
    };
    let outcome = match (&entry.outcome, &entry.outcome_message) {
        (Some(outcome), Some(message)) if !message.is_empty() => format!("{outcome}: {message}"),
        (Some(outcome), _) => outcome.clone(),
        _ => "in progress".to_owned(),
    };
    let who = match &entry.email {
        Some(email) if *email != entry.actor => {
            format!("{} ({email}, {})", entry.actor, entry.role)
        }
        _ => format!("{} ({})", entry.actor, entry.role),
    };
    let subject = entry.subject.as_ref().map(|s| format!("subject {s}"));
    let when = crate::components::query::table_time(&entry.at);
    let service = crate::model::id_name(&entry.resource_id).to_owned();
    let subscription = names
        .iter()
        .find(|o| o.id.eq_ignore_ascii_case(&entry.subscription))
        .map_or_else(|| entry.subscription.clone(), |o| o.name.clone());
    view! {
        <tr data-testid="audit-row">
            <td class="nowrap" title=entry.at.clone()>{when}</td>
            <td title=subject data-testid="audit-who">{who}</td>
            <td>{entry.action}</td>
            <th scope="row"><ResourceLink id=entry.connection_id label=name /></th>
            <td><ResourceLink id=entry.resource_id label=service /></td>
            <td data-testid="audit-consumer">{entry.consumer.unwrap_or_default()}</td>
            <td title=entry.subscription.clone()>{subscription}</td>
            <td>{change}</td>
            <td class="description">{entry.description}</td>
            <td data-testid="audit-outcome">{outcome}</td>
            <td class="mono" data-testid="audit-arm-request">{entry.arm_request_id.unwrap_or_default()}</td>
        </tr>
    }
}

/// A connection's history section.
pub fn history(entries: Vec<AuditEntry>) -> AnyView {
    if entries.is_empty() {
        return view! {
            <p class="muted" data-testid="history-empty">"Nothing has been done to this connection through Link Center."</p>
        }
        .into_any();
    }
    audit_table("History", entries)
}

/// Actor, action, outcome, subscription and time range, as a GET form.
fn filters() -> impl IntoView {
    let query = use_query_map();
    let value = move |key: &'static str| move || query.with(|q| q.get(key).unwrap_or_default());
    let choice = move |key: &'static str, label: &'static str, options: &'static [&'static str]| {
        let current = value(key);
        view! {
            <label class="filter">
                <span>{label}</span>
                <select name=key>
                    <option value="">"Any"</option>
                    {options
                        .iter()
                        .map(|o| view! { <option value=*o selected=move || current() == *o>{*o}</option> })
                        .collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <form method="get" action="/audit">
            <div class="filter-bar" role="search" aria-label="Audit filters">
                <label class="filter">
                    <span>"Who"</span>
                    <input type="text" name="actor" value=value("actor") />
                </label>
                {choice("action", "Action", &["approve", "reject", "remove"])}
                {choice("outcome", "Outcome", &["succeeded", "failed", "skipped", "reconciled"])}
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
                    <a href="/audit">"Clear"</a>
                </div>
            </div>
        </form>
    }
}
