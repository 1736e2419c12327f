//! Which connections a bulk action covers: the items given, or every connection a Connections
//! list query matches in the current views (with the state each shows, so a connection that
//! moved on since is skipped) — at least one, at most `MAX_BULK`.

use app::model::ConnectionRow;

use crate::views::{ListQuery, Views, export};

use super::BulkItem;

/// The most connections one bulk request may change.
pub const MAX_BULK: usize = 1_000;

/// The connections of a bulk action: `items`, or those `query` matches when given.
pub fn select(
    views: &Views,
    items: Vec<BulkItem>,
    query: Option<&str>,
) -> Result<Vec<BulkItem>, String> {
    let items = match query {
        Some(query) => matching(views, query)?
            .into_iter()
            .map(|row| BulkItem {
                id: row.id,
                expected_state: Some(row.state),
            })
            .collect(),
        None => items,
    };
    bounded(items)
}

/// Every connection row a Connections query matches (its page ignored), at least one and at
/// most `MAX_BULK`.
pub fn matching(views: &Views, query: &str) -> Result<Vec<ConnectionRow>, String> {
    let query = ListQuery::parse(query).map_err(|e| e.to_string())?;
    let rows = export::matching(&views.connections, &query).map_err(|e| e.to_string())?;
    bounded(rows)
}

fn bounded<T>(items: Vec<T>) -> Result<Vec<T>, String> {
    if items.is_empty() {
        return Err("no connections: choose some, or a filter that matches some".into());
    }
    if items.len() > MAX_BULK {
        return Err(format!(
            "{} connections: one bulk action takes at most {MAX_BULK}; narrow the filter",
            items.len()
        ));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_support::demo_views;

    #[test]
    fn a_filter_takes_every_matching_connection_with_the_state_it_shows() {
        let views = demo_views();
        let pending = select(&views, vec![], Some("state=Pending")).unwrap();
        assert!(pending.len() >= 3, "{pending:?}");
        assert!(
            pending
                .iter()
                .all(|i| i.expected_state.as_deref() == Some("Pending"))
        );
        let paged = select(&views, vec![], Some("state=Pending&limit=1&offset=1")).unwrap();
        assert_eq!(paged.len(), pending.len(), "all matching, not one page");
    }

    #[test]
    fn nothing_too_much_and_bad_filters_are_refused() {
        let views = demo_views();
        assert!(
            select(&views, vec![], None)
                .unwrap_err()
                .contains("no connections")
        );
        assert!(
            select(&views, vec![], Some("q=nothing-matches-this"))
                .unwrap_err()
                .contains("no connections")
        );
        assert!(
            select(&views, vec![], Some("colour=red"))
                .unwrap_err()
                .contains("colour")
        );
        let many = vec![
            BulkItem {
                id: "x".into(),
                expected_state: None
            };
            MAX_BULK + 1
        ];
        assert!(
            select(&views, many, None)
                .unwrap_err()
                .contains("at most 1000")
        );
    }
}
