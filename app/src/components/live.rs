//! Browser-only: the live events (`GET /api/v1/events`, one stream for all of the user's tabs,
//! see `stream`) and the page's live regions.
//!
//! A live region is an element the server rendered with `data-live="<name>"`: the Connections
//! and Pending tables, and the Pending count in the navigation (which `show_pending` sets from
//! the status every page asks for, so a page without tables never asks for itself again). When
//! connections change (a `change` or `action` event), `refresh_regions` asks the server for the
//! same page again and puts each table's new rendering in place: the rows stay the server's, rendered by the same components
//! (as the graph's side panel is); rows that were not there are marked `row-new`, rows whose
//! state moved `row-changed` (the style highlights both; a refresh right after keeps the
//! marks), and the rows the user had selected stay selected. One refresh runs at a time;
//! events arriving meanwhile make one more.
//!
//! When the stream cannot connect (refused, or the browser has no `EventSource`) or has not yet,
//! `connected` says so and the islands poll as they did before.

mod stream;

use std::cell::Cell;

use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Document, Element, HtmlInputElement, window};

pub use stream::{connected, on};

/// The live regions a page fetch refreshes: all but the navigation's count, which every page
/// has and `show_pending` sets from the status.
const ROWS: &str = "[data-live]:not([data-live=nav-pending])";

thread_local! {
    /// 0: no refresh running; 1: one running; 2: one running and another asked for.
    static REFRESHING: Cell<u8> = const { Cell::new(0) };
}

/// Shows `pending` in the navigation's Pending count (empty at 0, as the server renders it).
pub fn show_pending(pending: u64) {
    let Some(count) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-live=nav-pending]").ok().flatten())
    else {
        return;
    };
    count.set_text_content((pending > 0).then(|| pending.to_string()).as_deref());
    let _ = count.set_attribute("aria-label", &format!("{pending} waiting for a decision"));
}

/// Puts the server's current rendering of this page's live regions in place (see the module
/// docs); nothing when the page has none.
pub fn refresh_regions() {
    let running = REFRESHING.with(|state| {
        let now = state.get();
        state.set(if now == 0 { 1 } else { 2 });
        now != 0
    });
    if running {
        return;
    }
    leptos::task::spawn_local(async {
        loop {
            let _ = refresh_once().await;
            let again = REFRESHING.with(|state| {
                let again = state.get() == 2;
                state.set(if again { 1 } else { 0 });
                again
            });
            if !again {
                return;
            }
        }
    });
}

async fn refresh_once() -> Option<()> {
    let window = window()?;
    let document = window.document()?;
    let regions = document.query_selector_all(ROWS).ok()?;
    if regions.length() == 0 {
        return Some(());
    }
    let fresh = super::browser_fetch::get_page(&window.location().href().ok()?).await?;
    // The regions of the page as it is once the answer is in (not as it was when asked).
    let regions = document.query_selector_all(ROWS).ok()?;
    for i in 0..regions.length() {
        let Some(old) = regions.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let _ = replace(&document, &fresh, &old);
    }
    Some(())
}

/// Replaces `old` with its counterpart in `fresh`, marking new and changed rows and keeping
/// the selection.
fn replace(document: &Document, fresh: &Document, old: &Element) -> Option<()> {
    let name = old.get_attribute("data-live")?;
    let new = fresh
        .query_selector(&format!("[data-live=\"{name}\"]"))
        .ok()
        .flatten()?;
    let new: Element = document
        .import_node_with_deep(&new, true)
        .ok()?
        .dyn_into()
        .ok()?;
    let before = rows(old);
    for row in elements(&new, "tr[data-id]") {
        let id = row.get_attribute("data-id").unwrap_or_default();
        let state = row.get_attribute("data-state");
        let mark = match before.iter().find(|seen| seen.id == id) {
            None => Some("row-new"),
            Some(seen) if seen.state != state => Some("row-changed"),
            // A refresh right after another keeps what the first one marked.
            Some(seen) => seen.mark,
        };
        if let Some(mark) = mark {
            let _ = row.class_list().add_1(mark);
        }
    }
    let selected: Vec<String> = elements(old, "input[type=checkbox]")
        .filter_map(|e| e.dyn_into::<HtmlInputElement>().ok())
        .filter(HtmlInputElement::checked)
        .map(|input| input.value())
        .collect();
    for input in elements(&new, "input[type=checkbox]") {
        if let Ok(input) = input.dyn_into::<HtmlInputElement>()
            && selected.contains(&input.value())
        {
            input.set_checked(true);
        }
    }
    old.replace_with_with_node_1(&new).ok()
}

/// A row as the page shows it.
struct Seen {
    id: String,
    state: Option<String>,
    /// `row-new` or `row-changed` when an earlier refresh marked it.
    mark: Option<&'static str>,
}

/// Each row's id, state and mark.
fn rows(region: &Element) -> Vec<Seen> {
    elements(region, "tr[data-id]")
        .map(|row| {
            let classes = row.class_list();
            Seen {
                id: row.get_attribute("data-id").unwrap_or_default(),
                state: row.get_attribute("data-state"),
                mark: ["row-new", "row-changed"]
                    .into_iter()
                    .find(|mark| classes.contains(mark)),
            }
        })
        .collect()
}

fn elements(root: &Element, selector: &str) -> impl Iterator<Item = Element> {
    let found = root.query_selector_all(selector).ok();
    let count = found.as_ref().map_or(0, |f| f.length());
    (0..count).filter_map(move |i| found.as_ref()?.item(i)?.dyn_into::<Element>().ok())
}
