//! The Audit page: the record of every action taken through Link Center.

use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};

/// The Audit page: the record of every action taken through Link Center.
#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <PageHeader title="Audit" summary="Who approved, rejected or removed which connection, when, and with what result." />
        <EmptyState title="No actions recorded" message="No connection has been approved, rejected or removed through Link Center yet." />
    }
}
