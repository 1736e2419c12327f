//! `nextLink` paging: a page of `value` and an absolute link to the next one (`$skiptoken`).

use serde_json::{Value, json};

use crate::error::ArmError;

/// The query parameter carrying the position of the next page.
pub const SKIP_TOKEN: &str = "$skiptoken";

/// Reads the position from a `$skiptoken` (absent: the first page).
pub fn position(token: Option<&str>) -> Result<usize, ArmError> {
    match token {
        None => Ok(0),
        Some(token) => token.parse().map_err(|_| {
            ArmError::bad_request(
                "InvalidSkipToken",
                format!("The skip token '{token}' is not valid."),
            )
        }),
    }
}

/// One page of `items` starting at `start`, with `nextLink` when more remain.
pub fn page(
    items: Vec<Value>,
    start: usize,
    size: usize,
    link_base: &str,
    api_version: &str,
) -> Value {
    let total = items.len();
    let end = start.saturating_add(size).min(total);
    let value: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect();
    if end < total {
        json!({ "value": value, "nextLink": format!("{link_base}?api-version={api_version}&{SKIP_TOKEN}={end}") })
    } else {
        json!({ "value": value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_item_once() {
        let items: Vec<Value> = (0..7).map(|i| json!(i)).collect();
        let mut seen = Vec::new();
        let mut start = 0;
        loop {
            let page = page(items.clone(), start, 3, "http://h/x", "v");
            seen.extend(page["value"].as_array().unwrap().iter().cloned());
            match page["nextLink"].as_str() {
                Some(link) => start = position(link.split("$skiptoken=").nth(1)).unwrap(),
                None => break,
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn bad_tokens_are_refused_and_past_the_end_is_empty() {
        assert_eq!(position(Some("abc")).unwrap_err().code, "InvalidSkipToken");
        assert_eq!(page(vec![json!(1)], 5, 3, "h", "v"), json!({ "value": [] }));
    }
}
