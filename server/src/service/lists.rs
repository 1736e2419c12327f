//! The lists, one use case each for the REST API and the pages: a URL query string parsed
//! once into a `ListQuery`, one page of rows selected from the current views, and connections'
//! ages stamped at `now`. An actor limited to subscriptions (an API token made with
//! `--subscription`) sees only theirs: the query's subscriptions are narrowed to its scope.

use app::model::{ConnectionRow, EndpointRow, Page, ServiceRow};
use time::OffsetDateTime;

use crate::arm::ResourceId;
use crate::auth::TokenScope;
use crate::views::{ListQuery, QueryError, Record, Table, Views, rows};

/// A page of private link services for `query`.
pub fn services(
    views: &Views,
    query: &str,
    scope: &TokenScope,
) -> Result<Page<ServiceRow>, QueryError> {
    page(&views.services, query, scope)
}

/// A page of private endpoints for `query`.
pub fn endpoints(
    views: &Views,
    query: &str,
    scope: &TokenScope,
) -> Result<Page<EndpointRow>, QueryError> {
    page(&views.endpoints, query, scope)
}

/// A page of connections for `query`, each with its age at `now`.
pub fn connections(
    views: &Views,
    query: &str,
    scope: &TokenScope,
    now: OffsetDateTime,
) -> Result<Page<ConnectionRow>, QueryError> {
    let mut page = page(&views.connections, query, scope)?;
    rows::stamp_ages(&mut page.items, now);
    if !views.verdicts.is_empty() {
        for row in &mut page.items {
            row.policy = ResourceId::parse(&row.id)
                .ok()
                .and_then(|id| views.verdict(&id));
        }
    }
    Ok(page)
}

fn page<R: Record>(
    rows: &Table<R>,
    query: &str,
    scope: &TokenScope,
) -> Result<Page<R::Wire>, QueryError> {
    let mut query = ListQuery::parse(query)?;
    match scope.narrow(&query.subscriptions) {
        Some(subscriptions) => query.subscriptions = subscriptions,
        None => {
            return Ok(Page {
                items: Vec::new(),
                total: 0,
                offset: query.offset,
                limit: query.limit,
            });
        }
    }
    rows.select(&query)
}
