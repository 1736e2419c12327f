//! Each fault flag does what it says.

use std::time::{Duration, Instant};

use emulator::EmulatorConfig;
use serde_json::Value;

use crate::support::{Arm, my_pls, network};

#[tokio::test]
async fn throttle_rate_answers_429_with_retry_after() {
    let arm = Arm::with(EmulatorConfig {
        throttle_rate: 1.0,
        ..EmulatorConfig::default()
    })
    .await;
    let response = arm
        .send(reqwest::Method::GET, &arm.url(&network(&my_pls())), None)
        .await;
    assert_eq!(response.status(), 429);
    assert!(
        response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .is_ok()
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "TooManyRequests");
}

#[tokio::test]
async fn a_partial_throttle_rate_throttles_about_that_share() {
    let arm = Arm::with(EmulatorConfig {
        throttle_rate: 0.3,
        ..EmulatorConfig::default()
    })
    .await;
    let mut throttled = 0;
    for _ in 0..200 {
        if arm.get(&network(&my_pls())).await.0 == 429 {
            throttled += 1;
        }
    }
    assert!((30..=90).contains(&throttled), "{throttled} of 200");
}

#[tokio::test]
async fn error_rate_answers_500_or_503() {
    let arm = Arm::with(EmulatorConfig {
        error_rate: 1.0,
        ..EmulatorConfig::default()
    })
    .await;
    let mut statuses = std::collections::BTreeSet::new();
    for _ in 0..30 {
        statuses.insert(arm.get(&network(&my_pls())).await.0);
    }
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), vec![500, 503]);
}

#[tokio::test]
async fn latency_is_added_to_each_request() {
    let arm = Arm::with(EmulatorConfig {
        latency: Duration::from_millis(150),
        ..EmulatorConfig::default()
    })
    .await;
    let start = Instant::now();
    assert_eq!(arm.get(&network(&my_pls())).await.0, 200);
    assert!(start.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn denied_subscriptions_answer_authorization_failed() {
    let sub = my_pls().split('/').nth(2).unwrap().to_owned();
    let arm = Arm::with(EmulatorConfig {
        deny_subscriptions: vec![sub.to_uppercase()],
        ..EmulatorConfig::default()
    })
    .await;
    let (status, body) = arm.get(&network(&my_pls())).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("AuthorizationFailed"))
    );
    let restricted = emulator::estate::demo::RESTRICTED_FINANCE;
    let (status, _) = arm.get(&format!("/subscriptions/{restricted}/providers/Microsoft.Network/privateEndpoints?api-version=2024-05-01")).await;
    assert_eq!(status, 403, "the demo's own unreadable subscription");
    let (status, _) = arm.get("/subscriptions?api-version=2022-12-01").await;
    assert_eq!(status, 200, "listing subscriptions still works");
}

#[tokio::test]
async fn a_fixed_token_refuses_any_other() {
    let arm = Arm::with(EmulatorConfig {
        tokens: vec![emulator::Token::parse("right")],
        ..EmulatorConfig::default()
    })
    .await;
    let (status, body) = arm.get(&network(&my_pls())).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("InvalidAuthenticationToken"))
    );
    let ok = arm
        .http
        .get(arm.url(&network(&my_pls())))
        .bearer_auth("right")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn every_answer_carries_request_and_rate_limit_headers() {
    let arm = Arm::demo().await;
    let response = arm
        .send(reqwest::Method::GET, &arm.url(&network(&my_pls())), None)
        .await;
    assert_eq!(response.headers()["x-ms-request-id"].len(), 36);
    assert!(
        response
            .headers()
            .contains_key("x-ms-ratelimit-remaining-subscription-reads")
    );
}
