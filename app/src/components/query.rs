//! Editing the page's raw URL query string (`a=1&b=2`, without `?`) to build links: sort
//! toggles, pager steps, forced filters. Values given here must already be URL-safe; the other
//! parameters are kept exactly as they were. And where an action may return to (`safe_back`).

/// The raw value of `key`, if present (the last one wins).
pub fn param<'a>(search: &'a str, key: &str) -> Option<&'a str> {
    pairs(search)
        .filter(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .last()
}

/// `search` with each `(key, value)` replaced (`Some`) or removed (`None`); replaced keys move to
/// the end in the order given, and blank pairs (see `without_blanks`) are dropped.
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

/// `search` without pairs that carry nothing: an empty key (browsers submit the form's button
/// as one) or an empty value (a filter field left blank means no filter).
pub fn without_blanks(search: &str) -> String {
    pairs(search)
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
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
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char);
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// `path` followed by `?search` when there is a query.
pub fn href(path: &str, search: &str) -> String {
    if search.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{search}")
    }
}

/// The column the list is sorted by and whether it is descending.
pub fn current_sort<'a>(search: &'a str, default_column: &'a str) -> (&'a str, bool) {
    let column = param(search, "sort")
        .filter(|c| !c.is_empty())
        .unwrap_or(default_column);
    let descending = param(search, "order").is_some_and(|o| o.eq_ignore_ascii_case("desc"));
    (column, descending)
}

/// The query a column header links to: sorted by `column`, the order toggled when it is already
/// the sort column, back on the first page.
pub fn sort_query(search: &str, column: &str, default_column: &str) -> String {
    let (current, descending) = current_sort(search, default_column);
    let order = if current.eq_ignore_ascii_case(column) && !descending {
        "desc"
    } else {
        "asc"
    };
    with_params(
        search,
        &[
            ("offset", None),
            ("sort", Some(column)),
            ("order", Some(order)),
        ],
    )
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
            sort_query("sort=name&order=desc&offset=50", "name", "name"),
            "sort=name&order=asc"
        );
        assert_eq!(
            sort_query("sort=name", "location", "name"),
            "sort=location&order=asc"
        );
        assert_eq!(current_sort("order=desc", "requested"), ("requested", true));
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
    fn blank_filters_and_nameless_fields_are_dropped() {
        assert_eq!(
            without_blanks("subscription=&state=Rejected&q=&limit=50&="),
            "state=Rejected&limit=50"
        );
        assert_eq!(without_blanks(""), "");
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
        assert_eq!(param("a=1&b=2&a=3", "a"), Some("3"));
    }
}
