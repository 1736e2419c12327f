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
    let to = query.to.unwrap_or(now);
    let from = query.from.unwrap_or(to - DEFAULT_WINDOW);
    let mut rows = store.count_series(of, from, to).await?;
    if *of == CountOf::Estate {
        rows = crate::history::counts::estate_totals(&rows, from);
    }
    let stamp = |t: OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    Ok(CountSeries {
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
    })
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
