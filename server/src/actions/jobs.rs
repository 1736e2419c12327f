//! Bulk actions as jobs: `start_bulk` records the job and every item in the store, then runs
//! the items one after another in a task of their own (it goes on when the browser closes),
//! each with its audit record as a single action has; `job` reads its progress and results.
//! Waiting for a job (`wait_job`) is a notification, not polling. ARM's throttling answers are
//! waited out by the client (`Retry-After`), so a job slows down rather than failing. At the
//! next start, what a stopped job left is settled (`Store::settle_jobs`): items never tried are
//! `notAttempted` — nothing was sent for them. Each item's end is announced (`Activity::Job`)
//! for the live events.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::model::JobEvent;
use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::watch;

use super::service::{Activity, Applying};
use super::{ActionError, ActionRequest, ActionService, BulkItem, BulkResult, Requester};
use crate::inventory::apply::Change;
use crate::store::{AuditAction, JobRecord, NewJob};

/// How often a running job puts the results it has into the inventory (pages show them then).
const APPLY_EVERY: Duration = Duration::from_secs(1);

/// Jobs of this process that are still running, each with a flag set when it ends.
#[derive(Debug, Default)]
pub struct RunningJobs(Mutex<HashMap<String, watch::Sender<bool>>>);

/// A bulk job as the API and the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    /// The job's id (`GET /api/v1/jobs/{id}`).
    pub id: String,
    /// `approve`, `reject` or `remove`.
    pub action: String,
    /// Who asked for it.
    pub actor: String,
    /// When it was asked for (RFC 3339).
    pub created_at: String,
    /// When its last item ended; absent while it runs.
    pub finished_at: Option<String>,
    /// Whether every item has ended.
    pub finished: bool,
    /// How many items in all.
    pub total: usize,
    /// How many have ended (any result).
    pub done: usize,
    /// How many succeeded.
    pub succeeded: usize,
    /// How many were skipped (nothing to do, or changed since loaded).
    pub skipped: usize,
    /// How many failed.
    pub failed: usize,
    /// How many were never tried (Link Center stopped first; nothing was sent for them).
    pub not_attempted: usize,
    /// One per item, in order: `pending` and `running` until it ends, then `succeeded`,
    /// `skipped`, `failed`, `interrupted` (stopped mid-way: the audit has the outcome) or
    /// `notAttempted`.
    pub results: Vec<BulkResult>,
}

impl JobView {
    /// The view of a stored job.
    pub fn of(record: JobRecord) -> Self {
        let results: Vec<BulkResult> = record
            .items
            .into_iter()
            .map(|item| BulkResult {
                id: item.connection_id,
                result: item.result.unwrap_or_else(|| "pending".into()),
                message: item.message.unwrap_or_default(),
                state: item.state,
            })
            .collect();
        let count = |word: &str| results.iter().filter(|r| r.result == word).count();
        let rfc3339 = |at: OffsetDateTime| {
            at.format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default()
        };
        Self {
            id: record.id,
            action: record.action.as_str().to_owned(),
            actor: record.actor,
            created_at: rfc3339(record.created_at),
            finished: record.finished_at.is_some(),
            finished_at: record.finished_at.map(rfc3339),
            total: results.len(),
            done: results
                .iter()
                .filter(|r| !matches!(r.result.as_str(), "pending" | "running"))
                .count(),
            succeeded: count("succeeded"),
            skipped: count("skipped"),
            failed: count("failed") + count("interrupted"),
            not_attempted: count("notAttempted"),
            results,
        }
    }
}

impl ActionService {
    /// Records a job of `action` on `items` and starts it; answers its id at once. Nothing is
    /// started when the store cannot record it.
    pub async fn start_bulk(
        self: &Arc<Self>,
        action: AuditAction,
        items: Vec<BulkItem>,
        description: String,
        by: Requester,
    ) -> Result<String, ActionError> {
        let id = uuid::Uuid::new_v4().to_string();
        let job = NewJob {
            id: id.clone(),
            at: OffsetDateTime::now_utc(),
            actor: by.actor.name.clone(),
            action,
            description: description.clone(),
            items: items
                .iter()
                .map(|item| (item.id.clone(), item.expected_state.clone()))
                .collect(),
        };
        self.store()
            .create_job(&job)
            .await
            .map_err(|e| ActionError::Store(e.to_string()))?;
        let (done, _) = watch::channel(false);
        self.running_jobs().lock().insert(id.clone(), done);
        let (this, job) = (self.clone(), id.clone());
        tokio::spawn(async move {
            this.run_job(&job, action, &items, &description, &by).await;
        });
        Ok(id)
    }

    /// The job `id` as it stands; `None` when there is none.
    pub async fn job(&self, id: &str) -> Result<Option<JobView>, ActionError> {
        let record = self
            .store()
            .job(id)
            .await
            .map_err(|e| ActionError::Store(e.to_string()))?;
        Ok(record.map(JobView::of))
    }

    /// Waits until job `id` of this process has ended, at most `within`; at once for a job
    /// that has ended (or is not this process's).
    pub async fn wait_job(&self, id: &str, within: Duration) {
        let receiver = self
            .running_jobs()
            .lock()
            .get(id)
            .map(watch::Sender::subscribe);
        if let Some(mut ended) = receiver {
            let _ = tokio::time::timeout(within, ended.wait_for(|done| *done)).await;
        }
    }

    async fn run_job(
        &self,
        job: &str,
        action: AuditAction,
        items: &[BulkItem],
        description: &str,
        by: &Requester,
    ) {
        // Results reach the inventory in batches: one snapshot and one join per batch, not per
        // item, so the cost of a job grows with its items, not items × estate.
        let batch = Mutex::new(Vec::new());
        let mut applied = Instant::now();
        for (position, item) in items.iter().enumerate() {
            if let Err(error) = self.store().start_item(job, position).await {
                tracing::error!(job, position, %error, "could not record that a job item started");
            }
            let result = self
                .bulk_item(action, item, description, by, &Applying::Batch(&batch))
                .await;
            if applied.elapsed() >= APPLY_EVERY {
                self.apply_batch(&batch);
                applied = Instant::now();
            }
            if let Err(error) = self
                .store()
                .finish_item(
                    job,
                    position,
                    &result.result,
                    &result.message,
                    result.state.as_deref(),
                )
                .await
            {
                tracing::error!(job, position, %error, "could not record a job item's result");
            }
            if position + 1 < items.len() {
                self.announce_job(job, action, position + 1, items.len(), false);
            }
        }
        self.apply_batch(&batch);
        self.inventory().request_sync();
        if let Err(error) = self
            .store()
            .finish_job(job, OffsetDateTime::now_utc())
            .await
        {
            tracing::error!(job, %error, "could not record that a job ended");
        }
        if let Some(done) = self.running_jobs().lock().remove(job) {
            done.send_replace(true);
        }
        self.announce_job(job, action, items.len(), items.len(), true);
    }

    fn announce_job(&self, job: &str, action: AuditAction, done: usize, total: usize, end: bool) {
        self.announce(Activity::Job(JobEvent {
            id: job.to_owned(),
            action: action.as_str().to_owned(),
            done,
            total,
            finished: end,
        }));
    }

    /// Applies the results collected so far.
    fn apply_batch(&self, batch: &Mutex<Vec<Change>>) {
        let changes = std::mem::take(&mut *batch.lock().unwrap_or_else(|p| p.into_inner()));
        self.inventory().apply_connections(&changes);
    }

    /// One item of a bulk: its result, whatever happened (one failure stops nothing).
    async fn bulk_item(
        &self,
        action: AuditAction,
        item: &BulkItem,
        description: &str,
        by: &Requester,
        applying: &Applying<'_>,
    ) -> BulkResult {
        let request = ActionRequest {
            id: item.id.clone(),
            description: description.to_owned(),
            expected_state: item.expected_state.clone(),
            evidence: None,
            awaiting_second_approver: false,
        };
        match self.run_one(action, &request, by, applying).await {
            Ok(outcome) => BulkResult {
                id: outcome.id,
                result: outcome.result,
                message: outcome.message,
                state: outcome.state,
            },
            Err(ActionError::Changed { seen, now }) => BulkResult {
                id: item.id.clone(),
                result: "skipped".into(),
                message: format!("changed since you loaded it: now {now} (you saw {seen})"),
                state: Some(now),
            },
            Err(error) => BulkResult {
                id: item.id.clone(),
                result: "failed".into(),
                message: error.to_string(),
                state: None,
            },
        }
    }
}

impl RunningJobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, watch::Sender<bool>>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
