//! The ARM client against the emulator over loopback: paging, throttling storms, server-error
//! bursts, denied subscriptions, ids in two casings, long-running removal.

use std::time::{Duration, Instant};

use emulator::EmulatorConfig;
use server::arm::{ArmError, retry::RetryPolicy};

use crate::support::{CONTOSO, Fixture, NETWORK};

fn services(sub: &str) -> String {
    format!("/subscriptions/{sub}/providers/Microsoft.Network/privateLinkServices")
}

/// Contoso's PLSs read from an emulator without faults: what every faulty read must also give.
async fn calm_services() -> Vec<serde_json::Value> {
    let calm = Fixture::start(EmulatorConfig::default()).await;
    calm.client.list(&services(CONTOSO), NETWORK).await.unwrap()
}

#[tokio::test]
async fn lists_follow_next_link_across_many_pages() {
    let fx = Fixture::start(EmulatorConfig {
        page_size: 1,
        ..EmulatorConfig::default()
    })
    .await;
    let paged = fx.client.list(&services(CONTOSO), NETWORK).await.unwrap();
    let expected = calm_services().await;
    assert!(paged.len() >= 3);
    assert_eq!(paged, expected);
    assert_eq!(
        fx.client.counts().requests,
        paged.len() as u64,
        "one request per one-item page, the last without nextLink"
    );
}

#[tokio::test]
async fn a_throttling_storm_still_delivers_everything_honouring_retry_after() {
    let config = EmulatorConfig {
        throttle_rate: 0.5,
        retry_after: Duration::from_millis(150),
        page_size: 2,
        ..EmulatorConfig::default()
    };
    let fx = Fixture::start(config).await;
    let started = Instant::now();
    let items = fx.client.list(&services(CONTOSO), NETWORK).await.unwrap();
    let elapsed = started.elapsed();
    let expected = calm_services().await;
    assert_eq!(items, expected, "all data arrives");
    let counts = fx.client.counts();
    assert!(
        counts.throttled > 0 && counts.retries >= counts.throttled,
        "{counts:?}"
    );
    assert!(
        elapsed >= Duration::from_millis(150) * counts.throttled as u32,
        "each 429 waited its x-ms-retry-after-ms: {elapsed:?} for {counts:?}"
    );
}

#[tokio::test]
async fn retries_are_bounded_and_end_in_a_typed_error() {
    let fx = Fixture::with_policy(
        EmulatorConfig {
            throttle_rate: 1.0,
            retry_after: Duration::from_millis(10),
            ..EmulatorConfig::default()
        },
        RetryPolicy {
            max_attempts: 3,
            ..crate::support::fast_policy()
        },
    )
    .await;
    let error = fx
        .client
        .list(&services(CONTOSO), NETWORK)
        .await
        .unwrap_err();
    assert!(
        matches!(error, ArmError::Throttled { attempts: 3, .. }),
        "{error}"
    );
    assert_eq!(fx.client.counts().requests, 3);
}

#[tokio::test]
async fn server_error_bursts_are_retried() {
    let fx = Fixture::start(EmulatorConfig {
        error_rate: 0.3,
        page_size: 1,
        ..EmulatorConfig::default()
    })
    .await;
    let items = fx.client.list(&services(CONTOSO), NETWORK).await.unwrap();
    let expected = calm_services().await;
    assert_eq!(items, expected);
    assert!(fx.client.counts().retries > 0);
}

#[tokio::test]
async fn a_denied_subscription_answers_a_typed_403_at_once() {
    let fx = Fixture::start(EmulatorConfig::default()).await;
    let denied = emulator::estate::demo::RESTRICTED_FINANCE;
    let error = fx
        .client
        .list(&services(denied), NETWORK)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(403));
    assert_eq!(error.code(), Some("AuthorizationFailed"));
    assert!(
        matches!(
            &error,
            ArmError::Api {
                request_id: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(fx.client.counts().requests, 1, "403 is not retried");
}

#[tokio::test]
async fn the_same_id_in_two_casings_reads_the_same_resource() {
    let fx = Fixture::start(EmulatorConfig::default()).await;
    let id = emulator::estate::demo::MY_PLS_ID;
    let upper = fx.client.get(&id.to_uppercase(), NETWORK).await.unwrap();
    let lower = fx.client.get(&id.to_lowercase(), NETWORK).await.unwrap();
    assert_eq!(upper, lower);
}

#[tokio::test]
async fn removal_waits_for_the_long_running_operation() {
    let fx = Fixture::start(EmulatorConfig {
        lro_delay: Duration::from_millis(300),
        ..EmulatorConfig::default()
    })
    .await;
    let connections = fx
        .client
        .list(
            &format!(
                "{}/privateEndpointConnections",
                emulator::estate::demo::MY_PLS_ID
            ),
            NETWORK,
        )
        .await
        .unwrap();
    let id = connections[0]["id"].as_str().unwrap().to_owned();
    fx.client.delete(&id, NETWORK).await.unwrap();
    let error = fx.client.get(&id, NETWORK).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
}
