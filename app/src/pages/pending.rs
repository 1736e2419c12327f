//! The Pending connections page: the Connections table with `state=Pending` forced, oldest first;
//! a live region, so a new request appears (highlighted) without a reload.

use leptos::prelude::*;

use crate::model::ListQuery;

use super::connections::connections_table;
use crate::api::list_connections;
use crate::components::query::with_params;
use crate::components::{Empty, ExportLinks, FilterBar, PageHeader, list_view};

const EMPTY: Empty = Empty {
    title: "No pending connections",
    message: "Nothing is waiting for approval. New requests from Front Door profiles and other subscriptions appear here.",
};

/// The filter this page forces.
const PENDING: &[(&str, &str)] = &[("state", "Pending")];

/// The Pending connections page: requests waiting for approval.
#[component]
pub fn PendingPage() -> impl IntoView {
    let fetch =
        |search: String| list_connections(with_params(&search, &[("state", Some("Pending"))]));
    view! {
        <PageHeader title="Pending connections" summary="Connection requests waiting for a decision, oldest first." />
        <FilterBar action="/pending" />
        <ExportLinks list="connections" forced=&[("state", "Pending")] />
        <div data-live="connections">
            {list_view::<ListQuery, _, _>(fetch, EMPTY, |rows, total| {
                connections_table("Pending connections", rows, total, PENDING)
            })}
        </div>
    }
}
