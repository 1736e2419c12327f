//! Applying a `ListQuery` to rows: filter, sort (by the column, then by id), and cut one page.
//! A page beyond the end is clamped to the last page, so a shared link never shows an empty
//! table. Free text is looked for in a row's id and its `search_texts`. `Table` keeps every
//! row's searched texts lower-cased in one buffer, so a search over 60,000 connections is one
//! vectorised scan (`memchr::memmem`) instead of a visit to each row's fields; a record keeps
//! its id's varying segments (subscription, resource group) there instead of the whole id, and
//! reads the whole id only for a needle with a `/`.
//! Only the rows up to the page's end are fully sorted.

use std::cmp::Ordering;
use std::collections::HashMap;

use app::model::Page;

use super::search_text::SearchTexts;

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
    /// The texts free-text search looks in besides the id (names, descriptions…).
    fn search_texts(&self) -> Vec<String>;
    /// The sortable columns, the first being the default.
    fn columns() -> &'static [&'static str];
    /// Compares two rows by a column from `columns()`.
    fn compare(&self, other: &Self, column: &str) -> Ordering;
}

/// A row a `Table` keeps, and the wire row a page or response shows of it (made at the edge,
/// only for the rows returned).
pub trait Record: Row {
    /// The row as `/api/v1` and the pages show it.
    type Wire;
    /// Makes the wire row.
    fn wire(&self) -> Self::Wire;
    /// The texts the table keeps lower-cased for search (by default `search_texts`).
    fn kept_texts(&self) -> Vec<String> {
        self.search_texts()
    }
    /// Texts many rows share, each the parts of one text (kept once per distinct text);
    /// searched as if they were the row's own. None by default.
    fn shared_texts(&self) -> Vec<Vec<String>> {
        Vec::new()
    }
    /// Whether what the table does not keep (by default the id) holds `needle`, already
    /// lower-cased.
    fn holds(&self, needle: &str) -> bool {
        contains_folded(self.id(), needle)
    }
}

/// Text compared ignoring case, without allocating.
pub fn text_cmp(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// Oldest request first, unknown times last: the default order of connections.
pub fn oldest_first<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Rows with their lower-cased search texts, kept in the default sort order so that the most
/// common request (the default column) needs no sort at all. Built once per snapshot. A row's
/// own texts are kept once per row; the texts many rows share (a service's name, a
/// subscription…) once per distinct text, each row pointing at its own.
#[derive(Clone, Debug, Default)]
pub struct Table<R> {
    rows: Vec<R>,
    own: SearchTexts,
    shared: SearchTexts,
    /// The shared texts of each row: `shared_of[shared_ends[i - 1]..shared_ends[i]]`.
    shared_of: Vec<u32>,
    shared_ends: Vec<u32>,
}

impl<R: Record> Table<R> {
    /// Indexes `rows` for search.
    pub fn new(mut rows: Vec<R>) -> Self {
        let default = R::columns()[0];
        rows.sort_by(|a, b| by_column_then_id(a, b, default));
        let own = SearchTexts::new(|| rows.iter().map(R::kept_texts));
        let mut distinct: HashMap<Vec<String>, u32> = HashMap::new();
        let mut shared_of = Vec::new();
        let mut shared_ends = Vec::with_capacity(rows.len());
        for row in &rows {
            for text in row.shared_texts() {
                let next = u32::try_from(distinct.len()).expect("fewer than 2^32 shared texts");
                shared_of.push(*distinct.entry(text).or_insert(next));
            }
            shared_ends.push(u32::try_from(shared_of.len()).expect("fewer than 2^32 texts"));
        }
        let mut entries: Vec<(Vec<String>, u32)> = distinct.into_iter().collect();
        entries.sort_by_key(|(_, at)| *at);
        let shared = SearchTexts::new(|| entries.iter().map(|(text, _)| text.clone()));
        shared_of.shrink_to_fit();
        Self {
            rows,
            own,
            shared,
            shared_of,
            shared_ends,
        }
    }

    /// Which rows' kept texts (own or shared) hold `needle` (lower-cased): one scan of each
    /// buffer.
    fn hits(&self, needle: &str) -> Vec<bool> {
        let mut hits = self.own.hits(needle);
        if self.shared.is_empty() {
            return hits;
        }
        let shared = self.shared.hits(needle);
        let mut start = 0;
        for (hit, &end) in hits.iter_mut().zip(&self.shared_ends) {
            let end = end as usize;
            *hit = *hit
                || self.shared_of[start..end]
                    .iter()
                    .any(|&s| shared[s as usize]);
            start = end;
        }
        hits
    }

    /// The rows, in the default sort order.
    pub fn rows(&self) -> &[R] {
        &self.rows
    }

    /// Filters, sorts and pages the rows; the page holds wire rows.
    pub fn select(&self, query: &ListQuery) -> Result<Page<R::Wire>, QueryError> {
        let hits = query.text.as_ref().map(|t| self.hits(&t.to_lowercase()));
        let found = |i: usize, row: &R, needle: &str| {
            hits.as_ref().is_some_and(|hits| hits[i]) || row.holds(needle)
        };
        select_indexed(&self.rows, found, true, query, R::wire)
    }
}

/// Whether `text` holds `needle` (already lower-cased) when `text` is read in ASCII lower
/// case: candidates are found with `memchr` on the needle's first byte in both cases.
pub fn contains_folded(text: &str, needle: &str) -> bool {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), text).any(|at| {
        text.get(at..at + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(needle))
    })
}

fn by_column_then_id<R: Row>(a: &R, b: &R, column: &str) -> Ordering {
    a.compare(b, column).then_with(|| {
        a.id()
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.id().bytes().map(|c| c.to_ascii_lowercase()))
    })
}

/// Filters, sorts and pages rows that have no search index (search text built per row).
pub fn select<R: Row>(rows: &[R], query: &ListQuery) -> Result<Page<R>, QueryError> {
    let found = |_: usize, row: &R, needle: &str| {
        contains_folded(row.id(), needle)
            || row
                .search_texts()
                .iter()
                .any(|t| t.to_lowercase().contains(needle))
    };
    select_indexed(rows, found, false, query, R::clone)
}

/// `found(i, row, needle)`: whether the `i`th row's id or texts hold the lower-cased needle; `presorted`: `rows` are already in the order of the default column; `wire` makes
/// each row of the page.
fn select_indexed<R: Row, W>(
    rows: &[R],
    found: impl Fn(usize, &R, &str) -> bool,
    presorted: bool,
    query: &ListQuery,
    wire: impl Fn(&R) -> W,
) -> Result<Page<W>, QueryError> {
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
    let found = |i: usize, row: &R| match &needle {
        None => true,
        Some(n) => found(i, row, n),
    };
    // The asked value first: a row's field is read only when the query filters on it.
    let asked = |value: &Option<String>, field: &str| {
        value.as_ref().is_none_or(|v| field.eq_ignore_ascii_case(v))
    };
    let mut matching: Vec<&R> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            query.subscriptions.is_empty()
                || query
                    .subscriptions
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(r.subscription()))
        })
        .filter(|(_, r)| {
            query.resource_group.is_none() || asked(&query.resource_group, r.resource_group())
        })
        .filter(|(_, r)| query.location.is_none() || asked(&query.location, r.location()))
        .filter(|(_, r)| {
            query
                .state
                .as_ref()
                .is_none_or(|s| r.state().is_some_and(|state| state.eq_ignore_ascii_case(s)))
        })
        .filter(|(i, r)| found(*i, r))
        .map(|(_, r)| r)
        .collect();
    let order = |a: &&R, b: &&R| {
        let ordering = by_column_then_id(*a, *b, column);
        match query.direction {
            SortDirection::Ascending => ordering,
            SortDirection::Descending => ordering.reverse(),
        }
    };
    let total = matching.len();
    let last_page_start = total.saturating_sub(1) / query.limit * query.limit;
    let offset = query.offset.min(last_page_start);
    let end = offset.saturating_add(query.limit).min(total);
    if presorted && column == R::columns()[0] {
        // Filtering kept the default order; descending is that order backwards.
        if query.direction == SortDirection::Descending {
            matching.reverse();
        }
        matching.truncate(end);
    } else if end < total {
        // Only the first `end` rows need their order: partition, then sort those.
        matching.select_nth_unstable_by(end, order);
        matching.truncate(end);
    }
    if !(presorted && column == R::columns()[0]) {
        matching.sort_unstable_by(order);
    }
    let items = matching.into_iter().skip(offset).map(wire).collect();
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

    impl Record for Item {
        type Wire = Item;
        fn wire(&self) -> Item {
            self.clone()
        }
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
        fn search_texts(&self) -> Vec<String> {
            vec![format!("state {}", self.state)]
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
    fn free_text_is_found_in_the_id_and_the_search_texts_in_any_case() {
        let table = Table::new(items());
        for (query, expected) in [
            ("q=ITEM6", vec!["item6"]),
            ("q=tem5", vec!["item5"]),
            ("q=STATE%20pend", vec!["item0", "item1", "item2"]),
            ("q=item6%20state", vec![]),
        ] {
            let q = ListQuery::parse(query).unwrap();
            assert_eq!(ids(&table.select(&q).unwrap()), expected, "{query}");
            assert_eq!(ids(&select(&items(), &q).unwrap()), expected, "{query}");
        }
        assert!(contains_folded("/Subscriptions/X", "subscriptions/x"));
        assert!(!contains_folded("/subscriptions/x", "/subscriptions/x/"));
        assert!(contains_folded("anything", ""));
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
    fn the_index_finds_what_a_row_by_row_search_finds_and_pages_agree_with_a_full_sort() {
        let many: Vec<Item> = (0..500)
            .map(|i| Item {
                id: format!("Item{:03}", (i * 7919) % 500),
                sub: if i % 3 == 0 { "A" } else { "b" },
                state: if i % 5 == 0 { "Pending" } else { "Approved" },
                n: (i % 13) as u32,
            })
            .collect();
        let table = Table::new(many.clone());
        for raw in [
            "q=item1&sort=n&limit=7&offset=14",
            "sort=n&order=desc&limit=25&offset=475",
            "state=pending&sort=id&limit=3",
            "q=ITEM42",
            "q=nothing",
            "order=desc&limit=5&offset=10",
        ] {
            let query = ListQuery::parse(raw).unwrap();
            let indexed = table.select(&query).unwrap();
            let plain = select(&many, &query).unwrap();
            assert_eq!(indexed, plain, "{raw}");
            let everything = select(
                &many,
                &ListQuery {
                    offset: 0,
                    limit: 1000,
                    ..query.clone()
                },
            )
            .unwrap();
            let expected: Vec<_> = everything
                .items
                .into_iter()
                .skip(indexed.offset)
                .take(query.limit)
                .collect();
            assert_eq!(indexed.items, expected, "the page of the full order: {raw}");
        }
    }

    #[test]
    fn text_compares_ignore_case_without_changing_the_order_of_letters() {
        assert_eq!(text_cmp("abc", "ABD"), Ordering::Less);
        assert_eq!(text_cmp("Zeta", "alpha"), Ordering::Greater);
        assert_eq!(text_cmp("ÉCOLE", "école"), Ordering::Equal);
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
