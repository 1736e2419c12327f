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

impl CountRow {
    /// Its counts by state.
    pub fn counts(&self) -> app::model::StateCounts {
        app::model::StateCounts {
            pending: self.pending,
            approved: self.approved,
            rejected: self.rejected,
            disconnected: self.disconnected,
            other: self.other,
        }
    }
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
        let Some((filter, key)) = one_key(of) else {
            return self.estate_series(from, to).await;
        };
        let (from, to) = (timestamp::to_text(from)?, timestamp::to_text(to)?);
        let before = format!(
            "SELECT {COLUMNS} FROM counts WHERE {filter} AND seen_at < ?2 \
             ORDER BY seen_at DESC, id DESC LIMIT 1"
        );
        let within = format!(
            "SELECT {COLUMNS} FROM counts WHERE {filter} AND seen_at >= ?2 AND seen_at <= ?3 \
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

    /// `count_series` as a chart needs it: of the rows of a service or subscription between
    /// `from` and `to`, the last of each of `slices` equal slices of the range and the latest
    /// `latest`, led by the row in force at `from`; with how many rows the range has. SQLite
    /// picks them, so a year of hourly rows is not read to draw 300 steps. The estate's rows
    /// are answered whole (they must be added up first).
    pub async fn count_steps(
        &self,
        of: &CountOf,
        from: OffsetDateTime,
        to: OffsetDateTime,
        slices: u32,
        latest: u32,
    ) -> Result<(Vec<CountRow>, usize), StoreError> {
        let Some((filter, key)) = one_key(of) else {
            let rows = self.count_series(of, from, to).await?;
            let within = rows.iter().filter(|r| r.seen_at >= from).count();
            return Ok((rows, within));
        };
        let days = ((to - from).as_seconds_f64() / 86_400.0).max(1.0 / 86_400.0);
        let (from_text, to_text) = (timestamp::to_text(from)?, timestamp::to_text(to)?);
        let range = format!("{filter} AND seen_at >= ?2 AND seen_at <= ?3");
        let picked = format!(
            "SELECT {COLUMNS} FROM counts WHERE id IN ( \
               SELECT MAX(id) FROM counts WHERE {range} \
                 GROUP BY CAST((julianday(seen_at) - julianday(?2)) * ?4 AS INTEGER) \
               UNION SELECT id FROM (SELECT id FROM counts WHERE {range} \
                 ORDER BY seen_at DESC, id DESC LIMIT ?5) \
               UNION SELECT id FROM (SELECT id FROM counts WHERE {filter} AND seen_at < ?2 \
                 ORDER BY seen_at DESC, id DESC LIMIT 1)) \
             ORDER BY seen_at, id"
        );
        let count = format!("SELECT COUNT(*) FROM counts WHERE {range}");
        let mut read = self.pool.begin().await?;
        let rows = sqlx::query(&picked)
            .bind(key)
            .bind(&from_text)
            .bind(&to_text)
            .bind(f64::from(slices) / days)
            .bind(i64::from(latest))
            .fetch_all(&mut *read)
            .await?;
        let within: i64 = sqlx::query_scalar(&count)
            .bind(key)
            .bind(&from_text)
            .bind(&to_text)
            .fetch_one(&mut *read)
            .await?;
        read.commit().await?;
        let rows = rows.iter().map(count_row).collect::<Result<Vec<_>, _>>()?;
        Ok((rows, usize::try_from(within).unwrap_or_default()))
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

/// The condition (on `?1`) picking one service's or subscription's rows, and its value; none
/// for the estate.
fn one_key(of: &CountOf) -> Option<(&'static str, &str)> {
    match of {
        CountOf::Service(id) => Some(("service_id = ?1 COLLATE NOCASE", id.as_str())),
        CountOf::Subscription(id) => Some((
            "service_id IS NULL AND subscription = ?1 COLLATE NOCASE",
            id.as_str(),
        )),
        CountOf::Estate => None,
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
    let stamps = rows
        .iter()
        .map(|row| timestamp::to_text(row.seen_at))
        .collect::<Result<Vec<_>, _>>()?;
    let stamped: Vec<(&CountRow, &String)> = rows.iter().zip(&stamps).collect();
    for chunk in stamped.chunks(super::changes::BATCH) {
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO counts (seen_at, subscription, service_id, pending, approved, rejected, \
             disconnected, other) ",
        );
        insert.push_values(chunk, |mut values, (row, stamp)| {
            values
                .push_bind(*stamp)
                .push_bind(&row.subscription)
                .push_bind(&row.service_id)
                .push_bind(i64::from(row.pending))
                .push_bind(i64::from(row.approved))
                .push_bind(i64::from(row.rejected))
                .push_bind(i64::from(row.disconnected))
                .push_bind(i64::from(row.other));
        });
        insert.build().execute(&mut **tx).await?;
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
    async fn a_chart_reads_a_step_per_slice_and_the_latest_rows_not_the_whole_year() {
        let store = Store::in_memory().await.unwrap();
        let start = row(0, None, 0).seen_at;
        let hour = |h: i64| start + time::Duration::hours(h);
        let rows: Vec<CountRow> = (0..24 * 365)
            .map(|h| CountRow {
                seen_at: hour(h),
                pending: (h % 7) as u32,
                ..row(0, Some("/p"), 0)
            })
            .collect();
        store
            .record_sync(None, hour(0), &[], &KnownDelta::default(), &rows)
            .await
            .unwrap();
        let of = CountOf::Service("/P".into());
        // From hour 100 to the end: the level at hour 99 leads.
        let (steps, within) = store
            .count_steps(&of, hour(100), hour(24 * 365), 300, 50)
            .await
            .unwrap();
        assert_eq!(within, 24 * 365 - 100);
        assert!(steps.len() <= 1 + 300 + 50, "{}", steps.len());
        assert!(steps.len() > 300, "a step per slice: {}", steps.len());
        assert_eq!(
            steps[0].seen_at,
            hour(99),
            "the level in force at the start"
        );
        let tail: Vec<OffsetDateTime> = steps[steps.len() - 50..]
            .iter()
            .map(|r| r.seen_at)
            .collect();
        let latest: Vec<OffsetDateTime> = (24 * 365 - 50..24 * 365).map(hour).collect();
        assert_eq!(tail, latest, "the latest 50 rows, for the table");
        assert!(
            steps.windows(2).all(|w| w[0].seen_at < w[1].seen_at),
            "oldest first"
        );
        // A short range is read whole.
        let (few, n) = store
            .count_steps(&of, hour(10), hour(20), 300, 50)
            .await
            .unwrap();
        assert_eq!((few.len(), n), (12, 11));
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
