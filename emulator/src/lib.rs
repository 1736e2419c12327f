//! ARM emulator for Azure Private Link: an axum server speaking Azure Resource Manager's wire
//! protocol (paths, api-version, nextLink, 429 + Retry-After, long-running operations, ETags,
//! ARM error bodies) over a stateful estate of ARM JSON. It never uses the client's types.

pub mod api_version;
pub mod config;
pub mod error;
pub mod estate;
pub mod faults;
pub mod graph;
mod graph_api;
mod handlers;
pub mod paging;
pub mod path;
pub mod server;
pub mod store;

pub use config::EmulatorConfig;
pub use estate::{EstateDocument, EstateError};
pub use server::{Emulator, RunningEmulator, router, start};
pub use store::Store;
