//! `Requester` as an axum extractor, so a REST handler takes who asks as an argument; the
//! pages' server functions build the same value from their request parts (`Requester::of`).

use axum::{extract::FromRequestParts, http::request::Parts};

use super::ApiError;
use crate::actions::Requester;
use crate::auth::AuthError;

impl<S: Send + Sync> FromRequestParts<S> for Requester {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Requester::of(parts).ok_or_else(|| super::session::refused(&AuthError::NotThroughProxy))
    }
}
