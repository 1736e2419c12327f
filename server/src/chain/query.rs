//! A graph scope from a URL query string, with a clear error per bad value:
//! `subscription=<guid>` (repeat or comma-separate), `cluster=<id>`, `service=<PLS id>`,
//! `state=Pending` (repeatable), `expand=<group key>` (repeatable).

use super::{Scope, ScopeError};
use crate::arm::ResourceId;
use crate::arm::models::ConnectionStatus;
use crate::inventory::Snapshot;

/// A query parameter that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphQueryError {
    /// A parameter the graph does not know.
    #[error("unknown parameter '{0}': use subscription, cluster, service, state, expand")]
    UnknownParameter(String),
    /// An unknown connection state.
    #[error("unknown state '{0}': use Pending, Approved, Rejected or Disconnected")]
    UnknownState(String),
    /// `cluster` or `service` given twice.
    #[error("'{0}' is given more than once")]
    Repeated(String),
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

/// Reads a raw query string (`a=1&b=2`) into a scope; blank values mean no filter.
pub fn parse(raw: &str) -> Result<Scope, GraphQueryError> {
    let mut scope = Scope::default();
    let (mut cluster, mut service) = (false, false);
    for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        scope = match key.as_ref() {
            "subscription" => value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .try_fold(scope, |scope, s| scope.with_subscription(s))?,
            "cluster" if std::mem::replace(&mut cluster, true) => {
                return Err(GraphQueryError::Repeated("cluster".into()));
            }
            "cluster" => scope.with_cluster(value)?,
            "service" if std::mem::replace(&mut service, true) => {
                return Err(GraphQueryError::Repeated("service".into()));
            }
            "service" => scope.with_service(value)?,
            "state" => match ConnectionStatus::parse(value) {
                ConnectionStatus::Other(_) => {
                    return Err(GraphQueryError::UnknownState(value.to_owned()));
                }
                _ => scope.with_state(value),
            },
            "expand" => scope.expand(value),
            other => return Err(GraphQueryError::UnknownParameter(other.to_owned())),
        };
    }
    Ok(scope)
}

#[cfg(test)]
mod tests {
    use emulator::estate::demo::{CONTOSO_PLATFORM, MY_PLS_ID};

    use super::*;

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
            GraphQueryError::UnknownState("Maybe".into())
        );
        assert_eq!(
            parse("colour=red").unwrap_err(),
            GraphQueryError::UnknownParameter("colour".into())
        );
        let twice = format!("service={MY_PLS_ID}&service={MY_PLS_ID}");
        assert_eq!(
            parse(&twice).unwrap_err(),
            GraphQueryError::Repeated("service".into())
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
