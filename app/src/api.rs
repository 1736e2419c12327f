//! `#[server]` functions, one area per file. Each takes the `Backend` from context and calls one method.

mod actions;
mod graph;
mod lists;
mod status;

pub use actions::{
    Act, GetJobProgress, act, get_job_progress, get_plan, get_policies, get_report, list_audit,
    list_changes, list_findings, list_tokens,
};
pub use graph::{get_graph, get_graph_node};
pub use lists::{
    get_estate_history, get_overview, list_connections, list_endpoints, list_services,
};
pub use status::{
    GetStripStatus, RefreshInventory, current_status, get_resource, get_strip_status,
    refresh_inventory,
};
