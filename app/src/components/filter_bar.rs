//! The filters of a list as a plain GET form: every filter lands in the URL, so it works with
//! JavaScript off, each view is a shareable link and the back button works.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use super::query::list_query;
use super::use_status;
use crate::model::query::{DEFAULT_LIMIT, STATES};
use crate::model::{ListQuery, SortDirection};
/// Page sizes offered.
pub const PAGE_SIZES: [usize; 4] = [25, 50, 100, 200];

/// The page sizes to offer and the one chosen: the usual sizes, plus the URL's own `limit` when
/// it is another valid size (so Apply keeps it).
pub fn page_size_options(limit: &str) -> (Vec<usize>, usize) {
    let mut sizes = PAGE_SIZES.to_vec();
    let chosen = match limit.trim().parse::<usize>() {
        Ok(n) if (1..=1000).contains(&n) => n,
        _ => DEFAULT_LIMIT,
    };
    if !sizes.contains(&chosen) {
        sizes.push(chosen);
        sizes.sort_unstable();
    }
    (sizes, chosen)
}

/// Subscription, resource group, region, optional state, free text and page size; the current
/// sort is carried along in hidden fields.
#[component]
pub fn FilterBar(
    /// The page the form submits to, e.g. `/connections`.
    action: &'static str,
    /// Offer the connection-state filter.
    #[prop(optional)]
    with_state: bool,
) -> impl IntoView {
    let query = use_query_map();
    let search = use_location().search;
    let typed = Memo::new(move |_| ListQuery::parse(&list_query(&search.get())).ok());
    // The list's own query gives the values; one that does not parse shows them as typed, so
    // that the user can mend the one the list names.
    let value = move |key: &'static str| {
        move || {
            typed.with(|typed| match typed {
                Some(list) => filter_value(list, key),
                None => query.with(|q| q.get(key).unwrap_or_default()),
            })
        }
    };
    let state_select = with_state.then(state_select);
    let limit = value("limit");
    let page_sizes = move || {
        let (sizes, chosen) = page_size_options(&limit());
        sizes
            .into_iter()
            .map(|size| {
                view! { <option value=size.to_string() selected=size == chosen>{size.to_string()}</option> }
            })
            .collect_view()
    };
    let hidden = move |key: &'static str| {
        Some(value(key)()).filter(|v| !v.is_empty()).map(|v| {
            view! { <input type="hidden" name=key value=v /> }
        })
    };
    view! {
        <form method="get" action=action>
            <div class="filter-bar" role="search" aria-label="Filters">
                <SubscriptionSelect />
                <label class="filter">
                    <span>"Resource group"</span>
                    <input type="text" name="resourceGroup" value=value("resourceGroup") />
                </label>
                <label class="filter">
                    <span>"Region"</span>
                    <input type="text" name="location" placeholder="e.g. westeurope" value=value("location") />
                </label>
                {state_select}
                <label class="filter filter-wide">
                    <span>"Search"</span>
                    <input type="search" name="q" placeholder="Name, ID or description" value=value("q") />
                </label>
                <label class="filter">
                    <span>"Rows per page"</span>
                    <select name="limit">{page_sizes}</select>
                </label>
                {move || hidden("sort")}
                {move || hidden("order")}
                <div class="filter-actions">
                    <button type="submit">"Apply"</button>
                    <a href=action>"Clear"</a>
                </div>
            </div>
        </form>
    }
}

/// The value a filter field of the bar shows for `query` (blank for none).
pub fn filter_value(query: &ListQuery, key: &str) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match key {
        "resourceGroup" => text(&query.resource_group),
        "location" => text(&query.location),
        "state" => text(&query.state),
        "q" => text(&query.text),
        "sort" => text(&query.sort),
        "order" if query.sort.is_some() || query.direction == SortDirection::Descending => {
            let (_, descending) = query.sorted_by("");
            if descending { "desc" } else { "asc" }.to_owned()
        }
        "limit" => query.limit.to_string(),
        _ => String::new(),
    }
}

/// The connection-state filter (`state=`), showing the URL's state.
pub fn state_select() -> impl IntoView {
    let query = use_query_map();
    let current = move || query.with(|q| q.get("state").unwrap_or_default());
    view! {
        <label class="filter">
            <span>"State"</span>
            <select name="state">
                <option value="" selected=move || current().is_empty()>"All states"</option>
                {STATES
                    .iter()
                    .map(|state| {
                        view! {
                            <option value=*state selected=move || current().eq_ignore_ascii_case(state)>
                                {*state}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The subscriptions chosen in the URL (`subscription=a&subscription=b,c`), lower-cased.
pub fn chosen_subscriptions(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A multi-select of the synced subscriptions by name (Ctrl or Shift chooses several), which
/// submits one `subscription=` per choice. Estates with more subscriptions than the server
/// lists get a text field for comma-separated subscription IDs instead.
#[component]
pub fn SubscriptionSelect() -> impl IntoView {
    let query = use_query_map();
    let raw = move || query.with(|q| q.get_all("subscription").unwrap_or_default());
    let chosen = move || chosen_subscriptions(&raw());
    let subscriptions = use_status().map(|s| s.subscriptions).unwrap_or_default();
    let field = if subscriptions.is_empty() {
        view! {
            <input type="text" name="subscription" placeholder="Subscription IDs, comma-separated" value=move || raw().join(",") />
        }
        .into_any()
    } else {
        let options = subscriptions
            .into_iter()
            .map(|s| {
                let id = s.id.to_ascii_lowercase();
                let selected = move || chosen().contains(&id);
                view! { <option value=s.id selected=selected>{s.name}</option> }
            })
            .collect_view();
        view! {
            <select name="subscription" multiple size="3" data-testid="subscription-filter">{options}</select>
        }
        .into_any()
    };
    view! {
        <label class="filter filter-subscriptions">
            <span>"Subscriptions"</span>
            {field}
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_page_size_is_offered_and_chosen() {
        assert_eq!(page_size_options(""), (PAGE_SIZES.to_vec(), 50));
        assert_eq!(page_size_options("100"), (PAGE_SIZES.to_vec(), 100));
        assert_eq!(page_size_options("4"), (vec![4, 25, 50, 100, 200], 4));
        assert_eq!(page_size_options("abc"), (PAGE_SIZES.to_vec(), 50));
        assert_eq!(page_size_options("5000"), (PAGE_SIZES.to_vec(), 50));
    }

    #[test]
    fn the_fields_show_the_list_query() {
        let query = ListQuery::parse("q=Front+Door&sort=name&limit=25&resourceGroup=rg").unwrap();
        assert_eq!(filter_value(&query, "q"), "Front Door");
        assert_eq!(filter_value(&query, "resourceGroup"), "rg");
        assert_eq!(filter_value(&query, "order"), "asc");
        assert_eq!(filter_value(&query, "limit"), "25");
        assert_eq!(filter_value(&ListQuery::default(), "order"), "");
        assert_eq!(filter_value(&ListQuery::default(), "location"), "");
    }

    #[test]
    fn subscriptions_are_read_from_repeated_and_comma_separated_values() {
        let values = vec!["AAA".to_owned(), "bbb, ccc".to_owned(), String::new()];
        assert_eq!(chosen_subscriptions(&values), ["aaa", "bbb", "ccc"]);
    }
}
