//! Serving connections with limits a slow or idle client cannot outlast: hyper's HTTP/1.1 with a
//! header-read timeout (hyper starts it whenever it waits for a request head, so it also closes
//! new and keep-alive connections left idle), each connection given its peer address
//! (`ConnectInfo`), and a graceful shutdown that lets requests in flight finish within a bound.
//! axum's own `serve` sets no timer, so hyper's timeouts never fire there; and its HTTP/2
//! detection waits for a first byte without any timeout. Browsers speak HTTP/2 only over TLS,
//! which a proxy in front ends, so plain-text HTTP/2 is not offered.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;

use axum::{Router, extract::ConnectInfo};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long requests in flight may run on after shutdown was asked for.
const DRAIN_WITHIN: Duration = Duration::from_secs(30);

/// Serves `router` on `listener` until `shutdown` completes. `header_read_timeout` bounds how
/// long a client may take to send a request's head, and how long a connection may stay idle.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = router
            .clone()
            .map_request(move |mut request: hyper::Request<Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                request
            });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN_WITHIN) => {
            tracing::warn!(seconds = DRAIN_WITHIN.as_secs(), "requests still running at shutdown were cut off");
        }
    }
    Ok(())
}
