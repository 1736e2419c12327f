//! The connection counts chart of a private link service's page and of the Overview (the
//! estate's): a server-rendered SVG step chart, a line per state over the series' time range,
//! axes with ticks, Azure's 1,000-connection limit drawn when a service's counts come within
//! reach of it, each step's values on
//! hover (`<title>`), and the same numbers as a table for screen readers. `layout` is pure.

use leptos::prelude::*;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::query::thousands;
use crate::model::{CountPoint, CountSeries};

/// Azure's limit of private endpoint connections per private link service.
pub const CONNECTION_LIMIT: u32 = 1000;
/// The limit is drawn once the highest count reaches this share of it.
const WITHIN_REACH: f64 = 0.5;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// The states drawn, each with its CSS class.
const STATES: [(&str, &str); 4] = [
    ("Approved", "approved"),
    ("Pending", "pending"),
    ("Rejected", "rejected"),
    ("Disconnected", "disconnected"),
];

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLayout {
    /// One step line per state: `(label, class, SVG path)`.
    pub lines: Vec<(&'static str, &'static str, String)>,
    /// Y ticks: `(y, label)`.
    pub y_ticks: Vec<(f64, String)>,
    /// X ticks: `(x, label)`.
    pub x_ticks: Vec<(f64, String)>,
    /// The 1,000 limit's y, when drawn.
    pub limit: Option<f64>,
    /// Each step's start: `(x, its values in words)`.
    pub steps: Vec<(f64, String)>,
}

fn value(point: &CountPoint, state: &str) -> u32 {
    match state {
        "Approved" => point.approved,
        "Pending" => point.pending,
        "Rejected" => point.rejected,
        _ => point.disconnected,
    }
}

fn instant(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// The most steps drawn: about one per pixel pair of the plot; more are thinned.
pub const MAX_STEPS: usize = 300;
/// The most rows of the screen readers' table (the latest ones; the CSV has them all).
pub const TABLE_ROWS: usize = 50;

/// `series` with at most `MAX_STEPS` points: of the points in each of `MAX_STEPS` equal slices
/// of the range, the last (the level in force at the slice's end); the first point is kept.
pub fn thin(series: &CountSeries) -> CountSeries {
    if series.points.len() <= MAX_STEPS {
        return series.clone();
    }
    let (Some(from), Some(to)) = (instant(&series.from), instant(&series.to)) else {
        return series.clone();
    };
    let span = (to - from).as_seconds_f64().max(1.0);
    let slice = |p: &CountPoint| {
        instant(&p.at).map_or(0, |t| {
            (((t - from).as_seconds_f64() / span) * MAX_STEPS as f64)
                .clamp(0.0, (MAX_STEPS - 1) as f64) as usize
        })
    };
    let mut points: Vec<CountPoint> = Vec::with_capacity(MAX_STEPS + 1);
    let mut last_slice = None;
    for (at, point) in series.points.iter().enumerate() {
        let this = slice(point);
        match points.last_mut() {
            Some(kept) if at > 1 && last_slice == Some(this) => *kept = point.clone(),
            _ => points.push(point.clone()),
        }
        last_slice = Some(this);
    }
    CountSeries {
        recorded: series.recorded.max(series.points.len()),
        points,
        ..series.clone()
    }
}

/// The chart of `series`; `None` when it has no point or its times do not read.
pub fn layout(series: &CountSeries) -> Option<ChartLayout> {
    let thinned = thin(series);
    let series = &thinned;
    let (from, to) = (instant(&series.from)?, instant(&series.to)?);
    let span = (to - from).as_seconds_f64().max(1.0);
    let times: Vec<OffsetDateTime> = series
        .points
        .iter()
        .map(|p| instant(&p.at))
        .collect::<Option<_>>()?;
    if times.is_empty() {
        return None;
    }
    let highest = series
        .points
        .iter()
        .flat_map(|p| STATES.map(|(state, _)| value(p, state)))
        .max()
        .unwrap_or(0);
    // The limit is a service's: a subscription or the estate may hold more.
    let limit_drawn = series.of.starts_with('/')
        && f64::from(highest) >= f64::from(CONNECTION_LIMIT) * WITHIN_REACH;
    let top = if limit_drawn {
        CONNECTION_LIMIT.max(highest)
    } else {
        nice(highest.max(1))
    };
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |t: OffsetDateTime| {
        let share = ((t - from).as_seconds_f64() / span).clamp(0.0, 1.0);
        LEFT + share * plot_w
    };
    let y = |n: u32| TOP + plot_h * (1.0 - f64::from(n) / f64::from(top));
    let end = x(to);
    let lines = STATES
        .iter()
        .map(|(label, class)| {
            let mut d = String::new();
            for (at, (point, time)) in series.points.iter().zip(&times).enumerate() {
                let (px, py) = (x(*time), y(value(point, label)));
                if at == 0 {
                    d.push_str(&format!("M{px:.1},{py:.1}"));
                } else {
                    d.push_str(&format!(" H{px:.1} V{py:.1}"));
                }
            }
            d.push_str(&format!(" H{end:.1}"));
            (*label, *class, d)
        })
        .collect();
    let y_ticks = (0..=4)
        .map(|i| {
            let n = top * i / 4;
            (y(n), thousands(n as usize))
        })
        .collect();
    let x_ticks = (0..=3)
        .map(|i| {
            let t = from + (to - from) * i / 3;
            (x(t), day(t))
        })
        .collect();
    let steps = series
        .points
        .iter()
        .zip(&times)
        .map(|(p, t)| (x(*t), words(p, *t)))
        .collect();
    Some(ChartLayout {
        lines,
        y_ticks,
        x_ticks,
        limit: limit_drawn.then(|| y(CONNECTION_LIMIT)),
        steps,
    })
}

/// 1, 2, 5 × 10ⁿ at or above `n`.
fn nice(n: u32) -> u32 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if step * m >= n {
                return step * m;
            }
        }
        step *= 10;
    }
}

fn day(t: OffsetDateTime) -> String {
    format!("{}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

fn stamp(t: OffsetDateTime) -> String {
    format!("{} {:02}:{:02}", day(t), t.hour(), t.minute())
}

fn words(p: &CountPoint, t: OffsetDateTime) -> String {
    format!(
        "From {} UTC: {} approved, {} pending, {} rejected, {} disconnected",
        stamp(t),
        p.approved,
        p.pending,
        p.rejected,
        p.disconnected
    )
}

/// Where the CSV of all of a series' points is: a service's, a subscription's or the estate's.
fn csv_link(of: &str) -> String {
    let encoded = crate::components::query::encode(of);
    if of == crate::model::ESTATE {
        "/api/v1/history?format=csv".to_owned()
    } else if of.starts_with('/') {
        format!("/api/v1/private-link-services/{encoded}/history?format=csv")
    } else {
        format!("/api/v1/history?subscription={encoded}&format=csv")
    }
}

/// The chart of `series`, named `title` for assistive technology, with its table.
pub fn count_chart(title: String, series: CountSeries) -> AnyView {
    let Some(chart) = layout(&series) else {
        return view! { <p class="muted" data-testid="count-chart-empty">"No counts recorded in this period yet: they start with the first sync."</p> }.into_any();
    };
    let earlier = series.points.len().saturating_sub(TABLE_ROWS);
    let recorded = series.recorded.max(series.points.len());
    let csv = csv_link(&series.of);
    let more = (recorded > TABLE_ROWS).then(|| {
        view! { <p class="muted">{format!("The table lists the latest {TABLE_ROWS} changes; ")}<a href=csv.clone() rel="external">{format!("the CSV has all {}", thousands(recorded))}</a>"."</p> }
    });
    let rows = series.points[earlier..]
        .iter()
        .map(|p| {
            let at = instant(&p.at).map(stamp).unwrap_or_else(|| p.at.clone());
            view! {
                <tr>
                    <th scope="row">{at}</th>
                    <td>{p.approved}</td>
                    <td>{p.pending}</td>
                    <td>{p.rejected}</td>
                    <td>{p.disconnected}</td>
                </tr>
            }
        })
        .collect_view();
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    let baseline = HEIGHT - BOTTOM;
    view! {
        <figure class="count-chart" data-testid="count-chart">
            <svg role="img" aria-label=title.clone() viewBox=view_box width="100%">
                <title>{title.clone()}</title>
                {chart.y_ticks.into_iter().map(|(y, label)| view! {
                    <line class="grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y />
                    <text class="tick" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{label}</text>
                }).collect_view()}
                {chart.x_ticks.into_iter().map(|(x, label)| view! {
                    <text class="tick" x=x y=baseline + 18.0 text-anchor="middle">{label}</text>
                }).collect_view()}
                {chart.limit.map(|y| view! {
                    <line class="limit" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y data-testid="count-limit" />
                    <text class="tick limit" x=WIDTH - RIGHT y=y - 4.0 text-anchor="end">"1,000-connection limit"</text>
                })}
                {chart.lines.into_iter().map(|(label, class, d)| view! {
                    <path class=format!("count-line {class}") d=d data-state=label />
                }).collect_view()}
                {chart.steps.into_iter().map(|(x, words)| view! {
                    <rect class="count-step" x=x - 3.0 y=TOP width="6" height=baseline - TOP>
                        <title>{words}</title>
                    </rect>
                }).collect_view()}
            </svg>
            <figcaption class="count-legend">
                {STATES.iter().map(|(label, class)| view! {
                    <span class=format!("legend-item {class}")>{*label}</span>
                }).collect_view()}
            </figcaption>
            {more}
            <table class="visually-hidden">
                <caption>{title}</caption>
                <thead><tr><th scope="col">"From (UTC)"</th><th scope="col">"Approved"</th><th scope="col">"Pending"</th><th scope="col">"Rejected"</th><th scope="col">"Disconnected"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(at: &str, approved: u32, pending: u32) -> CountPoint {
        CountPoint {
            at: at.into(),
            approved,
            pending,
            ..CountPoint::default()
        }
    }

    fn series(points: Vec<CountPoint>) -> CountSeries {
        CountSeries {
            of: "/subscriptions/s/pls".into(),
            from: "2026-11-01T00:00:00Z".into(),
            to: "2026-11-04T00:00:00Z".into(),
            points,
            recorded: 0,
        }
    }

    #[test]
    fn each_state_is_a_step_line_across_the_range() {
        let chart = layout(&series(vec![
            point("2026-11-01T00:00:00Z", 2, 1),
            point("2026-11-02T12:00:00Z", 3, 0),
        ]))
        .unwrap();
        let approved = &chart.lines[0];
        assert_eq!(approved.0, "Approved");
        // Starts at the left edge, steps halfway, ends at the right edge.
        assert!(
            approved.2.starts_with(&format!("M{LEFT:.1},")),
            "{}",
            approved.2
        );
        assert!(approved.2.contains(" H336.0 V"), "{}", approved.2);
        assert!(approved.2.ends_with(&format!(" H{:.1}", WIDTH - RIGHT)));
        assert_eq!(chart.limit, None, "far from 1,000");
        assert_eq!(chart.y_ticks.last().unwrap().1, "5", "a round top above 3");
        assert!(chart.steps[1].1.contains("3 approved, 0 pending"));
    }

    #[test]
    fn a_year_of_hourly_points_is_thinned_to_the_last_of_each_slice() {
        let hourly: Vec<CountPoint> = (0..24 * 365)
            .map(|hour| {
                let at = OffsetDateTime::from_unix_timestamp(1_800_000_000 + hour * 3600).unwrap();
                point(&at.format(&Rfc3339).unwrap(), hour as u32, 0)
            })
            .collect();
        let year = CountSeries {
            of: "pls".into(),
            from: hourly[0].at.clone(),
            to: hourly.last().unwrap().at.clone(),
            points: hourly.clone(),
            recorded: hourly.len(),
        };
        let thinned = thin(&year);
        assert!(
            thinned.points.len() <= MAX_STEPS + 1,
            "{}",
            thinned.points.len()
        );
        assert_eq!(thinned.points[0], hourly[0], "the level at the start");
        assert_eq!(thinned.points.last(), hourly.last(), "the level at the end");
        assert!(layout(&year).unwrap().steps.len() <= MAX_STEPS + 1);
    }

    #[test]
    fn the_csv_link_names_the_service_the_subscription_or_the_estate() {
        assert_eq!(
            csv_link("/subscriptions/s/x"),
            "/api/v1/private-link-services/%2Fsubscriptions%2Fs%2Fx/history?format=csv"
        );
        assert_eq!(
            csv_link("6f1c"),
            "/api/v1/history?subscription=6f1c&format=csv"
        );
        assert_eq!(csv_link("estate"), "/api/v1/history?format=csv");
    }

    #[test]
    fn the_limit_is_drawn_within_reach_and_no_points_is_no_chart() {
        let near = layout(&series(vec![point("2026-11-01T00:00:00Z", 640, 0)])).unwrap();
        assert!(near.limit.is_some());
        let estate = CountSeries {
            of: crate::model::ESTATE.into(),
            ..series(vec![point("2026-11-01T00:00:00Z", 640, 0)])
        };
        assert_eq!(layout(&estate).unwrap().limit, None, "a service's limit");
        assert_eq!(near.y_ticks.last().unwrap().1, "1,000");
        assert_eq!(layout(&series(Vec::new())), None);
    }
}
