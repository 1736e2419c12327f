//! `AuditFilter`: the audit's filters and page as a URL gives them
//! (`actor=alice&action=approve&outcome=failed&subscription=a&subscription=b,c&connection=…&from=…&to=…&offset=…&limit=…`);
//! `subscription` may repeat and hold a comma-separated list, as in the lists' queries.

use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use super::{Encoder, QueryError, instant, number, once, pairs, split_list, whole};
use crate::model::{AuditAction, AuditResult};

/// Records per page when none is asked for.
pub const DEFAULT_LIMIT: u32 = 50;
/// The largest page.
pub const MAX_LIMIT: u32 = 1000;

const KNOWN: &str = "actor, action, outcome, subscription, connection, from, to, offset, limit";

/// Which audit records, which page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFilter {
    /// Who acted (any case).
    pub actor: Option<String>,
    /// What was done.
    pub action: Option<AuditAction>,
    /// How it ended.
    pub outcome: Option<AuditResult>,
    /// The subscription GUIDs of the resource acted on: any of them; empty for any.
    pub subscriptions: Vec<String>,
    /// One connection's history (its id, any case).
    pub connection: Option<String>,
    /// Records at or after this time.
    pub from: Option<OffsetDateTime>,
    /// Records at or before this time.
    pub to: Option<OffsetDateTime>,
    /// Records to skip, newest first.
    pub offset: u32,
    /// Records per page, 1 to `MAX_LIMIT`.
    pub limit: u32,
}

impl Default for AuditFilter {
    fn default() -> Self {
        Self {
            actor: None,
            action: None,
            outcome: None,
            subscriptions: Vec::new(),
            connection: None,
            from: None,
            to: None,
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl AuditFilter {
    /// Reads a raw query string (`a=1&b=2`), naming the first bad parameter.
    pub fn parse(raw: &str) -> Result<Self, QueryError> {
        let mut filter = Self::default();
        let mut seen = Vec::new();
        for (key, value) in pairs(raw) {
            if key != "subscription" {
                once(&mut seen, &key)?;
            }
            match key.as_ref() {
                "actor" => filter.actor = Some(value),
                "action" => filter.action = Some(AuditAction::parse(&value)?),
                "outcome" => filter.outcome = Some(AuditResult::parse(&value)?),
                "subscription" => filter.subscriptions.extend(split_list(&value)),
                "connection" => filter.connection = Some(value),
                "from" => filter.from = Some(instant("from", value)?),
                "to" => filter.to = Some(instant("to", value)?),
                "offset" => {
                    filter.offset = whole(number("offset", &value, 0, None))?;
                }
                "limit" => {
                    filter.limit = whole(number("limit", &value, 1, Some(MAX_LIMIT.into())))?;
                }
                other => {
                    return Err(QueryError::UnknownParameter {
                        name: other.to_owned(),
                        known: KNOWN,
                    });
                }
            }
        }
        Ok(filter)
    }

    /// The query string, in the order of the fields; defaults are left out.
    pub fn encode(&self) -> String {
        let stamp = |t: &Option<OffsetDateTime>| t.and_then(|t| t.format(&Rfc3339).ok());
        let (from, to) = (stamp(&self.from), stamp(&self.to));
        let offset = (self.offset > 0).then(|| self.offset.to_string());
        let limit = (self.limit != DEFAULT_LIMIT).then(|| self.limit.to_string());
        Encoder::default()
            .optional("actor", self.actor.as_deref())
            .optional("action", self.action.map(AuditAction::as_str))
            .optional("outcome", self.outcome.map(AuditResult::as_str))
            .all("subscription", &self.subscriptions)
            .optional("connection", self.connection.as_deref())
            .optional("from", from.as_deref())
            .optional("to", to.as_deref())
            .optional("offset", offset.as_deref())
            .optional("limit", limit.as_deref())
            .finish()
    }
}

offset_paged!(AuditFilter);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_read_and_read_back_as_themselves() {
        let raw =
            "actor=+alice+&action=Approve&outcome=failed&from=2026-11-26T09:00:00Z&subscription=";
        let filter = AuditFilter::parse(raw).unwrap();
        assert_eq!(filter.actor.as_deref(), Some("alice"));
        assert_eq!(filter.action, Some(AuditAction::Approve));
        assert_eq!(filter.outcome, Some(AuditResult::Failed));
        assert!(filter.from.is_some() && filter.to.is_none());
        assert!(
            filter.subscriptions.is_empty(),
            "a blank filter is no filter"
        );
        let full = AuditFilter {
            subscriptions: vec!["6f1c".into(), "77ab".into()],
            connection: Some("/subscriptions/s/x y".into()),
            to: Some(instant("to", "2026-11-30T23:59:59Z".into()).unwrap()),
            offset: 100,
            limit: 25,
            ..filter
        };
        let encoded = full.encode();
        assert_eq!(
            encoded,
            "actor=alice&action=approve&outcome=failed&subscription=6f1c&subscription=77ab\
             &connection=%2Fsubscriptions%2Fs%2Fx%20y&from=2026-11-26T09%3A00%3A00Z\
             &to=2026-11-30T23%3A59%3A59Z&offset=100&limit=25"
        );
        assert_eq!(AuditFilter::parse(&encoded).unwrap(), full);
        let listed = AuditFilter::parse("subscription=6f1c,%2077ab").unwrap();
        assert_eq!(
            listed.subscriptions, full.subscriptions,
            "a comma-separated list"
        );
        assert_eq!(AuditFilter::default().encode(), "");
    }

    #[test]
    fn bad_values_are_named() {
        let late = AuditFilter::parse("from=yesterday")
            .unwrap_err()
            .to_string();
        assert_eq!(
            late,
            "from 'yesterday' is not an RFC 3339 time such as 2026-11-26T09:00:00Z"
        );
        let promote = AuditFilter::parse("action=promote")
            .unwrap_err()
            .to_string();
        assert!(
            promote.contains("\"promote\" is not a known audit action"),
            "{promote}"
        );
        assert_eq!(
            AuditFilter::parse("colour=red").unwrap_err().to_string(),
            "unknown parameter 'colour': use actor, action, outcome, subscription, connection, from, to, offset, limit"
        );
        assert_eq!(
            AuditFilter::parse("actor=a&actor=b").unwrap_err(),
            QueryError::Repeated("actor".into())
        );
    }

    #[test]
    fn a_limit_outside_one_to_a_thousand_is_refused_not_clamped() {
        assert_eq!(AuditFilter::parse("limit=1").unwrap().limit, 1);
        assert_eq!(AuditFilter::parse("limit=1000").unwrap().limit, MAX_LIMIT);
        for bad in ["0", "1001", "1000000000", "-1", "many"] {
            assert_eq!(
                AuditFilter::parse(&format!("limit={bad}"))
                    .unwrap_err()
                    .to_string(),
                format!("limit must be a whole number from 1 to 1000, got '{bad}'")
            );
        }
    }
}
