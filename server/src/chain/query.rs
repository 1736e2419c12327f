//! A graph scope from its typed query (`app::model::GraphScope`, the one parser of
//! `subscription`, `cluster`, `service`, `state`, `expand` and `node`): the ids read into
//! resource ids, and a subscription the inventory does not hold refused by name.

use app::model::{GraphScope, QueryError};

use super::{Scope, ScopeError};
use crate::arm::ResourceId;
use crate::inventory::Snapshot;

/// Why a graph's query cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphQueryError {
    /// A bad or unknown parameter.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A subscription the inventory does not hold.
    #[error(
        "unknown subscription '{0}': it is none of the {1} subscriptions Link Center reads (see /api/v1/subscriptions)"
    )]
    UnknownSubscription(String, usize),
    /// A bad id.
    #[error(transparent)]
    Scope(#[from] ScopeError),
}

/// Refuses a scope naming a subscription that `snapshot` does not hold (before the first sync,
/// when it holds none, every scope passes).
pub fn check_known(scope: &Scope, snapshot: &Snapshot) -> Result<(), GraphQueryError> {
    if snapshot.statuses.is_empty() {
        return Ok(());
    }
    let known: Vec<ResourceId> = snapshot
        .statuses
        .iter()
        .filter_map(|s| ResourceId::parse(&format!("/subscriptions/{}", s.subscription_id)).ok())
        .collect();
    match scope.subscriptions.iter().find(|s| !known.contains(s)) {
        Some(unknown) => Err(GraphQueryError::UnknownSubscription(
            unknown.name().to_owned(),
            known.len(),
        )),
        None => Ok(()),
    }
}

/// Reads a raw query string (`a=1&b=2`) into a scope; `node` is the page's business.
pub fn parse(raw: &str) -> Result<Scope, GraphQueryError> {
    scope(&GraphScope::parse(raw)?)
}

/// The scope a typed graph query asks for, its ids read.
pub fn scope(query: &GraphScope) -> Result<Scope, GraphQueryError> {
    let mut scope = Scope::default();
    for subscription in &query.subscriptions {
        scope = scope.with_subscription(subscription)?;
    }
    if let Some(cluster) = &query.cluster {
        scope = scope.with_cluster(cluster)?;
    }
    if let Some(service) = &query.service {
        scope = scope.with_service(service)?;
    }
    for state in &query.states {
        scope = scope.with_state(state);
    }
    for key in &query.expanded {
        scope = scope.expand(key);
    }
    Ok(scope)
}

#[cfg(test)]
mod tests {
    use emulator::estate::demo::{CONTOSO_PLATFORM, MY_PLS_ID};

    use super::*;
    use crate::arm::models::ConnectionStatus;

    #[test]
    fn every_part_of_the_scope_is_read() {
        let raw = format!(
            "subscription={CONTOSO_PLATFORM},{}&service={}&state=pending&state=Approved&expand=k1&cluster=",
            CONTOSO_PLATFORM.to_uppercase(),
            MY_PLS_ID.to_uppercase()
        );
        let scope = parse(&raw).unwrap();
        assert_eq!(scope.subscriptions.len(), 2);
        assert_eq!(
            scope.service.as_ref().map(|s| s.name().to_owned()),
            Some("MYPLS".to_owned())
        );
        assert_eq!(
            scope.states,
            [ConnectionStatus::Pending, ConnectionStatus::Approved]
        );
        assert!(scope.expanded.contains("k1"));
        assert_eq!(scope.cluster, None, "a blank value is no filter");
        assert_eq!(parse("").unwrap(), Scope::default());
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(
            parse("state=Maybe").unwrap_err(),
            GraphQueryError::Query(QueryError::UnknownState("Maybe".into()))
        );
        assert_eq!(
            parse("colour=red").unwrap_err(),
            GraphQueryError::Query(QueryError::UnknownParameter {
                name: "colour".into(),
                known: "subscription, cluster, service, state, expand, node"
            })
        );
        let twice = format!("service={MY_PLS_ID}&service={MY_PLS_ID}");
        assert_eq!(
            parse(&twice).unwrap_err(),
            GraphQueryError::Query(QueryError::Repeated("service".into()))
        );
        let wrong = parse(&format!("cluster={MY_PLS_ID}")).unwrap_err();
        assert!(
            wrong
                .to_string()
                .contains("is not a Microsoft.ContainerService/managedClusters id"),
            "{wrong}"
        );
        assert!(parse("service=not-an-id").is_err());
    }
}
