//! Light and dark themes: CSS follows `prefers-color-scheme` until the user picks one with the
//! toggle; the pick is kept in the `lc_theme` cookie so the server renders it on the next visit.

use leptos::prelude::*;

/// The cookie that remembers the user's theme.
pub const THEME_COOKIE: &str = "lc_theme";

/// A theme the user picked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on light backgrounds.
    Light,
    /// Light text on dark backgrounds.
    Dark,
}

impl Theme {
    /// The value of `<html data-theme>` and of the cookie.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// Parses a stored value; anything else means "follow the system".
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }

    /// The other theme.
    pub fn opposite(self) -> Self {
        match self {
            Self::Light => Self::Dark,
            Self::Dark => Self::Light,
        }
    }
}

/// The value of cookie `name` in a `Cookie` header value.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Finds the theme cookie in a `Cookie` header value.
pub fn theme_from_cookie_header(header: &str) -> Option<Theme> {
    cookie(header, THEME_COOKIE).and_then(Theme::parse)
}

/// The theme the request asks for (server only; `None` in the browser or without a cookie).
pub fn requested_theme() -> Option<&'static str> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
        theme_from_cookie_header(header).map(Theme::as_str)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Switches between light and dark: an island, live once its wasm has loaded.
#[island]
pub fn ThemeToggle() -> impl IntoView {
    view! {
        <button
            type="button"
            class="theme-toggle"
            aria-label="Switch between light and dark theme"
            title="Switch between light and dark theme"
            data-testid="theme-toggle"
            on:click=move |_| toggle()
        >
            <span aria-hidden="true">"◐"</span>
            <span class="theme-toggle-text">"Theme"</span>
        </button>
    }
}

#[cfg(feature = "hydrate")]
fn toggle() {
    use wasm_bindgen::JsCast;

    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Some(root) = document.document_element() else {
        return;
    };
    let current = root
        .get_attribute("data-theme")
        .and_then(|value| Theme::parse(&value))
        .unwrap_or_else(|| system_theme(&window));
    let next = current.opposite();
    let _ = root.set_attribute("data-theme", next.as_str());
    if let Ok(html) = document.dyn_into::<web_sys::HtmlDocument>() {
        let cookie = format!(
            "{THEME_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            next.as_str()
        );
        let _ = html.set_cookie(&cookie);
    }
}

#[cfg(feature = "hydrate")]
fn system_theme(window: &web_sys::Window) -> Theme {
    let dark = window
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());
    if dark { Theme::Dark } else { Theme::Light }
}

#[cfg(not(feature = "hydrate"))]
fn toggle() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_cookie_is_found_among_others() {
        let header = "session=abc; lc_theme=dark; other=1";
        assert_eq!(theme_from_cookie_header(header), Some(Theme::Dark));
    }

    #[test]
    fn unknown_theme_values_follow_the_system() {
        assert_eq!(theme_from_cookie_header("lc_theme=purple"), None);
        assert_eq!(theme_from_cookie_header("xlc_theme=dark"), None);
        assert_eq!(theme_from_cookie_header(""), None);
    }

    #[test]
    fn opposite_swaps_themes() {
        assert_eq!(Theme::Light.opposite(), Theme::Dark);
        assert_eq!(Theme::Dark.opposite(), Theme::Light);
    }
}
