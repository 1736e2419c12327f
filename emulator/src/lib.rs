//! ARM emulator for Azure Private Link: an axum server speaking Azure Resource Manager's wire
//! protocol (paths, api-version, nextLink, 429 + Retry-After, long-running operations, ETags,
//! ARM error bodies) over a stateful estate of ARM JSON. It never uses the client's types.

pub mod activity_log;
pub mod api_version;
pub mod config;
pub mod error;
pub mod estate;
pub mod faults;
pub mod generic_resources;
mod handlers;
pub mod kql;
pub mod paging;
pub mod path;
pub mod permissions;
mod resource_graph;
pub mod server;
pub mod state;
pub mod store;

pub use config::{EmulatorConfig, Token};
pub use estate::{EstateDocument, EstateError};
pub use server::{RunningEmulator, router, start};
pub use state::Emulator;
pub use store::Store;
