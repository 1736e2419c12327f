//! `GET /api/v1/events` over HTTP: a change made outside Link Center reaches an open stream as
//! a `change` event after the sync that sees it, with a `snapshot` event; a stream reconnecting
//! with `Last-Event-ID` gets what it missed from the store, nothing twice; a bad id is a 400
//! and a user's streams are bounded (429); an action's end and a bulk job's progress reach an
//! open stream as `action` and `job` events.

use std::time::Duration;

use serde_json::{Value, json};

use crate::api::{Served, against, emulate, serve_against, temp_database};

/// One server-sent event.
#[derive(Debug)]
struct Sse {
    event: String,
    id: Option<i64>,
    data: Value,
}

/// An open event stream, read event by event.
struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    async fn open(served: &Served, last_event_id: Option<i64>) -> Self {
        let mut request = served.http.get(format!("{}/api/v1/events", served.base));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next event (heartbeat comments skipped), within 20 s.
    async fn next(&mut self) -> Sse {
        tokio::time::timeout(Duration::from_secs(20), self.read())
            .await
            .expect("an event arrives")
    }

    async fn read(&mut self) -> Sse {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut event, mut id, mut data) = (String::new(), None, String::new());
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event: ") {
                        event = value.to_owned();
                    } else if let Some(value) = line.strip_prefix("id: ") {
                        id = Some(value.parse().unwrap());
                    } else if let Some(value) = line.strip_prefix("data: ") {
                        data.push_str(value);
                    }
                }
                if event.is_empty() {
                    continue; // a heartbeat comment
                }
                let data = serde_json::from_str(&data).unwrap();
                return Sse { event, id, data };
            }
            let chunk = self
                .response
                .chunk()
                .await
                .unwrap()
                .expect("the stream stays open");
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// Events until `done` says the ones read so far are enough.
    async fn until(&mut self, done: impl Fn(&[Sse]) -> bool) -> Vec<Sse> {
        let mut events = Vec::new();
        while !done(&events) {
            events.push(self.next().await);
        }
        events
    }
}

/// A Pending connection of a consumer `kind` on a private link service (not a PaaS resource).
async fn pending_of(served: &Served, kind: &str) -> String {
    served.connection("Pending", kind).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Approves a connection straight in the emulated Azure, as the portal would.
async fn approve_in_the_portal(served: &Served, connection: &str) {
    let api_version = if connection.to_ascii_lowercase().contains("/microsoft.sql/") {
        "2023-08-01"
    } else {
        "2024-05-01"
    };
    let response = reqwest::Client::new()
        .put(format!("{}{connection}?api-version={api_version}", served.emulator))
        .bearer_auth("test")
        .json(&json!({"properties": {"privateLinkServiceConnectionState": {
            "status": "Approved", "description": "approved in the portal", "actionsRequired": "None"}}}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
}

/// A sync, asked of the inventory itself (users' requests are spaced by
/// `--sync-request-interval`).
async fn sync(served: &Served) {
    let next = served.inventory.next_sync();
    served.inventory.request_sync();
    tokio::time::timeout(Duration::from_secs(20), next)
        .await
        .expect("the sync completes");
}

fn changes_of(events: &[Sse], connection: &str) -> Vec<i64> {
    events
        .iter()
        .filter(|e| e.event == "change")
        .filter(|e| {
            e.data["connectionId"]
                .as_str()
                .is_some_and(|c| c.eq_ignore_ascii_case(connection))
        })
        .map(|e| e.id.expect("a change event carries its id"))
        .collect()
}

#[tokio::test]
async fn changes_reach_open_streams_and_a_reconnect_resumes_without_loss_or_repeats() {
    let emulator = emulate(
        emulator::estate::demo::demo(),
        emulator::EmulatorConfig::default(),
    )
    .await;
    let served = serve_against(&against(&emulator), &temp_database()).await;
    let mut recorded = served.history_recorded.clone();
    recorded.wait_for(|n| *n >= 1).await.unwrap();

    let mut stream = Stream::open(&served, None).await;
    let first = served.pending().await;
    approve_in_the_portal(&served, &first).await;
    sync(&served).await;
    // The sync's snapshot event, and the change the change feed then records.
    let events = stream
        .until(|seen| {
            seen.iter().any(|e| e.event == "snapshot") && !changes_of(seen, &first).is_empty()
        })
        .await;
    let seen = changes_of(&events, &first);
    assert_eq!(
        seen.len(),
        1,
        "one change of the approved connection: {events:?}"
    );
    let change = events.iter().find(|e| e.id == Some(seen[0])).unwrap();
    assert_eq!(change.data["kind"], "stateChanged");
    assert_eq!(
        (&change.data["from"], &change.data["to"]),
        (&json!("Pending"), &json!("Approved"))
    );
    let snapshot = &events.iter().find(|e| e.event == "snapshot").unwrap().data;
    assert!(
        snapshot["connections"].as_u64().unwrap() >= 14,
        "{snapshot}"
    );
    assert!(
        snapshot["finishedAt"].as_str().unwrap().ends_with('Z'),
        "{snapshot}"
    );
    drop(stream);

    // While no stream is open, another connection is approved and synced.
    let second = pending_of(&served, "frontDoor").await;
    approve_in_the_portal(&served, &second).await;
    sync(&served).await;
    recorded.wait_for(|n| *n >= 3).await.unwrap();

    // Reconnecting after the first change gets the second from the store, then live events:
    // a third change arrives, and between them neither of the first two is given again.
    let mut resumed = Stream::open(&served, Some(seen[0])).await;
    let missed = resumed.next().await;
    assert_eq!(missed.event, "change", "{missed:?}");
    assert!(missed.id.unwrap() > seen[0]);
    assert!(
        missed.data["connectionId"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case(&second)
    );
    let third = served.pending().await;
    approve_in_the_portal(&served, &third).await;
    sync(&served).await;
    let after = resumed
        .until(|seen| !changes_of(seen, &third).is_empty())
        .await;
    assert!(
        changes_of(&after, &second).is_empty(),
        "nothing twice: {after:?}"
    );
    assert!(
        changes_of(&after, &first).is_empty(),
        "nothing older: {after:?}"
    );
}

#[tokio::test]
async fn a_bad_last_event_id_is_refused_and_a_user_s_streams_are_bounded() {
    let served = crate::api::serve().await;
    let response = served
        .http
        .get(format!("{}/api/v1/events", served.base))
        .header("Last-Event-ID", "yesterday")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("yesterday"),
        "{body}"
    );

    let mut open = Vec::new();
    for _ in 0..server::events::STREAMS_PER_USER {
        open.push(Stream::open(&served, None).await);
    }
    let refused = served
        .http
        .get(format!("{}/api/v1/events", served.base))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "TooManyStreams");
}

/// With `--pending-interval 1s` and syncs an hour apart, a request made in Azure reaches an open
/// stream (and the Pending list) by the poll, without a sync.
#[tokio::test]
async fn a_new_pending_request_arrives_by_the_poll_between_syncs() {
    let emulator = emulate(
        emulator::estate::demo::demo(),
        emulator::EmulatorConfig::default(),
    )
    .await;
    let mut flags = against(&emulator);
    flags.extend(["--refresh-interval", "1h", "--pending-interval", "1s"].map(String::from));
    let served = serve_against(&flags, &temp_database()).await;
    let mut recorded = served.history_recorded.clone();
    recorded.wait_for(|n| *n >= 1).await.unwrap();
    let mut stream = Stream::open(&served, None).await;

    crate::api::request_from_woodgrove(&served, "pe-woodgrove-polled").await;

    let is_ours = |e: &Sse| {
        e.event == "change"
            && e.data["kind"] == "connectionAppeared"
            && e.data["detail"]
                .as_str()
                .is_some_and(|d| d.contains("pe-woodgrove-polled"))
    };
    let events = stream.until(|seen| seen.iter().any(is_ours)).await;
    let appeared = events.iter().find(|e| is_ours(e)).unwrap();
    assert_eq!(appeared.data["to"], "Pending", "{:?}", appeared.data);
    let (status, sync) = served.get("/api/v1/sync").await;
    assert_eq!(status, 200);
    assert_eq!(sync["progress"]["completedSyncs"], 1, "no sync ran: {sync}");
    assert!(
        sync["progress"]["pendingPolls"].as_u64().unwrap() >= 1,
        "{sync}"
    );
    let (_, pending) = served
        .get("/api/v1/connections?state=Pending&q=pe-woodgrove-polled")
        .await;
    assert_eq!(pending["total"], 1, "{pending}");
}

/// An approval made through the API is an `action` event on an open stream, and a bulk job
/// reports its progress as `job` events up to its end.
#[tokio::test]
async fn actions_and_job_progress_reach_open_streams() {
    let served = crate::api::serve().await;
    let mut stream = Stream::open(&served, None).await;
    let id = pending_of(&served, "frontDoor").await;
    let body = json!({"id": id, "description": "CHG-7", "expectedState": "Pending"});
    let (status, outcome) = served.post("/api/v1/connections/approve", &body, &[]).await;
    assert_eq!(status, 200, "{outcome}");
    let events = stream
        .until(|seen| seen.iter().any(|e| e.event == "action"))
        .await;
    let action = &events.iter().find(|e| e.event == "action").unwrap().data;
    assert_eq!(action["connectionId"], outcome["id"], "{action}");
    assert_eq!(action["action"], "approve");
    assert_eq!(action["result"], "succeeded");
    assert_eq!(action["previousState"], "Pending");
    assert_eq!(action["state"], "Approved");
    assert_eq!(action["auditId"], outcome["auditId"]);

    let bulk = json!({"action": "reject", "description": "tidy", "query": "state=Pending"});
    let (status, job) = served.bulk(&bulk).await;
    assert_eq!(status, 202, "{job}");
    let total = job["total"].as_u64().unwrap();
    assert!(total >= 2, "{job}");
    let is_end = |e: &Sse| e.event == "job" && e.data["finished"] == true;
    let events = stream.until(|seen| seen.iter().any(is_end)).await;
    let progress: Vec<u64> = events
        .iter()
        .filter(|e| e.event == "job" && e.data["id"] == job["id"])
        .map(|e| e.data["done"].as_u64().unwrap())
        .collect();
    assert_eq!(progress, (1..=total).collect::<Vec<_>>(), "{events:?}");
    let actions = events.iter().filter(|e| e.event == "action").count() as u64;
    assert_eq!(actions, total, "one action event per item");
}
