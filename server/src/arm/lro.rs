//! Long-running operations: one helper that polls `Azure-AsyncOperation` (else `Location`),
//! waiting as long as `Retry-After` asks, until the operation ends or its deadline passes.

use std::time::{Duration, Instant, SystemTime};

use reqwest::Method;
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

impl ArmClient {
    /// DELETE, waiting for the operation when ARM answers 201/202.
    pub async fn delete(&self, path: &str, api_version: &str) -> Result<(), ArmError> {
        let request = ArmRequest::new(Method::DELETE, self.endpoint(), path, api_version)?;
        let answer = self.send(request).await?;
        if matches!(answer.status, 201 | 202) {
            self.wait(&answer).await?;
        }
        Ok(())
    }

    /// Polls the operation an answer started; returns the final status body.
    pub async fn wait(&self, started: &Answer) -> Result<Value, ArmError> {
        let header = |name: &str| {
            started
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (url, async_operation) = match (header("azure-asyncoperation"), header("location")) {
            (Some(url), _) => (url, true),
            (None, Some(url)) => (url, false),
            (None, None) => return Ok(started.body.clone()),
        };
        let deadline = Instant::now() + self.operation_deadline();
        let mut wait = retry_after(&started.headers, SystemTime::now()).unwrap_or(DEFAULT_POLL);
        loop {
            if Instant::now() + wait > deadline {
                return Err(ArmError::Deadline {
                    deadline: self.operation_deadline(),
                    attempts: 0,
                    last: format!("operation at {url} still running"),
                });
            }
            tokio::time::sleep(wait.min(MAX_POLL)).await;
            let poll = self
                .send(ArmRequest::follow(self.endpoint(), &url)?)
                .await?;
            if async_operation {
                match poll.body["status"].as_str() {
                    Some(status) if status.eq_ignore_ascii_case("Succeeded") => {
                        return Ok(poll.body);
                    }
                    Some(status)
                        if status.eq_ignore_ascii_case("Failed")
                            || status.eq_ignore_ascii_case("Canceled") =>
                    {
                        let error = &poll.body["error"];
                        return Err(ArmError::OperationFailed {
                            status: status.to_owned(),
                            code: error["code"].as_str().unwrap_or("Unknown").to_owned(),
                            message: error["message"].as_str().unwrap_or("no message").to_owned(),
                        });
                    }
                    _ => {}
                }
            } else if poll.status != 202 {
                return Ok(poll.body);
            }
            wait = retry_after(&poll.headers, SystemTime::now()).unwrap_or(DEFAULT_POLL);
        }
    }
}
