//! Links made from the page's URL query string (`a=1&b=2`, without `?`): sort toggles, pager
//! steps and exports through the typed queries of `model::query` (one parser); small raw edits
//! (`with_params`) where a page adds or drops a parameter of its own (`done`, `node`) or an
//! island needs one without the parser. And where an action may return to (`safe_back`).

use crate::model::query::{GraphScope, ListQuery, Paged, SortDirection, encode_value};

/// `search` with each `(key, value)` replaced (`Some`) or removed (`None`); replaced keys move to
/// the end in the order given, and pairs that carry nothing are dropped: an empty key (browsers
/// submit a form's button as one) or an empty value (a filter left blank). Values must already
/// be URL-safe; the others are kept as they were.
pub fn with_params(search: &str, changes: &[(&str, Option<&str>)]) -> String {
    let kept = pairs(search)
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .filter(|(k, _)| !changes.iter().any(|(key, _)| key == k))
        .map(|(k, v)| format!("{k}={v}"));
    let added = changes
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}={v}")));
    kept.chain(added).collect::<Vec<_>>().join("&")
}

/// The query a list fetches for the page's URL query: without blanks, and without `done` (the
/// report of an action just taken, which is the page's business, not the list's).
pub fn list_query(search: &str) -> String {
    with_params(search, &[("done", None)])
}

/// Where to return after removing a connection, given where the user came from: a connection's
/// own page is gone afterwards, so its service's page instead; anywhere else as it was.
pub fn after_removal(back: &str) -> String {
    let path = back.split(['?', '#']).next().unwrap_or(back);
    let lower = path.to_ascii_lowercase();
    match lower.rfind("/privateendpointconnections/") {
        Some(at) if lower.starts_with("/resource/") => path[..at].to_owned(),
        _ => back.to_owned(),
    }
}

/// Where an action returns when the page it came from gave no usable `back`: the list of every
/// connection.
pub const DEFAULT_BACK: &str = "/connections";

/// The longest `back` kept, in bytes: a list URL with a few filters is far shorter.
pub const MAX_BACK: usize = 2048;

/// `back` if it is a path of this site, its non-ASCII characters percent-encoded (so that it is
/// a valid `Location` header as it is); `None` for anything a browser could read as another
/// site or a script, or that would break a header: not starting with one `/`, a `\` (browsers
/// read it as `/`, so `/\evil.example` is `//evil.example`) or a percent-encoded `\` or `/` in
/// the path (a proxy may decode them), whitespace or control characters (browsers drop tabs
/// and newlines, so `/<TAB>/evil.example` is `//evil.example`; CR/LF would split a header), or
/// longer than `MAX_BACK`.
pub fn safe_back(back: &str) -> Option<String> {
    let path = back.split(['?', '#']).next().unwrap_or(back);
    let encoded_slash = {
        let lower = path.to_ascii_lowercase();
        lower.contains("%5c") || lower.contains("%2f")
    };
    let refused = back.len() > MAX_BACK
        || !back.starts_with('/')
        || back.starts_with("//")
        || encoded_slash
        || back
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    if refused {
        return None;
    }
    let mut safe = String::with_capacity(back.len());
    for c in back.chars() {
        if c.is_ascii() {
            safe.push(c);
        } else {
            let mut bytes = [0; 4];
            safe.push_str(&encode(c.encode_utf8(&mut bytes)));
        }
    }
    Some(safe)
}

/// `safe_back(back)`, or `DEFAULT_BACK` when `back` is not a path of this site.
pub fn back_or_default(back: &str) -> String {
    safe_back(back).unwrap_or_else(|| DEFAULT_BACK.to_owned())
}

/// `text` percent-encoded for a query value: everything but ASCII letters, digits and `-_.~`.
pub fn encode(text: &str) -> String {
    encode_value(text)
}

/// `path` followed by `?search` when there is a query.
pub fn href(path: &str, search: &str) -> String {
    if search.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{search}")
    }
}

/// The list query of the page's URL (without `done`); the default query when it does not parse
/// (the list then says why, and its links start afresh).
pub fn page_list_query(search: &str) -> ListQuery {
    ListQuery::parse(&list_query(search)).unwrap_or_default()
}

/// The column the list is sorted by and whether it is descending.
pub fn current_sort(search: &str, default_column: &str) -> (String, bool) {
    let query = page_list_query(search);
    let (column, descending) = query.sorted_by(default_column);
    (column.to_owned(), descending)
}

/// The query a column header links to: sorted by `column`, the order toggled when it is already
/// the sort column, back on the first page.
pub fn sort_query(search: &str, column: &str, default_column: &str) -> String {
    let query = page_list_query(search);
    let (current, descending) = query.sorted_by(default_column);
    let direction = if current.eq_ignore_ascii_case(column) && !descending {
        SortDirection::Descending
    } else {
        SortDirection::Ascending
    };
    ListQuery {
        sort: Some(column.to_owned()),
        direction,
        offset: 0,
        ..query
    }
    .encode()
}

/// The query of the page from row `offset` of a list paged by `Q` (`ListQuery`, `AuditFilter`).
pub fn step_query<Q: Paged>(search: &str, offset: usize) -> String {
    Q::parse_query(&list_query(search))
        .unwrap_or_default()
        .at_offset(offset)
        .encode_query()
}

/// The export query for a page's query: the same filters and sort, all pages (without the
/// report of an action just taken), plus `forced` filters (the Pending page's `state=Pending`).
/// Also what "all matching" of a bulk action covers. A query that does not parse is handed on
/// as it is, so that the export names the bad parameter as the page does.
pub fn export_query<Q: Paged>(search: &str, forced: &[(&str, &str)]) -> String {
    let mut changes: Vec<(&str, Option<&str>)> = vec![("done", None)];
    changes.extend(forced.iter().map(|(k, v)| (*k, Some(*v))));
    let raw = with_params(search, &changes);
    match Q::parse_query(&raw) {
        Ok(query) => query.every_page().encode_query(),
        Err(_) => with_params(&raw, &[("offset", None), ("limit", None)]),
    }
}

/// The Graph page's scope without its chosen node, as a query string; as it is when it does
/// not parse (the server names the bad parameter).
pub fn graph_scope_query(query: &str) -> String {
    GraphScope::parse(query).map_or_else(
        |_| with_params(query, &[("node", None)]),
        |scope| scope.without_node().encode(),
    )
}

/// The chosen node of the Graph page's query (`node=`, decoded).
pub fn graph_node(query: &str) -> Option<String> {
    GraphScope::parse(query).ok()?.node
}

/// An RFC 3339 time as the tables show it, to the second: `2026-11-20T09:00:00.123Z` →
/// `2026-11-20 09:00:00` (UTC, as the column headings say).
pub fn table_time(at: &str) -> String {
    at.get(..19).unwrap_or(at).replace('T', " ")
}

/// `1,234` for 1234.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1–50 of 1,234" for a page starting at `offset`.
pub fn page_range(total: usize, offset: usize, shown: usize) -> String {
    if total == 0 || shown == 0 {
        return format!("0 of {}", thousands(total));
    }
    format!(
        "{}–{} of {}",
        thousands(offset + 1),
        thousands(offset + shown),
        thousands(total)
    )
}

fn pairs(search: &str) -> impl Iterator<Item = (&str, &str)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_of_an_action_is_not_a_list_filter() {
        assert_eq!(
            list_query("q=a&done=5f0c&state=Pending"),
            "q=a&state=Pending"
        );
        assert_eq!(list_query("&done=&q="), "");
    }

    #[test]
    fn after_removing_from_its_own_page_the_user_lands_on_its_service() {
        let pls = "/resource/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/myPLS";
        assert_eq!(
            after_removal(&format!("{pls}/privateEndpointConnections/c1?done=x")),
            pls
        );
        assert_eq!(after_removal("/pending?q=a"), "/pending?q=a");
        let graph = "/graph?node=conn%3A%2Fsubscriptions%2Fs%2Fprivateendpointconnections%2Fc1";
        assert_eq!(
            after_removal(graph),
            graph,
            "only a connection's own page is left"
        );
    }

    #[test]
    fn changed_params_replace_old_ones_and_others_are_kept_verbatim() {
        let search = "q=Front%20Door&offset=50&state=Pending";
        assert_eq!(
            with_params(search, &[("offset", Some("100"))]),
            "q=Front%20Door&state=Pending&offset=100"
        );
        assert_eq!(
            with_params(search, &[("offset", None)]),
            "q=Front%20Door&state=Pending"
        );
        assert_eq!(
            with_params("", &[("state", Some("Pending"))]),
            "state=Pending"
        );
    }

    #[test]
    fn sort_links_toggle_the_order_of_the_current_column_only() {
        assert_eq!(sort_query("", "name", "name"), "sort=name&order=desc");
        assert_eq!(
            sort_query("sort=name&order=desc&offset=50&done=x", "name", "name"),
            "sort=name&order=asc"
        );
        assert_eq!(
            sort_query("q=Front+Door&sort=name&limit=25", "location", "name"),
            "q=Front%20Door&sort=location&order=asc&limit=25"
        );
        assert_eq!(
            current_sort("order=desc", "requested"),
            ("requested".to_owned(), true)
        );
    }

    #[test]
    fn pager_steps_keep_the_filters_and_change_the_offset_only() {
        use crate::model::AuditFilter;
        assert_eq!(
            step_query::<ListQuery>("state=Pending&offset=50&done=x", 100),
            "state=Pending&offset=100"
        );
        assert_eq!(step_query::<ListQuery>("offset=50&limit=25", 0), "limit=25");
        assert_eq!(
            step_query::<AuditFilter>("actor=alice&limit=25", 25),
            "actor=alice&offset=25&limit=25"
        );
    }

    #[test]
    fn exports_keep_filters_and_sort_but_not_the_page() {
        use crate::model::AuditFilter;
        assert_eq!(
            export_query::<ListQuery>("q=door&offset=50&limit=25&sort=name", &[]),
            "q=door&sort=name&order=asc"
        );
        assert_eq!(
            export_query::<ListQuery>("state=Approved&q=x", &[("state", "Pending")]),
            "state=Pending&q=x"
        );
        assert_eq!(export_query::<ListQuery>("", &[]), "");
        assert_eq!(
            export_query::<ListQuery>("state=Maybe&offset=5", &[]),
            "state=Maybe",
            "a bad filter reaches the export, which names it"
        );
        assert_eq!(
            export_query::<AuditFilter>("outcome=failed&offset=50&done=y", &[]),
            "outcome=failed"
        );
    }

    #[test]
    fn the_graph_scope_is_its_query_without_the_node() {
        assert_eq!(
            graph_scope_query("state=Pending&node=pls%3Ax&subscription=s"),
            "subscription=s&state=Pending"
        );
        assert_eq!(graph_node("node=pls%3Ax+y").as_deref(), Some("pls:x y"));
        assert_eq!(graph_scope_query("colour=red&node=n"), "colour=red");
    }

    #[test]
    fn counts_read_like_the_portal() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(20_000_000), "20,000,000");
        assert_eq!(page_range(1234, 0, 50), "1–50 of 1,234");
        assert_eq!(page_range(1234, 1200, 34), "1,201–1,234 of 1,234");
        assert_eq!(page_range(0, 0, 0), "0 of 0");
    }

    #[test]
    fn back_is_refused_unless_it_is_a_path_of_this_site() {
        let long = format!("/pending?q={}", "a".repeat(MAX_BACK));
        for bad in [
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%2F/evil.example",
            "//evil.example",
            "/ /",
            "/pending\r\nSet-Cookie: a=b",
            "/pending\u{7f}",
            "/pending\u{85}",
            "/\u{3000}/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "",
            long.as_str(),
        ] {
            assert_eq!(safe_back(bad), None, "{bad:?}");
            assert_eq!(back_or_default(bad), DEFAULT_BACK, "{bad:?}");
        }
    }

    #[test]
    fn a_path_of_this_site_is_kept_and_made_fit_for_a_header() {
        for good in [
            "/pending?state=Pending",
            "/",
            "/graph?node=conn%3A%2Fsubscriptions%2Fs",
            "/resource/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/myPLS",
            "/connections?q=%5C",
        ] {
            assert_eq!(safe_back(good).as_deref(), Some(good));
        }
        assert_eq!(
            safe_back("/resource/subscriptions/s/resourceGroups/réseau").as_deref(),
            Some("/resource/subscriptions/s/resourceGroups/r%C3%A9seau")
        );
    }

    #[test]
    fn href_omits_an_empty_query() {
        assert_eq!(href("/pending", ""), "/pending");
        assert_eq!(href("/pending", "q=x"), "/pending?q=x");
    }
}
