//! Browser-only: the Graph page's side panel, loaded in place. Choosing a node fetches the
//! Graph page of that node (the server renders it with its panel, as it does without
//! JavaScript), parses it with the browser's `DOMParser`, moves the parsed panel's children into
//! the page's panel (`importNode` + `replaceChildren`, never `innerHTML`) and pushes the URL.
//! Going back or forward reloads the page the URL names.

use std::cell::Cell;
use std::rc::Rc;

use leptos::wasm_bindgen::{JsCast, JsValue, closure::Closure};
use leptos::web_sys::{self, Element, js_sys::Array, window};

/// The page's side panel, if it has one (the Graph page; a detail page's small graph has none).
pub fn element() -> Option<Element> {
    document()?
        .query_selector("[data-testid=graph-panel]")
        .ok()
        .flatten()
}

/// Whether the panel shows a node (or an error).
pub fn is_open() -> bool {
    element().is_some_and(|panel| !panel.has_attribute("hidden"))
}

/// Loads the panel of the Graph page `href` in place, then pushes `href` and calls `done`; a
/// newer call wins over one still loading. Any failure loads `href` as a whole page instead.
pub fn show(href: String, latest: Rc<Cell<u32>>, done: impl FnOnce() + 'static) {
    let ticket = latest.get().wrapping_add(1);
    latest.set(ticket);
    leptos::task::spawn_local(async move {
        let loaded = load(&href).await;
        if latest.get() != ticket {
            return;
        }
        match loaded {
            Some(()) => {
                if let Some(history) = window().and_then(|w| w.history().ok()) {
                    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&href));
                }
                done();
            }
            None => {
                if let Some(location) = window().map(|w| w.location()) {
                    let _ = location.assign(&href);
                }
            }
        }
    });
}

async fn load(href: &str) -> Option<()> {
    let parsed = crate::components::browser_fetch::get_page(href).await?;
    let fresh = parsed
        .query_selector("[data-testid=graph-panel]")
        .ok()
        .flatten()?;
    let panel = element()?;
    let document = document()?;
    let children = Array::new();
    let nodes = fresh.child_nodes();
    for i in 0..nodes.length() {
        if let Some(node) = nodes.item(i) {
            let copy = document.import_node_with_deep(&node, true).ok()?;
            children.push(&copy);
        }
    }
    panel.replace_children_with_node(&children);
    let _ = panel.toggle_attribute_with_force("hidden", fresh.has_attribute("hidden"));
    Some(())
}

/// Reloads the page when the user goes back or forward: the URL then names another node.
pub fn reload_on_history() -> Option<Closure<dyn Fn(web_sys::Event)>> {
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(|_| {
        if let Some(location) = window().map(|w| w.location()) {
            let _ = location.reload();
        }
    });
    window()?
        .add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref())
        .ok()?;
    Some(listener)
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}
