//! The environment badge's data.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::Environment;

/// Where the dashboard's data comes from.
#[server(input = GetUrl, endpoint = "environment")]
pub async fn get_environment() -> Result<Environment, ServerFnError> {
    Ok(crate::backend::use_backend()?.environment())
}
