//! Approve, reject and remove private endpoint connections: the only writes Link Center makes
//! to Azure. `ActionService::run` holds the connection (`locks`), re-reads it, checks the change
//! against the state the user saw (`rules`: ARM offers no If-Match here, so the check is ours),
//! records the intent in the audit store, calls ARM (PUT for approve and reject, DELETE polled
//! to its end for remove), records the outcome with ARM's request ids, then re-reads the
//! connection and updates the snapshot so pages show the new state at once. `start_bulk` runs
//! many as a job (`jobs`), one failure never stopping the others. `reconcile` settles intents a
//! crash left without an outcome.

mod description;
mod error;
mod jobs;
mod kinds;
mod locks;
mod reconcile;
mod requester;
mod rules;
mod selection;
mod service;

pub use description::{MAX_DESCRIPTION, validate_description};
pub use error::ActionError;
pub use jobs::JobView;
pub use kinds::{api_version, is_connection, supported};
pub use requester::Requester;
pub use rules::{Decision, decide};
pub use selection::{MAX_BULK, matching, select};
pub use service::{
    AWAITING_SECOND_APPROVER, ActionOutcome, ActionRequest, ActionService, Activity, BulkItem,
    BulkResult,
};
