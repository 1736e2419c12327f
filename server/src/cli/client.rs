//! `Client`: the CLI's HTTP client of a server's `/api/v1`, sending the token from
//! `LINKCENTER_TOKEN` as `Authorization: Bearer`, and `CliError`: what went wrong, worded for a
//! terminal (the server's own error message when it answered one).

use std::time::Duration;

use serde::de::DeserializeOwned;
use url::Url;

use super::args::ServerArgs;
use crate::config::Secret;

/// The environment variable holding the token (never a flag: flags show in process lists).
pub const TOKEN_VARIABLE: &str = "LINKCENTER_TOKEN";

/// How long one request may take (a bulk of actions answers with a job at once).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// A failed CLI command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A flag's value cannot be used.
    #[error("{0}")]
    Usage(String),
    /// The server could not be reached.
    #[error("cannot reach the Link Center server at {url}: {reason}")]
    Unreachable {
        /// The server.
        url: String,
        /// Why.
        reason: String,
    },
    /// The server refused, with its status and message.
    #[error("the server answered {status} {code}: {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The API's error code.
        code: String,
        /// Its message.
        message: String,
    },
    /// The answer was not what this version expects.
    #[error("the server's answer to {path} is not what this linkcenter expects: {reason}")]
    Unexpected {
        /// The request.
        path: String,
        /// Why.
        reason: String,
    },
    /// The store (token commands) failed.
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    /// `connections wait` saw nothing in time.
    #[error("{0}")]
    TimedOut(String),
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(String),
}

/// A server's API, as one caller.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    token: Option<Secret>,
}

impl Client {
    /// A client of the server `args` names, with the token from the environment.
    pub fn new(args: &ServerArgs) -> Result<Self, CliError> {
        let base = Url::parse(&args.server)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "--server '{}' is not an http(s) URL such as https://linkcenter.example.com",
                    args.server
                ))
            })?;
        let token = std::env::var(TOKEN_VARIABLE)
            .ok()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .map(Secret::new);
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("linkcenter-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CliError::Usage(e.to_string()))?;
        Ok(Self { http, base, token })
    }

    /// `GET path` (with its query), decoded.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, CliError> {
        self.send(self.http.get(self.url(path)?), path).await
    }

    /// `POST path` with a JSON body, decoded.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<T, CliError> {
        self.send(self.http.post(self.url(path)?).json(body), path)
            .await
    }

    fn url(&self, path: &str) -> Result<Url, CliError> {
        self.base
            .join(path)
            .map_err(|e| CliError::Usage(format!("bad request path {path}: {e}")))
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        path: &str,
    ) -> Result<T, CliError> {
        let request = match &self.token {
            Some(token) => request.bearer_auth(token.expose()),
            None => request,
        };
        let response = request.send().await.map_err(|e| CliError::Unreachable {
            url: self.base.to_string(),
            reason: crate::error_text::chain(&e),
        })?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| CliError::Unreachable {
            url: self.base.to_string(),
            reason: crate::error_text::chain(&e),
        })?;
        if !status.is_success() {
            return Err(refused(status.as_u16(), &body, self.token.is_some()));
        }
        serde_json::from_slice(&body).map_err(|e| CliError::Unexpected {
            path: path.to_owned(),
            reason: e.to_string(),
        })
    }
}

/// The error of a non-2xx answer: the API's `{"error": {code, message}}` when it sent one.
fn refused(status: u16, body: &[u8], had_token: bool) -> CliError {
    let error = serde_json::from_slice::<serde_json::Value>(body).ok();
    let field = |name: &str| {
        error
            .as_ref()
            .and_then(|e| e["error"][name].as_str())
            .map(str::to_owned)
    };
    let mut message = field("message")
        .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(300).collect());
    if status == 401 && !had_token {
        message.push_str(&format!(
            " (set {TOKEN_VARIABLE} to a token from `linkcenter token create`)"
        ));
    }
    CliError::Refused {
        status,
        code: field("code").unwrap_or_else(|| "Error".to_owned()),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_carries_the_api_message_and_a_hint_without_a_token() {
        let body = br#"{"error":{"code":"Unauthenticated","message":"not signed in"}}"#;
        let error = refused(401, body, false).to_string();
        assert!(
            error.contains("401 Unauthenticated: not signed in"),
            "{error}"
        );
        assert!(error.contains("LINKCENTER_TOKEN"), "{error}");
        let plain = refused(502, b"Bad Gateway", true).to_string();
        assert!(plain.contains("502 Error: Bad Gateway"), "{plain}");
    }

    #[test]
    fn a_server_that_is_not_a_url_is_refused() {
        let args = ServerArgs {
            server: "linkcenter:3000".into(),
            quiet: false,
        };
        assert!(matches!(Client::new(&args), Err(CliError::Usage(_))));
    }
}
