//! KQL semantics the engine must get right beyond the headline queries: nulls, string operators,
//! mv-expand edge cases, ordering, naming and the smaller operators.

use serde_json::json;

use super::{SUB_A, SUB_B, column, resources, run};

#[test]
fn missing_paths_are_null_and_tostring_of_null_is_empty() {
    let out = run(
        "resources | where name == 'lb-front' | project a = properties.nope.deeper, b = tostring(properties.nope), c = isnull(properties.nope), d = isempty(kind)",
        &resources(),
    );
    assert_eq!(out, [json!({"a": null, "b": "", "c": true, "d": true})]);
}

#[test]
fn null_equals_nothing_differs_from_everything_and_does_not_order() {
    let data = vec![
        json!({"name": "x", "properties": {"n": 1}}),
        json!({"name": "y", "properties": {}}),
    ];
    assert_eq!(
        column(
            &run("resources | where properties.n == 1 | project name", &data),
            "name"
        ),
        ["x"]
    );
    assert_eq!(
        column(
            &run("resources | where properties.n != 1 | project name", &data),
            "name"
        ),
        ["y"]
    );
    assert!(run("resources | where properties.n < 5 and name == 'y'", &data).is_empty());
    assert!(
        run(
            "resources | where not(properties.n > 0) | project name",
            &data
        )
        .is_empty()
    );
    let nots = run(
        "resources | where not(properties.n == 1) | project name",
        &data,
    );
    assert_eq!(column(&nots, "name"), ["y"]);
}

#[test]
fn string_operators_ignore_case_unless_cs_and_negate_with_bang() {
    let data = resources();
    let names = |q: &str| -> Vec<String> {
        run(q, &data)
            .iter()
            .map(|r| r["name"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        names("resources | where name contains 'WEB' | project name"),
        ["pls-web"]
    );
    assert!(names("resources | where name contains_cs 'WEB' | project name").is_empty());
    assert_eq!(
        names("resources | where name startswith 'PE-' | project name"),
        ["pe-one", "pe-two"]
    );
    assert_eq!(
        names("resources | where name endswith '-API' | project name"),
        ["pls-api"]
    );
    assert_eq!(
        names("resources | where name has 'idle' | project name"),
        ["pls-idle"]
    );
    assert!(names("resources | where name has 'idl' | project name").is_empty());
    assert_eq!(
        names("resources | where name !contains 'pls' and name !~ 'PE-ONE' | project name"),
        ["pe-two", "lb-front"]
    );
    assert_eq!(
        names("resources | where name in ('pe-one', 'PE-TWO') | project name"),
        ["pe-one"]
    );
    assert_eq!(
        names("resources | where name in~ ('pe-one', 'PE-TWO') | project name"),
        ["pe-one", "pe-two"]
    );
    assert_eq!(
        names(
            "resources | where name !in ('pe-one') and type !in~ ('MICROSOFT.NETWORK/PRIVATELINKSERVICES') | project name"
        ),
        ["pe-two", "lb-front"]
    );
    assert_eq!(
        names("resources | where name == 'PE-ONE' or name =~ 'PE-TWO' | project name"),
        ["pe-two"]
    );
}

#[test]
fn mv_expand_drops_empty_arrays_keeps_scalars_and_expands_bags() {
    let data = vec![
        json!({"name": "two", "properties": {"xs": [1, 2]}}),
        json!({"name": "empty", "properties": {"xs": []}}),
        json!({"name": "scalar", "properties": {"xs": "s"}}),
        json!({"name": "missing", "properties": {}}),
        json!({"name": "bag", "properties": {"xs": {"k": "v"}}}),
    ];
    let out = run(
        "resources | mv-expand x = properties.xs | project name, x",
        &data,
    );
    let expected = [
        json!({"name": "two", "x": 1}),
        json!({"name": "two", "x": 2}),
        json!({"name": "scalar", "x": "s"}),
        json!({"name": "missing", "x": null}),
        json!({"name": "bag", "x": {"k": "v"}}),
    ];
    assert_eq!(out, expected);
}

#[test]
fn unnamed_mv_expand_of_a_path_names_the_column_after_it() {
    let out = run(
        "resources | where name == 'pls-web' | mv-expand properties.privateEndpointConnections | project n = tostring(properties_privateEndpointConnections.name)",
        &resources(),
    );
    assert_eq!(
        column(&out, "n"),
        ["afd.pending", "pe-one.approved", "old.rejected"]
    );
}

#[test]
fn mv_expand_of_a_column_replaces_it_in_place() {
    let data = vec![json!({"name": "a", "zones": ["1", "2"]})];
    let query =
        super::Query::parse("resources | mv-expand zones | project name, zones").expect("parses");
    assert_eq!(
        query.run(&data).expect("runs"),
        [
            json!({"name": "a", "zones": "1"}),
            json!({"name": "a", "zones": "2"})
        ]
    );
    // `kind` is a column here, not mv-expand's `kind=` option.
    let kinds = run("resources | mv-expand kind | project kind", &data);
    assert_eq!(kinds, [json!({"kind": null})]);
}

#[test]
fn array_concat_expands_both_connection_lists_of_private_endpoints() {
    let out = run(
        "resources | where type =~ 'microsoft.network/privateendpoints' | mv-expand c = array_concat(properties.privateLinkServiceConnections, properties.manualPrivateLinkServiceConnections) | extend state = tostring(c.properties.privateLinkServiceConnectionState.status) | project name, state",
        &resources(),
    );
    assert_eq!(
        out,
        [
            json!({"name": "pe-one", "state": "Approved"}),
            json!({"name": "pe-two", "state": "Pending"})
        ]
    );
}

#[test]
fn order_by_defaults_to_descending_and_take_limits() {
    let data = resources();
    assert_eq!(
        column(
            &run("resources | order by name | take 2 | project name", &data),
            "name"
        ),
        ["pls-web", "pls-idle"]
    );
    assert_eq!(
        column(
            &run(
                "resources | sort by name asc | limit 2 | project name",
                &data
            ),
            "name"
        ),
        ["lb-front", "pe-one"]
    );
    let top = run(
        "resources | top 1 by array_length(properties.privateEndpointConnections) desc | project name",
        &data,
    );
    assert_eq!(column(&top, "name"), ["pls-web"]);
    let by_sub = run(
        "resources | order by subscriptionId asc, name desc | project name",
        &data,
    );
    assert_eq!(
        column(&by_sub, "name"),
        [
            "pls-web", "pls-api", "lb-front", "pls-idle", "pe-two", "pe-one"
        ]
    );
}

#[test]
fn order_puts_nulls_last_descending_and_first_ascending() {
    let data = vec![
        json!({"name": "a", "properties": {"n": 2}}),
        json!({"name": "b", "properties": {}}),
        json!({"name": "c", "properties": {"n": 10}}),
    ];
    assert_eq!(
        column(
            &run(
                "resources | order by toint(properties.n) | project name",
                &data
            ),
            "name"
        ),
        ["c", "a", "b"]
    );
    assert_eq!(
        column(
            &run(
                "resources | order by toint(properties.n) asc | project name",
                &data
            ),
            "name"
        ),
        ["b", "a", "c"]
    );
    assert_eq!(
        column(
            &run(
                "resources | order by toint(properties.n) asc nulls last | project name",
                &data
            ),
            "name"
        ),
        ["a", "c", "b"]
    );
}

#[test]
fn functions_compute_as_kql_does() {
    let out = run(
        r#"resources | where name == 'pls-api' | project
            a = split(id, '/')[-1], b = strcat(name, '@', location), c = iff(location == 'eastus', 'east', 'other'),
            d = coalesce(kind, properties.nope, 'fallback'), e = toupper(name), f = tolower('MiXed'),
            g = array_length(split('a/b/c', '/')), h = split('a/b', '/', 1), i = isnotempty(name),
            j = isnotnull(properties), k = strlen(name), l = parse_json('{"x": 1}').x, m = todynamic(properties).alias,
            n = tostring(tags), o = tolong('42'), p = tostring(true)"#,
        &resources(),
    );
    let expected = json!({
        "a": "pls-api", "b": "pls-api@eastus", "c": "east", "d": "fallback", "e": "PLS-API",
        "f": "mixed", "g": 3, "h": ["b"], "i": true, "j": true, "k": 7, "l": 1,
        "m": "pls-api.guid.eastus.azure.privatelinkservice", "n": "{\"env\":\"prod\"}", "o": 42, "p": "true"
    });
    assert_eq!(out, [expected]);
}

#[test]
fn bracket_indexing_reads_properties_and_array_elements() {
    let out = run(
        "resources | where name == 'pls-web' | project s = properties['privateEndpointConnections'][1].properties[\"privateLinkServiceConnectionState\"]['status'], missing = properties.privateEndpointConnections[7]",
        &resources(),
    );
    assert_eq!(out, [json!({"s": "Approved", "missing": null})]);
}

#[test]
fn extend_sees_columns_defined_earlier_in_the_same_operator_and_replaces_in_place() {
    let query = super::Query::parse("resources | extend a = name, b = strcat(a, '!'), name = 'x' | project-away properties, tags, sku, plan, identity, zones, extendedLocation, tenantId, kind, managedBy").expect("parses");
    let expected = [
        "id",
        "name",
        "type",
        "location",
        "resourceGroup",
        "subscriptionId",
        "a",
        "b",
    ];
    assert_eq!(query.columns(), expected);
    let out = query.run(&resources()).expect("runs");
    assert_eq!(
        (&out[0]["name"], &out[0]["b"]),
        (&json!("x"), &json!("pls-web!"))
    );
}

#[test]
fn project_rename_and_unnamed_columns_follow_kql_naming() {
    let query = super::Query::parse(
        "resources | project name, properties.alias, tolower(type) | project-rename n = name",
    )
    .expect("parses");
    assert_eq!(query.columns(), ["n", "properties_alias", "Column1"]);
}

#[test]
fn summarize_supports_named_countif_without_keys_and_distinct() {
    let data = resources();
    let out = run(
        "resources | summarize total = count(), plss = countif(type =~ 'microsoft.network/privatelinkservices')",
        &data,
    );
    assert_eq!(out, [json!({"total": 6, "plss": 3})]);
    assert_eq!(
        run("resources | summarize count()", &[]),
        [json!({"count_": 0})]
    );
    let subs = run(
        "resources | distinct subscriptionId | order by subscriptionId asc",
        &data,
    );
    assert_eq!(column(&subs, "subscriptionId"), [SUB_A, SUB_B]);
}

#[test]
fn a_query_without_a_table_reads_resources() {
    let query =
        super::Query::parse("where type =~ 'microsoft.network/loadbalancers' | project name")
            .expect("parses");
    assert_eq!(query.table(), super::Table::Resources);
    assert_eq!(
        column(&query.run(&resources()).expect("runs"), "name"),
        ["lb-front"]
    );
}

#[test]
fn comments_verbatim_strings_and_escapes_are_read() {
    let out = run(
        "resources // all of them\n| where name == @'pls-web' and 'a\\'b' == \"a'b\" | project name",
        &resources(),
    );
    assert_eq!(column(&out, "name"), ["pls-web"]);
}
