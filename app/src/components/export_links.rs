//! "Export CSV · JSON": download links for every row of the current filtered view (all pages),
//! served by `/export/{list}.{csv|json}` with the page's own query.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::query::{export_query, href};
use crate::model::{AuditFilter, ChangeQuery, FindingQuery, ListQuery};

/// Links downloading the current view of `list` (`connections`, `private-endpoints`…).
#[component]
pub fn ExportLinks(
    /// The list's name in `/export/{list}.csv`.
    list: &'static str,
    /// Filters the page always applies.
    #[prop(default = &[])]
    forced: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let search = use_location().search;
    let export: fn(&str, &[(&str, &str)]) -> String = match list {
        "audit" => export_query::<AuditFilter>,
        "changes" => export_query::<ChangeQuery>,
        // Every finding the filters keep: they do not page.
        "findings" => |search, _| {
            FindingQuery::parse(search)
                .map(|q| q.encode())
                .unwrap_or_default()
        },
        _ => export_query::<ListQuery>,
    };
    let link = move |extension: &'static str| {
        move || search.with(|s| href(&format!("/export/{list}.{extension}"), &export(s, forced)))
    };
    view! {
        <p class="export-links">
            "Export all matching rows: "
            <a href=link("csv") download="" rel="external" data-testid="export-csv">"CSV"</a>
            " · "
            <a href=link("json") download="" rel="external" data-testid="export-json">"JSON"</a>
        </p>
    }
}
