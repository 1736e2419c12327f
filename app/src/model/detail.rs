//! The resource detail pages' data, described by the server: a title, a summary and sections of
//! properties (text, code, links to other pages or the portal, state badges), notes and
//! connection tables. One generic renderer shows any kind of resource, so a new kind costs the
//! browser bundle nothing.

use serde::{Deserialize, Serialize};

use super::{AuditEntry, ChangeEntry, ConnectionRow, CountSeries, FindingView, GraphView};

/// What `/resource/{id}` shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceView {
    /// The resource id (the portal link).
    pub id: String,
    /// The page title: the resource's name.
    pub title: String,
    /// One sentence: what it is and where.
    pub summary: String,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

impl ResourceView {
    /// The value of the first property named `term` in any section.
    pub fn prop(&self, term: &str) -> Option<&Value> {
        self.sections.iter().find_map(|s| match &s.body {
            SectionBody::Props(props) => props.iter().find(|p| p.term == term).map(|p| &p.value),
            _ => None,
        })
    }

    /// Whether it is a private endpoint connection (which can be approved, rejected, removed).
    pub fn is_connection(&self) -> bool {
        self.id
            .to_ascii_lowercase()
            .contains("/privateendpointconnections/")
    }

    /// The connection state shown, if the page has one.
    pub fn state(&self) -> Option<&str> {
        match self.prop("State") {
            Some(Value::State(state)) => Some(state),
            _ => None,
        }
    }

    /// The connections table, if the page has one.
    pub fn connections(&self) -> Option<&[ConnectionRow]> {
        self.sections.iter().find_map(|s| match &s.body {
            SectionBody::Connections(rows) => Some(rows.as_slice()),
            _ => None,
        })
    }
}

/// A titled part of a detail page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// Its heading.
    pub heading: String,
    /// What it holds.
    pub body: SectionBody,
}

/// The content of a section. Externally tagged on purpose: an internally tagged enum makes
/// serde buffer and decode nested types twice, which costs the wasm bundle dearly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SectionBody {
    /// Terms and values.
    Props(Vec<Prop>),
    /// A sentence; `warning` for a problem (a broken chain).
    Note {
        /// The sentence.
        text: String,
        /// It describes a problem.
        warning: bool,
    },
    /// The findings naming the resource, most serious first (as on the Findings page).
    Findings(Vec<FindingView>),
    /// A connections table (with the actions the user may take).
    Connections(Vec<ConnectionRow>),
    /// A small chain graph: the laid-out graph, whose nodes link to the Graph page of
    /// `scope_query`.
    Graph {
        /// The drawing.
        view: GraphView,
        /// The Graph page's scope it belongs to (`service=…`).
        scope_query: String,
    },
    /// What was done to a connection through Link Center, newest first.
    History(Vec<AuditEntry>),
    /// What the change feed saw of a connection, newest first.
    Changes(Vec<ChangeEntry>),
    /// A private link service's connections by state over time, with the chart's name.
    Counts {
        /// What the chart shows, e.g. "Connections of myPLS over time".
        title: String,
        /// The counts.
        series: CountSeries,
    },
}

/// One value of a property.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
        test_id: Option<String>,
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

    /// A link to Link Center's page of `id`, with a label and a test id.
    pub fn resource(id: &str, label: &str, test_id: Option<&str>) -> Self {
        Self::Resource {
            id: id.to_owned(),
            label: label.to_owned(),
            test_id: test_id.map(str::to_owned),
        }
    }

    /// The name of `id` followed by a link to it in the portal.
    pub fn named_in_portal(id: &str) -> Self {
        Self::Many(vec![
            Self::Text(id_name(id).to_owned()),
            Self::Portal(id.to_owned()),
        ])
    }
}

/// A term and its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

/// A resource's name: the last segment of its id.
pub fn id_name(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

/// The Azure portal page of a resource.
pub fn portal_url(id: &str) -> String {
    format!("https://portal.azure.com/#@/resource{id}")
}

/// Link Center's page of a resource (`/resource/subscriptions/…`); characters that would end
/// the path are escaped.
pub fn resource_href(id: &str) -> String {
    let mut href = String::with_capacity(id.len() + 10);
    href.push_str("/resource");
    if !id.starts_with('/') {
        href.push('/');
    }
    for c in id.chars() {
        match c {
            ' ' => href.push_str("%20"),
            '?' => href.push_str("%3F"),
            '#' => href.push_str("%23"),
            '%' => href.push_str("%25"),
            c => href.push(c),
        }
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_id_readable_and_escape_what_would_end_the_path() {
        let id = "/subscriptions/s/resourceGroups/rg (prod)/providers/Microsoft.Network/privateLinkServices/a#b";
        assert_eq!(
            resource_href(id),
            "/resource/subscriptions/s/resourceGroups/rg%20(prod)/providers/Microsoft.Network/privateLinkServices/a%23b"
        );
        assert_eq!(
            portal_url("/subscriptions/s"),
            "https://portal.azure.com/#@/resource/subscriptions/s"
        );
        assert_eq!(
            id_name("/subscriptions/s/resourceGroups/rg/providers/P/t/name"),
            "name"
        );
    }

    #[test]
    fn values_fall_back_to_readable_words() {
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
    }
}
