//! Benchmark: the chain graph of the scaled estate (`--scale 200`: about 700 PLSs and 25,000
//! connections), read offline into a snapshot, then built, laid out and serialised to JSON (a
//! stand-in for rendering) for (a) one subscription — the one publishing the most connections —
//! and (b) the whole estate with large fan-outs grouped; (c) the whole estate with nothing
//! grouped shows what grouping saves. Reports median and p95 times, node and edge counts and
//! crossings; it does not pass or fail on time.
//!
//! Run: `cargo bench -p server --bench chain` (set `CHAIN_BENCH_SCALE` / `CHAIN_BENCH_RUNS` to
//! vary).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use server::chain::{Scope, build, crossings, layout, walk_order_crossings};
use server::inventory::{Snapshot, offline};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Median and 95th percentile, in milliseconds.
fn spread(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| {
        let index = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
        ms(times[index])
    };
    (at(0.5), at(0.95))
}

/// The subscription whose services hold the most connections.
fn busiest_subscription(snapshot: &Snapshot) -> (String, usize) {
    let mut held: HashMap<String, usize> = HashMap::new();
    for chain in &snapshot.chains.chains {
        *held
            .entry(chain.service.subscription().to_ascii_lowercase())
            .or_default() += chain.connections.len();
    }
    held.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .expect("the estate has services")
}

fn case(label: &str, snapshot: &Snapshot, scope: &Scope, runs: usize) {
    let (mut builds, mut layouts, mut jsons, mut totals) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let graph = build(snapshot, scope);
        let built = Instant::now();
        let view = layout(&graph);
        let laid_out = Instant::now();
        let json = serde_json::to_vec(&view).expect("a view serialises");
        let done = Instant::now();
        builds.push(built - started);
        layouts.push(laid_out - built);
        jsons.push(done - laid_out);
        totals.push(done - started);
        last = Some((graph, view, json.len()));
    }
    let Some((graph, view, bytes)) = last else {
        return;
    };
    println!("{label}");
    println!(
        "  {} nodes, {} edges, {} groups; crossings {} laid out ({} in walk order); JSON {} KB; {runs} runs",
        view.nodes.len(),
        view.edges.len(),
        view.nodes.iter().filter(|n| n.group.is_some()).count(),
        crossings(&view),
        walk_order_crossings(&graph),
        bytes / 1024,
    );
    for (step, times) in [
        ("build", builds),
        ("layout", layouts),
        ("json", jsons),
        ("total", totals),
    ] {
        let (median, p95) = spread(times);
        println!("  {step:<7} median {median:>8.2} ms   p95 {p95:>8.2} ms");
    }
}

fn main() {
    let scale: u32 = env_or("CHAIN_BENCH_SCALE", 200);
    let runs: usize = env_or("CHAIN_BENCH_RUNS", 30).max(1);
    let now = OffsetDateTime::parse(emulator::estate::demo::NOW, &Rfc3339).expect("the demo's now");
    let started = Instant::now();
    let snapshot = offline::snapshot(&emulator::estate::scale::scaled(scale), now);
    let connections: usize = snapshot
        .chains
        .chains
        .iter()
        .map(|c| c.connections.len())
        .sum();
    println!(
        "graph benchmark: scaled({scale}) read offline in {:.0} ms: {} subscriptions, {} PLSs, {} connections, {} PaaS links",
        ms(started.elapsed()),
        snapshot.inventory.subscriptions.len(),
        snapshot.chains.chains.len(),
        connections,
        snapshot.chains.paas_links.len(),
    );
    let (subscription, held) = busiest_subscription(&snapshot);
    let one = Scope::default()
        .with_subscription(&subscription)
        .expect("a subscription GUID");
    case(
        &format!("(a) one subscription ({subscription}, {held} connections on its services)"),
        &snapshot,
        &one,
        runs,
    );
    case(
        "(b) whole estate, grouped",
        &snapshot,
        &Scope::default(),
        runs,
    );
    let ungrouped = Scope {
        group_above: usize::MAX,
        ..Scope::default()
    };
    case(
        "(c) whole estate, nothing grouped",
        &snapshot,
        &ungrouped,
        (runs / 10).max(3),
    );
}
