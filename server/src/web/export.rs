//! `GET /export/{list}.{csv|json}?<filters>`: the download behind each list's Export links, and
//! the Audit and Changes pages' (`/export/audit.csv`, `/export/changes.csv`). The filters are the page's own query, so the file
//! holds exactly the rows of the view (all pages of it). A bad filter answers 400 with the
//! message, like the page.

use std::sync::Arc;

use app::model::ListQuery;
use axum::{
    extract::{Path, RawQuery, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use time::OffsetDateTime;

use super::ApiError;
use super::audit_query;
use crate::actions::ActionService;
use crate::views::export::{self, Export, ExportError, Format};
use crate::views::{Record, Table, ViewCache};

/// Serves one export.
pub async fn export(
    State(views): State<Arc<ViewCache>>,
    State(actions): State<Arc<ActionService>>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (list, extension) = file.rsplit_once('.').ok_or_else(|| not_found(&file))?;
    let format = Format::from_extension(extension).ok_or_else(|| not_found(&file))?;
    let raw = raw.unwrap_or_default();
    let body = if list == "audit" {
        let entries = audit_query::every_entry(actions.store(), &raw).await?;
        export::write(&entries, format).map_err(bad)?
    } else if list == "changes" {
        let changes = every_change(actions.store(), &raw).await?;
        export::write(&changes, format).map_err(bad)?
    } else if list == "findings" {
        let query = app::model::FindingQuery::parse(&raw)?;
        let current = views.current();
        let findings =
            crate::views::findings::views(&current.snapshot, &query, &crate::auth::TokenScope::All)
                .map_err(|e| ApiError::bad_query(e.to_string()))?;
        export::write(&findings, format).map_err(bad)?
    } else {
        let query = ListQuery::parse(&raw)?;
        let current = views.current();
        match list {
            "private-link-services" => rows(&current.services, &query, format),
            "private-endpoints" => rows(&current.endpoints, &query, format),
            "connections" => rows(&current.connections, &query, format),
            _ => return Err(not_found(&file)),
        }
        .map_err(bad)?
    };
    let stamp = OffsetDateTime::now_utc();
    let name = format!(
        "{list}-{:04}{:02}{:02}-{:02}{:02}.{}",
        stamp.year(),
        u8::from(stamp.month()),
        stamp.day(),
        stamp.hour(),
        stamp.minute(),
        extension.to_ascii_lowercase()
    );
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

/// Every change a raw query's filters match (its page ignored), newest first; more than
/// `MAX_EXPORT` is refused with a request to narrow the filters.
async fn every_change(
    store: &crate::store::Store,
    raw: &str,
) -> Result<Vec<app::model::ChangeEntry>, ApiError> {
    let mut query = app::model::ChangeQuery::parse(raw)?;
    query.limit = crate::store::MAX_LIMIT;
    query.offset = 0;
    let mut changes = Vec::new();
    loop {
        let page = crate::service::changes::page(store, &query)
            .await
            .map_err(audit_query::unavailable)?;
        if page.total > audit_query::MAX_EXPORT {
            return Err(ApiError::bad_query(format!(
                "{} changes match: one export holds at most {}; narrow the filters",
                page.total,
                audit_query::MAX_EXPORT
            )));
        }
        let got = page.items.len();
        changes.extend(page.items);
        if got < crate::store::MAX_LIMIT as usize || changes.len() >= page.total {
            return Ok(changes);
        }
        query.offset += crate::store::MAX_LIMIT;
    }
}

fn rows<R: Record<Wire: Export>>(
    all: &Table<R>,
    query: &ListQuery,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    let matching = export::matching(all, query)?;
    export::write(&matching, format)
}

/// An export's failure at the edge: a bad filter is 400, a failed write 500.
pub(crate) fn bad(error: ExportError) -> ApiError {
    let status = match error {
        ExportError::Query(_) => StatusCode::BAD_REQUEST,
        ExportError::Write(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    ApiError {
        status,
        code: if status == StatusCode::BAD_REQUEST {
            "BadQuery"
        } else {
            "ExportFailed"
        },
        message: error.to_string(),
    }
}

fn not_found(file: &str) -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        code: "NotFound",
        message: format!(
            "no export '{file}': use private-link-services, private-endpoints, connections, audit or changes with .csv or .json"
        ),
    }
}
