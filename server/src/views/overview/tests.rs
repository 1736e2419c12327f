//! The Overview and the status strip stay small on a large estate (only subscriptions with a
//! problem, the most serious findings) and list everything on the demo.

use super::*;
use crate::inventory::join::tests::demo_now;
use crate::views::test_support::{demo_views, views_of};

fn idle() -> SyncProgress {
    SyncProgress {
        running: false,
        subscriptions_total: 0,
        subscriptions_done: 0,
        requests: 0,
        retries: 0,
        throttled: 0,
        completed_syncs: 1,
        pending_polls: 0,
        last_synced_at: None,
    }
}

/// The finding kinds of `overview` in the order listed, each once.
fn kinds_in_order(overview: &Overview) -> Vec<&str> {
    let mut kinds: Vec<&str> = overview.findings.iter().map(|f| f.kind.as_str()).collect();
    kinds.dedup();
    kinds
}

#[test]
fn the_demo_lists_every_subscription_and_names_the_unreadable_one() {
    let views = demo_views();
    let overview = overview(&views, &idle(), demo_now());
    assert_eq!(overview.subscriptions_total, 5);
    assert_eq!(overview.subscriptions_ok, 4);
    let mut names: Vec<(&str, &str)> = overview
        .subscriptions
        .iter()
        .map(|s| (s.display_name.as_str(), s.status.as_str()))
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            ("Contoso Edge", "ok"),
            ("Contoso Platform Prod", "ok"),
            ("Fabrikam Consumer", "ok"),
            ("Restricted Finance", "failed"),
            ("Woodgrove Partner", "ok"),
        ]
    );
    assert_eq!(overview.findings_total, 13);
    assert_eq!(
        kinds_in_order(&overview),
        [
            "missingFrontend",
            "dnsZoneMismatch",
            "frontDoorPending",
            "unreadable",
            "publicAccessEnabled",
            "noDnsZoneGroup",
            "dnsZoneNotLinked",
            "autoApprovalNotVisible",
            "orphanEndpoint",
            "openVisibility",
            "proxyProtocol"
        ]
    );
    let status = status(&views.snapshot, &idle(), demo_now(), Environment::default());
    assert_eq!(status.problems.len(), 1);
    assert_eq!(status.problems[0].display_name, "Restricted Finance");
    assert_eq!(status.subscriptions.len(), 5);
    assert_eq!(status.sync.age_seconds, Some(0));
}

#[test]
fn a_large_estate_shows_only_problems_and_the_most_serious_findings() {
    let mut doc = emulator::estate::scale::scaled(30);
    let mut denied: Vec<(String, String)> = [3, 17]
        .iter()
        .map(|&i| {
            let s = &doc.subscriptions[i];
            (
                s["displayName"].as_str().unwrap().to_owned(),
                s["subscriptionId"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    denied.sort();
    doc.denied_subscriptions = denied.iter().map(|(_, id)| id.clone()).collect();
    let views = views_of(&doc);
    let overview = overview(&views, &idle(), demo_now());
    assert_eq!(overview.subscriptions_total, 30);
    assert!(overview.subscriptions_total > MAX_SUBSCRIPTION_ROWS);
    assert_eq!(overview.subscriptions_ok, 28);
    let mut listed: Vec<(String, String, &str)> = overview
        .subscriptions
        .iter()
        .map(|s| {
            (
                s.display_name.clone(),
                s.subscription_id.clone(),
                s.status.as_str(),
            )
        })
        .collect();
    listed.sort();
    let expected: Vec<(String, String, &str)> = denied
        .into_iter()
        .map(|(name, id)| (name, id, "failed"))
        .collect();
    assert_eq!(
        listed, expected,
        "only the two subscriptions with a problem are listed"
    );
    assert!(
        overview.findings_total > MAX_FINDINGS,
        "the scaled estate has many findings: {}",
        overview.findings_total
    );
    assert_eq!(overview.findings.len(), MAX_FINDINGS);
    let counted: usize = overview.finding_counts.iter().map(|(_, n)| n).sum();
    assert_eq!(counted, overview.findings_total);
    assert!(
        overview
            .finding_counts
            .contains(&("unreadable".to_owned(), 2)),
        "one per denied subscription: {:?}",
        overview.finding_counts
    );
    assert_eq!(
        kinds_in_order(&overview),
        ["frontDoorPending", "unreadable", "orphanEndpoint"],
        "most serious first"
    );
}
