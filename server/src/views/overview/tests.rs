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
        last_synced_at: None,
    }
}

#[test]
fn the_demo_lists_every_subscription_and_names_the_unreadable_one() {
    let views = demo_views();
    let overview = overview(&views, &idle(), demo_now());
    assert_eq!(overview.subscriptions.len(), overview.subscriptions_total);
    assert_eq!(overview.subscriptions_ok + 1, overview.subscriptions_total);
    assert_eq!(overview.findings.len(), overview.findings_total);
    let status = status(&views.snapshot, &idle(), demo_now(), Environment::default());
    assert_eq!(status.problems.len(), 1);
    assert_eq!(status.problems[0].display_name, "Restricted Finance");
    assert_eq!(status.subscriptions.len(), overview.subscriptions_total);
    assert_eq!(status.sync.age_seconds, Some(0));
}

#[test]
fn a_large_estate_shows_only_problems_and_the_most_serious_findings() {
    let views = views_of(&emulator::estate::scale::scaled(30));
    let overview = overview(&views, &idle(), demo_now());
    assert!(overview.subscriptions_total > MAX_SUBSCRIPTION_ROWS);
    assert!(
        overview.subscriptions.iter().all(|s| s.status != "ok"),
        "only subscriptions with a problem are listed"
    );
    assert!(
        overview.findings_total > MAX_FINDINGS,
        "the scaled estate has many findings: {}",
        overview.findings_total
    );
    assert_eq!(overview.findings.len(), MAX_FINDINGS);
    let counted: usize = overview.finding_counts.iter().map(|(_, n)| n).sum();
    assert_eq!(counted, overview.findings_total);
    let rank = |kind: &str| FINDING_ORDER.iter().position(|k| *k == kind).unwrap();
    assert!(
        overview
            .findings
            .windows(2)
            .all(|w| rank(&w[0].kind) <= rank(&w[1].kind)),
        "most serious first"
    );
}
