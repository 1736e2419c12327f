//! One module per page of the main navigation, plus the 404 page.

mod audit;
mod confirm;
pub(crate) mod connections;
mod endpoints;
mod graph;
mod not_found;
mod overview;
mod pending;
mod resource;
mod services;

pub use audit::AuditPage;
#[cfg(feature = "ssr")]
pub use audit::{audit_row_html, history_html};
pub use confirm::ConfirmPage;
#[cfg(feature = "ssr")]
pub use confirm::plan_html;
pub use connections::ConnectionsPage;
#[cfg(feature = "ssr")]
pub use connections::{connection_row_html, connections_table_html};
pub use endpoints::EndpointsPage;
#[cfg(feature = "ssr")]
pub use endpoints::endpoint_row_html;
pub use graph::GraphPage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
#[cfg(feature = "ssr")]
pub use overview::overview_html;
pub use pending::PendingPage;
pub use resource::ResourcePage;
#[cfg(feature = "ssr")]
pub use resource::connections_as_markup;
pub use services::ServicesPage;
#[cfg(feature = "ssr")]
pub use services::service_row_html;
