//! Benchmark: the approval policies over every Pending connection of the scaled estate
//! (`--scale 500`: about 60,000 connections, 1,726 PLSs), read offline into a snapshot: 50
//! policies (49 that match nothing but must each be tried, by service glob, tag, endpoint
//! subscription and Front Door profile; the last a catch-all hold) evaluated as after a sync.
//! Reports median and p95 times and the verdicts; it does not pass or fail on time.
//!
//! Run: `cargo bench -p server --bench policies` (set `POLICY_BENCH_SCALE` /
//! `POLICY_BENCH_RUNS` to vary).

mod common;

use std::time::Instant;

use common::{env_or, spread};

use server::inventory::offline;
use server::policies::{PolicySet, evaluate};
use time::OffsetDateTime;

/// 49 policies that match nothing in the scaled estate, then a catch-all hold.
fn policies() -> String {
    let mut yaml = String::from("mode: dry-run\npolicies:\n");
    for n in 0..49 {
        let when = match n % 4 {
            0 => format!("service: {{ name: \"nothing-{n}-*\" }}"),
            1 => format!("service: {{ name: \"*\", tag: \"team=nobody-{n}\" }}"),
            2 => format!(
                "consumer:\n        privateEndpoint: {{ subscription: [\"00000000-0000-4000-8000-{n:012}\"] }}"
            ),
            _ => format!(
                "consumer:\n        frontDoor: {{ profile: \"/subscriptions/00000000-0000-4000-8000-{n:012}/resourceGroups/rg/providers/Microsoft.Cdn/profiles/none\" }}"
            ),
        };
        yaml.push_str(&format!(
            "  - name: p{n}\n    action: approve\n    when:\n      {when}\n      requestMessage: \"^never$\"\n"
        ));
    }
    yaml.push_str(
        "  - name: hold-all\n    action: hold\n    when:\n      service: { name: \"*\" }\n",
    );
    yaml
}

fn main() {
    let scale = env_or("POLICY_BENCH_SCALE", 500u32);
    let runs = env_or("POLICY_BENCH_RUNS", 30usize);
    let now = OffsetDateTime::now_utc();
    let snapshot = offline::snapshot(&emulator::estate::scale::scaled(scale), now);
    let set = PolicySet::parse("bench.yaml", &policies()).expect("the bench's policies read");
    let mut times = Vec::with_capacity(runs);
    let mut verdicts = 0;
    for _ in 0..runs {
        let started = Instant::now();
        verdicts = std::hint::black_box(evaluate(&set, &snapshot)).len();
        times.push(started.elapsed());
    }
    let (median, p95) = spread(times);
    println!(
        "policies benchmark: scaled({scale}), {} connections, {} policies: {verdicts} Pending \
         connections judged in {median:.1} ms median, {p95:.1} ms p95 ({runs} runs)",
        snapshot
            .chains
            .chains
            .iter()
            .map(|c| c.connections.len())
            .sum::<usize>(),
        set.policies.len(),
    );
}
