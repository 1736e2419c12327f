//! Benchmark: 1,000 open `GET /api/v1/events` streams on one `linkcenter serve` (proxy mode,
//! 1,000 distinct users from 127.0.0.1, `--pending-interval 1s`), all on loopback. Reports the
//! server's RSS before and with the streams open (memory per stream), then makes a new Pending
//! request in the emulator and reports when the first and the last stream received its `change`
//! event: from the request (which includes the wait for the next Pending poll) and from the first
//! stream to the last (the fan-out). It does not pass or fail on time.
//!
//! Run: `cargo bench -p server --bench events` (`EVENTS_BENCH_STREAMS` to vary the count).
//! The emulator and the server run as processes of their own, so the RSS is the server's.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn start_emulator() -> (Process, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_linkcenter"))
        .args(["emulator", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("linkcenter emulator starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the emulator prints its address");
    let url = line.trim().rsplit(' ').next().expect("an URL").to_owned();
    (Process(child), url)
}

fn start_server(emulator: &str, database: &str) -> (Process, String) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_linkcenter"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(["--arm-endpoint", emulator, "--arm-token", "bench"])
        .args([
            "--auth",
            "proxy",
            "--trusted-proxy",
            "127.0.0.1",
            "--default-role",
            "viewer",
        ])
        .args(["--refresh-interval", "1h", "--pending-interval", "1s"])
        .args(["--site-root", "/nonexistent", "--database", database])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("linkcenter serve starts");
    (Process(child), format!("http://127.0.0.1:{port}"))
}

async fn wait_ready(http: &reqwest::Client, base: &str) {
    for _ in 0..600 {
        if let Ok(r) = http.get(format!("{base}/readyz")).send().await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not get ready");
}

/// Opens a stream as `user` and waits on it for the change naming `marker`.
async fn stream(
    http: reqwest::Client,
    base: String,
    user: String,
    marker: &'static str,
    opened: tokio::sync::mpsc::Sender<()>,
) -> Instant {
    let mut response = http
        .get(format!("{base}/api/v1/events"))
        .header("x-forwarded-user", &user)
        .send()
        .await
        .expect("a stream opens");
    assert_eq!(response.status(), 200, "{user}");
    let _ = opened.send(()).await;
    let mut seen = String::new();
    loop {
        let chunk = response
            .chunk()
            .await
            .expect("the stream reads")
            .expect("it stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
        if seen.contains(marker) {
            return Instant::now();
        }
        // Keep only a tail long enough to hold the marker across chunks.
        if seen.len() > 4096 {
            seen.drain(..seen.len() - 256);
        }
    }
}

#[tokio::main]
async fn main() {
    let streams: usize = std::env::var("EVENTS_BENCH_STREAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let (_emulator, arm) = start_emulator();
    let dir = std::env::temp_dir().join(format!("linkcenter-events-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a data directory");
    let database = dir.join("bench.db");
    let (server, base) = start_server(&arm, database.to_str().expect("a path"));
    let http = reqwest::Client::new();
    wait_ready(&http, &base).await;
    tokio::time::sleep(Duration::from_secs(2)).await; // let the first sync's allocations settle
    let before = rss_kib(server.0.id());

    const MARKER: &str = "pe-bench-arrival";
    let (opened, mut open) = tokio::sync::mpsc::channel(streams);
    let readers: Vec<_> = (0..streams)
        .map(|n| {
            tokio::spawn(stream(
                http.clone(),
                base.clone(),
                format!("user{n}"),
                MARKER,
                opened.clone(),
            ))
        })
        .collect();
    for _ in 0..streams {
        open.recv().await.expect("every stream opens");
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let with = rss_kib(server.0.id());

    let woodgrove = emulator::estate::demo::WOODGROVE;
    let group = format!("/subscriptions/{woodgrove}/resourceGroups/rg-woodgrove-integration");
    let body = serde_json::json!({
        "location": "northeurope",
        "properties": {
            "subnet": { "id": format!("{group}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default") },
            "manualPrivateLinkServiceConnections": [{
                "name": "bench",
                "properties": { "privateLinkServiceId": emulator::estate::demo::MY_PLS_ID, "requestMessage": "bench" }
            }]
        }
    });
    let requested = Instant::now();
    let created = http
        .put(format!(
            "{arm}{group}/providers/Microsoft.Network/privateEndpoints/{MARKER}?api-version=2024-05-01"
        ))
        .bearer_auth("bench")
        .json(&body)
        .send()
        .await
        .expect("the request is made");
    assert_eq!(created.status(), 201);
    let mut received = Vec::with_capacity(streams);
    for reader in readers {
        received.push(reader.await.expect("a reader"));
    }
    let first = *received.iter().min().expect("streams");
    let last = *received.iter().max().expect("streams");
    println!("events benchmark: {streams} streams, 1 user each, proxy mode, loopback");
    println!(
        "server RSS: {:.1} MB before, {:.1} MB with the streams open: {:.1} KB per stream",
        before as f64 / 1024.0,
        with as f64 / 1024.0,
        (with.saturating_sub(before)) as f64 / streams as f64
    );
    println!(
        "new Pending request → first stream {:.0} ms, last stream {:.0} ms (includes the wait for the 1 s Pending poll)",
        (first - requested).as_secs_f64() * 1000.0,
        (last - requested).as_secs_f64() * 1000.0
    );
    println!(
        "fan-out, first stream → last stream: {:.1} ms",
        (last - first).as_secs_f64() * 1000.0
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
