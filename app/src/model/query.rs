//! The typed URL queries that pages, `/api/v1`, the exports and links share: `ListQuery` (a
//! list's filters, sort and page), `GraphScope` (what the chain graph shows) and `AuditFilter`
//! (the audit's filters and page), each with one `parse` and one `encode`, and `QueryError`,
//! which names the bad parameter. Decoding is `form_urlencoded`'s, encoding `percent-encoding`'s.
//! Rules shared by all three: blank values are no filter, an unknown parameter is refused with
//! the known ones listed, a single-valued parameter given twice is refused. Used by the server
//! and by server-rendered components only, so the islands' wasm does not carry it.

/// `Paged` for a query with `offset` and `limit` fields (`u32`, at most `MAX_LIMIT`) and
/// `parse`/`encode` methods: the audit's and the change feed's.
macro_rules! offset_paged {
    ($query:ty) => {
        impl super::Paged for $query {
            fn parse_query(raw: &str) -> Result<Self, QueryError> {
                Self::parse(raw)
            }

            fn encode_query(&self) -> String {
                self.encode()
            }

            fn at_offset(self, offset: usize) -> Self {
                Self {
                    offset: u32::try_from(offset).unwrap_or(u32::MAX),
                    ..self
                }
            }

            fn page_size(&self) -> usize {
                self.limit as usize
            }

            fn with_page_size(self, limit: usize) -> Self {
                Self {
                    limit: u32::try_from(limit).unwrap_or(MAX_LIMIT),
                    ..self
                }
            }
        }
    };
}

mod audit;
mod changes;
mod findings;
mod graph;
mod history;
mod list;

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

pub use audit::AuditFilter;
pub use changes::ChangeQuery;
pub use findings::FindingQuery;
pub use graph::GraphScope;
pub use history::HistoryQuery;
pub use list::{DEFAULT_LIMIT, ListQuery, MAX_LIMIT, SortDirection};

use super::UnknownWord;

/// States a filter may name, in their canonical spelling.
pub const STATES: [&str; 4] = ["Pending", "Approved", "Rejected", "Disconnected"];

/// A query parameter that cannot be used: a 400 naming it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A parameter this query does not know.
    #[error("unknown parameter '{name}': use {known}")]
    UnknownParameter {
        /// What was given.
        name: String,
        /// The parameters there are, as text.
        known: &'static str,
    },
    /// An unknown connection state.
    #[error("unknown state '{0}': use Pending, Approved, Rejected or Disconnected")]
    UnknownState(String),
    /// A number that is not one, or out of range.
    #[error("{name} must be a whole number{range}, got '{value}'")]
    BadNumber {
        /// The parameter.
        name: &'static str,
        /// Its range, as text.
        range: String,
        /// What was given.
        value: String,
    },
    /// `order` other than asc/desc.
    #[error("order must be asc or desc, got '{0}'")]
    BadOrder(String),
    /// A sort column the list does not have.
    #[error("cannot sort by '{column}': use one of {allowed}")]
    BadSort {
        /// What was asked.
        column: String,
        /// The columns there are.
        allowed: String,
    },
    /// The same single-valued parameter twice.
    #[error("'{0}' is given more than once")]
    Repeated(String),
    /// A time that is not RFC 3339.
    #[error("{name} '{value}' is not an RFC 3339 time such as 2026-11-26T09:00:00Z")]
    BadTime {
        /// The parameter.
        name: &'static str,
        /// What was given.
        value: String,
    },
    /// A severity other than critical, warning or info.
    #[error("unknown severity '{0}': use critical, warning or info")]
    UnknownSeverity(String),
    /// A `format` other than json or csv.
    #[error("format must be json or csv, got '{0}'")]
    BadFormat(String),
    /// A kind of change the change feed does not have.
    #[error("unknown change kind '{value}': use {expected}")]
    UnknownChangeKind {
        /// What was given.
        value: String,
        /// The kinds there are.
        expected: String,
    },
    /// An audit action or outcome that is not one of the audit's words.
    #[error(transparent)]
    UnknownWord(#[from] UnknownWord),
}

impl From<QueryError> for crate::error::AppError {
    fn from(error: QueryError) -> Self {
        Self::bad_request(error.to_string())
    }
}

/// A query that pages: what a pager steps through.
pub trait Paged: Sized + Default {
    /// Reads a raw query string.
    fn parse_query(raw: &str) -> Result<Self, QueryError>;
    /// The query string of `self`.
    fn encode_query(&self) -> String;
    /// The same query from row `offset`.
    fn at_offset(self, offset: usize) -> Self;
    /// The same query over every page (an export's): no offset, the default page size.
    fn every_page(self) -> Self {
        let size = Self::default().page_size();
        self.at_offset(0).with_page_size(size)
    }
    /// The rows per page.
    fn page_size(&self) -> usize;
    /// The same query with `size` rows per page.
    fn with_page_size(self, size: usize) -> Self;
}

/// What a query value keeps as it is: ASCII letters, digits and `-_.~` (RFC 3986's unreserved
/// characters); everything else is percent-encoded, a space as `%20`.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `text` percent-encoded for a query value.
pub fn encode_value(text: &str) -> String {
    utf8_percent_encode(text, VALUE).to_string()
}

/// The pairs of a raw query string (`a=1&b=2`, a leading `?` allowed), decoded, values trimmed;
/// pairs with a blank value (a filter left empty, a form's nameless button) are skipped.
fn pairs(raw: &str) -> impl Iterator<Item = (Cow<'_, str>, String)> {
    form_urlencoded::parse(raw.trim_start_matches('?').as_bytes())
        .map(|(key, value)| (key, value.trim().to_owned()))
        .filter(|(_, value)| !value.is_empty())
}

/// `format=csv` (true) or `format=json` (false), in any case.
fn csv_format(value: String) -> Result<bool, QueryError> {
    match value.to_ascii_lowercase().as_str() {
        "csv" => Ok(true),
        "json" => Ok(false),
        _ => Err(QueryError::BadFormat(value)),
    }
}

/// Refuses a single-valued parameter seen before.
fn once(seen: &mut Vec<String>, key: &str) -> Result<(), QueryError> {
    if seen.iter().any(|k| k == key) {
        return Err(QueryError::Repeated(key.to_owned()));
    }
    seen.push(key.to_owned());
    Ok(())
}

/// A state in its canonical spelling, read in any case.
fn state(value: &str) -> Result<String, QueryError> {
    STATES
        .iter()
        .find(|s| s.eq_ignore_ascii_case(value))
        .map(|s| (*s).to_owned())
        .ok_or_else(|| QueryError::UnknownState(value.to_owned()))
}

/// Comma-separated values, trimmed, blanks dropped (`subscription=a,b`).
fn split_list(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A whole number from `min` to `max` (`None`: no upper bound).
/// Reads the RFC 3339 time of parameter `name`.
fn instant(name: &'static str, value: String) -> Result<time::OffsetDateTime, QueryError> {
    time::OffsetDateTime::parse(&value, &time::format_description::well_known::Rfc3339)
        .map_err(|_| QueryError::BadTime { name, value })
}

/// A parsed whole number as a `u32` (saturating).
fn whole(n: Result<u64, QueryError>) -> Result<u32, QueryError> {
    n.map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

fn number(name: &'static str, value: &str, min: u64, max: Option<u64>) -> Result<u64, QueryError> {
    let range = max.map_or_else(String::new, |max| format!(" from {min} to {max}"));
    value
        .parse::<u64>()
        .ok()
        .filter(|n| *n >= min && max.is_none_or(|max| *n <= max))
        .ok_or_else(|| QueryError::BadNumber {
            name,
            range,
            value: value.to_owned(),
        })
}

/// A query string being written: `key=value` pairs joined by `&`, values percent-encoded.
#[derive(Default)]
struct Encoder(String);

impl Encoder {
    fn pair(&mut self, key: &str, value: &str) -> &mut Self {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(key);
        self.0.push('=');
        self.0.push_str(&encode_value(value));
        self
    }

    fn optional(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.pair(key, value);
        }
        self
    }

    fn all<'v>(&mut self, key: &str, values: impl IntoIterator<Item = &'v String>) -> &mut Self {
        for value in values {
            self.pair(key, value);
        }
        self
    }

    fn finish(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_as_links_have_always_been() {
        assert_eq!(encode_value("Front Door"), "Front%20Door");
        assert_eq!(encode_value("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode_value("pls:/s/x&y"), "pls%3A%2Fs%2Fx%26y");
        assert_eq!(encode_value("réseau*"), "r%C3%A9seau%2A");
    }

    #[test]
    fn blank_values_and_nameless_fields_carry_nothing() {
        let read: Vec<_> = pairs("?a=&=&b=+x+&c=%20").collect();
        assert_eq!(read, [(Cow::from("b"), "x".to_owned())]);
    }
}
