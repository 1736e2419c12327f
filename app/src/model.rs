//! Wire types the pages show: plain serde data, safe to compile to wasm.

mod environment;
mod overview;
mod rows;

pub use environment::{Environment, EnvironmentKind};
pub use overview::{FindingView, Overview, SubscriptionSummary, SyncView};
pub use rows::{ConnectionRow, ConsumerView, EndpointRow, Page, ServiceRow, StateCounts};
