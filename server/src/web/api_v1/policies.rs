//! `GET /api/v1/policies`: the approval policies in force and their verdicts on the current
//! Pending connections (dry-run or enforce).

use std::sync::Arc;

use app::model::PoliciesView;
use axum::{Json, extract::State};

use crate::service::policies as use_case;
use crate::views::ViewCache;

/// `GET /api/v1/policies`
#[utoipa::path(get, path = "/api/v1/policies", tag = "actions", responses((status = 200, body = PoliciesView, description = "The policies file in force (path, hash, mode), each policy with how many Pending connections it matches now, and each verdict with its evidence; `configured: false` without --policies")))]
pub async fn policies(State(views): State<Arc<ViewCache>>) -> Json<PoliciesView> {
    Json(use_case::view(&views.current()))
}
