//! Shared widgets every page composes.

mod action_links;
mod action_report;
#[cfg(feature = "hydrate")]
mod browser_fetch;
mod chain_drawing;
mod count_chart;
mod empty_state;
mod environment_badge;
mod export_links;
mod filter_bar;
mod graph_figure;
mod layout;
mod list_view;
#[cfg(feature = "hydrate")]
mod live;
mod page_header;
mod pager;
mod property_list;
pub mod query;
mod resource_link;
mod resource_table;
mod state_badge;
mod state_legend;
mod status_strip;
pub mod theme;

pub use action_links::{action_links, allowed, confirm_href, may_act};
pub use action_report::ActionReportPanel;
#[cfg(feature = "ssr")]
pub use chain_drawing::svg_document;
pub use chain_drawing::{ChainDrawing, LEGEND_HEIGHT};
pub use count_chart::{MAX_STEPS, TABLE_ROWS, count_chart};
pub use empty_state::EmptyState;
pub use environment_badge::EnvironmentBadge;
pub use export_links::ExportLinks;
pub use filter_bar::{FilterBar, SubscriptionSelect, state_select};
pub use graph_figure::{GraphFigure, MiniGraph, ZoomTools};
pub use layout::{Layout, NAV_ITEMS, NavItem};
pub use list_view::{Empty, error_message, list_view};
pub use page_header::PageHeader;
pub use pager::Pager;
pub use property_list::PropertyList;
pub use resource_link::{PortalLink, ResourceLink, id_name, resource_link};
pub use resource_table::{Column, ResourceTable, plain_table};
pub use state_badge::{StateBadge, state_badge};
pub use state_legend::StateLegend;
pub use status_strip::{ServerStatus, StatusStrip, SyncBanner, provide_status, use_status};
pub use theme::ThemeToggle;
