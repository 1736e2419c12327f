//! The Azure Resource Manager client: request building (pure) → authorization → retry and
//! throttling → transport; lists as streams following `nextLink`; long-running operations;
//! typed resources decoded tolerantly; `ResourceId`, the case-insensitive id every join uses.

pub mod models;
pub mod resource_id;

pub use resource_id::{ResourceId, ResourceIdError};
