//! `FindingQuery`: the Findings page's and `/api/v1/findings`' filters
//! (`severity=warning&kind=orphanEndpoint&subscription=…&format=csv`); every filter is optional,
//! `severity` one of the three, `kind` checked against the server's kinds by the server.

use super::{Encoder, QueryError, csv_format, once, pairs};
use crate::model::Severity;

const KNOWN: &str = "severity, kind, subscription, format";

/// Which findings, in which format.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingQuery {
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only this kind (`publicAccessEnabled`, …).
    pub kind: Option<String>,
    /// Only findings concerning this subscription (GUID).
    pub subscription: Option<String>,
    /// CSV instead of JSON (API and export only).
    pub csv: bool,
}

impl FindingQuery {
    /// Reads a raw query string, naming the first bad parameter.
    pub fn parse(raw: &str) -> Result<Self, QueryError> {
        let mut query = Self::default();
        let mut seen = Vec::new();
        for (key, value) in pairs(raw) {
            once(&mut seen, &key)?;
            match key.as_ref() {
                "severity" => {
                    query.severity =
                        Some(Severity::parse(&value).ok_or(QueryError::UnknownSeverity(value))?);
                }
                "kind" => query.kind = Some(value),
                "subscription" => query.subscription = Some(value.to_ascii_lowercase()),
                "format" => query.csv = csv_format(value)?,
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

    /// The query string of the filters (without the format).
    pub fn encode(&self) -> String {
        Encoder::default()
            .optional("severity", self.severity.map(Severity::key))
            .optional("kind", self.kind.as_deref())
            .optional("subscription", self.subscription.as_deref())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_query_round_trips_and_names_a_bad_severity() {
        let query =
            FindingQuery::parse("severity=WARNING&kind=orphanEndpoint&subscription=ABC").unwrap();
        assert_eq!(query.severity, Some(Severity::Warning));
        assert_eq!(query.subscription.as_deref(), Some("abc"));
        assert_eq!(FindingQuery::parse(&query.encode()).unwrap(), query);
        assert_eq!(
            FindingQuery::parse("severity=urgent")
                .unwrap_err()
                .to_string(),
            "unknown severity 'urgent': use critical, warning or info"
        );
        assert!(FindingQuery::parse("state=Pending").is_err());
        assert!(FindingQuery::parse("format=csv").unwrap().csv);
    }
}
