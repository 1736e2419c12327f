//! Connection counts over time: `GET /api/v1/private-link-services/{id}/history` (one service;
//! its id percent-encoded as one path segment) and `GET /api/v1/history?subscription=…` (a
//! subscription's total; the estate's without `subscription`), JSON or CSV (`format=csv`).

use std::sync::Arc;

use app::model::{CountSeries, HistoryQuery};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

use crate::actions::ActionService;
use crate::arm::ResourceId;
use crate::service::history as use_case;
use crate::store::CountOf;
use crate::web::ApiError;
use crate::web::audit_query::unavailable;

/// `GET /api/v1/private-link-services/{id}/history`
#[utoipa::path(get, path = "/api/v1/private-link-services/{id}/history", tag = "history",
    params(
        ("id" = String, Path, description = "The private link service's id, percent-encoded as one segment (`%2Fsubscriptions%2F…`)"),
        ("from" = Option<String>, Query, description = "From (RFC 3339; default 30 days before `to`)"),
        ("to" = Option<String>, Query, description = "To (RFC 3339; default now)"),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`")),
    responses((status = 200, body = CountSeries, description = "Its connections by state over time: a step series whose first point is the level at `from`"),
        (status = 400, description = "Not a resource id, or a bad parameter, named in the message"),
        (status = 500, description = "The store failed (`AuditUnavailable`)")))]
pub async fn service(
    State(actions): State<Arc<ActionService>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let id = ResourceId::parse(&id).map_err(|e| ApiError::bad_query(format!("id: {e}")))?;
    let query = HistoryQuery::parse(raw.as_deref().unwrap_or_default())?;
    if query.subscription.is_some() {
        return Err(ApiError::bad_query(
            "subscription: a service's history is of that service; use /api/v1/history?subscription=… for a subscription's",
        ));
    }
    answer(&actions, &CountOf::Service(id.to_string()), &query).await
}

/// `GET /api/v1/history`
#[utoipa::path(get, path = "/api/v1/history", tag = "history",
    params(
        ("subscription" = Option<String>, Query, description = "The subscription whose total is asked for (default: every subscription's, added up)"),
        ("from" = Option<String>, Query, description = "From (RFC 3339; default 30 days before `to`)"),
        ("to" = Option<String>, Query, description = "To (RFC 3339; default now)"),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`")),
    responses((status = 200, body = CountSeries, description = "The subscription's (or the estate's) connections by state over time"),
        (status = 400, description = "A bad parameter, named in the message"),
        (status = 500, description = "The store failed (`AuditUnavailable`)")))]
pub async fn subscription(
    State(actions): State<Arc<ActionService>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = HistoryQuery::parse(raw.as_deref().unwrap_or_default())?;
    let of = match query.subscription.clone() {
        Some(subscription) => CountOf::Subscription(subscription),
        None => CountOf::Estate,
    };
    answer(&actions, &of, &query).await
}

async fn answer(
    actions: &ActionService,
    of: &CountOf,
    query: &HistoryQuery,
) -> Result<Response, ApiError> {
    let series = use_case::series(actions.store(), of, query, OffsetDateTime::now_utc())
        .await
        .map_err(unavailable)?;
    if query.csv {
        return Ok((
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            )],
            use_case::csv(&series),
        )
            .into_response());
    }
    Ok(axum::Json(series).into_response())
}
