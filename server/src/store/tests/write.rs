//! Recording intents and completing them once.

use super::*;

#[tokio::test]
async fn an_intent_and_its_outcome_read_back_field_for_field() {
    let store = store().await;
    let intent = intent(0);
    let outcome = AuditOutcome {
        at: at(1) + Duration::nanoseconds(123_456_789),
        result: AuditResult::Failed,
        message: "AuthorizationFailed: the client may not write".into(),
        final_state: Some("Pending".into()),
        arm_request_id: Some("arm-request-9".into()),
        arm_correlation_id: Some("arm-correlation-9".into()),
    };

    let id = store.record_intent(&intent).await.unwrap();
    let open = store.history(&intent.connection_id).await.unwrap();
    store.complete(id, &outcome).await.unwrap();
    let done = store.history(&intent.connection_id).await.unwrap();

    let open_record = AuditRecord {
        id,
        intent: intent.clone(),
        outcome: None,
    };
    assert_eq!(open, vec![open_record]);
    assert_eq!(
        done,
        vec![AuditRecord {
            id,
            intent,
            outcome: Some(outcome)
        }]
    );
}

#[tokio::test]
async fn a_removal_without_optional_fields_reads_back_as_recorded() {
    let store = store().await;
    let intent = AuditIntent {
        at: at(0).to_offset(time::UtcOffset::from_hms(-5, 0, 0).unwrap()),
        email: None,
        subject: None,
        groups: Vec::new(),
        action: AuditAction::Remove,
        requested_state: None,
        client_ip: None,
        request_id: None,
        consumer: None,
        evidence: Some("policies.yaml sha256 ab12: service name 'myPLS' matches 'my*'".into()),
        description: "l'endpoint \"obsolète\" 🙂".into(),
        ..intent(0)
    };
    let outcome = AuditOutcome {
        final_state: None,
        arm_request_id: None,
        arm_correlation_id: None,
        result: AuditResult::Skipped,
        ..succeeded(1)
    };

    let id = store.record_intent(&intent).await.unwrap();
    store.complete(id, &outcome).await.unwrap();

    let records = store.history(&intent.connection_id).await.unwrap();
    assert_eq!(
        records,
        vec![AuditRecord {
            id,
            intent,
            outcome: Some(outcome)
        }]
    );
}

#[tokio::test]
async fn completing_twice_fails_and_keeps_the_first_outcome() {
    let store = store().await;
    let id = store.record_intent(&intent(0)).await.unwrap();
    let first = succeeded(1);
    store.complete(id, &first).await.unwrap();

    let second = AuditOutcome {
        result: AuditResult::Failed,
        ..succeeded(2)
    };
    let error = store.complete(id, &second).await.unwrap_err();

    assert!(
        matches!(error, StoreError::NotOpen(failed) if failed == id),
        "{error}"
    );
    let records = store.history(&connection("pe-1")).await.unwrap();
    assert_eq!(records[0].outcome, Some(first));
}

#[tokio::test]
async fn completing_an_unknown_id_fails() {
    let store = store().await;
    store.record_intent(&intent(0)).await.unwrap();

    let error = store
        .complete(AuditId(42), &succeeded(1))
        .await
        .unwrap_err();

    assert!(matches!(error, StoreError::NotOpen(AuditId(42))), "{error}");
    assert_eq!(
        error.to_string(),
        "audit record 42 is not an open intent: it does not exist or already has an outcome"
    );
}

#[tokio::test]
async fn ids_grow_with_each_intent() {
    let store = store().await;
    let first = store.record_intent(&intent(0)).await.unwrap();
    let second = store.record_intent(&intent(0)).await.unwrap();
    assert!(second > first);
}

#[tokio::test]
async fn open_intents_are_the_incomplete_ones_oldest_first() {
    let store = store().await;
    let late = store.record_intent(&intent(30)).await.unwrap();
    let done = store.record_intent(&intent(10)).await.unwrap();
    let early = store.record_intent(&intent(20)).await.unwrap();
    let earliest = store.record_intent(&intent(5)).await.unwrap();
    store.complete(done, &succeeded(11)).await.unwrap();

    let open = store.open_intents().await.unwrap();

    assert_eq!(ids(&open), vec![earliest, early, late]);
    assert!(open.iter().all(|record| record.outcome.is_none()));
}

#[tokio::test]
async fn a_time_before_year_0_is_refused_before_anything_is_written() {
    let store = store().await;
    let intent = AuditIntent {
        at: t0().replace_year(-1).unwrap(),
        ..intent(0)
    };

    let error = store.record_intent(&intent).await.unwrap_err();

    assert!(matches!(error, StoreError::TimeOutOfRange(_)), "{error}");
    assert!(store.open_intents().await.unwrap().is_empty());
}
