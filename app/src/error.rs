//! `AppError`: why the server could not give a page what it asked for — the HTTP status the
//! request answers with (400 a bad parameter named in the message, 403, 404, 409, 429, 502
//! Azure refused, 503 the audit store unavailable) and the message the page shows, the same one
//! the API sends. The `Backend` answers it; server functions hand it on with `respond`.

/// An error with the status it answers with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// The HTTP status.
    pub status: u16,
    /// What the user reads.
    pub message: String,
}

impl AppError {
    /// An error answering `status`.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// 400: the request itself is wrong; the message names what.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }

    /// 503: the server cannot answer now (the audit store is unavailable).
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(503, message)
    }

    /// The server function error carrying the message, the status set on the response.
    #[cfg(feature = "ssr")]
    pub fn respond(self) -> leptos::prelude::ServerFnError {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
            && let Ok(status) = http::StatusCode::from_u16(self.status)
        {
            response.set_status(status);
        }
        leptos::prelude::ServerFnError::new(self.message)
    }
}

/// The message of a server function's error body as the browser receives it
/// (`ServerError|the message`), for the islands that call server functions with `fetch`.
pub fn server_fn_message(body: &str) -> String {
    body.split_once('|')
        .map_or(body, |(_, message)| message)
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_function_error_body_is_read_as_its_message() {
        assert_eq!(
            server_fn_message("ServerError|asked too recently: wait 20 s"),
            "asked too recently: wait 20 s"
        );
        assert_eq!(server_fn_message("plain words"), "plain words");
    }

    #[test]
    fn the_message_is_what_the_user_reads() {
        let error = AppError::unavailable("the audit database was deleted");
        assert_eq!(error.status, 503);
        assert_eq!(error.to_string(), "the audit database was deleted");
        assert_eq!(AppError::bad_request("x").status, 400);
    }
}
