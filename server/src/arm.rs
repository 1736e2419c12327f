//! The Azure Resource Manager client: request building (pure) → authorization → retry and
//! throttling → transport; lists as streams following `nextLink`; long-running operations;
//! typed resources decoded tolerantly; `ResourceId`, the case-insensitive id every join uses.

pub mod auth;
pub mod budget;
pub mod client;
pub mod error;
mod lro;
pub mod models;
pub mod request;
pub mod resource_id;
pub mod retry;

pub use auth::Authorizer;
pub use client::{Answer, ArmClient, CallCounts, ClientSettings};
pub use error::ArmError;
pub use resource_id::{IdPool, ResourceId, ResourceIdError};
