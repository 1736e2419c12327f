//! Benchmark: a full inventory sync of `linkcenter emulator --scale 200 --latency-ms 20` (about
//! 2,000 PLSs and 20,000 connections), with the default concurrency and with concurrency 1, in one
//! run, and in resource-graph mode, each in a child process of its own (so each peak RSS is its
//! own), then Microsoft's Python SDK reading the same types one call after another
//! (`scripts/sync-sdk.py`). Reports wall time, requests, retries and peak RSS; it does not pass
//! or fail on time.
//!
//! Run: `cargo bench -p server --bench sync` (set `SYNC_BENCH_SCALE` / `SYNC_BENCH_LATENCY_MS` to vary).
//! The emulator runs as its own process so its memory is not counted as ours.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use server::arm::{ArmClient, Authorizer, ClientSettings};
use server::config::Secret;
use server::inventory::{Progress, Snapshot, sync, sync::Mode};

struct Emulator(Child);

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_emulator(scale: u32, latency_ms: u64) -> (Emulator, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_linkcenter"))
        .args([
            "emulator",
            "--addr",
            "127.0.0.1:0",
            "--scale",
            &scale.to_string(),
            "--latency-ms",
            &latency_ms.to_string(),
        ])
        .args(["--page-size", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("linkcenter emulator starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the emulator prints its address");
    let url = line.trim().rsplit(' ').next().expect("an URL").to_owned();
    (Emulator(child), url)
}

fn kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn run(url: &str, mode: Mode, in_flight: usize) -> (Snapshot, Duration) {
    let mut settings = ClientSettings::new(url.parse().expect("url"));
    settings.max_in_flight = in_flight;
    let client =
        ArmClient::new(settings, Authorizer::Static(Secret::new("bench"))).expect("client");
    let started = std::time::Instant::now();
    let snapshot = sync::run_with(&client, &Snapshot::empty(), &Progress::default(), mode).await;
    (snapshot, started.elapsed())
}

fn report(label: &str, snapshot: &Snapshot, took: Duration) {
    let connections: usize = snapshot
        .inventory
        .services
        .iter()
        .map(|s| s.connections.len())
        .sum();
    println!(
        "{label:<28} {:>7.2} s  {:>6} requests  {:>4} retries  {:>5} PLSs  {:>6} connections  {:>6} PEs  RSS {:>4} MB  peak {:>4} MB",
        took.as_secs_f64(),
        snapshot.calls.requests,
        snapshot.calls.retries,
        snapshot.inventory.services.len(),
        connections,
        snapshot.inventory.endpoints.len(),
        kib("VmRSS:") / 1024,
        kib("VmHWM:") / 1024,
    );
}

/// One mode in this process, when the parent asked for it (`SYNC_BENCH_ONLY`), so each mode's
/// peak RSS is its own.
fn child(url: &str, only: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // The defaults of `linkcenter serve` (`--max-in-flight`, `--sync-concurrency`), or others.
    let cap: usize = std::env::var("SYNC_BENCH_IN_FLIGHT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(server::arm::ClientSettings::DEFAULT_MAX_IN_FLIGHT);
    let subscriptions: usize = std::env::var("SYNC_BENCH_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(server::inventory::service::DEFAULT_CONCURRENCY);
    let (label, mode, in_flight) = match only {
        "arm" => (
            format!("arm ({subscriptions} subs, {cap} in flight)"),
            Mode::Arm {
                concurrency: subscriptions,
            },
            cap,
        ),
        "serial" => (
            "arm, concurrency 1".to_owned(),
            Mode::Arm { concurrency: 1 },
            1,
        ),
        _ => (
            format!("resource-graph ({cap} in flight)"),
            Mode::ResourceGraph,
            cap,
        ),
    };
    let (snapshot, took) = runtime.block_on(run(url, mode, in_flight));
    report(&label, &snapshot, took);
    println!("seconds {}", took.as_secs_f64());
}

/// Runs one mode in a child process; its report lines, and its wall time.
fn in_child(url: &str, only: &str) -> f64 {
    let exe = std::env::current_exe().expect("the bench's own path");
    let out = Command::new(exe)
        .env("SYNC_BENCH_ONLY", only)
        .env("SYNC_BENCH_URL", url)
        .output()
        .expect("the bench runs a mode");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut seconds = f64::NAN;
    for line in text.lines() {
        match line.strip_prefix("seconds ") {
            Some(s) => seconds = s.parse().unwrap_or(f64::NAN),
            None => println!("{line}"),
        }
    }
    seconds
}

/// Microsoft's Python SDK reading the same types one call after another
/// (`scripts/sync-sdk.py`, run with the virtualenv `scripts/setup` makes); its wall time.
fn python_sdk(url: &str) -> Option<f64> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let python = format!("{root}/.venv/bin/python");
    let out = Command::new(&python)
        .arg(format!("{root}/scripts/sync-sdk.py"))
        .arg(url)
        .output()
        .map_err(|e| println!("python SDK script not run ({python}: {e})"))
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or_default();
    println!("python SDK, sequential          {last}");
    let json: serde_json::Value = serde_json::from_str(last).ok()?;
    json["seconds"].as_f64()
}

fn main() {
    if let (Ok(only), Ok(url)) = (
        std::env::var("SYNC_BENCH_ONLY"),
        std::env::var("SYNC_BENCH_URL"),
    ) {
        child(&url, &only);
        return;
    }
    let scale: u32 = std::env::var("SYNC_BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let latency: u64 = std::env::var("SYNC_BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let (_emulator, url) = start_emulator(scale, latency);
    println!("sync benchmark: emulator --scale {scale} --latency-ms {latency} at {url}");
    let default = in_child(&url, "arm");
    if std::env::var("SYNC_BENCH_ARM_ONLY").is_ok() {
        return;
    }
    let serial = in_child(&url, "serial");
    in_child(&url, "graph");
    println!(
        "speed-up of the default over concurrency 1: {:.1}x",
        serial / default
    );
    if let Some(python) = python_sdk(&url) {
        println!(
            "speed-up of the default over the sequential Python SDK script: {:.1}x",
            python / default
        );
    }
}
