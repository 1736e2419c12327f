//! The append-only guard: SQLite's triggers refuse, through the pool itself, what the typed API
//! never does.

use super::*;

/// Runs raw SQL on `store`'s pool; answers SQLite's complaint, if any.
async fn raw(store: &Store, sql: &str) -> Option<String> {
    sqlx::query(sql)
        .execute(&store.pool)
        .await
        .err()
        .map(|error| error.to_string())
}

async fn one_completed_and_one_open() -> (Store, AuditRecord, AuditRecord) {
    let store = store().await;
    let done = store.record_intent(&intent(0)).await.unwrap();
    store.complete(done, &succeeded(1)).await.unwrap();
    store.record_intent(&intent(2)).await.unwrap();
    let history = store.history(&connection("pe-1")).await.unwrap();
    (store, history[1].clone(), history[0].clone())
}

/// Every error names the append-only rule, and both records are as they were.
async fn refused_and_unchanged(
    store: &Store,
    errors: &[Option<String>],
    open: &AuditRecord,
    done: &AuditRecord,
) {
    for error in errors {
        assert!(
            error.as_deref().is_some_and(|e| e.contains("append-only")),
            "{error:?}"
        );
    }
    assert_eq!(
        store.history(&connection("pe-1")).await.unwrap(),
        vec![open.clone(), done.clone()]
    );
}

#[tokio::test]
async fn a_raw_delete_is_refused() {
    let (store, done, open) = one_completed_and_one_open().await;

    let error = raw(&store, "DELETE FROM audit").await;

    refused_and_unchanged(&store, &[error], &open, &done).await;
}

#[tokio::test]
async fn a_raw_update_of_an_intent_column_is_refused_even_on_an_open_intent() {
    let (store, done, open) = one_completed_and_one_open().await;

    let on_done = raw(&store, "UPDATE audit SET actor = 'mallory'").await;
    let while_completing = raw(
        &store,
        &format!(
            "UPDATE audit SET actor = 'mallory', outcome = 'succeeded', completed_at = at, \
             outcome_message = 'ok' WHERE id = {}",
            open.id
        ),
    )
    .await;
    let change_of_case = raw(
        &store,
        &format!(
            "UPDATE audit SET actor = upper(actor), outcome = 'succeeded', completed_at = at, \
             outcome_message = 'ok' WHERE id = {}",
            open.id
        ),
    )
    .await;

    refused_and_unchanged(
        &store,
        &[on_done, while_completing, change_of_case],
        &open,
        &done,
    )
    .await;
}

#[tokio::test]
async fn a_raw_update_cannot_reopen_or_rewrite_an_outcome() {
    let (store, done, open) = one_completed_and_one_open().await;
    let id = done.id;

    let reopen = raw(
        &store,
        &format!(
            "UPDATE audit SET outcome = NULL, completed_at = NULL, outcome_message = NULL, \
             final_state = NULL, arm_request_id = NULL, arm_correlation_id = NULL WHERE id = {id}"
        ),
    )
    .await;
    let rewrite = raw(
        &store,
        &format!("UPDATE audit SET outcome = 'failed' WHERE id = {id}"),
    )
    .await;

    refused_and_unchanged(&store, &[reopen, rewrite], &open, &done).await;
}

#[tokio::test]
async fn an_unreadable_row_is_reported_as_corrupt_with_its_id() {
    let store = store().await;
    let error = raw(
        &store,
        "INSERT INTO audit (at, actor, groups, role, auth_mode, action, connection_id, \
         resource_id, subscription, previous_state, description) \
         VALUES ('yesterday', 'a', '[]', 'r', 'none', 'approve', 'c', 'r', 's', 'Pending', 'd')",
    )
    .await;
    assert_eq!(error, None);

    let error = store.open_intents().await.unwrap_err();

    assert!(
        matches!(&error, StoreError::Corrupt { id: AuditId(1), .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("\"yesterday\" is not RFC 3339"),
        "{error}"
    );
}

/// Updating `column` of an intent is refused, on a completed record and while completing one.
async fn refused_to_change(column: &str) {
    let (store, done, open) = one_completed_and_one_open().await;
    let on_done = raw(
        &store,
        &format!("UPDATE audit SET {column} = 'someone else'"),
    )
    .await;
    let while_completing = raw(
        &store,
        &format!(
            "UPDATE audit SET {column} = NULL, outcome = 'succeeded', completed_at = at, \
             outcome_message = 'ok' WHERE id = {}",
            open.id
        ),
    )
    .await;

    refused_and_unchanged(&store, &[on_done, while_completing], &open, &done).await;
}

#[tokio::test]
async fn the_consumer_of_an_intent_cannot_change_not_even_while_it_is_completed() {
    let (_, _, open) = one_completed_and_one_open().await;
    assert!(
        open.intent.consumer.is_some(),
        "the fixture names a consumer"
    );
    refused_to_change("consumer").await;
}

#[tokio::test]
async fn the_subject_of_an_intent_cannot_change_not_even_while_it_is_completed() {
    let (_, _, open) = one_completed_and_one_open().await;
    assert!(open.intent.subject.is_some(), "the fixture names a subject");
    refused_to_change("subject").await;
}
