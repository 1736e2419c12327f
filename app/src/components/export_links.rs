//! "Export CSV · JSON": download links for every row of the current filtered view (all pages),
//! served by `/export/{list}.{csv|json}` with the page's own query.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::query::{href, with_params};

/// The export query for a page's query: the same filters and sort, without the page (or the
/// report of an action just taken), plus `forced` filters (the Pending page's `state=Pending`).
/// Also what "all matching" of a bulk action covers.
pub fn export_query(search: &str, forced: &[(&str, &str)]) -> String {
    let mut changes: Vec<(&str, Option<&str>)> =
        vec![("offset", None), ("limit", None), ("done", None)];
    changes.extend(forced.iter().map(|(k, v)| (*k, Some(*v))));
    with_params(search, &changes)
}

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
    let link = move |extension: &'static str| {
        move || {
            search.with(|s| {
                href(
                    &format!("/export/{list}.{extension}"),
                    &export_query(s, forced),
                )
            })
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_keep_filters_and_sort_but_not_the_page() {
        assert_eq!(
            export_query("q=door&offset=50&limit=25&sort=name", &[]),
            "q=door&sort=name"
        );
        assert_eq!(
            export_query("state=Approved&q=x", &[("state", "Pending")]),
            "q=x&state=Pending"
        );
        assert_eq!(export_query("", &[]), "");
    }
}
