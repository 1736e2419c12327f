//! Searching the trail: each filter, paging with its total, and one connection's history.

use sqlx::QueryBuilder;

use super::*;

const OTHER_SUBSCRIPTION: &str = "11111111-1111-1111-1111-111111111111";

/// Five records, one per minute from `t0`:
/// 0 alice approve pe-1 succeeded, 1 bob reject pe-2 failed, 2 alice remove pe-1 (open),
/// 3 bob approve pe-3 in the other subscription succeeded, 4 alice approve pe-2 (open).
async fn estate() -> (Store, Vec<AuditId>) {
    let store = store().await;
    let mut ids = Vec::new();
    let plans = [
        (
            "alice@contoso.com",
            AuditAction::Approve,
            "pe-1",
            None,
            Some(AuditResult::Succeeded),
        ),
        (
            "bob@contoso.com",
            AuditAction::Reject,
            "pe-2",
            None,
            Some(AuditResult::Failed),
        ),
        ("alice@contoso.com", AuditAction::Remove, "pe-1", None, None),
        (
            "bob@contoso.com",
            AuditAction::Approve,
            "pe-3",
            Some(OTHER_SUBSCRIPTION),
            Some(AuditResult::Succeeded),
        ),
        (
            "alice@contoso.com",
            AuditAction::Approve,
            "pe-2",
            None,
            None,
        ),
    ];
    for (minute, (actor, action, pe, subscription, result)) in (0..).zip(plans) {
        let mut intent = intent(minute);
        intent.actor = actor.into();
        intent.action = action;
        intent.connection_id = connection(pe);
        if let Some(subscription) = subscription {
            intent.subscription = subscription.into();
        }
        let id = store.record_intent(&intent).await.unwrap();
        if let Some(result) = result {
            let outcome = AuditOutcome {
                result,
                ..succeeded(minute + 10)
            };
            store.complete(id, &outcome).await.unwrap();
        }
        ids.push(id);
    }
    (store, ids)
}

async fn search(store: &Store, filter: AuditFilter) -> (u64, Vec<AuditId>) {
    let page = store.query(&filter).await.unwrap();
    (page.total, ids(&page.items))
}

#[tokio::test]
async fn no_filter_answers_everything_newest_first() {
    let (store, id) = estate().await;
    let all = search(&store, AuditFilter::default()).await;
    assert_eq!(all, (5, vec![id[4], id[3], id[2], id[1], id[0]]));
}

#[tokio::test]
async fn the_actor_filter_ignores_case_and_is_exact() {
    let (store, id) = estate().await;
    let actor = |name: &str| AuditFilter {
        actor: Some(name.into()),
        ..AuditFilter::default()
    };

    assert_eq!(
        search(&store, actor("ALICE@Contoso.com")).await,
        (3, vec![id[4], id[2], id[0]])
    );
    assert_eq!(search(&store, actor("alice")).await, (0, vec![]));
    assert_eq!(search(&store, actor("%")).await, (0, vec![]));
}

#[tokio::test]
async fn the_action_and_result_filters_match_their_word() {
    let (store, id) = estate().await;
    let approvals = AuditFilter {
        action: Some(AuditAction::Approve),
        ..AuditFilter::default()
    };
    let failures = AuditFilter {
        result: Some(AuditResult::Failed),
        ..AuditFilter::default()
    };
    let successes = AuditFilter {
        result: Some(AuditResult::Succeeded),
        ..AuditFilter::default()
    };

    assert_eq!(
        search(&store, approvals).await,
        (3, vec![id[4], id[3], id[0]])
    );
    assert_eq!(search(&store, failures).await, (1, vec![id[1]]));
    assert_eq!(search(&store, successes).await, (2, vec![id[3], id[0]]));
}

#[tokio::test]
async fn the_subscription_and_connection_filters_ignore_case() {
    let (store, id) = estate().await;
    let subscription = AuditFilter {
        subscriptions: vec![OTHER_SUBSCRIPTION.to_uppercase()],
        ..AuditFilter::default()
    };
    let both = AuditFilter {
        subscriptions: vec![
            OTHER_SUBSCRIPTION.into(),
            "00000000-0000-0000-0000-000000000001".into(),
        ],
        ..AuditFilter::default()
    };
    let neither = AuditFilter {
        subscriptions: vec!["00000000-0000-0000-0000-00000000000f".into()],
        ..AuditFilter::default()
    };
    assert_eq!(
        search(&store, both).await.0,
        5,
        "any of the subscriptions chosen"
    );
    assert_eq!(search(&store, neither).await, (0, vec![]));
    let pe_2 = AuditFilter {
        connection_id: Some(connection("PE-2").to_uppercase()),
        ..AuditFilter::default()
    };

    assert_eq!(search(&store, subscription).await, (1, vec![id[3]]));
    assert_eq!(search(&store, pe_2).await, (2, vec![id[4], id[1]]));
}

#[tokio::test]
async fn the_time_range_includes_both_ends() {
    let (store, id) = estate().await;
    let range = AuditFilter {
        from: Some(at(1)),
        to: Some(at(3)),
        ..AuditFilter::default()
    };
    let since = AuditFilter {
        from: Some(at(3)),
        ..AuditFilter::default()
    };
    let until = AuditFilter {
        to: Some(at(0)),
        ..AuditFilter::default()
    };

    assert_eq!(search(&store, range).await, (3, vec![id[3], id[2], id[1]]));
    assert_eq!(search(&store, since).await, (2, vec![id[4], id[3]]));
    assert_eq!(search(&store, until).await, (1, vec![id[0]]));
}

#[tokio::test]
async fn a_time_range_in_another_offset_means_the_same_instants() {
    let (store, id) = estate().await;
    let plus_two = time::UtcOffset::from_hms(2, 0, 0).unwrap();
    let range = AuditFilter {
        from: Some(at(1).to_offset(plus_two)),
        to: Some(at(2).to_offset(plus_two)),
        ..AuditFilter::default()
    };
    assert_eq!(search(&store, range).await, (2, vec![id[2], id[1]]));
}

#[tokio::test]
async fn open_only_answers_intents_without_an_outcome() {
    let (store, id) = estate().await;
    let open = AuditFilter {
        open_only: true,
        ..AuditFilter::default()
    };
    let open_of_alice = AuditFilter {
        open_only: true,
        action: Some(AuditAction::Remove),
        actor: Some("alice@contoso.com".into()),
        ..AuditFilter::default()
    };

    assert_eq!(search(&store, open).await, (2, vec![id[4], id[2]]));
    assert_eq!(search(&store, open_of_alice).await, (1, vec![id[2]]));
}

#[tokio::test]
async fn pages_hold_limit_records_from_offset_with_the_full_total() {
    let (store, id) = estate().await;
    let page = |offset, limit| AuditFilter {
        offset,
        limit,
        ..AuditFilter::default()
    };

    assert_eq!(search(&store, page(0, 2)).await, (5, vec![id[4], id[3]]));
    assert_eq!(search(&store, page(2, 2)).await, (5, vec![id[2], id[1]]));
    assert_eq!(search(&store, page(4, 2)).await, (5, vec![id[0]]));
    assert_eq!(search(&store, page(9, 2)).await, (5, vec![]));
}

#[tokio::test]
async fn a_limit_of_0_answers_50_and_a_larger_one_at_most_1000() {
    let store = store().await;
    for _ in 0..1001 {
        store.record_intent(&intent(0)).await.unwrap();
    }
    let page = |limit| AuditFilter {
        limit,
        ..AuditFilter::default()
    };

    let default = store.query(&page(0)).await.unwrap();
    let capped = store.query(&page(5000)).await.unwrap();

    assert_eq!((default.total, default.items.len()), (1001, 50));
    assert_eq!((capped.total, capped.items.len()), (1001, 1000));
}

#[tokio::test]
async fn records_of_the_same_instant_are_newest_id_first() {
    let store = store().await;
    let first = store.record_intent(&intent(0)).await.unwrap();
    let second = store.record_intent(&intent(0)).await.unwrap();

    let (_, page) = search(&store, AuditFilter::default()).await;

    assert_eq!(page, vec![second, first]);
}

#[tokio::test]
async fn history_finds_a_connection_by_its_id_in_another_case_newest_first() {
    let (store, id) = estate().await;

    let history = store
        .history(&connection("pe-1").to_uppercase())
        .await
        .unwrap();

    assert_eq!(ids(&history), vec![id[2], id[0]]);
    assert!(store.history(&connection("pe-9")).await.unwrap().is_empty());
}

/// SQLite's plan for `sql` with one text parameter, its steps joined by `; `.
async fn plan(store: &Store, sql: &str) -> String {
    let sql = format!("EXPLAIN QUERY PLAN {sql}");
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&sql)
        .bind("x")
        .fetch_all(&store.pool)
        .await
        .unwrap();
    rows.into_iter()
        .map(|row| row.3)
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test]
async fn history_and_actor_searches_use_their_indexes() {
    let store = store().await;
    let filter = AuditFilter {
        actor: Some("x".into()),
        ..AuditFilter::default()
    };
    let mut actor = QueryBuilder::new(format!("SELECT {} FROM audit", row::COLUMNS));
    filter.push_where(&mut actor).unwrap();

    let history = plan(
        &store,
        &format!("SELECT {} FROM audit{}", row::COLUMNS, audit::HISTORY),
    )
    .await;
    let actor = plan(&store, actor.sql()).await;

    assert!(
        history.contains("USING INDEX audit_connection_at"),
        "{history}"
    );
    assert!(actor.contains("USING INDEX audit_actor_at"), "{actor}");
}
