//! Large fan-outs are grouped by state and kind of consumer; the groups and the connections
//! still shown one by one add up to every connection in scope; a group can be expanded.

use super::*;
use crate::inventory::join::ServiceChain;

/// The chain holding the most connections.
fn busiest(snapshot: &Snapshot) -> &ServiceChain {
    snapshot
        .chains
        .chains
        .iter()
        .max_by_key(|c| (c.connections.len(), std::cmp::Reverse(&c.service)))
        .expect("the estate has chains")
}

/// Connections shown one by one plus those the groups stand for.
fn shown(view: &GraphView) -> usize {
    let grouped: u32 = view
        .nodes
        .iter()
        .filter_map(|n| n.group.as_ref())
        .map(|g| g.count)
        .sum();
    chain_connections(view).len() + grouped as usize
}

#[test]
fn a_service_with_hundreds_of_connections_shows_groups_that_add_up() {
    let snapshot = scaled_snapshot(20);
    let chain = busiest(&snapshot);
    assert!(
        chain.connections.len() >= 100,
        "{}",
        chain.connections.len()
    );
    let scope = Scope::default()
        .with_service(chain.service.as_str())
        .expect("a PLS id");
    let view = view(&snapshot, &scope);
    let groups = of_kind(&view, NodeKind::Group);
    assert!(!groups.is_empty());
    assert!(
        view.nodes.len() < chain.connections.len() / 2,
        "grouping keeps it small"
    );
    assert_eq!(shown(&view), chain.connections.len());
    let pls = of_resource(&view, &chain.service);
    for group in groups {
        let info = group
            .group
            .as_ref()
            .expect("a group node says what it groups");
        assert!(info.count >= 2, "{info:?}");
        assert!(
            group
                .label
                .starts_with(&format!("+{} {}", info.count, info.state))
        );
        assert!(linked(&view, pls, group));
        assert!(
            right_of(&view, group).is_empty(),
            "a group has no consumer nodes"
        );
    }
}

#[test]
fn across_the_whole_estate_every_connection_is_shown_or_grouped() {
    let snapshot = scaled_snapshot(20);
    let view = view(&snapshot, &Scope::default());
    let total: usize = snapshot
        .chains
        .chains
        .iter()
        .map(|c| c.connections.len())
        .sum();
    assert_eq!(shown(&view), total);
    assert!(!of_kind(&view, NodeKind::Group).is_empty());
}

#[test]
fn expanding_a_group_shows_its_connections_one_by_one() {
    let snapshot = scaled_snapshot(20);
    let chain = busiest(&snapshot);
    let scope = Scope::default()
        .with_service(chain.service.as_str())
        .expect("a PLS id");
    let grouped = view(&snapshot, &scope);
    let biggest = of_kind(&grouped, NodeKind::Group)
        .into_iter()
        .filter_map(|n| n.group.clone())
        .max_by_key(|g| (g.count, g.key.clone()))
        .expect("a group");
    let expanded = view(&snapshot, &scope.expand(&biggest.key));
    assert!(!expanded.nodes.iter().any(|n| n.id == biggest.key));
    assert_eq!(
        chain_connections(&expanded).len(),
        chain_connections(&grouped).len() + biggest.count as usize
    );
    assert_eq!(
        of_kind(&expanded, NodeKind::Group).len() + 1,
        of_kind(&grouped, NodeKind::Group).len()
    );
    assert_eq!(shown(&expanded), chain.connections.len());
}

#[test]
fn connections_up_to_the_threshold_are_shown_one_by_one() {
    let snapshot = demo_snapshot();
    let scope = |above: usize| Scope {
        service: Some(id(emulator::estate::demo::MY_PLS_ID)),
        group_above: above,
        ..Scope::default()
    };
    // myPLS holds seven connections.
    let at = view(&snapshot, &scope(7));
    assert_eq!(of_kind(&at, NodeKind::Group), Vec::<&GraphNode>::new());
    assert_eq!(chain_connections(&at).len(), 7);
    // Above: only the two pending private endpoints share a state and kind of consumer.
    let above = view(&snapshot, &scope(6));
    let [group] = of_kind(&above, NodeKind::Group)[..] else {
        panic!("one group");
    };
    assert_eq!(group.label, "+2 Pending from 2 subscriptions");
    assert_eq!(group.sublabel.as_deref(), Some("private endpoints"));
    assert_eq!(chain_connections(&above).len(), 5);
}
