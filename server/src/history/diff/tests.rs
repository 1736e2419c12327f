//! The diff, table by table: each kind of change, ids in another case are the same resource, a
//! recreated service is one event, an unreadable subscription's resources do not vanish.

use app::model::ChangeKind;

use super::*;
use crate::history::keys::{ConnectionKey, Connections, Keys, ServiceKey};

const SUB: &str = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51";

fn id(text: &str) -> ResourceId {
    ResourceId::parse(text).unwrap()
}

fn pls(name: &str) -> ResourceId {
    id(&format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/{name}"
    ))
}

fn frontend() -> ResourceId {
    id(&format!(
        "/subscriptions/{SUB}/resourceGroups/mc/providers/Microsoft.Network/loadBalancers/kubernetes-internal/frontendIPConfigurations/fe1"
    ))
}

fn connection_of(service: &ResourceId, name: &str) -> ResourceId {
    service.child("privateEndpointConnections", name)
}

/// One service `myPLS` (alias `alias`) with connections `(name, state, description)`.
fn keys(service: &ResourceId, alias: &str, connections: &[(&str, &str, &str)]) -> Keys {
    let mut keys = Keys::default();
    keys.subscriptions.insert(SUB.into(), true);
    let connections = connections
        .iter()
        .map(|(name, state, description)| {
            (
                connection_of(service, name),
                ConnectionKey {
                    state: (*state).into(),
                    description: (*description).into(),
                },
            )
        })
        .collect();
    keys.services.insert(
        service.clone(),
        ServiceKey {
            name: "myPLS".into(),
            alias: Some(alias.into()),
            frontend: Some(frontend()),
            frontend_found: true,
            connections: std::sync::Arc::new(Connections::new(connections)),
            etag: None,
        },
    );
    keys
}

fn kinds(changes: &[Change]) -> Vec<ChangeKind> {
    changes.iter().map(|c| c.kind).collect()
}

#[test]
fn the_same_keys_are_no_change_even_in_another_case() {
    let service = pls("myPLS");
    let before = keys(&service, "a", &[("pe-1.guid", "Approved", "ok")]);
    let upper = pls("MYPLS");
    let after = keys(&upper, "a", &[("PE-1.GUID", "approved", "ok")]);
    assert_eq!(diff(&before, &after), []);
}

#[test]
fn each_kind_of_connection_change_is_one_event_with_from_and_to() {
    let service = pls("myPLS");
    let before = keys(
        &service,
        "a",
        &[
            ("pending.1", "Pending", "please"),
            ("approved.1", "Approved", "ok"),
            ("gone.1", "Approved", "ok"),
            ("rejected.1", "Pending", "hi"),
        ],
    );
    let after = keys(
        &service,
        "a",
        &[
            ("pending.1", "Approved", "please"),
            ("rejected.1", "Rejected", "not ours"),
            ("approved.1", "Approved", "ok, CHG-7"),
            ("new.1", "Pending", "hello"),
        ],
    );
    let changes = diff(&before, &after);
    let by_kind = |kind| changes.iter().find(|c| c.kind == kind).unwrap();
    assert_eq!(changes.len(), 5, "{changes:#?}");
    let rejected = changes
        .iter()
        .find(|c| c.connection.as_ref().unwrap().name() == "rejected.1")
        .unwrap();
    assert_eq!(
        (rejected.kind, rejected.detail.as_str()),
        (ChangeKind::StateChanged, "Pending → Rejected: 'not ours'"),
        "a new state with a new description is one change"
    );
    let approved = changes
        .iter()
        .find(|c| c.kind == ChangeKind::StateChanged && c.detail == "Pending → Approved")
        .unwrap();
    assert_eq!(approved.connection.as_ref().unwrap().name(), "pending.1");
    assert_eq!(
        (approved.from.as_deref(), approved.to.as_deref()),
        (Some("Pending"), Some("Approved"))
    );
    let described = by_kind(ChangeKind::DescriptionChanged);
    assert_eq!(described.to.as_deref(), Some("ok, CHG-7"));
    let gone = by_kind(ChangeKind::ConnectionGone);
    assert_eq!(gone.from.as_deref(), Some("Approved"));
    let appeared = by_kind(ChangeKind::ConnectionAppeared);
    assert_eq!(appeared.to.as_deref(), Some("Pending"));
    assert_eq!(appeared.service.as_ref(), Some(&service));
    assert_eq!(appeared.subscription, SUB);
}

#[test]
fn a_service_recreated_under_a_new_alias_is_one_event_counting_what_it_lost() {
    let service = pls("myPLS");
    let before = keys(
        &service,
        "myPLS.1111.westeurope.azure.privatelinkservice",
        &[
            ("a.1", "Approved", ""),
            ("b.1", "Approved", ""),
            ("c.1", "Pending", ""),
        ],
    );
    let after = keys(
        &service,
        "myPLS.2222.westeurope.azure.privatelinkservice",
        &[],
    );
    let changes = diff(&before, &after);
    assert_eq!(
        kinds(&changes),
        [ChangeKind::ServiceRecreated],
        "{changes:#?}"
    );
    assert!(
        changes[0]
            .detail
            .contains("its 3 connections (2 Approved) went with the old one"),
        "{}",
        changes[0].detail
    );
    assert_eq!(
        changes[0].to.as_deref(),
        Some("myPLS.2222.westeurope.azure.privatelinkservice")
    );
}

#[test]
fn a_new_id_of_the_same_name_on_the_same_frontend_is_a_recreation_not_gone_and_appeared() {
    let old = pls("myPLS");
    let before = keys(&old, "x.1", &[("a.1", "Approved", "")]);
    let moved = id(&format!(
        "/subscriptions/{SUB}/resourceGroups/rg-new/providers/Microsoft.Network/privateLinkServices/myPLS"
    ));
    let after = keys(&moved, "x.2", &[("a.2", "Pending", "again")]);
    let changes = diff(&before, &after);
    assert_eq!(
        kinds(&changes),
        [ChangeKind::ServiceRecreated, ChangeKind::ConnectionAppeared],
        "{changes:#?}"
    );
    assert_eq!(changes[0].from, Some(old.to_string()));
    assert_eq!(changes[0].to, Some(moved.to_string()));
}

#[test]
fn services_appear_go_and_lose_their_frontend() {
    let service = pls("myPLS");
    let before = keys(&service, "a", &[]);
    let mut lost = before.clone();
    lost.services.get_mut(&service).unwrap().frontend_found = false;
    assert_eq!(kinds(&diff(&before, &lost)), [ChangeKind::FrontendLost]);
    assert_eq!(
        kinds(&diff(&Keys::default(), &before)),
        [ChangeKind::ServiceAppeared]
    );
    let mut gone = before.clone();
    gone.services.clear();
    assert_eq!(kinds(&diff(&before, &gone)), [ChangeKind::ServiceGone]);
}

#[test]
fn a_subscription_turning_unreadable_and_back_is_an_event_each_way() {
    let before = keys(&pls("myPLS"), "a", &[]);
    let mut unreadable = before.clone();
    unreadable.subscriptions.insert(SUB.into(), false);
    assert_eq!(
        kinds(&diff(&before, &unreadable)),
        [ChangeKind::SubscriptionUnreadable]
    );
    assert_eq!(
        kinds(&diff(&unreadable, &before)),
        [ChangeKind::SubscriptionReadable]
    );
}
