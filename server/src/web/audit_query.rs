//! The audit's filters as a URL gives them (`AuditQuery` → the store's `AuditFilter`, naming a
//! bad value) and its records as the API and the Audit page show them (`entry`). Pure.

use app::model::{AuditEntry, Page};
use serde::Deserialize;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::store::{
    AuditAction, AuditFilter, AuditRecord, AuditResult, MAX_LIMIT, Store, StoreError,
};
use crate::web::ApiError;

/// The most records one export holds.
pub const MAX_EXPORT: usize = 100_000;

/// Filters of `GET /api/v1/audit`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Who acted (any case).
    pub actor: Option<String>,
    /// approve, reject or remove.
    pub action: Option<String>,
    /// succeeded, failed, skipped or reconciled.
    pub outcome: Option<String>,
    /// Subscription GUID.
    pub subscription: Option<String>,
    /// One connection's history (its id, any case).
    pub connection: Option<String>,
    /// From (RFC 3339).
    pub from: Option<String>,
    /// To (RFC 3339).
    pub to: Option<String>,
    /// Rows to skip.
    pub offset: Option<u32>,
    /// Rows to answer (default 50); like the lists, a limit outside 1–1,000 is refused.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// The store's filter from the query, naming a bad value.
pub fn filter(query: &AuditQuery) -> Result<AuditFilter, String> {
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let time = |name: &str, v: &Option<String>| {
        text(v)
            .map(|t| {
                OffsetDateTime::parse(&t, &Rfc3339).map_err(|_| {
                    format!("{name} '{t}' is not an RFC 3339 time such as 2026-11-26T09:00:00Z")
                })
            })
            .transpose()
    };
    Ok(AuditFilter {
        actor: text(&query.actor),
        action: text(&query.action)
            .map(|a| AuditAction::parse(&a).map_err(|e| e.to_string()))
            .transpose()?,
        result: text(&query.outcome)
            .map(|o| AuditResult::parse(&o).map_err(|e| e.to_string()))
            .transpose()?,
        subscription: text(&query.subscription),
        connection_id: text(&query.connection),
        from: time("from", &query.from)?,
        to: time("to", &query.to)?,
        open_only: false,
        offset: query.offset.unwrap_or(0),
        limit: limit(query.limit)?,
    })
}

/// The page size asked for (0: the store's default), refused outside 1–`MAX_LIMIT` as the lists
/// refuse it rather than silently clamped.
fn limit(asked: Option<u32>) -> Result<u32, String> {
    match asked {
        None => Ok(0),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(format!(
            "limit must be a whole number from 1 to {MAX_LIMIT}, got '{n}'"
        )),
    }
}

/// The store's filter for a raw query string (`actor=…&from=…`), naming a bad value.
pub fn parse(raw: &str) -> Result<AuditFilter, String> {
    let uri: axum::http::Uri = format!("/?{raw}")
        .parse()
        .map_err(|_| "the audit filters are not a valid query string".to_owned())?;
    let axum::extract::Query(query) =
        axum::extract::Query::<AuditQuery>::try_from_uri(&uri).map_err(|e| e.body_text())?;
    filter(&query)
}

/// Every record a raw query string's filters match (its page is ignored), newest first, for an
/// export; more than `MAX_EXPORT` is refused with a request to narrow the filters.
pub async fn every_entry(store: &Store, raw: &str) -> Result<Vec<AuditEntry>, ApiError> {
    let mut filter = parse(raw).map_err(ApiError::bad_query)?;
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
        groups: intent.groups.clone(),
        role: intent.role.clone(),
        auth_mode: intent.auth_mode.clone(),
        action: intent.action.as_str().to_owned(),
        connection_id: intent.connection_id.clone(),
        resource_id: intent.resource_id.clone(),
        subscription: intent.subscription.clone(),
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

    #[test]
    fn filters_are_read_and_bad_ones_named() {
        let query = AuditQuery {
            actor: Some(" alice ".into()),
            action: Some("Approve".into()),
            outcome: Some("failed".into()),
            from: Some("2026-11-26T09:00:00Z".into()),
            subscription: Some("".into()),
            ..AuditQuery::default()
        };
        let read = filter(&query).unwrap();
        assert_eq!(read.actor.as_deref(), Some("alice"));
        assert_eq!(read.action, Some(AuditAction::Approve));
        assert_eq!(read.result, Some(AuditResult::Failed));
        assert!(read.from.is_some() && read.to.is_none());
        assert_eq!(read.subscription, None, "a blank filter is no filter");

        let late = AuditQuery {
            from: Some("yesterday".into()),
            ..AuditQuery::default()
        };
        assert!(
            filter(&late)
                .unwrap_err()
                .contains("from 'yesterday' is not an RFC 3339 time")
        );
        let promote = AuditQuery {
            action: Some("promote".into()),
            ..AuditQuery::default()
        };
        assert!(filter(&promote).unwrap_err().contains("promote"));
    }

    #[test]
    fn a_limit_outside_one_to_a_thousand_is_refused_not_clamped() {
        let with = |limit| AuditQuery {
            limit: Some(limit),
            ..AuditQuery::default()
        };
        assert_eq!(filter(&AuditQuery::default()).unwrap().page_size(), 50);
        assert_eq!(filter(&with(1)).unwrap().limit, 1);
        assert_eq!(filter(&with(MAX_LIMIT)).unwrap().limit, MAX_LIMIT);
        for bad in [0, MAX_LIMIT + 1, 1_000_000_000] {
            let error = filter(&with(bad)).unwrap_err();
            assert_eq!(
                error,
                format!("limit must be a whole number from 1 to 1000, got '{bad}'")
            );
        }
    }
}
