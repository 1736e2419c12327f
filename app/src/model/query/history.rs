//! `HistoryQuery`: connection counts over time as a URL asks for them
//! (`subscription=…&from=…&to=…&format=csv`); `subscription` only for a subscription's total
//! (without it, `/api/v1/history` answers the estate's).

use time::OffsetDateTime;

use super::{QueryError, csv_format, instant, once, pairs};

const KNOWN: &str = "subscription, from, to, format";

/// Which counts, over which time, in which format.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    /// The subscription whose total is asked for.
    pub subscription: Option<String>,
    /// From (default: 30 days before `to`).
    pub from: Option<OffsetDateTime>,
    /// To (default: now).
    pub to: Option<OffsetDateTime>,
    /// CSV instead of JSON.
    pub csv: bool,
}

impl HistoryQuery {
    /// Reads a raw query string, naming the first bad parameter.
    pub fn parse(raw: &str) -> Result<Self, QueryError> {
        let mut query = Self::default();
        let mut seen = Vec::new();
        for (key, value) in pairs(raw) {
            once(&mut seen, &key)?;
            match key.as_ref() {
                "subscription" => query.subscription = Some(value),
                "from" => query.from = Some(instant("from", value)?),
                "to" => query.to = Some(instant("to", value)?),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_query_reads_its_window_and_format_and_names_a_bad_one() {
        let query = HistoryQuery::parse("from=2026-11-01T00:00:00Z&format=CSV").unwrap();
        assert!(query.csv && query.from.is_some() && query.to.is_none());
        assert_eq!(
            HistoryQuery::parse("format=xml").unwrap_err().to_string(),
            "format must be json or csv, got 'xml'"
        );
        assert!(HistoryQuery::parse("limit=3").is_err());
    }
}
