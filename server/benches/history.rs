//! Benchmark: the change feed at `--scale 500` (about 60,000 connections), read offline into a
//! snapshot and recorded into a SQLite file as the server does after each sync: the baseline
//! (every key written once), a sync where nothing changed, a sync with 1,000 state changes
//! (half of them going back each run, so every run has 1,000), and a service's page chart with
//! a year of hourly counts (the store's series query and the SVG rendered); then a soak as
//! `--arrivals` makes one: the emulator's estate with requests arriving before each of 200
//! syncs, each read offline and recorded into a fresh store. Reports medians, p95s and the
//! stores' sizes; it does not pass or fail on time.
//!
//! Run: `cargo bench -p server --bench history` (set `HISTORY_BENCH_SCALE`, `HISTORY_BENCH_RUNS`,
//! `HISTORY_BENCH_SYNCS`, `HISTORY_BENCH_ARRIVALS`).

mod common;

use std::time::{Duration, Instant};

use common::{env_or, spread};

use app::model::HistoryQuery;
use leptos::prelude::RenderHtml;
use server::history::counts::{counts, moved, row};
use server::history::{Connections, Keys, diff};
use server::inventory::offline;
use server::store::{CountOf, CountRow, Store};
use time::OffsetDateTime;

/// Records `after` against `before` as the recorder does (a baseline writes what it saw, but
/// no change); answers the changes written.
async fn record(
    store: &Store,
    before: &Keys,
    after: &Keys,
    seen_at: OffsetDateTime,
    baseline: bool,
) -> usize {
    let changes = if baseline {
        Vec::new()
    } else {
        diff(before, after)
    };
    let delta = before.delta(after);
    let rows: Vec<CountRow> = moved(&counts(before), &counts(after))
        .into_iter()
        .map(|(key, c)| row(seen_at, key, c))
        .collect();
    let records: Vec<server::store::NewChange> = changes
        .iter()
        .map(|c| server::store::NewChange {
            kind: c.kind,
            subscription: c.subscription.clone(),
            service_id: c.service.as_ref().map(ToString::to_string),
            connection_id: c.connection.as_ref().map(ToString::to_string),
            from: c.from.clone(),
            to: c.to.clone(),
            detail: c.detail.clone(),
            actor: None,
            audit_id: None,
        })
        .collect();
    store
        .record_sync(None, seen_at, &records, &delta, &rows)
        .await
        .expect("the sync is recorded");
    records.len()
}

/// `keys` with up to `n` of its Pending connections Approved (their services' connections
/// made anew, as `Keys::of` makes those that changed).
fn approve_pending(keys: &Keys, n: usize) -> Keys {
    let mut approved = keys.clone();
    let mut left = n;
    for service in approved.services.values_mut() {
        if left == 0 {
            break;
        }
        if service.connections.counts().pending == 0 {
            continue;
        }
        let list = service
            .connections
            .iter()
            .map(|(id, key)| {
                let mut key = key.clone();
                if left > 0 && key.state == "Pending" {
                    key.state = "Approved".into();
                    left -= 1;
                }
                (id.clone(), key)
            })
            .collect();
        service.connections = std::sync::Arc::new(Connections::new(list));
    }
    approved
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let scale = env_or("HISTORY_BENCH_SCALE", 500u32);
    let runs = env_or("HISTORY_BENCH_RUNS", 20usize);
    let now = OffsetDateTime::now_utc();
    let estate = emulator::estate::scale::scaled(scale);
    let snapshot = offline::snapshot(&estate, now);
    // The next sync reads the same estate anew: nothing shared with the first but the text.
    let next_sync = offline::snapshot(&estate, now);
    let dir = std::env::temp_dir().join(format!("linkcenter-history-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bench.db");
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path).await.expect("the store opens");

    let started = Instant::now();
    let keys = Keys::of(&snapshot, &Keys::default());
    let keyed = started.elapsed();
    let baseline = Instant::now();
    record(&store, &Keys::default(), &keys, now, true).await;
    let baseline = baseline.elapsed();
    println!(
        "history benchmark: scaled({scale}), {} connections, {} services: keys in {:.1} ms, baseline recorded in {:.0} ms",
        keys.connection_count(),
        keys.services.len(),
        keyed.as_secs_f64() * 1000.0,
        baseline.as_secs_f64() * 1000.0
    );

    // Nothing changed: the keys of the next sync (read anew, as a sync does), the diff, and an
    // empty record; each stage timed too.
    let mut times = Vec::with_capacity(runs);
    let mut stages: [Vec<Duration>; 4] = Default::default();
    for run in 0..runs {
        let started = Instant::now();
        let next = Keys::of(&next_sync, &keys);
        stages[0].push(started.elapsed());
        let at = Instant::now();
        assert!(diff(&keys, &next).is_empty());
        stages[1].push(at.elapsed());
        let at = Instant::now();
        let _ = keys.delta(&next);
        stages[2].push(at.elapsed());
        let at = Instant::now();
        let _ = counts(&next);
        stages[3].push(at.elapsed());
        let at = Instant::now();
        let written = record(
            &store,
            &keys,
            &next,
            now + time::Duration::minutes(run as i64),
            false,
        )
        .await;
        // As the recorder: the keys, then the diff, delta, counts and the write.
        times.push(stages[0][run] + at.elapsed());
        assert_eq!(written, 0);
    }
    let (median, p95) = spread(times);
    let stage = |i: usize| spread(stages[i].clone()).0;
    println!(
        "  nothing changed: {median:.1} ms median, {p95:.1} ms p95 ({runs} runs; keys {:.1}, diff {:.1}, delta {:.1}, counts {:.1} ms)",
        stage(0),
        stage(1),
        stage(2),
        stage(3)
    );

    // 1,000 Pending connections approved, then back, alternately.
    let approved = approve_pending(&keys, 1000);
    let mut times = Vec::with_capacity(runs);
    let mut written = 0;
    for run in 0..runs {
        let (from, to) = if run % 2 == 0 {
            (&keys, &approved)
        } else {
            (&approved, &keys)
        };
        let started = Instant::now();
        written = record(
            &store,
            from,
            to,
            now + time::Duration::hours(run as i64),
            false,
        )
        .await;
        times.push(started.elapsed());
    }
    let (median, p95) = spread(times);
    println!("  {written} changes: {median:.1} ms median, {p95:.1} ms p95 ({runs} runs)");

    // A year of hourly counts for one service, then its page's chart.
    let service = keys.services.keys().next().unwrap().to_string();
    let year_ago = now - time::Duration::days(365);
    let rows: Vec<CountRow> = (0..24 * 365)
        .map(|hour| CountRow {
            seen_at: year_ago + time::Duration::hours(hour),
            subscription: "bench".into(),
            service_id: Some(service.clone()),
            pending: (hour % 7) as u32,
            approved: 100 + (hour % 50) as u32,
            rejected: 1,
            disconnected: 0,
            other: 0,
        })
        .collect();
    store
        .record_sync(None, now, &[], &Default::default(), &rows)
        .await
        .unwrap();
    let query = HistoryQuery {
        from: Some(year_ago),
        to: Some(now),
        ..HistoryQuery::default()
    };
    let mut times = Vec::with_capacity(runs);
    let mut reads = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let series = server::service::history::chart(
            &store,
            &CountOf::Service(service.clone()),
            &query,
            now,
        )
        .await
        .unwrap();
        reads.push(started.elapsed());
        let html =
            app::components::count_chart("Connections of bench over time".into(), series).to_html();
        bytes = html.len();
        times.push(started.elapsed());
    }
    let (median, p95) = spread(times);
    println!(
        "  a year of hourly counts (8,760 points) charted: {median:.1} ms median, {p95:.1} ms p95 (read {:.1} ms median), {} KB of SVG and table",
        spread(reads).0,
        bytes / 1024
    );

    // A soak as `--arrivals` makes it: the emulator's estate with requests arriving between
    // syncs, each sync read offline from it and recorded as the recorder does.
    let syncs = env_or("HISTORY_BENCH_SYNCS", 200usize);
    let per_sync = env_or("HISTORY_BENCH_ARRIVALS", 10usize);
    let soak_path = dir.join("soak.db");
    let soak = Store::open(&soak_path).await.expect("the soak store opens");
    let emulated = emulator::Store::new(emulator::estate::scale::scaled(scale), &[], 7)
        .expect("the scaled estate is valid");
    let mut last = Keys::default();
    let mut times = Vec::with_capacity(syncs);
    let mut keyed = Vec::with_capacity(syncs);
    let mut recorded = 0;
    for sync in 0..syncs {
        for _ in 0..per_sync {
            emulated.arrive();
        }
        let at = now + time::Duration::minutes(5 * sync as i64);
        let snapshot = offline::snapshot(&emulated.document(), at);
        let started = Instant::now();
        let keys = Keys::of(&snapshot, &last);
        keyed.push(started.elapsed());
        recorded += record(&soak, &last, &keys, at, sync == 0).await;
        times.push(started.elapsed());
        last = keys;
    }
    let first = times.remove(0);
    keyed.remove(0);
    let (median, p95) = spread(times);
    let keys_median = spread(keyed).0;
    soak.close().await;
    let size = |name: &str| {
        std::fs::metadata(dir.join(name))
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(0.0)
    };
    println!(
        "  soak: {syncs} syncs with {per_sync} arrivals before each: baseline {:.0} ms, then {median:.1} ms median, {p95:.1} ms p95 a sync (keys {keys_median:.1} ms median; {recorded} changes); store {:.1} MB + {:.1} MB WAL",
        first.as_secs_f64() * 1000.0,
        size("soak.db"),
        size("soak.db-wal"),
    );

    store.close().await;
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let e = e.ok()?;
            let size = e.metadata().ok()?.len();
            Some(format!(
                "{} {:.1} MB",
                e.file_name().to_string_lossy(),
                size as f64 / 1e6
            ))
        })
        .collect();
    files.sort();
    println!("  store: {}", files.join(", "));
    if std::env::var_os("HISTORY_BENCH_KEEP").is_some() {
        println!("  kept in {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
