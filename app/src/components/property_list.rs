//! A detail page's properties as data: each `Prop` is a term and a `Value` (text, code, a link
//! to another page or to the portal, a state badge, or several of these), rendered by one
//! `PropertyList`. Pages build their `Vec<Prop>` with plain functions.

use leptos::prelude::*;

use super::StateBadge;
use crate::model::{portal_url, resource_href};

/// One value of a property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Plain text.
    Text(String),
    /// An id, address or alias, in monospace.
    Mono(String),
    /// Link Center's page of a resource id.
    Resource {
        /// The resource id.
        id: String,
        /// The link text.
        label: String,
        /// A `data-testid` for browser tests.
        test_id: Option<&'static str>,
    },
    /// The Azure portal page of a resource id, in a new tab.
    Portal(String),
    /// A connection state badge.
    State(String),
    /// Values side by side.
    Many(Vec<Value>),
}

impl Value {
    /// Text, or `fallback` when `None` or empty.
    pub fn text_or(text: Option<String>, fallback: &str) -> Self {
        Self::Text(
            text.filter(|t| !t.is_empty())
                .unwrap_or_else(|| fallback.to_owned()),
        )
    }

    /// A list joined by commas, or "none".
    pub fn list(values: &[String]) -> Self {
        if values.is_empty() {
            Self::Text("none".to_owned())
        } else {
            Self::Mono(values.join(", "))
        }
    }

    /// A link to Link Center's page of `id`, labelled with its name.
    pub fn resource(id: &str) -> Self {
        Self::Resource {
            id: id.to_owned(),
            label: super::id_name(id).to_owned(),
            test_id: None,
        }
    }

    /// The name of `id` followed by a link to it in the portal.
    pub fn named_in_portal(id: &str) -> Self {
        Self::Many(vec![
            Self::Text(super::id_name(id).to_owned()),
            Self::Portal(id.to_owned()),
        ])
    }
}

/// A term and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prop {
    /// The term.
    pub term: String,
    /// The value.
    pub value: Value,
}

impl Prop {
    /// A property.
    pub fn new(term: impl Into<String>, value: Value) -> Self {
        Self {
            term: term.into(),
            value,
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_fall_back_to_readable_words() {
        assert_eq!(
            Value::text_or(None, "unknown"),
            Value::Text("unknown".into())
        );
        assert_eq!(
            Value::text_or(Some(String::new()), "none"),
            Value::Text("none".into())
        );
        assert_eq!(Value::list(&[]), Value::Text("none".into()));
        assert_eq!(
            Value::list(&["10.0.0.4".into(), "10.0.0.5".into()]),
            Value::Mono("10.0.0.4, 10.0.0.5".into())
        );
        assert_eq!(
            Value::resource("/subscriptions/s/resourceGroups/r/providers/P/t/myPLS"),
            Value::Resource {
                id: "/subscriptions/s/resourceGroups/r/providers/P/t/myPLS".into(),
                label: "myPLS".into(),
                test_id: None
            }
        );
    }
}
