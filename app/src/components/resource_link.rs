//! Links to a resource: Link Center's own detail page, or the Azure portal in a new tab.

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
    let text = if label.is_empty() {
        id_name(&id).to_owned()
    } else {
        label
    };
    view! { <a href=resource_href(&id)>{text}</a> }
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
