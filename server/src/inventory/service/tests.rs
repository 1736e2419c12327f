//! Waiting for syncs: the next one is heard even when it completes before the wait is first
//! polled, one completed before the call is not "the next", and the first-sync wait ends once
//! one has completed.

use std::pin::pin;
use std::task::{Context, Waker};
use std::time::Duration;

use super::*;

/// Far longer than any of these waits needs; a hang fails instead of blocking the run.
const AT_MOST: Duration = Duration::from_secs(5);

/// Whether `future` is still waiting when polled once.
fn is_waiting<F: Future>(future: std::pin::Pin<&mut F>) -> bool {
    future
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_pending()
}

#[tokio::test]
async fn the_next_sync_is_heard_even_when_it_completes_before_the_wait_is_polled() {
    let service = InventoryService::offline_for_tests();
    let next = service.next_sync();
    service.completed_one();
    assert_eq!(tokio::time::timeout(AT_MOST, next).await, Ok(1));
    assert_eq!(service.progress().completed_syncs, 1);
}

#[tokio::test]
async fn a_sync_completed_before_the_call_is_not_the_next_one() {
    let service = InventoryService::offline_for_tests();
    service.completed_one();
    let mut next = pin!(service.next_sync());
    assert!(
        is_waiting(next.as_mut()),
        "the completed sync is the last, not the next"
    );
    service.completed_one();
    assert_eq!(tokio::time::timeout(AT_MOST, next).await, Ok(2));
}

#[tokio::test]
async fn the_first_sync_wait_ends_once_one_has_completed() {
    let service = InventoryService::offline_for_tests();
    assert!(!service.has_synced());
    let mut first = pin!(service.first_sync());
    assert!(is_waiting(first.as_mut()));
    service.completed_one();
    assert_eq!(tokio::time::timeout(AT_MOST, first).await, Ok(()));
    assert!(service.has_synced());
    let mut again = pin!(service.first_sync());
    assert!(!is_waiting(again.as_mut()), "after the first sync, at once");
}
