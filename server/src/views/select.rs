//! Applying a `ListQuery` to rows: filter, sort (stable, then by id), and cut one page. A page
//! beyond the end is clamped to the last page, so a shared link never shows an empty table.

use std::cmp::Ordering;

use app::model::Page;

use super::{ListQuery, QueryError, SortDirection};

/// What a list row offers to filters and sorting.
pub trait Row: Clone {
    /// Stable unique key (the resource id).
    fn id(&self) -> &str;
    /// Subscription GUID.
    fn subscription(&self) -> &str;
    /// Resource group.
    fn resource_group(&self) -> &str;
    /// Region.
    fn location(&self) -> &str;
    /// Connection state, where the row has one.
    fn state(&self) -> Option<&str>;
    /// Does the free text occur in the row (`needle` is lower-cased)?
    fn matches(&self, needle: &str) -> bool;
    /// The sortable columns, the first being the default.
    fn columns() -> &'static [&'static str];
    /// Compares two rows by a column from `columns()`.
    fn compare(&self, other: &Self, column: &str) -> Ordering;
}

/// Filters, sorts and pages rows.
pub fn select<R: Row>(rows: &[R], query: &ListQuery) -> Result<Page<R>, QueryError> {
    let column = match &query.sort {
        None => R::columns()[0],
        Some(asked) => R::columns()
            .iter()
            .copied()
            .find(|c| c.eq_ignore_ascii_case(asked))
            .ok_or_else(|| QueryError::BadSort {
                column: asked.clone(),
                allowed: R::columns().join(", "),
            })?,
    };
    let needle = query.text.as_ref().map(|t| t.to_lowercase());
    let eq = |a: &str, b: &Option<String>| b.as_ref().is_none_or(|b| a.eq_ignore_ascii_case(b));
    let mut matching: Vec<&R> = rows
        .iter()
        .filter(|r| {
            query.subscriptions.is_empty()
                || query
                    .subscriptions
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(r.subscription()))
        })
        .filter(|r| eq(r.resource_group(), &query.resource_group))
        .filter(|r| eq(r.location(), &query.location))
        .filter(|r| {
            query
                .state
                .as_ref()
                .is_none_or(|s| r.state().is_some_and(|state| state.eq_ignore_ascii_case(s)))
        })
        .filter(|r| needle.as_ref().is_none_or(|n| r.matches(n)))
        .collect();
    matching.sort_by(|a, b| {
        let ordering = a.compare(b, column).then_with(|| {
            a.id()
                .to_ascii_lowercase()
                .cmp(&b.id().to_ascii_lowercase())
        });
        match query.direction {
            SortDirection::Ascending => ordering,
            SortDirection::Descending => ordering.reverse(),
        }
    });
    let total = matching.len();
    let last_page_start = total.saturating_sub(1) / query.limit * query.limit;
    let offset = query.offset.min(last_page_start);
    let items = matching
        .into_iter()
        .skip(offset)
        .take(query.limit)
        .cloned()
        .collect();
    Ok(Page {
        items,
        total,
        offset,
        limit: query.limit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Item {
        id: String,
        sub: &'static str,
        state: &'static str,
        n: u32,
    }

    impl Row for Item {
        fn id(&self) -> &str {
            &self.id
        }
        fn subscription(&self) -> &str {
            self.sub
        }
        fn resource_group(&self) -> &str {
            "rg"
        }
        fn location(&self) -> &str {
            "westeurope"
        }
        fn state(&self) -> Option<&str> {
            Some(self.state)
        }
        fn matches(&self, needle: &str) -> bool {
            self.id.to_lowercase().contains(needle)
        }
        fn columns() -> &'static [&'static str] {
            &["id", "n"]
        }
        fn compare(&self, other: &Self, column: &str) -> Ordering {
            match column {
                "n" => self.n.cmp(&other.n),
                _ => self.id.cmp(&other.id),
            }
        }
    }

    fn items() -> Vec<Item> {
        (0..7)
            .map(|i| Item {
                id: format!("item{i}"),
                sub: if i % 2 == 0 { "A" } else { "b" },
                state: if i < 3 { "Pending" } else { "Approved" },
                n: 10 - i,
            })
            .collect()
    }

    fn ids(page: &Page<Item>) -> Vec<&str> {
        page.items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn filters_combine_and_ignore_case() {
        let q = ListQuery::parse("subscription=a&state=pending").unwrap();
        assert_eq!(ids(&select(&items(), &q).unwrap()), ["item0", "item2"]);
        let q = ListQuery::parse("q=ITEM6").unwrap();
        assert_eq!(ids(&select(&items(), &q).unwrap()), ["item6"]);
    }

    #[test]
    fn sorting_by_a_column_and_direction() {
        let q = ListQuery::parse("sort=n&limit=3").unwrap();
        assert_eq!(
            ids(&select(&items(), &q).unwrap()),
            ["item6", "item5", "item4"]
        );
        let q = ListQuery::parse("sort=id&order=desc&limit=2").unwrap();
        assert_eq!(ids(&select(&items(), &q).unwrap()), ["item6", "item5"]);
        assert!(matches!(
            select(&items(), &ListQuery::parse("sort=colour").unwrap()),
            Err(QueryError::BadSort { .. })
        ));
    }

    #[test]
    fn pages_count_the_total_and_clamp_past_the_end() {
        let page = select(&items(), &ListQuery::parse("limit=3&offset=3").unwrap()).unwrap();
        assert_eq!(
            (ids(&page), page.total, page.offset),
            (vec!["item3", "item4", "item5"], 7, 3)
        );
        let beyond = select(&items(), &ListQuery::parse("limit=3&offset=300").unwrap()).unwrap();
        assert_eq!(
            (ids(&beyond), beyond.offset),
            (vec!["item6"], 6),
            "clamped to the last page"
        );
        let empty = select(&items(), &ListQuery::parse("state=Rejected").unwrap()).unwrap();
        assert_eq!((empty.items.len(), empty.total, empty.offset), (0, 0, 0));
    }
}
