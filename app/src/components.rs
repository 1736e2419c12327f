//! Shared widgets every page composes.

mod empty_state;
mod environment_badge;
mod error_list;
mod layout;
mod page_header;
pub mod theme;

pub use empty_state::EmptyState;
pub use environment_badge::EnvironmentBadge;
pub use error_list::ErrorList;
pub use layout::{Layout, NAV_ITEMS, NavItem};
pub use page_header::PageHeader;
pub use theme::ThemeToggle;
