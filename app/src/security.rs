//! Server-only: the Content-Security-Policy of rendered pages, built around Leptos' per-response nonce.

use http::{HeaderValue, header::CONTENT_SECURITY_POLICY};
use leptos::{nonce::use_nonce, prelude::*};
use leptos_axum::ResponseOptions;

/// The policy for an HTML page whose inline scripts carry `nonce`, whose forms may lead to this
/// origin and `form_origins` (the identity provider's logout, reached by the Sign out form's
/// redirect).
///
/// `'wasm-unsafe-eval'` lets the hydration script instantiate the wasm module; nothing else may
/// run inline, and the page may not be framed.
pub fn page_policy(nonce: &str, form_origins: &[String]) -> String {
    let forms: String = form_origins
        .iter()
        .filter(|o| {
            o.chars()
                .all(|c| c.is_ascii_alphanumeric() || ":/.-[]".contains(c))
        })
        .map(|o| format!(" {o}"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'{forms}; frame-ancestors 'none'"
    )
}

/// Sets the page's CSP header from the nonce Leptos generated for this response.
pub fn set_page_policy() {
    let (Some(nonce), Some(response)) = (use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    let forms = crate::backend::use_backend()
        .map(|backend| backend.form_origins())
        .unwrap_or_default();
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce, &forms)) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_policy_allows_only_the_nonce_and_wasm() {
        let policy = page_policy("abc123", &[]);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("form-action 'self';"));
        assert!(!policy.contains("unsafe-inline"));
        let signing_out = page_policy(
            "n",
            &[
                "https://login.microsoftonline.com".into(),
                "x; script-src *".into(),
            ],
        );
        assert!(signing_out.contains("form-action 'self' https://login.microsoftonline.com;"));
        assert!(
            !signing_out.contains("script-src *"),
            "nothing but an origin gets in"
        );
    }
}
