//! The emulator's shared state and what every handler is given: `Emulator` (store, settings,
//! fault dice, Resource Graph results being paged through), the `Call` a request was parsed
//! into, and `json_response`. The HTTP entry (`server`), the dispatcher (`handlers`) and the
//! Resource Graph endpoint (`resource_graph`) import it; it imports none of them.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::Value;

use crate::{activity_log::ActivityLog, config::EmulatorConfig, faults::Dice, store::Store};

/// A running emulator's shared state.
pub struct Emulator {
    /// The estate and operations.
    pub store: Store,
    /// Behaviour settings.
    pub config: EmulatorConfig,
    /// Dice for injected faults and request ids.
    pub(crate) dice: Dice,
    /// Resource Graph results being paged through, by continuation id.
    pub(crate) query_results: ResultCache,
    /// Every write received, as the Activity Log shows it.
    pub activity: ActivityLog,
    /// Subscription-wide lists asked for, by lower-cased type: what tests check a client
    /// skips. At most `COUNTED_TYPES` types.
    pub lists: ListCounts,
}

/// Distinct types `ListCounts` keeps.
const COUNTED_TYPES: usize = 1024;

/// How many subscription-wide lists of each type were asked for.
#[derive(Default)]
pub struct ListCounts(Mutex<HashMap<String, u64>>);

impl ListCounts {
    /// Counts one list of `type_key` (lower-cased); past `COUNTED_TYPES` distinct types (a
    /// client inventing type names) new ones are not counted, so the map stays bounded.
    pub(crate) fn count(&self, type_key: &str) {
        let mut counts = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(type_key) {
            *count += 1;
        } else if counts.len() < COUNTED_TYPES {
            counts.insert(type_key.to_owned(), 1);
        }
    }

    /// Lists of `resource_type` (any casing) asked for so far, in every subscription.
    pub fn of(&self, resource_type: &str) -> u64 {
        let counts = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        counts
            .get(&resource_type.to_ascii_lowercase())
            .copied()
            .unwrap_or(0)
    }
}

impl Emulator {
    /// Wraps a store with its settings.
    pub fn new(store: Store, config: EmulatorConfig) -> Self {
        let dice = Dice::new(config.seed);
        Self {
            store,
            config,
            dice,
            query_results: ResultCache::default(),
            activity: ActivityLog::default(),
            lists: ListCounts::default(),
        }
    }
}

/// What a handler needs from the request besides the body.
pub struct Call<'a> {
    /// Query parameters (names lower-cased).
    pub query: HashMap<String, String>,
    /// `http://host:port` as the client reached us: the base of every link we hand out.
    pub base: String,
    /// The request path as sent.
    pub path: &'a str,
    /// The accepted api-version.
    pub api_version: String,
    /// When the request arrived.
    pub now: Instant,
    /// Who the bearer token acts as.
    pub caller: String,
    /// The request's correlation id (`x-ms-correlation-request-id`).
    pub correlation_id: String,
}

/// A JSON response.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    (status, axum::Json(body.clone())).into_response()
}

/// Results kept for paging.
const CACHED_RESULTS: usize = 32;

/// A query's full result, kept so later pages read it instead of running the query again
/// (as ARG's `$skipToken` refers to a continuation, not to a re-run).
#[derive(Default)]
pub struct ResultCache {
    next: AtomicU64,
    results: Mutex<VecDeque<(u64, Arc<Vec<Value>>)>>,
}

impl ResultCache {
    /// Keeps `rows` (dropping the oldest beyond `CACHED_RESULTS`) and answers its id.
    pub(crate) fn store(&self, rows: Arc<Vec<Value>>) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let mut results = self.results.lock().unwrap_or_else(PoisonError::into_inner);
        if results.len() >= CACHED_RESULTS {
            results.pop_front();
        }
        results.push_back((id, rows));
        id
    }

    /// The result kept as `id`, unless it has been dropped.
    pub(crate) fn get(&self, id: u64) -> Option<Arc<Vec<Value>>> {
        let results = self.results.lock().unwrap_or_else(PoisonError::into_inner);
        results
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, rows)| rows.clone())
    }
}
