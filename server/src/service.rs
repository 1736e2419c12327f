//! The application layer: use cases the REST handlers (`web/`) and the pages' `Backend` both
//! call, each taking typed input and an `Actor` and answering a typed error that knows its HTTP
//! status. One use case, two adapters.

pub mod changes;
pub mod history;
pub mod lists;
pub mod policies;
mod sync;
pub mod tokens;

pub use policies::PolicyEnforcer;
pub use sync::{SyncError, SyncRequests};
