//! Views: filtering, sorting and paging of the list rows (pure functions over rows), shared by
//! `/api/v1` and the pages.

pub mod overview;
mod query;
pub mod rows;
mod select;

pub use query::{ListQuery, QueryError, SortDirection};
pub use select::{Row, select};
