//! `ArmClient`: sends requests with a bearer token, a cap on requests in flight, a read budget per
//! subscription, and retries with backoff that honour ARM's retry-after headers within a deadline.
//! Lists are streams of pages following `nextLink`; writes wait for their operations (`lro`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use futures::{Stream, TryStreamExt};
use reqwest::{Method, header::HeaderMap};
use serde::Serialize;
use serde_json::Value;
use tokio::sync::Semaphore;
use url::Url;

use super::{
    ArmError,
    auth::Authorizer,
    budget::Budgets,
    request::ArmRequest,
    retry::{RetryPolicy, is_retryable, retry_after},
};

/// How the client behaves.
#[derive(Clone, Debug)]
pub struct ClientSettings {
    /// ARM endpoint, e.g. `https://management.azure.com`.
    pub endpoint: Url,
    /// Requests in flight at once, across all subscriptions.
    pub max_in_flight: usize,
    /// Retry and deadline settings.
    pub retry: RetryPolicy,
    /// Read budget per subscription: burst size and refill per second.
    pub read_burst: u32,
    /// Reads per second refilled into each subscription's budget.
    pub reads_per_second: f64,
    /// Write budget per subscription (PUT, PATCH, POST, DELETE): burst size.
    pub write_burst: u32,
    /// Writes per second refilled into each subscription's write budget.
    pub writes_per_second: f64,
    /// Time one attempt may take.
    pub attempt_timeout: Duration,
    /// Time a long-running operation may take.
    pub operation_deadline: Duration,
}

impl ClientSettings {
    /// Requests in flight at once by default (`--max-in-flight`).
    pub const DEFAULT_MAX_IN_FLIGHT: usize = 32;

    /// Defaults for an endpoint: `DEFAULT_MAX_IN_FLIGHT`, ARM's 250/25 read and 200/10 write
    /// buckets.
    pub fn new(endpoint: Url) -> Self {
        Self {
            endpoint,
            max_in_flight: Self::DEFAULT_MAX_IN_FLIGHT,
            retry: RetryPolicy::default(),
            read_burst: 250,
            reads_per_second: 25.0,
            write_burst: 200,
            writes_per_second: 10.0,
            attempt_timeout: Duration::from_secs(60),
            operation_deadline: Duration::from_secs(600),
        }
    }
}

/// An answer from ARM (any status the caller decides on).
#[derive(Clone, Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// JSON body (`Null` when empty).
    pub body: Value,
    /// `x-ms-request-id`.
    pub request_id: Option<String>,
}

/// Counts of calls, for progress and benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CallCounts {
    /// HTTP requests sent.
    pub requests: u64,
    /// Attempts repeated after a retryable failure.
    pub retries: u64,
    /// 429 answers received.
    pub throttled: u64,
}

/// A cheaply cloneable ARM client.
#[derive(Clone, Debug)]
pub struct ArmClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    settings: ClientSettings,
    auth: Authorizer,
    in_flight: Semaphore,
    budgets: Budgets,
    write_budgets: Budgets,
    requests: AtomicU64,
    retries: AtomicU64,
    throttled: AtomicU64,
}

/// The most pages one list may have; more means a link loop.
const MAX_PAGES: usize = 100_000;

impl ArmClient {
    /// A client for `settings.endpoint` authenticating with `auth`.
    pub fn new(settings: ClientSettings, auth: Authorizer) -> Result<Self, ArmError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("linkcenter/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| ArmError::Transport {
                url: settings.endpoint.to_string(),
                message: e.to_string(),
            })?;
        let inner = Inner {
            http,
            in_flight: Semaphore::new(settings.max_in_flight.max(1)),
            budgets: Budgets::new(settings.read_burst, settings.reads_per_second),
            write_budgets: Budgets::new(settings.write_burst, settings.writes_per_second),
            settings,
            auth,
            requests: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            throttled: AtomicU64::new(0),
        };
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// The ARM endpoint.
    pub fn endpoint(&self) -> &Url {
        &self.inner.settings.endpoint
    }

    /// Calls made so far.
    pub fn counts(&self) -> CallCounts {
        CallCounts {
            requests: self.inner.requests.load(Ordering::Relaxed),
            retries: self.inner.retries.load(Ordering::Relaxed),
            throttled: self.inner.throttled.load(Ordering::Relaxed),
        }
    }

    /// GET of one resource.
    pub async fn get(&self, path: &str, api_version: &str) -> Result<Value, ArmError> {
        let request = ArmRequest::new(Method::GET, self.endpoint(), path, api_version)?;
        Ok(self.send(request).await?.body)
    }

    /// PUT of a JSON body, waiting for the operation when ARM answers 201/202 (Sql does);
    /// answers ARM's first answer.
    pub async fn put(
        &self,
        path: &str,
        api_version: &str,
        body: Value,
    ) -> Result<Answer, ArmError> {
        let request =
            ArmRequest::new(Method::PUT, self.endpoint(), path, api_version)?.with_body(body);
        self.send_and_wait(request).await
    }

    /// POST of a JSON body (Resource Graph queries).
    pub async fn post(
        &self,
        path: &str,
        api_version: &str,
        body: Value,
    ) -> Result<Value, ArmError> {
        let request =
            ArmRequest::new(Method::POST, self.endpoint(), path, api_version)?.with_body(body);
        Ok(self.send(request).await?.body)
    }

    /// The pages of a list, following `nextLink` until ARM gives none.
    pub fn pages(
        &self,
        path: &str,
        api_version: &str,
    ) -> impl Stream<Item = Result<Vec<Value>, ArmError>> + Send + 'static {
        let client = self.clone();
        let first = ArmRequest::new(Method::GET, self.endpoint(), path, api_version);
        futures::stream::try_unfold((Some(first), 0usize), move |(next, pages)| {
            let client = client.clone();
            async move {
                let Some(request) = next else { return Ok(None) };
                let request = request?;
                if pages >= MAX_PAGES {
                    return Err(ArmError::Decode {
                        url: request.url.to_string(),
                        message: format!("more than {MAX_PAGES} pages"),
                    });
                }
                let url = request.url.to_string();
                let answer = client.send(request).await?;
                let items = match answer.body.get("value") {
                    Some(Value::Array(items)) => items.clone(),
                    _ => {
                        return Err(ArmError::Decode {
                            url,
                            message: "a list answer without a `value` array".into(),
                        });
                    }
                };
                let next = answer.body["nextLink"]
                    .as_str()
                    .filter(|link| !link.is_empty())
                    .map(|link| ArmRequest::follow(client.endpoint(), link));
                Ok(Some((items, (next, pages + 1))))
            }
        })
    }

    /// Every item of a list.
    pub async fn list(&self, path: &str, api_version: &str) -> Result<Vec<Value>, ArmError> {
        let pages: Vec<Vec<Value>> = self.pages(path, api_version).try_collect().await?;
        Ok(pages.into_iter().flatten().collect())
    }

    /// Sends with retries; answers any 2xx, turns other statuses into `ArmError`s.
    #[tracing::instrument(skip(self, request), fields(method = %request.method, path = request.url.path()))]
    pub async fn send(&self, request: ArmRequest) -> Result<Answer, ArmError> {
        let started = Instant::now();
        let policy = &self.inner.settings.retry;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            // Paced like ARM's own buckets, so a long bulk job slows down instead of being
            // throttled.
            if let Some(subscription) = request.subscription() {
                let budgets = match request.method {
                    Method::GET | Method::HEAD => &self.inner.budgets,
                    _ => &self.inner.write_budgets,
                };
                budgets.acquire(&subscription).await;
            }
            let (asked, error) = match self.attempt(&request).await {
                Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer),
                Ok(answer) if is_retryable(answer.status) => {
                    let asked = retry_after(&answer.headers, SystemTime::now());
                    if answer.status == 429 {
                        self.inner.throttled.fetch_add(1, Ordering::Relaxed);
                        let error = ArmError::Throttled {
                            retry_after: asked,
                            attempts: attempt,
                            request_id: answer.request_id,
                        };
                        (asked, error)
                    } else {
                        (
                            asked,
                            ArmError::from_body(answer.status, &answer.body, answer.request_id),
                        )
                    }
                }
                Ok(answer) => {
                    return Err(ArmError::from_body(
                        answer.status,
                        &answer.body,
                        answer.request_id,
                    ));
                }
                Err(error @ ArmError::Transport { .. }) => (None, error),
                Err(error) => return Err(error),
            };
            if attempt >= policy.max_attempts {
                return Err(error);
            }
            let delay = policy.delay(attempt, asked, rand::random::<f64>());
            if started.elapsed() + delay > policy.deadline {
                return Err(match error {
                    throttled @ ArmError::Throttled { .. } => throttled,
                    other => ArmError::Deadline {
                        deadline: policy.deadline,
                        attempts: attempt,
                        last: other.to_string(),
                    },
                });
            }
            self.inner.retries.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying ARM call");
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(&self, request: &ArmRequest) -> Result<Answer, ArmError> {
        let _permit = self
            .inner
            .in_flight
            .acquire()
            .await
            .map_err(|_| ArmError::Transport {
                url: request.url.to_string(),
                message: "the client is shutting down".into(),
            })?;
        let token = self.inner.auth.token().await?;
        self.inner.requests.fetch_add(1, Ordering::Relaxed);
        let transport = |e: reqwest::Error| ArmError::Transport {
            url: request.url.to_string(),
            message: e.to_string(),
        };
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), request.url.clone())
            .bearer_auth(token.expose())
            .timeout(self.inner.settings.attempt_timeout);
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let request_id = headers
            .get("x-ms-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(transport)?;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            match serde_json::from_slice(&bytes) {
                Ok(body) => body,
                Err(_) if !(200..300).contains(&status) => Value::Null,
                Err(e) => {
                    return Err(ArmError::Decode {
                        url: request.url.to_string(),
                        message: e.to_string(),
                    });
                }
            }
        };
        Ok(Answer {
            status,
            headers,
            body,
            request_id,
        })
    }

    pub(super) fn operation_deadline(&self) -> Duration {
        self.inner.settings.operation_deadline
    }
}
