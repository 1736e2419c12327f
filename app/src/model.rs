//! Wire types the pages show: plain serde data, safe to compile to wasm.

mod action;
mod audit;
mod detail;
mod environment;
mod graph;
mod overview;
mod rows;

pub use action::{ActionPlan, ActionPreview, ActionReport, ActionResult, JobProgress};
pub use audit::AuditEntry;
pub use detail::{
    Prop, ResourceView, Section, SectionBody, Value, id_name, portal_url, resource_href,
};
pub use environment::{Environment, EnvironmentKind};
pub use graph::{
    GraphEdge, GraphNode, GraphView, GroupInfo, Lane, NodeFlag, NodeKind, chain_through,
};
pub use overview::{
    FindingView, Overview, SessionView, StatusView, SubscriptionOption, SubscriptionSummary,
    SyncView,
};
pub use rows::{
    ConnectionRow, ConsumerView, EndpointRow, Page, ServiceRow, StateCounts, age_label,
};
