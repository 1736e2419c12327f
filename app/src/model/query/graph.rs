//! `GraphScope`: what a chain graph shows, as its address gives it —
//! `subscription=<guid>` (repeat or comma-separate), `cluster=<id>`, `service=<PLS id>`,
//! `state=Pending` (repeatable), `expand=<group key>` (repeatable) — and the chosen `node`.
//! The ids are text here; the server reads them into resource ids and names a bad one.

use super::{Encoder, QueryError, once, pairs, split_list, state};

const KNOWN: &str = "subscription, cluster, service, state, expand, node";

/// A graph's scope and its chosen node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphScope {
    /// Subscriptions (GUIDs or `/subscriptions/{guid}`); empty for all.
    pub subscriptions: Vec<String>,
    /// An AKS cluster's resource id.
    pub cluster: Option<String>,
    /// A private link service's resource id.
    pub service: Option<String>,
    /// Connection states, canonical spelling; empty for all.
    pub states: Vec<String>,
    /// Keys of the groups shown one connection at a time.
    pub expanded: Vec<String>,
    /// The chosen node (`GraphNode::id`), the side panel's business.
    pub node: Option<String>,
}

impl GraphScope {
    /// Reads a raw query string (`a=1&b=2`), naming the first bad parameter.
    pub fn parse(raw: &str) -> Result<Self, QueryError> {
        let mut scope = Self::default();
        let mut seen = Vec::new();
        for (key, value) in pairs(raw) {
            match key.as_ref() {
                "subscription" => scope.subscriptions.extend(split_list(&value)),
                "state" => scope.states.push(state(&value)?),
                "expand" => scope.expanded.push(value),
                single @ ("cluster" | "service" | "node") => {
                    once(&mut seen, single)?;
                    let slot = match single {
                        "cluster" => &mut scope.cluster,
                        "service" => &mut scope.service,
                        _ => &mut scope.node,
                    };
                    *slot = Some(value);
                }
                other => {
                    return Err(QueryError::UnknownParameter {
                        name: other.to_owned(),
                        known: KNOWN,
                    });
                }
            }
        }
        Ok(scope)
    }

    /// The query string, in the order of the fields.
    pub fn encode(&self) -> String {
        Encoder::default()
            .all("subscription", &self.subscriptions)
            .optional("cluster", self.cluster.as_deref())
            .optional("service", self.service.as_deref())
            .all("state", &self.states)
            .all("expand", &self.expanded)
            .optional("node", self.node.as_deref())
            .finish()
    }

    /// The same scope without a chosen node.
    pub fn without_node(&self) -> Self {
        Self {
            node: None,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_of_the_scope_is_read_and_reads_back_as_itself() {
        let raw = "subscription=a,B&service=%2Fs%2Fx&state=pending&state=Approved&expand=k1&cluster=&node=pls%3Ax";
        let scope = GraphScope::parse(raw).unwrap();
        assert_eq!(scope.subscriptions, ["a", "B"]);
        assert_eq!(scope.service.as_deref(), Some("/s/x"));
        assert_eq!(scope.states, ["Pending", "Approved"]);
        assert_eq!(scope.expanded, ["k1"]);
        assert_eq!(scope.cluster, None, "a blank value is no filter");
        assert_eq!(scope.node.as_deref(), Some("pls:x"));
        let encoded = scope.encode();
        assert_eq!(
            encoded,
            "subscription=a&subscription=B&service=%2Fs%2Fx&state=Pending&state=Approved&expand=k1&node=pls%3Ax"
        );
        assert_eq!(GraphScope::parse(&encoded).unwrap(), scope);
        assert_eq!(
            scope.without_node().encode(),
            "subscription=a&subscription=B&service=%2Fs%2Fx&state=Pending&state=Approved&expand=k1"
        );
        assert_eq!(GraphScope::parse("").unwrap(), GraphScope::default());
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(
            GraphScope::parse("state=Maybe").unwrap_err(),
            QueryError::UnknownState("Maybe".into())
        );
        assert_eq!(
            GraphScope::parse("colour=red").unwrap_err().to_string(),
            "unknown parameter 'colour': use subscription, cluster, service, state, expand, node"
        );
        assert_eq!(
            GraphScope::parse("service=a&service=b").unwrap_err(),
            QueryError::Repeated("service".into())
        );
    }
}
