//! Link Center UI: the Leptos app, rendered on the server (`ssr`) in islands mode: pages are
//! server components that take typed data; only the `#[island]`s (status strip, theme toggle,
//! graph figure, job progress) are hydrated in the browser (`hydrate`). Everything the pages need
//! from the server comes through `backend::Backend`.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod security;

pub use app::{App, shell};

/// Browser entry point: prepares islands mode. Leptos' island script then hydrates each island
/// of the page in turn (synchronously, in promise jobs); the task queued here runs after them
/// and marks `<html data-hydrated="true">`, so browser tests (and curious users) can tell a live
/// page from a server-rendered one.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
    leptos::prelude::set_timeout(
        || {
            if let Some(root) = leptos::prelude::document().document_element() {
                let _ = root.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
