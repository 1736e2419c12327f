//! `ChangeQuery`: the change feed's filters and page as a URL gives them
//! (`subscription=a,b&service=…&connection=…&kind=stateChanged,connectionGone&who=alice&from=…&to=…&offset=…&limit=…`);
//! `subscription` and `kind` may repeat and hold comma-separated lists. `who=unknown` asks for
//! the changes nobody is known to have made.

use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use super::audit::{DEFAULT_LIMIT, MAX_LIMIT};
use super::{Encoder, QueryError, instant, number, once, pairs, split_list, whole};
use crate::model::ChangeKind;

const KNOWN: &str = "subscription, service, connection, kind, who, from, to, offset, limit";

/// Which changes, which page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeQuery {
    /// Subscription GUIDs: any of them; empty for any.
    pub subscriptions: Vec<String>,
    /// One private link service (its id, any case).
    pub service: Option<String>,
    /// One connection (its id, any case).
    pub connection: Option<String>,
    /// Kinds: any of them; empty for any.
    pub kinds: Vec<ChangeKind>,
    /// Who made them (`unknown` for nobody known).
    pub who: Option<String>,
    /// Seen at or after.
    pub from: Option<OffsetDateTime>,
    /// Seen at or before.
    pub to: Option<OffsetDateTime>,
    /// Changes to skip, newest first.
    pub offset: u32,
    /// Changes per page, 1 to 1,000.
    pub limit: u32,
}

impl Default for ChangeQuery {
    fn default() -> Self {
        Self {
            subscriptions: Vec::new(),
            service: None,
            connection: None,
            kinds: Vec::new(),
            who: None,
            from: None,
            to: None,
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl ChangeQuery {
    /// Reads a raw query string, naming the first bad parameter.
    pub fn parse(raw: &str) -> Result<Self, QueryError> {
        let mut query = Self::default();
        let mut seen = Vec::new();
        for (key, value) in pairs(raw) {
            if key != "subscription" && key != "kind" {
                once(&mut seen, &key)?;
            }
            match key.as_ref() {
                "subscription" => query.subscriptions.extend(split_list(&value)),
                "service" => query.service = Some(value),
                "connection" => query.connection = Some(value),
                "kind" => {
                    for word in split_list(&value) {
                        let kind = ChangeKind::parse(&word).ok_or_else(|| {
                            QueryError::UnknownChangeKind {
                                value: word.clone(),
                                expected: ChangeKind::expected(),
                            }
                        })?;
                        if !query.kinds.contains(&kind) {
                            query.kinds.push(kind);
                        }
                    }
                }
                "who" => query.who = Some(value),
                "from" => query.from = Some(instant("from", value)?),
                "to" => query.to = Some(instant("to", value)?),
                "offset" => query.offset = whole(number("offset", &value, 0, None))?,
                "limit" => {
                    query.limit = whole(number("limit", &value, 1, Some(MAX_LIMIT.into())))?;
                }
                other => {
                    return Err(QueryError::UnknownParameter {
                        name: other.to_owned(),
                        known: KNOWN,
                    });
                }
            }
        }
        Ok(query)
    }

    /// The query string, in the order of the fields; defaults are left out.
    pub fn encode(&self) -> String {
        let stamp = |t: &Option<OffsetDateTime>| t.and_then(|t| t.format(&Rfc3339).ok());
        let (from, to) = (stamp(&self.from), stamp(&self.to));
        let offset = (self.offset > 0).then(|| self.offset.to_string());
        let limit = (self.limit != DEFAULT_LIMIT).then(|| self.limit.to_string());
        let kinds: Vec<String> = self.kinds.iter().map(|k| k.as_str().to_owned()).collect();
        Encoder::default()
            .all("subscription", &self.subscriptions)
            .optional("service", self.service.as_deref())
            .optional("connection", self.connection.as_deref())
            .all("kind", &kinds)
            .optional("who", self.who.as_deref())
            .optional("from", from.as_deref())
            .optional("to", to.as_deref())
            .optional("offset", offset.as_deref())
            .optional("limit", limit.as_deref())
            .finish()
    }
}

offset_paged!(ChangeQuery);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_reads_and_reads_back_as_itself() {
        let raw =
            "kind=stateChanged,CONNECTIONGONE&kind=stateChanged&subscription=a&who=alice&limit=10";
        let query = ChangeQuery::parse(raw).unwrap();
        assert_eq!(
            query.kinds,
            [ChangeKind::StateChanged, ChangeKind::ConnectionGone]
        );
        assert_eq!(query.who.as_deref(), Some("alice"));
        assert_eq!(ChangeQuery::parse(&query.encode()).unwrap(), query);
        assert_eq!(ChangeQuery::default().encode(), "");
    }

    #[test]
    fn a_bad_kind_or_limit_is_named() {
        let kind = ChangeQuery::parse("kind=renamed").unwrap_err().to_string();
        assert!(
            kind.starts_with("unknown change kind 'renamed': use connectionAppeared, "),
            "{kind}"
        );
        let limit = ChangeQuery::parse("limit=0").unwrap_err().to_string();
        assert!(limit.starts_with("limit must be a whole number"), "{limit}");
    }
}
