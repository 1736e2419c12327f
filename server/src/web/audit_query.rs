//! The audit's filters as a URL gives them (`app::model::AuditFilter`, the one parser, naming a
//! bad value) read into the store's filter, and its records as the API and the Audit page show
//! them (`entry`). Pure but for `every_entry` and `page`, which read the store.

use app::model::{AuditEntry, Page, QueryError};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::store::{AuditFilter, AuditRecord, MAX_LIMIT, Store, StoreError};
use crate::web::ApiError;

/// The most records one export holds.
pub const MAX_EXPORT: usize = 100_000;

/// The store's filter for a typed audit query.
pub fn filter(query: &app::model::AuditFilter) -> AuditFilter {
    AuditFilter {
        actor: query.actor.clone(),
        action: query.action,
        result: query.outcome,
        subscriptions: query.subscriptions.clone(),
        connection_id: query.connection.clone(),
        from: query.from,
        to: query.to,
        open_only: false,
        offset: query.offset,
        limit: query.limit,
    }
}

/// The store's filter for a raw query string (`actor=…&from=…`), naming a bad value.
pub fn parse(raw: &str) -> Result<AuditFilter, QueryError> {
    app::model::AuditFilter::parse(raw).map(|query| filter(&query))
}

/// Every record a raw query string's filters match (its page is ignored), newest first, for an
/// export; more than `MAX_EXPORT` is refused with a request to narrow the filters.
pub async fn every_entry(store: &Store, raw: &str) -> Result<Vec<AuditEntry>, ApiError> {
    let mut filter = parse(raw)?;
    filter.limit = MAX_LIMIT;
    filter.offset = 0;
    let mut entries = Vec::new();
    loop {
        let page = store.query(&filter).await.map_err(unavailable)?;
        if usize::try_from(page.total).unwrap_or(usize::MAX) > MAX_EXPORT {
            return Err(ApiError::bad_query(format!(
                "{} records match: one export holds at most {MAX_EXPORT}; narrow the filters",
                page.total
            )));
        }
        let got = page.items.len();
        entries.extend(page.items.iter().map(entry));
        if got < MAX_LIMIT as usize || entries.len() as u64 >= page.total {
            return Ok(entries);
        }
        filter.offset += MAX_LIMIT;
    }
}

/// A page of the records `filter` matches, as the API and the Audit page show them.
pub async fn page(store: &Store, filter: &AuditFilter) -> Result<Page<AuditEntry>, StoreError> {
    let page = store.query(filter).await?;
    Ok(Page {
        total: usize::try_from(page.total).unwrap_or(usize::MAX),
        offset: filter.offset as usize,
        limit: filter.page_size() as usize,
        items: page.items.iter().map(entry).collect(),
    })
}

/// The API's answer when the audit store fails.
pub fn unavailable(error: StoreError) -> ApiError {
    ApiError {
        status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        code: "AuditUnavailable",
        message: error.to_string(),
    }
}

/// A record as the API and the Audit page show it.
pub fn entry(record: &AuditRecord) -> AuditEntry {
    let stamp = |t: OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    let intent = &record.intent;
    let outcome = record.outcome.as_ref();
    AuditEntry {
        id: record.id.0,
        at: stamp(intent.at),
        actor: intent.actor.clone(),
        email: intent.email.clone(),
        subject: intent.subject.clone(),
        groups: intent.groups.clone(),
        role: intent.role.clone(),
        auth_mode: intent.auth_mode.clone(),
        action: intent.action.as_str().to_owned(),
        connection_id: intent.connection_id.clone(),
        resource_id: intent.resource_id.clone(),
        subscription: intent.subscription.clone(),
        consumer: intent.consumer.clone(),
        evidence: intent.evidence.clone(),
        previous_state: intent.previous_state.clone(),
        requested_state: intent.requested_state.clone(),
        description: intent.description.clone(),
        client_ip: intent.client_ip.clone(),
        request_id: intent.request_id.clone(),
        outcome: outcome.map(|o| o.result.as_str().to_owned()),
        outcome_message: outcome.map(|o| o.message.clone()),
        completed_at: outcome.map(|o| stamp(o.at)),
        final_state: outcome.and_then(|o| o.final_state.clone()),
        arm_request_id: outcome.and_then(|o| o.arm_request_id.clone()),
        arm_correlation_id: outcome.and_then(|o| o.arm_correlation_id.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AuditAction, AuditResult};

    #[test]
    fn the_store_filter_is_the_query_read() {
        let read = parse(
            "actor=+alice+&action=Approve&outcome=failed&from=2026-11-26T09:00:00Z&subscription=",
        )
        .unwrap();
        assert_eq!(read.actor.as_deref(), Some("alice"));
        assert_eq!(read.action, Some(AuditAction::Approve));
        assert_eq!(read.result, Some(AuditResult::Failed));
        assert!(read.from.is_some() && read.to.is_none());
        assert!(read.subscriptions.is_empty(), "a blank filter is no filter");
        assert!(
            parse("from=yesterday")
                .unwrap_err()
                .to_string()
                .contains("from 'yesterday' is not an RFC 3339 time")
        );
        assert!(
            parse("action=promote")
                .unwrap_err()
                .to_string()
                .contains("promote")
        );
    }

    #[test]
    fn a_limit_outside_one_to_a_thousand_is_refused_not_clamped() {
        assert_eq!(parse("").unwrap().page_size(), 50);
        assert_eq!(parse("limit=1").unwrap().limit, 1);
        assert_eq!(
            parse(&format!("limit={MAX_LIMIT}")).unwrap().limit,
            MAX_LIMIT
        );
        for bad in [0, MAX_LIMIT + 1, 1_000_000_000] {
            assert_eq!(
                parse(&format!("limit={bad}")).unwrap_err().to_string(),
                format!("limit must be a whole number from 1 to 1000, got '{bad}'")
            );
        }
    }
}
