//! The one list table: a real `<table>` with a caption and column headers; sortable headers are
//! links that set `sort` and toggle `order` in the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::query::{current_sort, href, sort_query};

/// One column of a `ResourceTable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Header text.
    pub label: &'static str,
    /// The server's sort key for this column, if it can be sorted.
    pub sort: Option<&'static str>,
}

impl Column {
    /// A column sorted by `key`.
    pub const fn sorted(label: &'static str, key: &'static str) -> Self {
        Self {
            label,
            sort: Some(key),
        }
    }

    /// A column that cannot be sorted.
    pub const fn plain(label: &'static str) -> Self {
        Self { label, sort: None }
    }
}

/// A scrollable table whose rows are the children (`<tr>`s).
#[component]
pub fn ResourceTable(
    /// What the table lists (shown as its caption).
    #[prop(into)]
    caption: String,
    /// The columns, in order.
    columns: &'static [Column],
    /// The column the server sorts by when the URL names none.
    default_sort: &'static str,
    /// The rows.
    children: Children,
) -> impl IntoView {
    let location = use_location();
    let headers = columns
        .iter()
        .map(|column| {
            let Some(key) = column.sort else {
                return view! { <th scope="col">{column.label}</th> }.into_any();
            };
            let aria_sort = move || {
                location.search.with(|search| {
                    let (current, descending) = current_sort(search, default_sort);
                    match (current.eq_ignore_ascii_case(key), descending) {
                        (false, _) => "none",
                        (true, false) => "ascending",
                        (true, true) => "descending",
                    }
                })
            };
            let link = move || {
                let path = location.pathname.get();
                location
                    .search
                    .with(|search| href(&path, &sort_query(search, key, default_sort)))
            };
            view! {
                <th scope="col" aria-sort=aria_sort>
                    <a class="sort-link" href=link>{column.label}<span class="sort-mark" aria-hidden="true"></span></a>
                </th>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="resource-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A table with plain column headings: no sort links, and no router needed, so it can stand
/// anywhere (a detail page's section, the Graph page's panel).
pub fn plain_table(
    caption: &'static str,
    columns: &'static [Column],
    rows: impl IntoView + 'static,
) -> AnyView {
    let headers = columns
        .iter()
        .map(|c| view! { <th scope="col">{c.label}</th> })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="resource-table">
                <caption>{caption}</caption>
                <thead><tr>{headers}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
