//! Client errors of the server functions (`/api/act`, `/api/refresh`, …) answered as such.
//! server_fn 0.8 reads a body up to axum's 2 MB default and answers every failure with 500 (its
//! `Res::error_response` has one status; a plain form post gets a 302 to the `Referer`
//! instead): a body too large, a field missing. Over the server functions' paths only, this
//! buffers the body up to `MAX_BODY` before Leptos reads it (413 beyond, from `Content-Length`
//! or while reading) and turns server_fn's errors decoding the arguments into 400.
//!
//! Done here rather than with an error type of our own carrying a status (server_fn's
//! `FromServerFnError`): no `#[server]` signature changes, and it also covers the body limit,
//! which no error type can. Answers keep server_fn's error protocol (the `serverfnerror` header
//! and a `Kind|message` text body), so the browser's server-function client still decodes them.

use std::collections::HashSet;
use std::sync::OnceLock;
use std::time::Duration;

use axum::{
    body::{Body, BodyDataStream, to_bytes},
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::Response,
};
use futures::StreamExt;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// The largest body a server function accepts: a bulk confirmation of 1,000 ids is ~250 KB.
pub const MAX_BODY: usize = 1 << 20;

/// The middleware: the body limit before a server function runs, the 400s after.
pub async fn client_errors(request: Request, next: Next) -> Response {
    if !is_server_fn(request.uri().path()) {
        return next.run(request).await;
    }
    match buffered(request).await {
        Ok(request) => argument_errors(next.run(request).await).await,
        Err(response) => *response,
    }
}

/// Whether `path` is a registered server function's.
fn is_server_fn(path: &str) -> bool {
    static PATHS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    PATHS
        .get_or_init(|| {
            leptos::server_fn::axum::server_fn_paths()
                .map(|(path, _)| path)
                .collect()
        })
        .contains(path)
}

/// The request with its body read into memory, or the 413 (or 400) to answer instead.
async fn buffered(request: Request) -> Result<Request, Box<Response>> {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
    let mut chunks = body.into_data_stream();
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        linger(chunks);
        return Err(Box::new(too_large(path)));
    }
    let mut data = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|error| {
            Box::new(error_response(
                StatusCode::BAD_REQUEST,
                path,
                "Deserialization",
                &format!("the request body could not be read: {error}"),
            ))
        })?;
        if data.len() + chunk.len() > MAX_BODY {
            linger(chunks);
            return Err(Box::new(too_large(path)));
        }
        data.extend_from_slice(&chunk);
    }
    Ok(Request::from_parts(parts, Body::from(data)))
}

/// How much more of a refused body is read (and dropped), and for how long.
const LINGER_BYTES: usize = 16 << 20;
const LINGER_TIME: Duration = Duration::from_secs(5);

/// Reads the rest of a refused body in the background, up to `LINGER_BYTES` or `LINGER_TIME`:
/// a connection closed with data still unread is reset, and a client still sending its body
/// would then lose the 413 (a lingering close, as nginx does). Beyond that the connection is
/// simply closed.
fn linger(mut chunks: BodyDataStream) {
    tokio::spawn(async move {
        let drain = async {
            let mut read = 0;
            while let Some(Ok(chunk)) = chunks.next().await {
                read += chunk.len();
                if read > LINGER_BYTES {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(LINGER_TIME, drain).await;
    });
}

/// server_fn's answer to arguments it could not decode, with status 400 (and no redirect).
async fn argument_errors(response: Response) -> Response {
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An error body is one short message; anything else is answered as it is not.
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if is_argument_error(&bytes) {
        parts.status = StatusCode::BAD_REQUEST;
        parts.headers.remove(header::LOCATION);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether server_fn's encoded error (`Kind|message`) says the request's arguments were bad:
/// a field missing or of the wrong shape (`Args`, `MissingArg`) or a body that is not text
/// (`Deserialization`).
fn is_argument_error(body: &[u8]) -> bool {
    ["Args|", "MissingArg|", "Deserialization|"]
        .iter()
        .any(|kind| body.starts_with(kind.as_bytes()))
}

fn too_large(path: &str) -> Response {
    error_response(
        StatusCode::PAYLOAD_TOO_LARGE,
        path,
        "ServerError",
        &format!("the request body is larger than 1 MiB ({MAX_BODY} bytes)"),
    )
}

/// An error as server_fn writes one, so that its client decodes it.
fn error_response(status: StatusCode, path: &str, kind: &str, message: &str) -> Response {
    let mut response = Response::new(Body::from(format!("{kind}|{message}")));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if let Ok(path) = HeaderValue::from_str(path) {
        headers.insert(SERVER_FN_ERROR_HEADER, path);
    }
    response
}

#[cfg(test)]
mod tests {
    use axum::{Router, routing::post};
    use tower::ServiceExt;

    use super::*;

    /// A router whose one route stands in for a server function: it echoes the body's length.
    fn app() -> Router {
        async fn length(body: axum::body::Bytes) -> String {
            body.len().to_string()
        }
        Router::new()
            .route("/echo", post(length))
            .layer(axum::middleware::from_fn(
                |request: Request, next: Next| async move {
                    match buffered(request).await {
                        Ok(request) => next.run(request).await,
                        Err(response) => *response,
                    }
                },
            ))
    }

    #[tokio::test]
    async fn a_streamed_body_over_the_limit_is_refused_while_it_is_read() {
        let chunk = axum::body::Bytes::from(vec![b'a'; 64 * 1024]);
        let chunks = (0..17).map(move |_| Ok::<_, std::io::Error>(chunk.clone()));
        let request = Request::post("/echo")
            .body(Body::from_stream(futures::stream::iter(chunks)))
            .unwrap();
        let response = app().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let body = to_bytes(response.into_body(), MAX_BODY).await.unwrap();
        assert!(String::from_utf8_lossy(&body).contains("1 MiB"));
    }

    #[tokio::test]
    async fn a_body_within_the_limit_reaches_the_handler_whole() {
        let chunk = axum::body::Bytes::from(vec![b'a'; 64 * 1024]);
        let chunks = (0..16).map(move |_| Ok::<_, std::io::Error>(chunk.clone()));
        let request = Request::post("/echo")
            .body(Body::from_stream(futures::stream::iter(chunks)))
            .unwrap();
        let response = app().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body = to_bytes(response.into_body(), 64).await.unwrap();
        assert_eq!(&body[..], MAX_BODY.to_string().as_bytes());
    }

    #[test]
    fn only_errors_decoding_the_arguments_are_the_client_s() {
        assert!(is_argument_error(b"Args|missing field `description`"));
        assert!(is_argument_error(b"MissingArg|ids"));
        assert!(!is_argument_error(b"ServerError|the backend is down"));
    }
}
