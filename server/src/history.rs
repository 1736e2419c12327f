//! History: what changed between syncs. `keys` takes from each snapshot what the change feed
//! compares, `diff` turns two syncs' keys into change events, `counts` counts connections by
//! state per service and subscription (all pure), and `recorder`
//! stores them after every sync, linked to the audit record when Link Center made the change,
//! and to the Activity Log's caller when someone else did (`activity`).

pub mod activity;
pub mod counts;
pub mod diff;
pub mod keys;
pub mod recorder;

pub use diff::{Change, diff};
pub use keys::{ConnectionKey, Connections, IdMap, Keys, ServiceKey};
pub use recorder::HistoryRecorder;
