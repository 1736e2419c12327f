//! What a search of the audit trail asks for (`AuditFilter`), what it answers (`AuditPage`), and
//! the filter's `WHERE` clause. Values are always bound, never spliced into the SQL.

use sqlx::{QueryBuilder, Sqlite};
use time::OffsetDateTime;

use super::{AuditAction, AuditRecord, AuditResult, StoreError, timestamp};

/// Page size when the filter asks for none.
pub const DEFAULT_LIMIT: u32 = 50;
/// The largest page answered.
pub const MAX_LIMIT: u32 = 1000;

/// Which records to answer. Every set field must match; text fields are exact, and the actor,
/// subscription and connection id ignore case as Azure does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Who acted.
    pub actor: Option<String>,
    /// What was done.
    pub action: Option<AuditAction>,
    /// How it ended; records without an outcome never match.
    pub result: Option<AuditResult>,
    /// The subscription ids (GUIDs) of the resource acted on: any of them; empty for any.
    pub subscriptions: Vec<String>,
    /// The connection's resource id.
    pub connection_id: Option<String>,
    /// Intents recorded at or after this time.
    pub from: Option<OffsetDateTime>,
    /// Intents recorded at or before this time.
    pub to: Option<OffsetDateTime>,
    /// Only intents without an outcome.
    pub open_only: bool,
    /// Records to skip, newest first.
    pub offset: u32,
    /// Records to answer: 0 means `DEFAULT_LIMIT`, and more than `MAX_LIMIT` means `MAX_LIMIT`.
    pub limit: u32,
}

impl AuditFilter {
    /// The page size this filter gets.
    pub fn page_size(&self) -> u32 {
        match self.limit {
            0 => DEFAULT_LIMIT,
            limit => limit.min(MAX_LIMIT),
        }
    }

    /// Adds ` WHERE …` (always present, `1 = 1` when nothing is filtered) to `sql`.
    pub(crate) fn push_where<'a>(
        &'a self,
        sql: &mut QueryBuilder<'a, Sqlite>,
    ) -> Result<(), StoreError> {
        sql.push(" WHERE 1 = 1");
        let nocase = [
            ("actor", &self.actor),
            ("connection_id", &self.connection_id),
        ];
        for (column, value) in nocase {
            if let Some(value) = value {
                sql.push(format_args!(" AND {column} = "))
                    .push_bind(value.as_str())
                    .push(" COLLATE NOCASE");
            }
        }
        if !self.subscriptions.is_empty() {
            sql.push(" AND subscription COLLATE NOCASE IN (");
            let mut values = sql.separated(", ");
            for subscription in &self.subscriptions {
                values.push_bind(subscription.as_str());
            }
            sql.push(")");
        }
        if let Some(action) = self.action {
            sql.push(" AND action = ").push_bind(action.as_str());
        }
        if let Some(result) = self.result {
            sql.push(" AND outcome = ").push_bind(result.as_str());
        }
        if let Some(from) = self.from {
            sql.push(" AND at >= ").push_bind(timestamp::to_text(from)?);
        }
        if let Some(to) = self.to {
            sql.push(" AND at <= ").push_bind(timestamp::to_text(to)?);
        }
        if self.open_only {
            sql.push(" AND outcome IS NULL");
        }
        Ok(())
    }
}

/// One page of a search, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditPage {
    /// How many records match the filter, over all pages.
    pub total: u64,
    /// This page's records.
    pub items: Vec<AuditRecord>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(filter: &AuditFilter) -> String {
        let mut sql = QueryBuilder::new("SELECT id FROM audit");
        filter.push_where(&mut sql).unwrap();
        sql.into_sql()
    }

    #[test]
    fn no_filter_matches_everything() {
        assert_eq!(
            sql(&AuditFilter::default()),
            "SELECT id FROM audit WHERE 1 = 1"
        );
    }

    #[test]
    fn text_filters_are_bound_and_ignore_case() {
        let filter = AuditFilter {
            actor: Some("alice' OR 1 = 1 --".into()),
            connection_id: Some("/subscriptions/x".into()),
            ..AuditFilter::default()
        };
        assert_eq!(
            sql(&filter),
            "SELECT id FROM audit WHERE 1 = 1 AND actor = ? COLLATE NOCASE \
             AND connection_id = ? COLLATE NOCASE"
        );
    }

    #[test]
    fn the_page_size_defaults_to_50_and_stops_at_1000() {
        let size = |limit| {
            AuditFilter {
                limit,
                ..AuditFilter::default()
            }
            .page_size()
        };
        assert_eq!(size(0), 50);
        assert_eq!(size(7), 7);
        assert_eq!(size(1000), 1000);
        assert_eq!(size(5000), 1000);
    }
}
