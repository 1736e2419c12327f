//! Wire types the pages show and the typed queries they are asked with (`query`): plain data,
//! safe to compile to wasm.

mod action;
mod audit;
mod audit_words;
mod change;
mod connection_key;
mod detail;
mod environment;
mod event;
mod graph;
mod graph_page;
mod notification;
mod overview;
mod policy;
pub mod query;
mod rows;
mod strip;
mod token;

pub use action::{ActionPlan, ActionPreview, ActionReport, ActionResult, JobProgress};
pub use audit::AuditEntry;
pub use audit_words::{AuditAction, AuditResult, UnknownWord};
pub use change::{ChangeEntry, ChangeKind, CountPoint, CountSeries, ESTATE};
pub use connection_key::{KEY_PREFIX, connection_key, is_key};
pub use detail::{
    Prop, ResourceView, Section, SectionBody, Value, id_name, portal_url, resource_href,
};
pub use environment::{Environment, EnvironmentKind};
pub use event::{ActionEvent, JobEvent, ResyncEvent, SnapshotEvent};
pub use graph::{
    GraphEdge, GraphNode, GraphView, GroupInfo, LINE_CHARS, Lane, LineRole, NodeFlag, NodeKind,
    NodeLine, baseline, chain_through, node_height, node_lines, wrap,
};
pub use graph_page::{
    GraphDrawing, GraphFinding, GraphPageView, GraphPanel, download_href, expand_href, node_href,
    scope_href,
};
pub use notification::{DeliveryView, NotificationTargetView, NotificationsView};
pub use overview::{
    FindingCount, FindingView, FindingsPage, Overview, SessionView, Severity, StatusView,
    SubscriptionOption, SubscriptionSummary, SyncView,
};
pub use policy::{
    PoliciesView, PolicyActionView, PolicyReloadView, PolicySummary, PolicyVerdictView,
};
pub use query::{
    AuditFilter, ChangeQuery, FindingQuery, GraphScope, HistoryQuery, ListQuery, QueryError,
    SortDirection,
};
pub use rows::{
    ConnectionRow, ConsumerView, EndpointRow, Page, ServiceRow, StateCounts, age_label,
};
pub use strip::{StripBanner, StripView, problem_sentence, problems_signature, sync_sentence};
pub use token::TokenView;
