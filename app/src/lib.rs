//! Link Center UI: the Leptos app rendered on the server (`ssr`) and hydrated in the browser (`hydrate`).
//! Pages and components live here; everything they need from the server comes through `backend::Backend`.
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

/// Browser entry point: hydrates the server-rendered body.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
