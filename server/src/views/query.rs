//! `ListQuery`: the filters, sort and page of a list — the one typed query of `app::model`,
//! re-exported where the views apply it (`select`, `export`).

pub use app::model::query::{ListQuery, QueryError, SortDirection};
