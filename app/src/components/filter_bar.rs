//! The filters of a list as a plain GET form: every filter lands in the URL, so it works with
//! JavaScript off, each view is a shareable link and the back button works. With JavaScript on,
//! the router submits it without a full reload.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// States the state filter offers.
pub const STATES: [&str; 4] = ["Pending", "Approved", "Rejected", "Disconnected"];
/// Page sizes offered.
pub const PAGE_SIZES: [usize; 4] = [25, 50, 100, 200];
const DEFAULT_PAGE_SIZE: &str = "50";

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
    let value = move |key: &'static str| move || query.with(|q| q.get(key).unwrap_or_default());
    let state_select = with_state.then(|| {
        let current = value("state");
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
    });
    let limit = value("limit");
    let page_sizes = PAGE_SIZES
        .iter()
        .map(|size| {
            let size = size.to_string();
            let selected = {
                let size = size.clone();
                move || {
                    let current = limit();
                    let current = if current.is_empty() {
                        DEFAULT_PAGE_SIZE.to_owned()
                    } else {
                        current
                    };
                    current == size
                }
            };
            let label = size.clone();
            view! { <option value=size selected=selected>{label}</option> }
        })
        .collect_view();
    let hidden = move |key: &'static str| {
        query
            .with(|q| q.get(key))
            .filter(|v| !v.is_empty())
            .map(|v| {
                view! { <input type="hidden" name=key value=v /> }
            })
    };
    view! {
        <Form method="get" action=action>
            <div class="filter-bar" role="search" aria-label="Filters">
                <label class="filter">
                    <span>"Subscription"</span>
                    <input type="text" name="subscription" placeholder="Subscription ID" value=value("subscription") />
                </label>
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
        </Form>
    }
}
