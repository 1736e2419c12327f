//! The Policies page's Notifications section (`--notifications FILE`): each target with the host
//! it posts to, its events and filter, and the delivery log — sent, retrying or given up, with
//! the answer or the last failure.

use leptos::prelude::*;

use crate::components::query::table_time;
use crate::components::{Column, plain_table};
use crate::model::NotificationsView;

const TARGET_COLUMNS: &[Column] = &[
    Column::plain("Target"),
    Column::plain("Type"),
    Column::plain("Posts to"),
    Column::plain("Events"),
    Column::plain("Filter"),
];

const DELIVERY_COLUMNS: &[Column] = &[
    Column::plain("When (UTC)"),
    Column::plain("Target"),
    Column::plain("Event"),
    Column::plain("Outcome"),
    Column::plain("Posts"),
    Column::plain("Answer"),
];

/// The section; nothing without a notifications file.
pub fn notifications_section(view: NotificationsView) -> AnyView {
    if !view.configured {
        return ().into_any();
    }
    let targets = view
        .targets
        .into_iter()
        .map(|t| {
            view! {
                <tr data-testid="notification-target">
                    <th scope="row">{t.name}</th>
                    <td>{t.kind}</td>
                    <td class="mono">{t.host}</td>
                    <td>{t.events.join(", ")}</td>
                    <td>{t.filter}</td>
                </tr>
            }
        })
        .collect_view();
    let deliveries = if view.deliveries.is_empty() {
        view! { <p class="muted">"Nothing has been sent yet."</p> }.into_any()
    } else {
        plain_table(
            "Deliveries",
            DELIVERY_COLUMNS,
            view.deliveries
                .into_iter()
                .map(|d| {
                    let outcome = match d.outcome.as_str() {
                        "sent" => "sent",
                        "retrying" => "retrying",
                        _ => "gave up",
                    };
                    view! {
                        <tr data-testid="notification-delivery" data-outcome=d.outcome.clone()>
                            <td class="nowrap" title=d.at.clone()>{table_time(&d.at)}</td>
                            <th scope="row">{d.target}</th>
                            <td title=d.key>{d.event}</td>
                            <td>{outcome}</td>
                            <td>{d.attempts}</td>
                            <td class="description">{d.detail}</td>
                        </tr>
                    }
                })
                .collect_view(),
        )
    };
    let refused = view.reload_error.map(|error| {
        view! {
            <p class="warning-panel" role="alert" data-testid="notifications-reload-error">
                "The notifications file was changed but refused; the targets below stay in force: "
                <span class="mono">{error}</span>
            </p>
        }
    });
    view! {
        <section class="detail-section" data-testid="notifications">
            <h2>"Notifications"</h2>
            <p class="muted mono">{view.path.unwrap_or_default()}</p>
            {refused}
            {plain_table("Targets", TARGET_COLUMNS, targets)}
            <h3>"Deliveries, newest first"</h3>
            {deliveries}
        </section>
    }
    .into_any()
}
