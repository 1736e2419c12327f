//! Browser-only: how islands call the server — `fetch` of a server function's URL, its JSON
//! answer decoded with serde_json (which the islands' props need anyway), or of a page, parsed
//! into a document whose regions an island puts in place (`get_page`). The islands use this
//! instead of the `#[server]` client, whose machinery (request builders, URL encoders, the error
//! codec) would be most of what they cost the bundle. The server functions are the same ones:
//! their routes, checks (site guard, origin, role) and answers do not change.

use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{self, Document, DomParser, RequestInit, Response, SupportedType, window};
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::JsFuture;

/// `GET path` and its JSON answer; `Err` with the server's message when it refused.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, String> {
    let text = send(path, None).await?;
    // The error is not formatted: its `Display` (with serde's float printing) would cost the
    // bundle more than the rest of this module.
    serde_json::from_str(&text).map_err(|_| "the server's answer cannot be read".to_owned())
}

/// `GET href` (a page of this site) parsed into a document; `None` when it cannot be had.
pub async fn get_page(href: &str) -> Option<Document> {
    let text = send(href, None).await.ok()?;
    DomParser::new()
        .ok()?
        .parse_from_string(&text, SupportedType::TextHtml)
        .ok()
}

/// `POST path` with an empty form (a server function without arguments); `Err` with the
/// server's message when it refused.
pub async fn post_empty(path: &str) -> Result<(), String> {
    let init = RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(describe)?;
    headers
        .set("Content-Type", "application/x-www-form-urlencoded")
        .map_err(describe)?;
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(""));
    send(path, Some(init)).await.map(drop)
}

async fn send(path: &str, init: Option<RequestInit>) -> Result<String, String> {
    let window = window().ok_or("no window")?;
    let promise = match &init {
        Some(init) => window.fetch_with_str_and_init(path, init),
        None => window.fetch_with_str(path),
    };
    let response: Response = JsFuture::from(promise)
        .await
        .map_err(|_| "the server cannot be reached".to_owned())?
        .dyn_into()
        .map_err(describe)?;
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        Ok(text)
    } else {
        Err(crate::error::server_fn_message(&text))
    }
}

fn describe(error: JsValue) -> String {
    error
        .as_string()
        .unwrap_or_else(|| "the browser refused the request".to_owned())
}
