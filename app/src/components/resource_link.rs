//! Links to a resource: Link Center's own detail page, or the Azure portal in a new tab.

use leptos::either::Either;
use leptos::prelude::*;

pub use crate::model::id_name;
use crate::model::{portal_url, resource_href};

/// A link to Link Center's page of `id`.
#[component]
pub fn ResourceLink(
    /// The resource id.
    #[prop(into)]
    id: String,
    /// The text; the id's last segment when empty.
    #[prop(optional, into)]
    label: String,
) -> impl IntoView {
    resource_link(&id, label)
}

/// `ResourceLink` as a plain function, for table rows: a component is type-erased (and boxed
/// at every step of an async render), which on a page of 50 rows of five links each costs more
/// than the rest of the page.
pub fn resource_link(id: &str, label: String) -> impl IntoView + use<> {
    let text = if label.is_empty() {
        id_name(id).to_owned()
    } else {
        label
    };
    let href = resource_href(id);
    // A long name (`pe-orders-api-025-017.1edb9a02-…`) is cut in the middle where the column is
    // narrow, keeping its end; the whole of it stays the link's text and its tooltip, and a
    // copy button (`public/copy.js`; hidden without JavaScript) puts it on the clipboard.
    match middle_split(&text) {
        Some((head, tail)) => {
            let (head, tail) = (head.to_owned(), tail.to_owned());
            // The button copies its link's title: the name is not written a third time.
            Either::Left(view! {
                <a href=href class="mid" title=text>
                    <span class="mid-head">{head}</span><span class="mid-tail">{tail}</span>
                </a>
                <button type="button" class="copy" title="Copy the full name"></button>
            })
        }
        None => Either::Right(view! { <a href=href>{text}</a> }),
    }
}

/// Names longer than this are cut in the middle when their column is narrow.
const LONG_NAME: usize = 28;
/// Characters kept at the end of a long name.
const KEPT_TAIL: usize = 10;

/// A long name as the part that may be cut and the end that stays.
pub fn middle_split(name: &str) -> Option<(&str, &str)> {
    if name.chars().count() <= LONG_NAME {
        return None;
    }
    let cut = name.char_indices().rev().nth(KEPT_TAIL - 1)?.0;
    Some(name.split_at(cut))
}

/// A link to the Azure portal page of `id`, opening in a new tab.
#[component]
pub fn PortalLink(
    /// The resource id.
    #[prop(into)]
    id: String,
    /// The text.
    #[prop(default = "Open in the Azure portal ↗")]
    label: &'static str,
) -> impl IntoView {
    view! {
        <a class="portal-link" href=portal_url(&id) target="_blank" rel="noopener noreferrer external">{label}</a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_keep_their_end_and_short_ones_are_whole() {
        assert_eq!(middle_split("myPLS"), None);
        assert_eq!(
            middle_split("pe-orders-api-025-017.1edb9a02-696b-4af4-b074-5e612fcdc0a3"),
            Some((
                "pe-orders-api-025-017.1edb9a02-696b-4af4-b074-5e",
                "612fcdc0a3"
            ))
        );
        let long = "é".repeat(40);
        let (head, tail) = middle_split(&long).unwrap();
        assert_eq!(tail.chars().count(), 10);
        assert_eq!(head.chars().count() + tail.chars().count(), 40);
    }
}
