//! The inventory: what Link Center knows of the estate. A sync lists every readable subscription's
//! private link resources into an immutable `Snapshot` that replaces the last one atomically;
//! readers never wait on a sync.

pub mod apply;
mod census;
mod dns_reads;
pub mod fetch;
pub mod join;
pub mod offline;
pub mod parts;
pub mod pending_poll;
pub mod progress;
pub mod resource_graph;
pub mod service;
pub mod shared_ids;
pub mod snapshot;
pub mod sync;

pub use progress::{Progress, SyncProgress};
pub use service::InventoryService;
pub use snapshot::{Inventory, Snapshot, SubscriptionHealth, SubscriptionStatus};
