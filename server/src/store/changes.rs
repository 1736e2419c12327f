//! The change feed in the store: each sync's changes appended with its window, in the same
//! transaction as the update of what the last sync saw (`known_*`), so a crash never records
//! changes without the state they lead to, or the reverse; and filtered pages read back.

use app::model::{ChangeEntry, ChangeKind};
use sqlx::{QueryBuilder, Row, Sqlite};
use time::OffsetDateTime;

use super::{MAX_LIMIT, Store, StoreError, timestamp};

/// Rows written by one statement: few round trips, far below SQLite's 32,766 variables.
pub(super) const BATCH: usize = 100;

/// Deletes the rows of `table` (a `known_*` table keyed by `id`) with these ids.
async fn delete_ids(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    table: &str,
    ids: &[String],
) -> Result<(), StoreError> {
    for chunk in ids.chunks(BATCH) {
        let mut delete = QueryBuilder::<Sqlite>::new(format!("DELETE FROM {table} WHERE id IN ("));
        let mut list = delete.separated(", ");
        for id in chunk {
            list.push_bind(id);
        }
        list.push_unseparated(")");
        delete.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// A change to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChange {
    /// What kind.
    pub kind: ChangeKind,
    /// The subscription (GUID, lower case).
    pub subscription: String,
    /// The private link service, when one is concerned.
    pub service_id: Option<String>,
    /// The connection, when one is concerned.
    pub connection_id: Option<String>,
    /// The value before.
    pub from: Option<String>,
    /// The value after.
    pub to: Option<String>,
    /// What happened, in a sentence.
    pub detail: String,
    /// Who made it, when known.
    pub actor: Option<String>,
    /// The audit record it came from, when Link Center made it.
    pub audit_id: Option<i64>,
}

/// A change nobody is known to have made yet: what the Activity Log is asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unattributed {
    /// Its id.
    pub id: i64,
    /// Its subscription.
    pub subscription: String,
    /// The resource changed: the connection, else the private link service.
    pub resource_id: String,
    /// The sync before.
    pub seen_after: Option<OffsetDateTime>,
    /// The sync that saw it.
    pub seen_at: OffsetDateTime,
}

/// Who made a change, from the Activity Log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The caller.
    pub actor: String,
    /// The operation.
    pub operation: String,
    /// Its correlation id.
    pub correlation_id: Option<String>,
}

/// A private link service as the last sync saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownService {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its alias.
    pub alias: Option<String>,
    /// The frontend it names.
    pub frontend: Option<String>,
    /// Whether that frontend was in the inventory.
    pub frontend_found: bool,
}

/// A connection as the last sync saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownConnection {
    /// Its id.
    pub id: String,
    /// Its private link service.
    pub service_id: String,
    /// Its state.
    pub state: String,
    /// Its description.
    pub description: String,
}

/// What the last recorded sync saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownState {
    /// When it finished; none before the first.
    pub seen_at: Option<OffsetDateTime>,
    /// Its private link services.
    pub services: Vec<KnownService>,
    /// Their connections.
    pub connections: Vec<KnownConnection>,
    /// Subscriptions (GUID) and whether they could be read.
    pub subscriptions: Vec<(String, bool)>,
}

/// How what the last sync saw changes with this one: rows to write and ids to forget.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownDelta {
    /// Services new or changed.
    pub services: Vec<KnownService>,
    /// Services gone.
    pub services_gone: Vec<String>,
    /// Connections new or changed.
    pub connections: Vec<KnownConnection>,
    /// Connections gone.
    pub connections_gone: Vec<String>,
    /// Subscriptions new or whose readability changed.
    pub subscriptions: Vec<(String, bool)>,
}

/// Which changes to answer; every set field must match (ids ignore case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeFilter {
    /// Any of these subscriptions; empty for any.
    pub subscriptions: Vec<String>,
    /// One private link service.
    pub service: Option<String>,
    /// One connection.
    pub connection: Option<String>,
    /// Any of these kinds; empty for any.
    pub kinds: Vec<ChangeKind>,
    /// Who made them: a name as recorded, or `unknown` for changes nobody is known to have made.
    pub who: Option<String>,
    /// Seen at or after.
    pub from: Option<OffsetDateTime>,
    /// Seen at or before.
    pub to: Option<OffsetDateTime>,
    /// Rows to skip, newest first.
    pub offset: u32,
    /// Rows to answer (1–`MAX_LIMIT`).
    pub limit: u32,
}

/// A page of changes and how many match in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangePage {
    /// Matching changes in all.
    pub total: u64,
    /// This page, newest first.
    pub items: Vec<ChangeEntry>,
}

const COLUMNS: &str = "id, seen_at, seen_after, kind, subscription, service_id, connection_id, \
                       from_value, to_value, detail, actor, audit_id, operation, correlation_id";

impl Store {
    /// Records one sync: its changes, seen between `seen_after` and `seen_at`, `delta` to what
    /// the last sync saw, and the connection counts that moved, all or nothing.
    #[tracing::instrument(level = "debug", skip_all, fields(changes = changes.len()))]
    pub async fn record_sync(
        &self,
        seen_after: Option<OffsetDateTime>,
        seen_at: OffsetDateTime,
        changes: &[NewChange],
        delta: &KnownDelta,
        counts: &[super::CountRow],
    ) -> Result<(), StoreError> {
        self.writable()?;
        let seen_at = timestamp::to_text(seen_at)?;
        let seen_after = seen_after.map(timestamp::to_text).transpose()?;
        let mut tx = self.pool.begin().await?;
        // Many rows a statement: each statement is a round trip to SQLite's worker thread.
        for chunk in changes.chunks(BATCH) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO changes (seen_at, seen_after, kind, subscription, service_id, \
                 connection_id, from_value, to_value, detail, actor, audit_id) ",
            );
            insert.push_values(chunk, |mut row, change| {
                row.push_bind(&seen_at)
                    .push_bind(&seen_after)
                    .push_bind(change.kind.as_str())
                    .push_bind(&change.subscription)
                    .push_bind(&change.service_id)
                    .push_bind(&change.connection_id)
                    .push_bind(&change.from)
                    .push_bind(&change.to)
                    .push_bind(&change.detail)
                    .push_bind(&change.actor)
                    .push_bind(change.audit_id);
            });
            insert.build().execute(&mut *tx).await?;
        }
        delete_ids(&mut tx, "known_services", &delta.services_gone).await?;
        for chunk in delta.services.chunks(BATCH) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT OR REPLACE INTO known_services (id, name, alias, frontend, frontend_found) ",
            );
            insert.push_values(chunk, |mut row, service| {
                row.push_bind(&service.id)
                    .push_bind(&service.name)
                    .push_bind(&service.alias)
                    .push_bind(&service.frontend)
                    .push_bind(service.frontend_found);
            });
            insert.build().execute(&mut *tx).await?;
        }
        delete_ids(&mut tx, "known_connections", &delta.connections_gone).await?;
        for chunk in delta.connections.chunks(BATCH) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT OR REPLACE INTO known_connections (id, service_id, state, description) ",
            );
            insert.push_values(chunk, |mut row, connection| {
                row.push_bind(&connection.id)
                    .push_bind(&connection.service_id)
                    .push_bind(&connection.state)
                    .push_bind(&connection.description);
            });
            insert.build().execute(&mut *tx).await?;
        }
        for (id, readable) in &delta.subscriptions {
            sqlx::query("INSERT OR REPLACE INTO known_subscriptions (id, readable) VALUES (?, ?)")
                .bind(id)
                .bind(readable)
                .execute(&mut *tx)
                .await?;
        }
        super::counts::insert(&mut tx, counts).await?;
        sqlx::query("INSERT OR REPLACE INTO known_sync (only, seen_at) VALUES (1, ?)")
            .bind(&seen_at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes seen at or after `since` that nobody is known to have made, oldest first (at
    /// most `limit`).
    pub async fn unattributed(
        &self,
        since: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<Unattributed>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, subscription, COALESCE(connection_id, service_id), seen_after, seen_at \
             FROM changes WHERE actor IS NULL AND seen_at >= ? \
             AND COALESCE(connection_id, service_id) IS NOT NULL ORDER BY seen_at, id LIMIT ?",
        )
        .bind(timestamp::to_text(since)?)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let time =
                    |text: String| timestamp::from_text(&text).map_err(StoreError::CorruptChange);
                Ok(Unattributed {
                    id: row.get(0),
                    subscription: row.get(1),
                    resource_id: row.get(2),
                    seen_after: row.get::<Option<String>, _>(3).map(time).transpose()?,
                    seen_at: time(row.get(4))?,
                })
            })
            .collect()
    }

    /// Records who made change `id`, once (a change already attributed is left as it is).
    pub async fn attribute(&self, id: i64, who: &Attribution) -> Result<bool, StoreError> {
        self.writable()?;
        let done = sqlx::query(
            "UPDATE changes SET actor = ?, operation = ?, correlation_id = ? \
             WHERE id = ? AND actor IS NULL AND audit_id IS NULL",
        )
        .bind(&who.actor)
        .bind(&who.operation)
        .bind(&who.correlation_id)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// What the last recorded sync saw (empty before the first).
    pub async fn known(&self) -> Result<KnownState, StoreError> {
        let mut read = self.pool.begin().await?;
        let seen_at: Option<String> = sqlx::query_scalar("SELECT seen_at FROM known_sync")
            .fetch_optional(&mut *read)
            .await?;
        let services =
            sqlx::query("SELECT id, name, alias, frontend, frontend_found FROM known_services")
                .fetch_all(&mut *read)
                .await?
                .into_iter()
                .map(|row| KnownService {
                    id: row.get(0),
                    name: row.get(1),
                    alias: row.get(2),
                    frontend: row.get(3),
                    frontend_found: row.get(4),
                })
                .collect();
        let connections =
            sqlx::query("SELECT id, service_id, state, description FROM known_connections")
                .fetch_all(&mut *read)
                .await?
                .into_iter()
                .map(|row| KnownConnection {
                    id: row.get(0),
                    service_id: row.get(1),
                    state: row.get(2),
                    description: row.get(3),
                })
                .collect();
        let subscriptions = sqlx::query("SELECT id, readable FROM known_subscriptions")
            .fetch_all(&mut *read)
            .await?
            .into_iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        read.commit().await?;
        Ok(KnownState {
            seen_at: seen_at
                .as_deref()
                .map(timestamp::from_text)
                .transpose()
                .map_err(StoreError::CorruptChange)?,
            services,
            connections,
            subscriptions,
        })
    }

    /// Changes matching `filter`, newest first, one page of them; with the total count.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn changes(&self, filter: &ChangeFilter) -> Result<ChangePage, StoreError> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM changes");
        push_where(filter, &mut count)?;
        let mut select = QueryBuilder::<Sqlite>::new(format!("SELECT {COLUMNS} FROM changes"));
        push_where(filter, &mut select)?;
        select
            .push(" ORDER BY seen_at DESC, id DESC LIMIT ")
            .push_bind(i64::from(filter.limit.clamp(1, MAX_LIMIT)))
            .push(" OFFSET ")
            .push_bind(i64::from(filter.offset));
        let mut read = self.pool.begin().await?;
        let total: i64 = count.build_query_scalar().fetch_one(&mut *read).await?;
        let rows = select.build().fetch_all(&mut *read).await?;
        read.commit().await?;
        let items = rows.iter().map(entry).collect::<Result<_, StoreError>>()?;
        Ok(ChangePage {
            total: u64::try_from(total).unwrap_or_default(),
            items,
        })
    }

    /// Changes recorded after the change `after` (by id), oldest first, at most `limit` of them:
    /// what a live stream resuming from `Last-Event-ID` missed, and what a new sync recorded.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn changes_after(
        &self,
        after: i64,
        limit: u32,
    ) -> Result<Vec<ChangeEntry>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM changes WHERE id > ? ORDER BY id LIMIT ?"
        ))
        .bind(after)
        .bind(i64::from(limit.clamp(1, MAX_LIMIT)))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(entry).collect()
    }

    /// The id of the newest change recorded, 0 when there is none.
    pub async fn last_change_id(&self) -> Result<i64, StoreError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM changes")
            .fetch_one(&self.pool)
            .await?;
        Ok(id.unwrap_or(0))
    }
}

/// A row of `COLUMNS` as the API shows it.
fn entry(row: &sqlx::sqlite::SqliteRow) -> Result<ChangeEntry, StoreError> {
    let kind: String = row.get(3);
    Ok(ChangeEntry {
        id: row.get(0),
        seen_at: row.get(1),
        seen_after: row.get(2),
        kind: ChangeKind::parse(&kind)
            .ok_or_else(|| StoreError::CorruptChange(format!("unknown change kind {kind}")))?,
        subscription: row.get(4),
        service_id: row.get(5),
        connection_id: row.get(6),
        from: row.get(7),
        to: row.get(8),
        detail: row.get(9),
        by: row.get(10),
        audit_id: row.get(11),
        operation: row.get(12),
        correlation_id: row.get(13),
    })
}

fn push_where<'a>(
    filter: &'a ChangeFilter,
    sql: &mut QueryBuilder<'a, Sqlite>,
) -> Result<(), StoreError> {
    sql.push(" WHERE 1 = 1");
    if !filter.subscriptions.is_empty() {
        sql.push(" AND subscription COLLATE NOCASE IN (");
        let mut list = sql.separated(", ");
        for subscription in &filter.subscriptions {
            list.push_bind(subscription);
        }
        sql.push(")");
    }
    for (column, value) in [
        ("service_id", &filter.service),
        ("connection_id", &filter.connection),
    ] {
        if let Some(value) = value {
            sql.push(format!(" AND {column} = "))
                .push_bind(value)
                .push(" COLLATE NOCASE");
        }
    }
    if !filter.kinds.is_empty() {
        sql.push(" AND kind IN (");
        let mut list = sql.separated(", ");
        for kind in &filter.kinds {
            list.push_bind(kind.as_str());
        }
        sql.push(")");
    }
    match filter.who.as_deref() {
        None => {}
        Some(who) if who.eq_ignore_ascii_case("unknown") => {
            sql.push(" AND actor IS NULL");
        }
        Some(who) => {
            sql.push(" AND actor = ")
                .push_bind(who)
                .push(" COLLATE NOCASE");
        }
    }
    if let Some(from) = filter.from {
        sql.push(" AND seen_at >= ")
            .push_bind(timestamp::to_text(from)?);
    }
    if let Some(to) = filter.to {
        sql.push(" AND seen_at <= ")
            .push_bind(timestamp::to_text(to)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: ChangeKind, connection: &str) -> NewChange {
        NewChange {
            kind,
            subscription: "s1".into(),
            service_id: Some("/subscriptions/s1/pls".into()),
            connection_id: Some(connection.into()),
            from: Some("Pending".into()),
            to: Some("Approved".into()),
            detail: "Pending → Approved".into(),
            actor: None,
            audit_id: None,
        }
    }

    #[tokio::test]
    async fn a_sync_is_recorded_with_what_it_saw_and_read_back_filtered() {
        let store = Store::in_memory().await.unwrap();
        assert_eq!(store.known().await.unwrap(), KnownState::default());
        let t1 = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let t2 = t1 + time::Duration::minutes(5);
        let delta = KnownDelta {
            connections: vec![KnownConnection {
                id: "/subscriptions/s1/pls/c1".into(),
                service_id: "/subscriptions/s1/pls".into(),
                state: "Approved".into(),
                description: "ok".into(),
            }],
            subscriptions: vec![("s1".into(), true)],
            ..KnownDelta::default()
        };
        let changes = [
            change(ChangeKind::StateChanged, "/subscriptions/s1/pls/c1"),
            change(ChangeKind::ConnectionAppeared, "/subscriptions/s1/pls/c2"),
        ];
        store
            .record_sync(Some(t1), t2, &changes, &delta, &[])
            .await
            .unwrap();

        let known = store.known().await.unwrap();
        assert_eq!(known.seen_at, Some(t2));
        assert_eq!(known.connections, delta.connections);
        assert_eq!(known.subscriptions, [("s1".to_owned(), true)]);

        let all = ChangeFilter {
            limit: 50,
            ..ChangeFilter::default()
        };
        assert_eq!(store.changes(&all).await.unwrap().total, 2);
        let state = ChangeFilter {
            kinds: vec![ChangeKind::StateChanged],
            connection: Some("/SUBSCRIPTIONS/S1/PLS/C1".into()),
            who: Some("unknown".into()),
            ..all.clone()
        };
        let page = store.changes(&state).await.unwrap();
        assert_eq!(page.total, 1);
        assert_eq!(page.items[0].kind, ChangeKind::StateChanged);
        assert_eq!(
            page.items[0].seen_after.as_deref(),
            Some("2027-01-15T08:00:00.000000000Z")
        );

        let gone = KnownDelta {
            connections_gone: vec!["/SUBSCRIPTIONS/S1/PLS/C1".into()],
            ..KnownDelta::default()
        };
        store
            .record_sync(Some(t2), t2, &[], &gone, &[])
            .await
            .unwrap();
        assert_eq!(store.known().await.unwrap().connections, []);
    }

    #[tokio::test]
    async fn recorded_changes_cannot_be_altered_or_deleted() {
        let store = Store::in_memory().await.unwrap();
        let at = OffsetDateTime::now_utc();
        store
            .record_sync(
                None,
                at,
                &[change(ChangeKind::ConnectionGone, "c")],
                &KnownDelta::default(),
                &[],
            )
            .await
            .unwrap();
        for sql in ["UPDATE changes SET detail = 'x'", "DELETE FROM changes"] {
            let refused = sqlx::query(sql).execute(&store.pool).await.unwrap_err();
            assert!(refused.to_string().contains("append-only"), "{refused}");
        }
        let (pruned, _) = store.prune_history(at).await.unwrap();
        assert_eq!(pruned, 0, "not older than the cutoff");
        let open = store.unattributed(at, 10).await.unwrap();
        let [open] = open.as_slice() else {
            panic!("one change to attribute: {open:?}")
        };
        let alice = Attribution {
            actor: "alice@contoso.com".into(),
            operation: "write".into(),
            correlation_id: None,
        };
        assert!(store.attribute(open.id, &alice).await.unwrap());
        assert!(
            !store.attribute(open.id, &alice).await.unwrap(),
            "attributed once"
        );
        let refused = sqlx::query("UPDATE changes SET actor = 'mallory'")
            .execute(&store.pool)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("attributed once"), "{refused}");
        assert_eq!(store.unattributed(at, 10).await.unwrap(), []);
    }
}
