//! `ListQuery`: the filters, sort and page of a list
//! (`subscription=a&subscription=b,c&state=Pending&q=…&sort=name&order=desc&offset=50&limit=25`).

use super::{Encoder, Paged, QueryError, number, once, pairs, split_list, state};

/// Rows per page when none is asked for.
pub const DEFAULT_LIMIT: usize = 50;
/// The largest page.
pub const MAX_LIMIT: usize = 1000;

const KNOWN: &str = "subscription, resourceGroup, location, state, q, sort, order, offset, limit";

/// Ascending or descending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortDirection {
    /// A→Z, 0→9.
    #[default]
    Ascending,
    /// Z→A, 9→0.
    Descending,
}

/// A list request: which rows, in which order, which page.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// Column to sort by; `None` for the list's default.
    pub sort: Option<String>,
    /// Sort direction.
    pub direction: SortDirection,
    /// First row.
    pub offset: usize,
    /// Rows per page.
    pub limit: usize,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            subscriptions: Vec::new(),
            resource_group: None,
            location: None,
            state: None,
            text: None,
            sort: None,
            direction: SortDirection::Ascending,
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl ListQuery {
    /// Reads a raw query string (`a=1&b=2`), naming the first bad parameter.
    pub fn parse(raw: &str) -> Result<Self, QueryError> {
        let mut query = Self::default();
        let mut seen = Vec::new();
        for (key, value) in pairs(raw) {
            if key != "subscription" {
                once(&mut seen, &key)?;
            }
            match key.as_ref() {
                "subscription" => query.subscriptions.extend(split_list(&value)),
                "resourceGroup" => query.resource_group = Some(value),
                "location" => query.location = Some(value),
                "state" => query.state = Some(state(&value)?),
                "q" => query.text = Some(value),
                "sort" => query.sort = Some(value),
                "order" => {
                    query.direction = match value.to_ascii_lowercase().as_str() {
                        "asc" => SortDirection::Ascending,
                        "desc" => SortDirection::Descending,
                        _ => return Err(QueryError::BadOrder(value)),
                    }
                }
                "offset" => query.offset = to_usize(number("offset", &value, 0, None)?),
                "limit" => {
                    query.limit = to_usize(number("limit", &value, 1, Some(MAX_LIMIT as u64))?);
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

    /// The query string: filters, then sort and order (the order always beside a sort, so a
    /// sort link says which way it goes), then the page; defaults are left out.
    pub fn encode(&self) -> String {
        let order = match (self.direction, &self.sort) {
            (SortDirection::Descending, _) => Some("desc"),
            (SortDirection::Ascending, Some(_)) => Some("asc"),
            (SortDirection::Ascending, None) => None,
        };
        let offset = (self.offset > 0).then(|| self.offset.to_string());
        let limit = (self.limit != DEFAULT_LIMIT).then(|| self.limit.to_string());
        Encoder::default()
            .all("subscription", &self.subscriptions)
            .optional("resourceGroup", self.resource_group.as_deref())
            .optional("location", self.location.as_deref())
            .optional("state", self.state.as_deref())
            .optional("q", self.text.as_deref())
            .optional("sort", self.sort.as_deref())
            .optional("order", order)
            .optional("offset", offset.as_deref())
            .optional("limit", limit.as_deref())
            .finish()
    }

    /// The column sorted by (`default_column` when none is asked) and whether it is descending.
    pub fn sorted_by<'a>(&'a self, default_column: &'a str) -> (&'a str, bool) {
        (
            self.sort.as_deref().unwrap_or(default_column),
            self.direction == SortDirection::Descending,
        )
    }
}

impl Paged for ListQuery {
    fn parse_query(raw: &str) -> Result<Self, QueryError> {
        Self::parse(raw)
    }

    fn encode_query(&self) -> String {
        self.encode()
    }

    fn at_offset(self, offset: usize) -> Self {
        Self { offset, ..self }
    }

    fn page_size(&self) -> usize {
        self.limit
    }

    fn with_page_size(self, limit: usize) -> Self {
        Self { limit, ..self }
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
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
            ListQuery::parse("state=&q=&limit=&=").unwrap(),
            ListQuery::default(),
            "empty form fields mean no filter"
        );
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(
            ListQuery::parse("state=Maybe").unwrap_err(),
            QueryError::UnknownState("Maybe".into())
        );
        assert_eq!(
            ListQuery::parse("limit=0").unwrap_err().to_string(),
            "limit must be a whole number from 1 to 1000, got '0'"
        );
        assert_eq!(
            ListQuery::parse("offset=-1").unwrap_err().to_string(),
            "offset must be a whole number, got '-1'"
        );
        assert_eq!(
            ListQuery::parse("colour=red").unwrap_err().to_string(),
            "unknown parameter 'colour': use subscription, resourceGroup, location, state, q, sort, order, offset, limit"
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

    #[test]
    fn a_query_reads_back_as_itself() {
        let query = ListQuery {
            subscriptions: vec!["a".into(), "b c".into()],
            resource_group: Some("rg-1".into()),
            location: Some("westeurope".into()),
            state: Some("Pending".into()),
            text: Some("Front Door & co=1".into()),
            sort: Some("name".into()),
            direction: SortDirection::Descending,
            offset: 50,
            limit: 25,
        };
        let raw = query.encode();
        assert_eq!(
            raw,
            "subscription=a&subscription=b%20c&resourceGroup=rg-1&location=westeurope&state=Pending\
             &q=Front%20Door%20%26%20co%3D1&sort=name&order=desc&offset=50&limit=25"
        );
        assert_eq!(ListQuery::parse(&raw).unwrap(), query);
        assert_eq!(ListQuery::default().encode(), "");
        let ascending = ListQuery::parse("sort=name").unwrap();
        assert_eq!(ascending.encode(), "sort=name&order=asc");
        assert_eq!(ListQuery::parse(&ascending.encode()).unwrap(), ascending);
    }

    #[test]
    fn form_encoding_reads_like_percent_encoding() {
        assert_eq!(
            ListQuery::parse("q=Front+Door").unwrap(),
            ListQuery::parse("q=Front%20Door").unwrap()
        );
    }
}
