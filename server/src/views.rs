//! Views: filtering, sorting and paging of the list rows (pure functions over rows), shared by
//! `/api/v1` and the pages.

mod cache;
pub mod detail;
pub mod export;
pub mod findings;
pub mod graph_page;
pub mod overview;
mod query;
pub mod records;
pub mod rows;
pub mod search_text;
mod select;
#[cfg(test)]
pub(crate) mod test_support;

pub use cache::{ViewCache, Views, verdict_view};
pub use query::{ListQuery, QueryError, SortDirection};
pub use records::{ConnectionRecord, EndpointRecord};
pub use select::{Record, Row, Table, select};
