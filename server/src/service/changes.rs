//! The change feed's use case: a page of changes for a typed query, as `GET /api/v1/changes`
//! and the Changes page (and a connection's page) show it.

use app::model::{ChangeEntry, ChangeQuery, Page};

use crate::store::{ChangeFilter, Store, StoreError};

/// The store's filter for a typed query.
pub fn filter(query: &ChangeQuery) -> ChangeFilter {
    ChangeFilter {
        subscriptions: query.subscriptions.clone(),
        service: query.service.clone(),
        connection: query.connection.clone(),
        kinds: query.kinds.clone(),
        who: query.who.clone(),
        from: query.from,
        to: query.to,
        offset: query.offset,
        limit: query.limit,
    }
}

/// The page of changes `query` asks for, newest first.
pub async fn page(store: &Store, query: &ChangeQuery) -> Result<Page<ChangeEntry>, StoreError> {
    let found = store.changes(&filter(query)).await?;
    Ok(Page {
        total: usize::try_from(found.total).unwrap_or(usize::MAX),
        offset: query.offset as usize,
        limit: query.limit as usize,
        items: found.items,
    })
}
