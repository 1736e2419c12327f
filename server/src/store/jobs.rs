//! Bulk jobs in the store: created with every item before the first is tried, each item marked
//! `running` before its action and given its result after, the job finished once; a restart
//! settles what a stopped process left (`settle_jobs`). Read back as one `JobRecord`.

use sqlx::Row;
use time::OffsetDateTime;

use super::{AuditAction, Store, StoreError, timestamp};

/// A job about to start: who asked for what, on which connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// Its id (a fresh UUID: nobody can aim at another's job by guessing).
    pub id: String,
    /// When it was asked for.
    pub at: OffsetDateTime,
    /// Who asked.
    pub actor: String,
    /// The action on every item.
    pub action: AuditAction,
    /// The description sent with every item.
    pub description: String,
    /// Each connection id with the state the user saw.
    pub items: Vec<(String, Option<String>)>,
}

/// One item of a job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobItem {
    /// The connection.
    pub connection_id: String,
    /// The state the user saw.
    pub expected_state: Option<String>,
    /// `None` until tried; `running`, `succeeded`, `skipped`, `failed`, `interrupted`,
    /// `notAttempted`.
    pub result: Option<String>,
    /// Why, or what happened.
    pub message: Option<String>,
    /// The connection's state afterwards, when known.
    pub state: Option<String>,
}

/// A job with its items in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    /// Its id.
    pub id: String,
    /// When it was asked for.
    pub created_at: OffsetDateTime,
    /// Who asked.
    pub actor: String,
    /// The action.
    pub action: AuditAction,
    /// When its last item ended; `None` while it runs.
    pub finished_at: Option<OffsetDateTime>,
    /// Its items.
    pub items: Vec<JobItem>,
}

impl Store {
    /// Records a job and all its items (none tried yet), in one transaction.
    #[tracing::instrument(level = "debug", skip_all, fields(job = %job.id, items = job.items.len()))]
    pub async fn create_job(&self, job: &NewJob) -> Result<(), StoreError> {
        self.writable()?;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO jobs (id, created_at, actor, action, description, total) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&job.id)
        .bind(timestamp::to_text(job.at)?)
        .bind(&job.actor)
        .bind(job.action.as_str())
        .bind(&job.description)
        .bind(i64::try_from(job.items.len()).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
        for (position, (connection, expected)) in job.items.iter().enumerate() {
            sqlx::query(
                "INSERT INTO job_items (job_id, position, connection_id, expected_state) \
                 VALUES (?, ?, ?, ?)",
            )
            .bind(&job.id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(connection)
            .bind(expected)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Marks item `position` of `job` as being tried.
    pub async fn start_item(&self, job: &str, position: usize) -> Result<(), StoreError> {
        self.set_item(job, position, "running", None, None).await
    }

    /// Records how item `position` of `job` ended.
    pub async fn finish_item(
        &self,
        job: &str,
        position: usize,
        result: &str,
        message: &str,
        state: Option<&str>,
    ) -> Result<(), StoreError> {
        self.set_item(job, position, result, Some(message), state)
            .await
    }

    async fn set_item(
        &self,
        job: &str,
        position: usize,
        result: &str,
        message: Option<&str>,
        state: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE job_items SET result = ?, message = ?, state = ? \
             WHERE job_id = ? AND position = ?",
        )
        .bind(result)
        .bind(message)
        .bind(state)
        .bind(job)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records that `job` has ended.
    pub async fn finish_job(&self, job: &str, at: OffsetDateTime) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET finished_at = ? WHERE id = ? AND finished_at IS NULL")
            .bind(timestamp::to_text(at)?)
            .bind(job)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The job `id` with its items; `None` when there is none.
    pub async fn job(&self, id: &str) -> Result<Option<JobRecord>, StoreError> {
        let Some(row) =
            sqlx::query("SELECT id, created_at, actor, action, finished_at FROM jobs WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
        else {
            return Ok(None);
        };
        let time = |text: String| {
            timestamp::from_text(&text).map_err(|message| StoreError::CorruptJob {
                id: id.to_owned(),
                message,
            })
        };
        let action: String = row.try_get("action")?;
        let items = sqlx::query(
            "SELECT connection_id, expected_state, result, message, state FROM job_items \
             WHERE job_id = ? ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|item| {
            Ok(JobItem {
                connection_id: item.try_get("connection_id")?,
                expected_state: item.try_get("expected_state")?,
                result: item.try_get("result")?,
                message: item.try_get("message")?,
                state: item.try_get("state")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(Some(JobRecord {
            id: row.try_get("id")?,
            created_at: time(row.try_get("created_at")?)?,
            actor: row.try_get("actor")?,
            action: AuditAction::parse(&action).map_err(|e| StoreError::CorruptJob {
                id: id.to_owned(),
                message: e.to_string(),
            })?,
            finished_at: row
                .try_get::<Option<String>, _>("finished_at")?
                .map(time)
                .transpose()?,
            items,
        }))
    }

    /// Settles the jobs a stopped process left unfinished: an item it was trying becomes
    /// `interrupted` (its audit record says how it ended), an item it never tried becomes
    /// `notAttempted` (nothing was sent for it). Answers how many jobs were settled.
    pub async fn settle_jobs(&self, at: OffsetDateTime) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE job_items SET result = 'interrupted', \
             message = 'Link Center stopped while this item was being done: the audit has its outcome' \
             WHERE result = 'running'",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE job_items SET result = 'notAttempted', \
             message = 'not attempted: Link Center stopped before this item; nothing was sent to Azure' \
             WHERE result IS NULL AND job_id IN (SELECT id FROM jobs WHERE finished_at IS NULL)",
        )
        .execute(&mut *tx)
        .await?;
        let settled = sqlx::query("UPDATE jobs SET finished_at = ? WHERE finished_at IS NULL")
            .bind(timestamp::to_text(at)?)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(settled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, items: usize) -> NewJob {
        NewJob {
            id: id.into(),
            at: OffsetDateTime::now_utc(),
            actor: "alice".into(),
            action: AuditAction::Approve,
            description: "bulk".into(),
            items: (0..items)
                .map(|i| (format!("/c/{i}"), Some("Pending".into())))
                .collect(),
        }
    }

    #[tokio::test]
    async fn a_job_keeps_its_items_in_order_with_their_results() {
        let store = Store::in_memory().await.unwrap();
        store.create_job(&job("j1", 3)).await.unwrap();
        store.start_item("j1", 0).await.unwrap();
        store
            .finish_item("j1", 0, "succeeded", "Pending → Approved", Some("Approved"))
            .await
            .unwrap();
        let read = store.job("j1").await.unwrap().unwrap();
        assert_eq!(read.items.len(), 3);
        assert_eq!(read.items[0].result.as_deref(), Some("succeeded"));
        assert_eq!(read.items[0].state.as_deref(), Some("Approved"));
        assert_eq!(read.items[2].connection_id, "/c/2");
        assert_eq!(read.items[2].result, None);
        assert!(read.finished_at.is_none());
        assert!(store.job("nope").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_restart_marks_what_a_stopped_job_left_and_leaves_finished_jobs_alone() {
        let store = Store::in_memory().await.unwrap();
        store.create_job(&job("stopped", 3)).await.unwrap();
        store
            .finish_item("stopped", 0, "succeeded", "ok", Some("Approved"))
            .await
            .unwrap();
        store.start_item("stopped", 1).await.unwrap();
        store.create_job(&job("done", 1)).await.unwrap();
        store
            .finish_item("done", 0, "succeeded", "ok", None)
            .await
            .unwrap();
        store
            .finish_job("done", OffsetDateTime::now_utc())
            .await
            .unwrap();

        assert_eq!(
            store.settle_jobs(OffsetDateTime::now_utc()).await.unwrap(),
            1
        );
        let stopped = store.job("stopped").await.unwrap().unwrap();
        let results: Vec<_> = stopped
            .items
            .iter()
            .map(|i| i.result.as_deref().unwrap())
            .collect();
        assert_eq!(results, ["succeeded", "interrupted", "notAttempted"]);
        assert!(stopped.finished_at.is_some());
        assert!(
            stopped.items[2]
                .message
                .as_deref()
                .unwrap()
                .contains("nothing was sent")
        );
        assert_eq!(
            store.settle_jobs(OffsetDateTime::now_utc()).await.unwrap(),
            0
        );
    }
}
