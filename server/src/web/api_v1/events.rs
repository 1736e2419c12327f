//! `GET /api/v1/events`: the server's live events as server-sent events (`text/event-stream`):
//! `snapshot` after each sync, `change` for each change the change feed records (its `id` the
//! change's), `action` when an action ends, `job` as a bulk job moves on, `resync` when a stream missed more than can be given again; a comment every
//! 15 s keeps proxies from closing an idle stream. `Last-Event-ID` (sent by browsers on
//! reconnecting) resumes after that change: what was missed comes from the store first, then
//! the live events, nothing twice. Each user may hold `events::STREAMS_PER_USER` streams open;
//! more are refused with 429. Streams end when the server shuts down.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use app::model::{ChangeEntry, ResyncEvent};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;

use crate::actions::{ActionService, Requester};
use crate::events::{CHANGE_BATCH, EventHub, LiveEvent, StreamSlot};
use crate::store::Store;
use crate::web::ApiError;

/// How often an idle stream gets a comment.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// `GET /api/v1/events`
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(("Last-Event-ID" = Option<String>, Header, description = "The id of the last change event received: the stream starts with the changes recorded after it")),
    responses((status = 200, content_type = "text/event-stream", body = String, description = "Server-sent events: `snapshot` (data: SnapshotEvent), `change` (id: the change's id; data: ChangeEntry), `action` (data: ActionEvent), `job` (data: JobEvent), `resync` (data: ResyncEvent); comments as heartbeats"),
        (status = 400, description = "`Last-Event-ID` is not a change id (`BadRequest`)"),
        (status = 429, description = "The user already holds as many streams as allowed (`TooManyStreams`)"),
        (status = 500, description = "The store failed (`AuditUnavailable`)")))]
pub async fn events(
    State(hub): State<Arc<EventHub>>,
    State(actions): State<Arc<ActionService>>,
    requester: Requester,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let resume = last_event_id(&headers)?;
    let slot = hub.open(&requester.actor.name).map_err(|e| ApiError {
        status: StatusCode::TOO_MANY_REQUESTS,
        code: "TooManyStreams",
        message: e.to_string(),
    })?;
    // Subscribed before the store is read: nothing recorded meanwhile falls between the two.
    let live = hub.subscribe();
    let store = actions.store().clone();
    // A store that cannot say where the feed stands is a 500: starting from 0 would replay
    // the whole history to a stream that falls behind.
    let (last, backlog) = match resume {
        Some(after) => (after, store.changes_after(after, CHANGE_BATCH).await),
        None => match store.last_change_id().await {
            Ok(last) => (last, Ok(Vec::new())),
            Err(error) => (0, Err(error)),
        },
    };
    let backlog = backlog.map_err(crate::web::audit_query::unavailable)?;
    let stream = Feed {
        more: backlog.len() == CHANGE_BATCH as usize,
        backlog: backlog.into(),
        last,
        live,
        store,
        hub: hub.clone(),
        _slot: slot,
    }
    .into_stream();
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT).text("heartbeat")))
}

/// The change id a reconnecting client names; absent or empty is none.
fn last_event_id(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get("last-event-id") else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("?").trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .ok()
        .filter(|id| *id >= 0)
        .map(Some)
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "Last-Event-ID '{text}' is not a change id (a whole number from a change event)"
            ))
        })
}

/// One stream's state: the changes still to give from the store, the last change given, the
/// live events.
struct Feed {
    backlog: VecDeque<ChangeEntry>,
    /// The store holds more changes after the backlog than were read.
    more: bool,
    last: i64,
    live: tokio::sync::broadcast::Receiver<Arc<LiveEvent>>,
    store: Store,
    hub: Arc<EventHub>,
    _slot: StreamSlot,
}

impl Feed {
    fn into_stream(self) -> impl Stream<Item = Result<Event, Infallible>> {
        futures::stream::unfold(self, |mut feed| async move {
            let event = feed.next().await?;
            Some((Ok(event), feed))
        })
    }

    /// The next event to send; `None` when the server shuts down.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(change) = self.backlog.pop_front() {
                self.last = self.last.max(change.id);
                return Some(change_event(&change));
            }
            if self.more {
                if let Some(resync) = self.refill().await {
                    return Some(resync);
                }
                continue;
            }
            let received = tokio::select! {
                received = self.live.recv() => received,
                () = self.hub.closed() => return None,
            };
            match received {
                Ok(event) => match event.as_ref() {
                    LiveEvent::Change(change) if change.id <= self.last => {}
                    LiveEvent::Change(change) => {
                        self.last = change.id;
                        return Some(change_event(change));
                    }
                    LiveEvent::Snapshot(snapshot) => return Some(json_event("snapshot", snapshot)),
                    LiveEvent::Action(action) => return Some(json_event("action", action)),
                    LiveEvent::Job(job) => return Some(json_event("job", job)),
                },
                // Fell behind the broadcast: the changes missed are in the store.
                Err(RecvError::Lagged(_)) => self.more = true,
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// Reads the next changes after the last given; a `resync` event when the store fails.
    async fn refill(&mut self) -> Option<Event> {
        match self.store.changes_after(self.last, CHANGE_BATCH).await {
            Ok(changes) => {
                self.more = changes.len() == CHANGE_BATCH as usize;
                self.backlog = changes.into();
                None
            }
            Err(error) => {
                tracing::warn!(%error, "a stream could not catch up from the store");
                self.more = false;
                Some(json_event(
                    "resync",
                    &ResyncEvent {
                        reason: "Some changes could not be read again; reload the page.".into(),
                    },
                ))
            }
        }
    }
}

fn change_event(change: &ChangeEntry) -> Event {
    json_event("change", change).id(change.id.to_string())
}

fn json_event(name: &str, data: &impl serde::Serialize) -> Event {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_owned());
    Event::default().event(name).data(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("last-event-id", value.parse().unwrap());
        headers
    }

    #[test]
    fn last_event_ids_are_change_ids_or_refused_with_a_reason() {
        assert_eq!(last_event_id(&HeaderMap::new()), Ok(None));
        assert_eq!(last_event_id(&with(" ")), Ok(None));
        assert_eq!(last_event_id(&with("42")), Ok(Some(42)));
        for bad in ["abc", "-1", "4.2"] {
            let error = last_event_id(&with(bad)).unwrap_err();
            assert_eq!(error.status, StatusCode::BAD_REQUEST);
            assert!(error.message.contains(bad), "{}", error.message);
        }
    }
}
