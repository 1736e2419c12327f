//! The audit trail's reads and writes on `Store`: record an intent, complete it once, and read
//! records back (open intents, filtered pages, one connection's history).

use sqlx::{QueryBuilder, Sqlite};

use super::row::{AuditRow, COLUMNS};
use super::{
    AuditFilter, AuditId, AuditIntent, AuditOutcome, AuditPage, AuditRecord, Store, StoreError,
    timestamp,
};

/// The selection and order of `history`, after `FROM audit`.
pub(super) const HISTORY: &str =
    " WHERE connection_id = ? COLLATE NOCASE ORDER BY at DESC, id DESC";

impl Store {
    /// Records an intent, once the file is known to be the one opened (`writable`); answers its
    /// id.
    #[tracing::instrument(level = "debug", skip_all, fields(action = %intent.action, connection = %intent.connection_id))]
    pub async fn record_intent(&self, intent: &AuditIntent) -> Result<AuditId, StoreError> {
        self.writable()?;
        let groups = serde_json::Value::from(intent.groups.clone()).to_string();
        let done = sqlx::query(
            "INSERT INTO audit (at, actor, email, groups, role, auth_mode, action, connection_id, \
             resource_id, subscription, consumer, previous_state, requested_state, description, \
             client_ip, request_id, evidence, subject) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(timestamp::to_text(intent.at)?)
        .bind(&intent.actor)
        .bind(&intent.email)
        .bind(groups)
        .bind(&intent.role)
        .bind(&intent.auth_mode)
        .bind(intent.action.as_str())
        .bind(&intent.connection_id)
        .bind(&intent.resource_id)
        .bind(&intent.subscription)
        .bind(&intent.consumer)
        .bind(&intent.previous_state)
        .bind(&intent.requested_state)
        .bind(&intent.description)
        .bind(&intent.client_ip)
        .bind(&intent.request_id)
        .bind(&intent.evidence)
        .bind(&intent.subject)
        .execute(&self.pool)
        .await?;
        Ok(AuditId(done.last_insert_rowid()))
    }

    /// Completes an intent with its outcome, once. Completing twice, or an unknown id, is
    /// `StoreError::NotOpen(id)`.
    #[tracing::instrument(level = "debug", skip(self, outcome), fields(result = %outcome.result))]
    pub async fn complete(&self, id: AuditId, outcome: &AuditOutcome) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE audit SET completed_at = ?, outcome = ?, outcome_message = ?, \
             final_state = ?, arm_request_id = ?, arm_correlation_id = ? \
             WHERE id = ? AND outcome IS NULL",
        )
        .bind(timestamp::to_text(outcome.at)?)
        .bind(outcome.result.as_str())
        .bind(&outcome.message)
        .bind(&outcome.final_state)
        .bind(&outcome.arm_request_id)
        .bind(&outcome.arm_correlation_id)
        .bind(id.0)
        .execute(&self.pool)
        .await?;
        match done.rows_affected() {
            0 => Err(StoreError::NotOpen(id)),
            _ => Ok(()),
        }
    }

    /// Intents without an outcome, oldest first: actions cut short when the process died.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_intents(&self) -> Result<Vec<AuditRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM audit WHERE outcome IS NULL ORDER BY at, id");
        let rows = sqlx::query_as::<_, AuditRow>(&sql)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(AuditRow::into_record).collect()
    }

    /// Records matching `filter`, newest first, one page of them; with the total count.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn query(&self, filter: &AuditFilter) -> Result<AuditPage, StoreError> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM audit");
        filter.push_where(&mut count)?;
        let mut select = QueryBuilder::<Sqlite>::new(format!("SELECT {COLUMNS} FROM audit"));
        filter.push_where(&mut select)?;
        select
            .push(" ORDER BY at DESC, id DESC LIMIT ")
            .push_bind(i64::from(filter.page_size()))
            .push(" OFFSET ")
            .push_bind(i64::from(filter.offset));

        // One read transaction, so the total and the page describe the same moment.
        let mut read = self.pool.begin().await?;
        let total: i64 = count.build_query_scalar().fetch_one(&mut *read).await?;
        let rows: Vec<AuditRow> = select.build_query_as().fetch_all(&mut *read).await?;
        read.commit().await?;
        Ok(AuditPage {
            total: u64::try_from(total).unwrap_or_default(),
            items: rows
                .into_iter()
                .map(AuditRow::into_record)
                .collect::<Result<_, _>>()?,
        })
    }

    /// Every record of one connection (its id in any case), newest first: its history.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn history(&self, connection_id: &str) -> Result<Vec<AuditRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM audit{HISTORY}");
        let rows = sqlx::query_as::<_, AuditRow>(&sql)
            .bind(connection_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(AuditRow::into_record).collect()
    }
}
