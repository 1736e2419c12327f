//! Connection counts over time in the store: rows written with a sync's changes (see
//! `Store::record_sync`), the latest row of each key (what a restart compares with), and one
//! key's rows over a time range, with the row in force at its start.

use sqlx::Row;
use time::OffsetDateTime;

use super::{Store, StoreError, timestamp};

/// One key's counts by state from `seen_at` until its next row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    /// The sync that saw them.
    pub seen_at: OffsetDateTime,
    /// The subscription (GUID, lower case).
    pub subscription: String,
    /// The private link service (id, lower case); none for the subscription's total.
    pub service_id: Option<String>,
    /// Pending.
    pub pending: u32,
    /// Approved.
    pub approved: u32,
    /// Rejected.
    pub rejected: u32,
    /// Disconnected.
    pub disconnected: u32,
    /// Other states.
    pub other: u32,
}

const COLUMNS: &str =
    "seen_at, subscription, service_id, pending, approved, rejected, disconnected, other";

/// Which counts: one service's, a subscription's total, or every subscription's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountOf {
    /// A private link service (its id, any case).
    Service(String),
    /// A subscription's total (its GUID, any case).
    Subscription(String),
    /// Every subscription's total, each its own rows (`history::counts::estate_totals` adds
    /// them up).
    Estate,
}

impl Store {
    /// The latest row of every key.
    pub async fn latest_counts(&self) -> Result<Vec<CountRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM counts WHERE id IN \
             (SELECT MAX(id) FROM counts GROUP BY subscription, service_id)"
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(count_row).collect()
    }

    /// The rows of `of` seen between `from` and `to`, oldest first, led by the row in force at
    /// `from` (so a chart starts at the right level); for the estate, led by each
    /// subscription's row in force at `from`.
    pub async fn count_series(
        &self,
        of: &CountOf,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<CountRow>, StoreError> {
        let (filter, key) = match of {
            CountOf::Service(id) => ("service_id = ? COLLATE NOCASE", id.as_str()),
            CountOf::Subscription(id) => (
                "service_id IS NULL AND subscription = ? COLLATE NOCASE",
                id.as_str(),
            ),
            CountOf::Estate => return self.estate_series(from, to).await,
        };
        let (from, to) = (timestamp::to_text(from)?, timestamp::to_text(to)?);
        let before = format!(
            "SELECT {COLUMNS} FROM counts WHERE {filter} AND seen_at < ? \
             ORDER BY seen_at DESC, id DESC LIMIT 1"
        );
        let within = format!(
            "SELECT {COLUMNS} FROM counts WHERE {filter} AND seen_at >= ? AND seen_at <= ? \
             ORDER BY seen_at, id"
        );
        let mut read = self.pool.begin().await?;
        let first = sqlx::query(&before)
            .bind(key)
            .bind(&from)
            .fetch_optional(&mut *read)
            .await?;
        let rest = sqlx::query(&within)
            .bind(key)
            .bind(&from)
            .bind(&to)
            .fetch_all(&mut *read)
            .await?;
        read.commit().await?;
        first.iter().chain(&rest).map(count_row).collect()
    }

    /// Every subscription's total rows between `from` and `to`, led by each one's row in
    /// force at `from` (oldest first).
    async fn estate_series(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<CountRow>, StoreError> {
        let (from, to) = (timestamp::to_text(from)?, timestamp::to_text(to)?);
        let before = format!(
            "SELECT {COLUMNS} FROM counts WHERE id IN (SELECT MAX(id) FROM counts \
             WHERE service_id IS NULL AND seen_at < ? GROUP BY subscription) ORDER BY seen_at, id"
        );
        let within = format!(
            "SELECT {COLUMNS} FROM counts WHERE service_id IS NULL AND seen_at >= ? \
             AND seen_at <= ? ORDER BY seen_at, id"
        );
        let mut read = self.pool.begin().await?;
        let first = sqlx::query(&before)
            .bind(&from)
            .fetch_all(&mut *read)
            .await?;
        let rest = sqlx::query(&within)
            .bind(&from)
            .bind(&to)
            .fetch_all(&mut *read)
            .await?;
        read.commit().await?;
        first.iter().chain(&rest).map(count_row).collect()
    }
}

fn count_row(row: &sqlx::sqlite::SqliteRow) -> Result<CountRow, StoreError> {
    let count = |at: usize| u32::try_from(row.get::<i64, _>(at)).unwrap_or_default();
    Ok(CountRow {
        seen_at: timestamp::from_text(&row.get::<String, _>(0))
            .map_err(StoreError::CorruptChange)?,
        subscription: row.get(1),
        service_id: row.get(2),
        pending: count(3),
        approved: count(4),
        rejected: count(5),
        disconnected: count(6),
        other: count(7),
    })
}

impl Store {
    /// Deletes the changes and counts seen before `cutoff` (keeping each key's last count
    /// before it: the level in force at the cutoff); never the audit. Answers how many of each.
    pub async fn prune_history(&self, cutoff: OffsetDateTime) -> Result<(u64, u64), StoreError> {
        self.writable()?;
        let cutoff = timestamp::to_text(cutoff)?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT OR REPLACE INTO history_cutoff (only, cutoff) VALUES (1, ?)")
            .bind(&cutoff)
            .execute(&mut *tx)
            .await?;
        let changes = sqlx::query("DELETE FROM changes WHERE seen_at < ?")
            .bind(&cutoff)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let counts = sqlx::query(
            "DELETE FROM counts WHERE seen_at < ?1 AND id NOT IN \
             (SELECT MAX(id) FROM counts WHERE seen_at < ?1 GROUP BY subscription, service_id)",
        )
        .bind(&cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok((changes, counts))
    }
}

/// Writes `rows` in `tx` (part of a sync's record).
pub(super) async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    rows: &[CountRow],
) -> Result<(), StoreError> {
    for row in rows {
        sqlx::query(
            "INSERT INTO counts (seen_at, subscription, service_id, pending, approved, rejected, \
             disconnected, other) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(timestamp::to_text(row.seen_at)?)
        .bind(&row.subscription)
        .bind(&row.service_id)
        .bind(i64::from(row.pending))
        .bind(i64::from(row.approved))
        .bind(i64::from(row.rejected))
        .bind(i64::from(row.disconnected))
        .bind(i64::from(row.other))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::KnownDelta;

    fn row(minutes: i64, service: Option<&str>, pending: u32) -> CountRow {
        CountRow {
            seen_at: OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
                + time::Duration::minutes(minutes),
            subscription: "s1".into(),
            service_id: service.map(str::to_owned),
            pending,
            approved: 1,
            rejected: 0,
            disconnected: 0,
            other: 0,
        }
    }

    #[tokio::test]
    async fn a_series_starts_at_the_level_in_force_and_the_latest_rows_are_each_keys_last() {
        let store = Store::in_memory().await.unwrap();
        for (minutes, rows) in [
            (0, vec![row(0, Some("/p"), 3), row(0, None, 3)]),
            (10, vec![row(10, Some("/p"), 2)]),
            (20, vec![row(20, Some("/p"), 1), row(20, None, 1)]),
        ] {
            let at = row(minutes, None, 0).seen_at;
            store
                .record_sync(None, at, &[], &KnownDelta::default(), &rows)
                .await
                .unwrap();
        }
        let series = store
            .count_series(
                &CountOf::Service("/P".into()),
                row(5, None, 0).seen_at,
                row(30, None, 0).seen_at,
            )
            .await
            .unwrap();
        assert_eq!(
            series.iter().map(|r| r.pending).collect::<Vec<_>>(),
            [3, 2, 1],
            "the level at the start, then each change"
        );
        let total = store
            .count_series(
                &CountOf::Subscription("S1".into()),
                row(0, None, 0).seen_at,
                row(30, None, 0).seen_at,
            )
            .await
            .unwrap();
        assert_eq!(total.len(), 2);
        let mut latest = store.latest_counts().await.unwrap();
        latest.sort_by(|a, b| a.service_id.cmp(&b.service_id));
        assert_eq!(latest, [row(20, None, 1), row(20, Some("/p"), 1)]);

        // Pruned at minute 15: the service's row of minute 0 goes, that of minute 10 (the
        // level at the cutoff) stays; nothing newer can be deleted by hand.
        let (_, counts) = store.prune_history(row(15, None, 0).seen_at).await.unwrap();
        assert_eq!(counts, 1);
        let kept = store
            .count_series(
                &CountOf::Service("/p".into()),
                row(15, None, 0).seen_at,
                row(30, None, 0).seen_at,
            )
            .await
            .unwrap();
        assert_eq!(kept.iter().map(|r| r.pending).collect::<Vec<_>>(), [2, 1]);
        let refused = sqlx::query("DELETE FROM counts")
            .execute(&store.pool)
            .await
            .unwrap_err();
        assert!(
            refused.to_string().contains("older than the retention"),
            "{refused}"
        );
    }
}
