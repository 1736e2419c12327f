//! Long-running operations, the one helper every write goes through: when ARM answers 201/202 it
//! polls `Azure-AsyncOperation` (else `Location`), waiting as long as `Retry-After` asks, until
//! the operation ends or its deadline passes. Which URL, how long to wait and what a poll's answer
//! means are pure functions here; `ArmClient::wait` only loops over them.

use std::time::{Duration, Instant, SystemTime};

use reqwest::{Method, header::HeaderMap};
use serde_json::Value;

use super::{
    ArmError,
    client::{Answer, ArmClient},
    request::ArmRequest,
    retry::retry_after,
};

/// Wait between polls when ARM does not say.
const DEFAULT_POLL: Duration = Duration::from_secs(1);
/// Longest wait between polls.
const MAX_POLL: Duration = Duration::from_secs(30);

/// Where a running operation is polled, which decides how its answers read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollUrl {
    /// `Azure-AsyncOperation`: answers a body `{"status": …}` until the status is terminal.
    AsyncOperation(String),
    /// `Location`: answers 202 while running, then the result (200, 204).
    Location(String),
}

/// What one poll says about the operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Not done yet: poll again.
    Running,
    /// Done.
    Succeeded,
    /// Ended `Failed` or `Canceled`, or answered what no operation answers.
    Failed(ArmError),
}

impl PollUrl {
    /// The URL to poll after an answer: `Azure-AsyncOperation` before `Location`, and only when
    /// the answer started an operation (201/202); `None` when the answer is already the end.
    pub fn of(status: u16, headers: &HeaderMap) -> Option<Self> {
        if !matches!(status, 201 | 202) {
            return None;
        }
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        header("azure-asyncoperation")
            .map(Self::AsyncOperation)
            .or_else(|| header("location").map(Self::Location))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        match self {
            Self::AsyncOperation(url) | Self::Location(url) => url,
        }
    }

    /// What a poll answered with `status` and `body` says. (Error statuses never get here: the
    /// client turns them into `ArmError`s, which end the wait.)
    pub fn progress(&self, status: u16, body: &Value) -> Progress {
        let Self::AsyncOperation(url) = self else {
            return match status {
                202 => Progress::Running,
                _ => Progress::Succeeded,
            };
        };
        let Some(state) = body["status"].as_str() else {
            return Progress::Failed(ArmError::Decode {
                url: url.clone(),
                message: "an operation status without `status`".into(),
            });
        };
        if state.eq_ignore_ascii_case("Succeeded") {
            Progress::Succeeded
        } else if state.eq_ignore_ascii_case("Failed") || state.eq_ignore_ascii_case("Canceled") {
            let error = &body["error"];
            Progress::Failed(ArmError::OperationFailed {
                status: state.to_owned(),
                code: error["code"].as_str().unwrap_or("Unknown").to_owned(),
                message: error["message"].as_str().unwrap_or("no message").to_owned(),
            })
        } else {
            // InProgress, and the provisioning states some providers answer (Deleting, …).
            Progress::Running
        }
    }
}

/// The wait before the next poll — what the answer's retry-after headers ask (at most 30 s),
/// else 1 s — or `None` when that poll would come after the `left` time has run out.
pub fn next_poll(headers: &HeaderMap, now: SystemTime, left: Duration) -> Option<Duration> {
    let wait = retry_after(headers, now)
        .unwrap_or(DEFAULT_POLL)
        .min(MAX_POLL);
    (wait <= left).then_some(wait)
}

impl ArmClient {
    /// Sends a write and, when it starts an operation, waits for that to end. Answers ARM's
    /// first answer, whose request id is the one to quote.
    pub async fn send_and_wait(&self, request: ArmRequest) -> Result<Answer, ArmError> {
        let answer = self.send(request).await?;
        self.wait(&answer).await?;
        Ok(answer)
    }

    /// DELETE, waiting for the operation when ARM answers 201/202; answers ARM's first answer.
    pub async fn delete(&self, path: &str, api_version: &str) -> Result<Answer, ArmError> {
        let request = ArmRequest::new(Method::DELETE, self.endpoint(), path, api_version)?;
        self.send_and_wait(request).await
    }

    /// Polls the operation an answer started until it ends, within the client's operation
    /// deadline; returns the last poll's body (the answer's own when it started none).
    #[tracing::instrument(skip_all, fields(status = started.status))]
    pub async fn wait(&self, started: &Answer) -> Result<Value, ArmError> {
        let Some(url) = PollUrl::of(started.status, &started.headers) else {
            return Ok(started.body.clone());
        };
        let limit = self.operation_deadline();
        let deadline = Instant::now() + limit;
        let mut next = next_poll(&started.headers, SystemTime::now(), limit);
        let mut polls = 0u32;
        while let Some(wait) = next {
            tokio::time::sleep(wait).await;
            let poll = self
                .send(ArmRequest::follow(self.endpoint(), url.as_str())?)
                .await?;
            polls += 1;
            match url.progress(poll.status, &poll.body) {
                Progress::Succeeded => return Ok(poll.body),
                Progress::Failed(error) => return Err(error),
                Progress::Running => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    next = next_poll(&poll.headers, SystemTime::now(), left);
                    tracing::debug!(
                        polls,
                        next_ms = next.map(|w| w.as_millis() as u64),
                        "operation still running"
                    );
                }
            }
        }
        Err(ArmError::Deadline {
            deadline: limit,
            attempts: polls,
            last: format!("the operation at {} is still running", url.as_str()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use serde_json::json;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    const ASYNC: &str = "https://arm/operations/1";
    const LOCATION: &str = "https://arm/operationResults/1";

    #[test]
    fn azure_async_operation_is_polled_before_location_and_only_for_201_or_202() {
        let both = headers(&[("azure-asyncoperation", ASYNC), ("location", LOCATION)]);
        assert_eq!(
            PollUrl::of(202, &both),
            Some(PollUrl::AsyncOperation(ASYNC.into()))
        );
        assert_eq!(
            PollUrl::of(201, &headers(&[("location", LOCATION)])),
            Some(PollUrl::Location(LOCATION.into()))
        );
        assert_eq!(PollUrl::of(202, &HeaderMap::new()), None, "nothing to poll");
        assert_eq!(
            PollUrl::of(202, &headers(&[("azure-asyncoperation", " ")])),
            None
        );
        assert_eq!(PollUrl::of(200, &both), None, "a 200 is the end already");
    }

    #[test]
    fn an_operation_status_says_running_succeeded_or_failed() {
        let poll = PollUrl::AsyncOperation(ASYNC.into());
        let progress = |body: Value| poll.progress(200, &body);
        assert_eq!(progress(json!({"status": "InProgress"})), Progress::Running);
        assert_eq!(progress(json!({"status": "Deleting"})), Progress::Running);
        assert_eq!(
            progress(json!({"status": "succeeded"})),
            Progress::Succeeded
        );
        assert_eq!(
            progress(
                json!({"status": "Failed", "error": {"code": "Conflict", "message": "locked"}})
            ),
            Progress::Failed(ArmError::OperationFailed {
                status: "Failed".into(),
                code: "Conflict".into(),
                message: "locked".into(),
            })
        );
        assert!(matches!(
            progress(json!({"status": "Canceled"})),
            Progress::Failed(ArmError::OperationFailed { ref code, .. }) if code == "Unknown"
        ));
        assert!(matches!(
            progress(Value::Null),
            Progress::Failed(ArmError::Decode { ref url, .. }) if url == ASYNC
        ));
    }

    #[test]
    fn a_location_runs_while_it_answers_202() {
        let poll = PollUrl::Location(LOCATION.into());
        assert_eq!(poll.progress(202, &Value::Null), Progress::Running);
        assert_eq!(poll.progress(204, &Value::Null), Progress::Succeeded);
        assert_eq!(poll.progress(200, &json!({"id": "x"})), Progress::Succeeded);
    }

    #[test]
    fn polls_wait_as_asked_capped_and_not_past_the_deadline() {
        let now = SystemTime::now();
        let minute = Duration::from_secs(60);
        assert_eq!(
            next_poll(&headers(&[("retry-after", "5")]), now, minute),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            next_poll(&headers(&[("retry-after-ms", "200")]), now, minute),
            Some(Duration::from_millis(200))
        );
        assert_eq!(
            next_poll(&HeaderMap::new(), now, minute),
            Some(DEFAULT_POLL)
        );
        assert_eq!(
            next_poll(
                &headers(&[("retry-after", "120")]),
                now,
                Duration::from_secs(45)
            ),
            Some(MAX_POLL),
            "capped before it is held against the deadline"
        );
        assert_eq!(
            next_poll(
                &headers(&[("retry-after", "10")]),
                now,
                Duration::from_secs(5)
            ),
            None
        );
    }

    mod against_the_emulator {
        use super::super::*;
        use crate::arm::{Authorizer, ClientSettings};
        use crate::config::Secret;
        use emulator::{Emulator, EmulatorConfig, RunningEmulator, Store, estate};

        const NETWORK: &str = "2024-05-01";

        async fn start(lro_delay: Duration, deadline: Duration) -> (ArmClient, RunningEmulator) {
            let config = EmulatorConfig {
                lro_delay,
                ..EmulatorConfig::default()
            };
            let store = Store::new(estate::demo::demo(), &[], config.seed).unwrap();
            let running =
                emulator::start(Emulator::new(store, config), "127.0.0.1:0".parse().unwrap())
                    .await
                    .unwrap();
            let mut settings = ClientSettings::new(running.url().parse().unwrap());
            settings.operation_deadline = deadline;
            let client = ArmClient::new(settings, Authorizer::Static(Secret::new("test"))).unwrap();
            (client, running)
        }

        async fn a_connection(client: &ArmClient) -> String {
            let path = format!("{}/privateEndpointConnections", estate::demo::MY_PLS_ID);
            let connections = client.list(&path, NETWORK).await.unwrap();
            connections[0]["id"].as_str().unwrap().to_owned()
        }

        #[tokio::test]
        async fn a_delete_answers_its_first_answer_once_the_operation_is_done() {
            let (client, _emulator) =
                start(Duration::from_millis(200), Duration::from_secs(30)).await;
            let id = a_connection(&client).await;
            let answer = client.delete(&id, NETWORK).await.unwrap();
            assert_eq!(answer.status, 202);
            assert_eq!(
                client.get(&id, NETWORK).await.unwrap_err().status(),
                Some(404)
            );
        }

        #[tokio::test]
        async fn an_operation_that_would_outlast_its_deadline_is_not_waited_for() {
            let (client, _emulator) = start(Duration::from_secs(60), Duration::from_secs(5)).await;
            let id = a_connection(&client).await;
            let started = Instant::now();
            let error = client.delete(&id, NETWORK).await.unwrap_err();
            // The 202 asks for 30 s (capped) before the first poll, past the 5 s deadline.
            assert!(
                matches!(&error, ArmError::Deadline { attempts: 0, last, .. } if last.contains("/operations/")),
                "{error:?}"
            );
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "gave up at once"
            );
        }
    }
}
