//! Tests of the scaled estate: determinism, the consistency rules, and its state mix and fan-out.

use super::super::demo::check::{broken_chains, list, of_type, pls_states, problems};
use super::*;

#[test]
fn the_same_size_gives_the_same_estate() {
    let (a, b) = (
        serde_json::to_string(&scaled(20)),
        serde_json::to_string(&scaled(20)),
    );
    assert!(a.is_ok());
    assert_eq!(a.ok(), b.ok());
}

#[test]
fn scaled_estates_obey_every_consistency_rule() {
    for n in [1, 2, 3, 50] {
        let doc = scaled(n);
        assert_eq!(doc.subscriptions.len(), n as usize);
        assert_eq!(problems(&doc), Vec::<String>::new(), "scaled({n})");
        assert_eq!(super::super::validate(&doc), Ok(()), "scaled({n})");
        assert_eq!(broken_chains(&doc), Vec::<String>::new(), "scaled({n})");
    }
}

#[test]
fn pending_share_at_fifty_is_between_five_and_fifteen_percent() {
    let doc = scaled(50);
    let states = pls_states(&doc);
    let share = |s: &str| states.iter().filter(|x| **x == s).count() as f64 / states.len() as f64;
    assert!(
        (0.05..=0.15).contains(&share("Pending")),
        "pending {}",
        share("Pending")
    );
    assert!(
        (0.65..=0.85).contains(&share("Approved")),
        "approved {}",
        share("Approved")
    );
    assert!(share("Rejected") > 0.0 && share("Disconnected") > 0.0);
}

#[test]
fn fifty_subscriptions_fan_out_and_sit_behind_front_door() {
    let doc = scaled(50);
    let counts: Vec<usize> = of_type(&doc, "Microsoft.Network/privateLinkServices")
        .map(|p| list(p, "/properties/privateEndpointConnections").len())
        .collect();
    assert!(
        counts.len() >= 100 && counts.len() <= 250,
        "{} PLSs",
        counts.len()
    );
    assert!(counts.iter().all(|c| (10..=1000).contains(c)));
    assert!(
        counts.iter().any(|c| *c >= 140),
        "no PLS with ~150 connections"
    );
    assert_eq!(of_type(&doc, "Microsoft.Cdn/profiles").count(), 17);
    assert!(of_type(&doc, "Microsoft.Cdn/profiles/origingroups/origins").count() >= 40);
    let clusters = of_type(&doc, "Microsoft.ContainerService/managedClusters").count();
    assert!((50..=100).contains(&clusters));
    assert!(of_type(&doc, "Microsoft.Network/privateEndpoints").count() > 1000);
}

#[test]
fn zero_subscriptions_give_an_empty_estate() {
    let doc = scaled(0);
    assert!(doc.subscriptions.is_empty() && doc.resources.is_empty());
}
