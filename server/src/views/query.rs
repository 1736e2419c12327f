//! `ListQuery`: the filters, sort and page of a list, parsed from a URL query string with a clear
//! error for each bad value (`?subscription=a&subscription=b&state=Pending&q=…&sort=name&limit=50`).

/// Rows per page when none is asked for.
pub const DEFAULT_LIMIT: usize = 50;
/// The largest page.
pub const MAX_LIMIT: usize = 1000;
/// States a filter may name.
pub const STATES: [&str; 4] = ["Pending", "Approved", "Rejected", "Disconnected"];

/// Ascending or descending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortDirection {
    /// A→Z, 0→9.
    #[default]
    Ascending,
    /// Z→A, 9→0.
    Descending,
}

/// A parsed list request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Subscriptions (GUIDs) to include; empty means all.
    pub subscriptions: Vec<String>,
    /// Resource group (ignoring case).
    pub resource_group: Option<String>,
    /// Region (ignoring case).
    pub location: Option<String>,
    /// Connection state, canonical spelling.
    pub state: Option<String>,
    /// Free text searched in names, ids and descriptions (ignoring case).
    pub text: Option<String>,
    /// Column to sort by.
    pub sort: Option<String>,
    /// Sort direction.
    pub direction: SortDirection,
    /// First row.
    pub offset: usize,
    /// Rows per page.
    pub limit: usize,
}

/// A query parameter that cannot be used: a 400 naming it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A parameter this list does not know.
    #[error(
        "unknown parameter '{0}': use subscription, resourceGroup, location, state, q, sort, order, offset, limit"
    )]
    UnknownParameter(String),
    /// An unknown state.
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
}

impl ListQuery {
    /// Parses a raw query string (`a=1&b=2`).
    pub fn parse(raw: &str) -> Result<Self, QueryError> {
        let mut query = Self {
            limit: DEFAULT_LIMIT,
            ..Self::default()
        };
        let mut seen = std::collections::HashSet::new();
        for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let value = value.trim().to_owned();
            if key != "subscription" && !seen.insert(key.to_string()) {
                return Err(QueryError::Repeated(key.into_owned()));
            }
            let optional = |v: String| (!v.is_empty()).then_some(v);
            match key.as_ref() {
                "subscription" => query.subscriptions.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                ),
                "resourceGroup" => query.resource_group = optional(value),
                "location" => query.location = optional(value),
                "state" if value.is_empty() => {}
                "state" => {
                    let known = STATES.iter().find(|s| s.eq_ignore_ascii_case(&value));
                    query.state = Some(known.ok_or(QueryError::UnknownState(value))?.to_string());
                }
                "q" => query.text = optional(value),
                "sort" => query.sort = optional(value),
                "order" => {
                    query.direction = match value.to_ascii_lowercase().as_str() {
                        "" | "asc" => SortDirection::Ascending,
                        "desc" => SortDirection::Descending,
                        _ => return Err(QueryError::BadOrder(value)),
                    }
                }
                "offset" => query.offset = number("offset", &value, 0, usize::MAX)?,
                "limit" => query.limit = number("limit", &value, 1, MAX_LIMIT)?,
                other => return Err(QueryError::UnknownParameter(other.to_owned())),
            }
        }
        Ok(query)
    }
}

fn number(name: &'static str, value: &str, min: usize, max: usize) -> Result<usize, QueryError> {
    let range = if max == usize::MAX {
        String::new()
    } else {
        format!(" from {min} to {max}")
    };
    value
        .parse::<usize>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| QueryError::BadNumber {
            name,
            range,
            value: value.to_owned(),
        })
}

impl From<QueryError> for app::error::AppError {
    fn from(error: QueryError) -> Self {
        Self::bad_request(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_sort_and_page_are_read() {
        let q = ListQuery::parse("subscription=a&subscription=b,c&state=pending&q=%20Front%20&sort=name&order=desc&offset=50&limit=25").unwrap();
        assert_eq!(q.subscriptions, ["a", "b", "c"]);
        assert_eq!(q.state.as_deref(), Some("Pending"));
        assert_eq!(q.text.as_deref(), Some("Front"));
        assert_eq!(
            (q.direction, q.offset, q.limit),
            (SortDirection::Descending, 50, 25)
        );
        assert_eq!(ListQuery::parse("").unwrap().limit, DEFAULT_LIMIT);
        assert_eq!(
            ListQuery::parse("state=&q=").unwrap().state,
            None,
            "empty form fields mean no filter"
        );
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(
            ListQuery::parse("state=Maybe").unwrap_err(),
            QueryError::UnknownState("Maybe".into())
        );
        assert!(
            ListQuery::parse("limit=0")
                .unwrap_err()
                .to_string()
                .contains("limit must be a whole number from 1 to 1000")
        );
        assert!(matches!(
            ListQuery::parse("offset=-1").unwrap_err(),
            QueryError::BadNumber { .. }
        ));
        assert_eq!(
            ListQuery::parse("colour=red").unwrap_err(),
            QueryError::UnknownParameter("colour".into())
        );
        assert_eq!(
            ListQuery::parse("order=up").unwrap_err(),
            QueryError::BadOrder("up".into())
        );
        assert_eq!(
            ListQuery::parse("limit=5&limit=6").unwrap_err(),
            QueryError::Repeated("limit".into())
        );
    }
}
