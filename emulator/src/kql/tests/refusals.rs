//! What the engine refuses, and how: each error names the token and its offset. And a
//! deterministic fuzz over mutated queries: parsing and running never panic.

use serde_json::json;

use super::{Query, resources};
use crate::kql::QueryError;

fn refusal(text: &str) -> QueryError {
    match Query::parse(text) {
        Ok(_) => panic!("{text:?} should be refused"),
        Err(e) => e,
    }
}

#[test]
fn unsupported_operators_are_named_with_their_offset() {
    for (text, name) in [
        (
            "resources | join kind=inner (resourcecontainers) on subscriptionId",
            "join",
        ),
        ("resources | union resourcecontainers", "union"),
        ("resources | make-series count() on x step 1", "make-series"),
        ("resources | where name == 'a' | parse name with x", "parse"),
    ] {
        let error = refusal(text);
        let offset = text.find(name).expect("name in text");
        assert_eq!(
            error,
            QueryError::UnsupportedOperator {
                name: name.into(),
                offset
            }
        );
        let message = error.to_string();
        assert!(
            message.starts_with(&format!(
                "unsupported operator '{name}' at {offset}: the emulator understands where"
            )),
            "{message}"
        );
    }
}

#[test]
fn a_query_starting_with_an_unsupported_operator_or_table_says_so() {
    assert!(
        matches!(refusal("union resources"), QueryError::UnsupportedOperator { name, offset: 0 } if name == "union")
    );
    assert!(
        matches!(refusal("networkresources | count"), QueryError::UnsupportedTable { name, offset: 0 } if name == "networkresources")
    );
    assert_eq!(refusal("   "), QueryError::Empty);
}

#[test]
fn an_unterminated_string_reports_where_it_starts() {
    let text = "resources | where name == 'pls-web";
    assert_eq!(refusal(text), QueryError::UnterminatedString { offset: 26 });
    assert_eq!(
        refusal(text).to_string(),
        "unterminated string starting at 26"
    );
    assert_eq!(
        refusal("resources | where name == \"a\\\""),
        QueryError::UnterminatedString { offset: 26 }
    );
}

#[test]
fn an_unknown_function_is_named_and_the_known_ones_listed() {
    let error = refusal("resources | extend x = bag_keys(properties)");
    assert!(
        matches!(&error, QueryError::UnknownFunction { name, offset: 23 } if name == "bag_keys")
    );
    let message = error.to_string();
    assert!(
        message.contains("'bag_keys' at 23") && message.contains("tostring"),
        "{message}"
    );
}

#[test]
fn unknown_columns_and_wrong_arity_are_refused_before_running() {
    let error = refusal("resources | project name | where type == 'x'");
    assert!(
        matches!(&error, QueryError::UnknownColumn { name, offset: 33, available } if name == "type" && available == "name")
    );
    let error = refusal("resources | where Type =~ 'x'");
    assert!(matches!(error, QueryError::UnknownColumn { .. }));
    let error = refusal("resources | extend x = split(id)");
    assert_eq!(
        error.to_string(),
        "split() at 23 takes 2 to 3 argument(s), got 1"
    );
}

#[test]
fn expression_operators_outside_the_subset_are_refused_by_name() {
    let cases = [
        ("resources | where name has_any ('a')", "has_any"),
        ("resources | where name matches regex 'a'", "matches"),
        ("resources | extend n = array_length(zones) + 1", "'+'"),
        ("resources | where name = 'a'", "'='"),
        ("resources | where name !between (1 .. 2)", "!between"),
    ];
    for (text, what) in cases {
        let message = refusal(text).to_string();
        assert!(message.contains(what), "{text}: {message}");
    }
}

#[test]
fn malformed_pipelines_get_syntax_errors() {
    let message = refusal("resources | where name == 'a' project name").to_string();
    assert_eq!(
        message,
        "expected '|' or end of query at 30, found 'project'"
    );
    assert!(matches!(
        refusal("resources |"),
        QueryError::Syntax { offset: 11, .. }
    ));
    assert!(matches!(
        refusal("resources | take -1"),
        QueryError::Syntax { .. }
    ));
    assert_eq!(
        refusal("resources | where name"),
        QueryError::NotBoolean { offset: 18 }
    );
    assert_eq!(
        refusal("resources | where tostring(name)"),
        QueryError::NotBoolean { offset: 18 }
    );
    assert!(matches!(
        refusal("resources | project name, name"),
        QueryError::DuplicateColumn { .. }
    ));
    assert!(matches!(
        refusal("resources | summarize sum(x) by name"),
        QueryError::Unsupported { .. }
    ));
    assert!(matches!(
        refusal("resources | mv-expand with_itemindex=i x = zones"),
        QueryError::Unsupported { .. }
    ));
    assert!(matches!(
        refusal("resources | take 10s"),
        QueryError::BadNumber { .. }
    ));
    assert!(matches!(
        refusal("resources | where name == `a`"),
        QueryError::UnexpectedChar { ch: '`', .. }
    ));
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let text = format!(
        "resources | where {}true{}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert!(matches!(
        refusal(&text),
        QueryError::TooDeep { limit: 32, .. }
    ));
    let chain = format!(
        "resources | where {}",
        vec!["name == 'a'"; 5_000].join(" or ")
    );
    assert!(matches!(
        refusal(&chain),
        QueryError::TooDeep { limit: 128, .. }
    ));
    let path = format!("resources | project x = properties{}", ".a".repeat(10_000));
    assert!(matches!(
        refusal(&path),
        QueryError::TooDeep { limit: 128, .. }
    ));
    // Just under the limits, deep expressions parse and run.
    let path = format!("resources | project x = properties{}", ".a".repeat(120));
    let query = Query::parse(&path).expect("a 120-step path parses");
    assert_eq!(query.run(&resources()).expect("runs").len(), 6);
    let calls = format!(
        "resources | where {}name{} == 'pls-web'",
        "tolower(".repeat(30),
        ")".repeat(30)
    );
    let query = Query::parse(&calls).expect("30 nested calls parse");
    assert_eq!(query.run(&resources()).expect("runs").len(), 1);
}

#[test]
fn rows_that_are_not_objects_are_an_error_not_a_panic() {
    let query = Query::parse("resources | count").expect("parses");
    assert_eq!(
        query.run(&[json!({}), json!(3)]),
        Err(QueryError::RowNotObject { index: 1 })
    );
}

/// splitmix64: a tiny deterministic generator, so the fuzz needs no crate and never flakes.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
}

const SEEDS: &[&str] = &[
    "resources | where type =~ 'microsoft.network/privatelinkservices' | project id, name, properties",
    "resources | where array_length(properties.privateEndpointConnections) > 0 | mv-expand pec = properties.privateEndpointConnections | extend peSub = tostring(split(tostring(pec.properties.privateEndpoint.id), \"/\")[2]) | where pec.properties.privateLinkServiceConnectionState.status =~ 'Pending'",
    "resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | project subscriptionId, name",
    "resources | summarize count() by subscriptionId | order by count_ desc | take 3",
    "resources | where name in~ ('a', 'b') and not(isempty(location)) or tags['env'] == 'prod' | project-away properties",
];

const FRAGMENTS: &[&str] = &[
    "|",
    "(",
    ")",
    "[",
    "]",
    "'",
    "\"",
    ",",
    ".",
    "=",
    "==",
    "!",
    "~",
    "-",
    "@'",
    "\\",
    "0",
    "-1",
    "1e999",
    "99999999999999999999",
    " where ",
    " project ",
    " mv-expand ",
    " join ",
    " and ",
    " or ",
    " in~ ",
    "!contains",
    "tostring(",
    "split(",
    "iff(",
    "[0]",
    "['x']",
    "é",
    "\u{1F600}",
    "\n",
    "//",
    " by ",
    " count ",
    " summarize ",
    " order by ",
    "properties.",
    "count()",
];

fn mutate(rng: &mut SplitMix, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if !chars.is_empty() => {
                let end = (at + rng.below(8)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                chars.splice(at..at, fragment.chars());
            }
            2 if !chars.is_empty() => chars.truncate(at),
            _ => {
                let byte = u8::try_from(rng.below(128)).unwrap_or(b'?');
                chars.insert(at, char::from(byte));
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_queries_never_panic_when_parsed_or_run() {
    let mut rng = SplitMix(0x5EED_CAFE_F00D_0001);
    let rows = resources();
    let (mut parsed, mut refused) = (0, 0);
    for i in 0..200 {
        let seed = SEEDS[i % SEEDS.len()];
        let text = mutate(&mut rng, seed);
        match Query::parse(&text) {
            Ok(query) => {
                parsed += 1;
                let _ = query.run(&rows);
            }
            Err(error) => {
                refused += 1;
                assert!(!error.to_string().is_empty(), "{text:?}");
            }
        }
    }
    // Both outcomes occur, or the mutations exercise nothing.
    assert!(
        parsed > 0 && refused > 0,
        "parsed {parsed}, refused {refused}"
    );
}
