//! Browser-only: the page's one stream of live events (`GET /api/v1/events`, an `EventSource`
//! every island of the page shares, so a tab holds one of the user's streams) and the page's
//! live regions.
//!
//! A live region is an element the server rendered with `data-live="<name>"` (the Pending count
//! in the navigation, the Connections and Pending tables). When connections change (a `change`
//! or `action` event), `refresh_regions` asks the server for the same page again and puts each
//! region's new rendering in place: the rows stay the server's, rendered by the same components
//! (as the graph's side panel is); rows that were not there are marked `row-new`, rows whose
//! state moved `row-changed` (the style highlights both), and the rows the user had selected
//! stay selected. One refresh runs at a time; events arriving meanwhile make one more.
//!
//! When the stream cannot connect (refused, or the browser has no `EventSource`) or has not yet,
//! `connected` says so and the islands poll as they did before.

use std::cell::{Cell, RefCell};

use leptos::wasm_bindgen::{JsCast, closure::Closure};
use leptos::web_sys::{Document, Element, EventSource, HtmlInputElement, MessageEvent, window};

/// Where the stream is.
const EVENTS_PATH: &str = "/api/v1/events";

thread_local! {
    static SOURCE: RefCell<Option<EventSource>> = const { RefCell::new(None) };
    /// 0: no refresh running; 1: one running; 2: one running and another asked for.
    static REFRESHING: Cell<u8> = const { Cell::new(0) };
}

/// The page's stream, opened by the first island that asks.
fn source() -> Option<EventSource> {
    SOURCE.with(|cell| {
        let mut source = cell.borrow_mut();
        if source.is_none() {
            *source = EventSource::new(EVENTS_PATH).ok();
        }
        source.clone()
    })
}

/// Calls `listener` with the data of each `kind` event, for the life of the page.
pub fn on(kind: &str, listener: impl Fn(String) + 'static) {
    let Some(source) = source() else {
        return;
    };
    let closure = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        listener(event.data().as_string().unwrap_or_default());
    });
    let _ = source.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    // Listeners live as long as the page.
    closure.forget();
}

/// Whether the stream is open now (when not, the islands poll).
pub fn connected() -> bool {
    SOURCE.with(|cell| {
        cell.borrow()
            .as_ref()
            .is_some_and(|s| s.ready_state() == EventSource::OPEN)
    })
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
    let regions = document.query_selector_all("[data-live]").ok()?;
    if regions.length() == 0 {
        return Some(());
    }
    let fresh = super::browser_fetch::get_page(&window.location().href().ok()?).await?;
    // The regions of the page as it is once the answer is in (not as it was when asked).
    let regions = document.query_selector_all("[data-live]").ok()?;
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
        match before.iter().find(|(seen, _)| *seen == id) {
            None => {
                let _ = row.class_list().add_1("row-new");
            }
            Some((_, seen)) if *seen != state => {
                let _ = row.class_list().add_1("row-changed");
            }
            Some(_) => {}
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

/// Each row's id and state.
fn rows(region: &Element) -> Vec<(String, Option<String>)> {
    elements(region, "tr[data-id]")
        .map(|row| {
            (
                row.get_attribute("data-id").unwrap_or_default(),
                row.get_attribute("data-state"),
            )
        })
        .collect()
}

fn elements(root: &Element, selector: &str) -> impl Iterator<Item = Element> {
    let found = root.query_selector_all(selector).ok();
    let count = found.as_ref().map_or(0, |f| f.length());
    (0..count).filter_map(move |i| found.as_ref()?.item(i)?.dyn_into::<Element>().ok())
}
