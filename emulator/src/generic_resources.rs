//! `GET /subscriptions/{s}/resources` (Resources_List): a subscription's top-level resources in
//! ARM's generic shape — `id`, `name`, `type`, `location` and, when the resource has them,
//! `tags`, `kind`, `sku`, `identity`, `managedBy`, `plan`, `extendedLocation` (the keys of the
//! specification's `GenericResourceExpanded`; Microsoft publishes no example for this operation)
//! — never `properties`. `$filter` accepts what the sync sends: `resourceType eq '…'` clauses
//! joined by `or` (types ignore case, as ARM's do); anything else is refused with 400 rather
//! than answered unfiltered.

use serde_json::{Map, Value};

use crate::error::ArmError;

/// Keys of `GenericResourceExpanded` copied from a stored resource when present.
const GENERIC_KEYS: [&str; 11] = [
    "id",
    "name",
    "type",
    "location",
    "tags",
    "kind",
    "sku",
    "identity",
    "managedBy",
    "plan",
    "extendedLocation",
];

/// The resource types a `$filter` asks for (lower-cased); `None` for every type.
pub fn types_of(filter: Option<&str>) -> Result<Option<Vec<String>>, ArmError> {
    let Some(filter) = filter.map(str::trim).filter(|f| !f.is_empty()) else {
        return Ok(None);
    };
    let refuse = || {
        ArmError::bad_request(
            "InvalidFilterInQueryString",
            format!("Invalid $filter '{filter}' specified in the query string."),
        )
    };
    let mut types = Vec::new();
    for clause in split_or(filter) {
        let words: Vec<&str> = clause.split_whitespace().collect();
        let [property, op, rest @ ..] = words.as_slice() else {
            return Err(refuse());
        };
        if !property.eq_ignore_ascii_case("resourceType") || !op.eq_ignore_ascii_case("eq") {
            return Err(refuse());
        }
        let value = rest.join(" ");
        let quoted = value
            .strip_prefix('\'')
            .and_then(|v| v.strip_suffix('\''))
            .filter(|v| !v.is_empty() && !v.contains('\''));
        let Some(kind) = quoted else {
            return Err(refuse());
        };
        types.push(kind.to_ascii_lowercase());
    }
    Ok(Some(types))
}

/// The clauses of `a or b or c`, splitting on the word `or` outside quotes.
fn split_or(filter: &str) -> Vec<String> {
    let mut clauses = vec![String::new()];
    let mut quoted = false;
    for word in filter.split_whitespace() {
        if !quoted && word.eq_ignore_ascii_case("or") {
            clauses.push(String::new());
            continue;
        }
        quoted ^= word.matches('\'').count() % 2 == 1;
        let clause = clauses.last_mut().expect("never empty");
        if !clause.is_empty() {
            clause.push(' ');
        }
        clause.push_str(word);
    }
    clauses
}

/// A stored resource in the generic shape.
pub fn generic(resource: &Value) -> Value {
    let mut out = Map::new();
    for key in GENERIC_KEYS {
        if let Some(value) = resource.get(key).filter(|v| !v.is_null()) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn type_filters_joined_by_or_are_read_ignoring_case() {
        let types = types_of(Some(
            "resourceType eq 'Microsoft.Sql/servers' OR resourcetype EQ 'microsoft.web/sites'",
        ))
        .unwrap();
        assert_eq!(
            types,
            Some(vec![
                "microsoft.sql/servers".to_owned(),
                "microsoft.web/sites".to_owned()
            ])
        );
        assert_eq!(types_of(None).unwrap(), None);
        assert_eq!(types_of(Some("  ")).unwrap(), None);
    }

    #[test]
    fn other_filters_are_refused_not_ignored() {
        for bad in [
            "name eq 'x'",
            "resourceType eq Microsoft.Sql/servers",
            "resourceType ne 'Microsoft.Sql/servers'",
            "resourceType eq 'a' and resourceType eq 'b'",
            "resourceType eq 'a' or",
            "resourceType eq ''",
        ] {
            let error = types_of(Some(bad)).unwrap_err();
            assert_eq!(error.code, "InvalidFilterInQueryString", "{bad}");
            assert_eq!(error.status, axum::http::StatusCode::BAD_REQUEST);
        }
    }

    #[test]
    fn the_generic_shape_has_no_properties() {
        let stored = json!({
            "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a",
            "name": "a", "type": "Microsoft.Sql/servers", "location": "westeurope",
            "kind": "v12.0", "tags": {"team": "data"}, "sku": null,
            "properties": {"publicNetworkAccess": "Enabled"}
        });
        let generic = generic(&stored);
        assert_eq!(
            generic,
            json!({
                "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a",
                "name": "a", "type": "Microsoft.Sql/servers", "location": "westeurope",
                "kind": "v12.0", "tags": {"team": "data"}
            })
        );
    }
}
