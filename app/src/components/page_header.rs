//! The title block at the top of each page, which also names the browser tab.

use leptos::prelude::*;
use leptos_meta::Title;

/// The page's `<h1>`, its one-line purpose, and the document title.
#[component]
pub fn PageHeader(
    /// The page title.
    #[prop(into)]
    title: String,
    /// One sentence on what the page is for.
    #[prop(into)]
    summary: String,
) -> impl IntoView {
    view! {
        <Title text=tab_title(&title) />
        <header class="page-header">
            <h1>{title}</h1>
            <p class="page-summary">{summary}</p>
        </header>
    }
}

/// The text given to `<Title>`. On the server leptos_meta (0.8) writes it into `<head>` as it
/// is, unescaped, so a resource named `</title><script>…` would be markup there: it is escaped
/// here. In the browser it becomes `document.title`, which is text, so it is left alone.
fn tab_title(title: &str) -> String {
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(title);
    title.to_string()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_title_becomes_text() {
        assert_eq!(
            tab_title("a & b</title><script>"),
            "a &amp; b&lt;/title&gt;&lt;script&gt;"
        );
        assert_eq!(tab_title("myPLS"), "myPLS");
    }
}
