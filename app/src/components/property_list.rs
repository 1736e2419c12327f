//! Renders a detail page's properties (`model::Prop`, built by the server) as a `<dl>`: text,
//! code, links to other pages or to the portal, state badges, or several of these.

use leptos::prelude::*;

use super::StateBadge;
use crate::model::{Prop, Value, portal_url, resource_href};

/// The properties as a `<dl>`.
#[component]
pub fn PropertyList(
    /// The properties, in order.
    props: Vec<Prop>,
) -> impl IntoView {
    view! {
        <dl class="properties">
            {props
                .into_iter()
                .map(|prop| {
                    view! {
                        <div class="property">
                            <dt>{prop.term}</dt>
                            <dd>{render(prop.value)}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

fn render(value: Value) -> AnyView {
    match value {
        Value::Text(text) => text.into_any(),
        Value::Mono(text) => view! { <code class="mono">{text}</code> }.into_any(),
        Value::Resource { id, label, test_id } => {
            view! { <a href=resource_href(&id) data-testid=test_id>{label}</a> }.into_any()
        }
        Value::Portal(id) => view! {
            <a class="portal-link" href=portal_url(&id) target="_blank" rel="noopener noreferrer external">"(portal ↗)"</a>
        }
        .into_any(),
        Value::State(state) => view! { <StateBadge state /> }.into_any(),
        Value::Many(values) => values
            .into_iter()
            .map(|v| view! { {render(v)} " " })
            .collect_view()
            .into_any(),
    }
}
