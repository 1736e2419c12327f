//! Connection counts over time: one service's, subscription's or the estate's step series over
//! a time range (the last 30 days by default), as `GET /api/v1/private-link-services/{id}/history`,
//! `GET /api/v1/history`, the service's page and the Overview show it, in JSON or CSV.

use app::model::{CountPoint, CountSeries, HistoryQuery};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::store::{CountOf, CountRow, Store, StoreError};

/// The window when the query names none.
pub const DEFAULT_WINDOW: Duration = Duration::days(30);

/// The counts of `of` over the query's window (ending now by default).
pub async fn series(
    store: &Store,
    of: &CountOf,
    query: &HistoryQuery,
    now: OffsetDateTime,
) -> Result<CountSeries, StoreError> {
    let (from, to) = window(query, now);
    let rows = store.count_series(of, from, to).await?;
    let recorded = rows.iter().filter(|r| r.seen_at >= from).count();
    Ok(assemble(of, from, to, rows, recorded))
}

/// The counts of `of` over the query's window as a chart draws them: at most `MAX_STEPS`
/// steps and the latest `TABLE_ROWS` (the API's `series` answers every point).
pub async fn chart(
    store: &Store,
    of: &CountOf,
    query: &HistoryQuery,
    now: OffsetDateTime,
) -> Result<CountSeries, StoreError> {
    let (from, to) = window(query, now);
    let slices = u32::try_from(app::components::MAX_STEPS).unwrap_or(u32::MAX);
    let latest = u32::try_from(app::components::TABLE_ROWS).unwrap_or(u32::MAX);
    let (rows, recorded) = store.count_steps(of, from, to, slices, latest).await?;
    Ok(assemble(of, from, to, rows, recorded))
}

fn window(query: &HistoryQuery, now: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
    let to = query.to.unwrap_or(now);
    (query.from.unwrap_or(to - DEFAULT_WINDOW), to)
}

fn assemble(
    of: &CountOf,
    from: OffsetDateTime,
    to: OffsetDateTime,
    mut rows: Vec<CountRow>,
    mut recorded: usize,
) -> CountSeries {
    if *of == CountOf::Estate {
        rows = crate::history::counts::estate_totals(&rows, from);
        recorded = rows.iter().filter(|r| r.seen_at >= from).count();
    }
    let stamp = |t: OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    CountSeries {
        of: match of {
            CountOf::Service(id) | CountOf::Subscription(id) => id.clone(),
            CountOf::Estate => app::model::ESTATE.to_owned(),
        },
        from: stamp(from),
        to: stamp(to),
        points: rows
            .iter()
            .map(|row| point(row, stamp(row.seen_at)))
            .collect(),
        recorded,
    }
}

fn point(row: &CountRow, at: String) -> CountPoint {
    CountPoint {
        at,
        pending: row.pending,
        approved: row.approved,
        rejected: row.rejected,
        disconnected: row.disconnected,
        other: row.other,
    }
}

/// The series as CSV: `at,pending,approved,rejected,disconnected,other`, a row per point.
pub fn csv(series: &CountSeries) -> String {
    let mut out = String::from("at,pending,approved,rejected,disconnected,other\n");
    for p in &series.points {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            p.at, p.pending, p.approved, p.rejected, p.disconnected, p.other
        ));
    }
    out
}
