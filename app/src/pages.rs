//! One module per page of the main navigation, plus the 404 page.

mod audit;
mod changes;
mod confirm;
pub(crate) mod connections;
mod endpoints;
mod findings;
mod graph;
mod not_found;
mod notifications;
mod overview;
mod pending;
mod policies;
mod resource;
mod services;
mod sign_in;
mod tokens;

pub use audit::AuditPage;
pub use changes::ChangesPage;
pub use confirm::ConfirmPage;
pub use connections::ConnectionsPage;
pub use endpoints::EndpointsPage;
pub use findings::FindingsPage;
pub use graph::GraphPage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use pending::PendingPage;
pub use policies::PoliciesPage;
pub use resource::ResourcePage;
pub use services::ServicesPage;
pub use sign_in::{SIGN_IN_PATH, SignInPage};
