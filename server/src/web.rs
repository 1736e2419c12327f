//! The axum side: shared state, the router, middleware, health endpoints and API errors.

mod api_error;
mod api_v1;
pub mod audit_query;
mod export;
mod guard;
mod health;
mod layers;
mod metrics;
mod requester;
mod router;
pub mod serve;
mod server_fns;
mod session;
pub mod sign_in;
pub mod site;
mod state;

pub use api_error::ApiError;
pub use router::router;
pub use state::{AppState, Readiness};

#[cfg(test)]
mod tests;
