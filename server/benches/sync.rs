//! Benchmark: a full inventory sync of `linkcenter emulator --scale 200 --latency-ms 20` (about
//! 2,000 PLSs and 20,000 connections), with the default concurrency and with concurrency 1, in one
//! run, and in resource-graph mode. Reports wall time, requests, retries and peak RSS; it does not pass or fail on time.
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

fn main() {
    let scale: u32 = std::env::var("SYNC_BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let latency: u64 = std::env::var("SYNC_BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let (_emulator, url) = start_emulator(scale, latency);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("sync benchmark: emulator --scale {scale} --latency-ms {latency} at {url}");
    let (snapshot, took) = runtime.block_on(run(&url, Mode::Arm { concurrency: 8 }, 16));
    report("default (8 subs, 16 in flight)", &snapshot, took);
    drop(snapshot);
    let (serial, took_serial) = runtime.block_on(run(&url, Mode::Arm { concurrency: 1 }, 1));
    report("concurrency 1", &serial, took_serial);
    drop(serial);
    let (graph, took_graph) = runtime.block_on(run(&url, Mode::ResourceGraph, 16));
    report("resource-graph mode", &graph, took_graph);
    println!(
        "speed-up of the default over concurrency 1: {:.1}x",
        took_serial.as_secs_f64() / took.as_secs_f64()
    );
}
