//! ARG rows: the shape of a `resources` / `resourcecontainers` row built from ARM JSON, and the
//! fixed column list each table has. Pure functions of serde_json values.

use serde_json::{Map, Value, json};

use super::Table;

/// The columns of both tables, in ARG's order.
const COLUMNS: &[&str] = &[
    "id",
    "name",
    "type",
    "tenantId",
    "kind",
    "location",
    "resourceGroup",
    "subscriptionId",
    "managedBy",
    "sku",
    "plan",
    "properties",
    "tags",
    "identity",
    "zones",
    "extendedLocation",
];

/// The columns a table's rows have; both tables share ARG's resource schema.
pub(crate) fn columns(_table: Table) -> &'static [&'static str] {
    COLUMNS
}

/// Whether a table column is of KQL's `string` type (the others are `dynamic`).
pub(crate) fn is_text(column: &str) -> bool {
    const TEXT: &[&str] = &[
        "id",
        "name",
        "type",
        "tenantId",
        "kind",
        "location",
        "resourceGroup",
        "subscriptionId",
        "managedBy",
    ];
    TEXT.contains(&column)
}

const SUBSCRIPTION_TYPE: &str = "microsoft.resources/subscriptions";
const RESOURCE_GROUP_TYPE: &str = "microsoft.resources/subscriptions/resourcegroups";

/// ARG's `resources` table row for an ARM resource.
///
/// `type` is lower-cased and `resourceGroup` is taken from the id and lower-cased, as ARG does;
/// string columns that ARM omits are `""`, dynamic ones `null` (`tags` and `properties` `{}`).
pub fn resource_row(resource: &Value) -> Value {
    let id = text(resource, "id");
    let name = match text(resource, "name") {
        n if n.is_empty() => id.rsplit('/').next().unwrap_or("").to_string(),
        n => n,
    };
    let mut row = base_row(resource, &id);
    row.insert("name".into(), json!(name));
    row.insert("type".into(), json!(text(resource, "type").to_lowercase()));
    row.insert(
        "properties".into(),
        object_or_empty(resource.get("properties")),
    );
    Value::Object(row)
}

/// ARG's `resourcecontainers` row for a subscription (as `GET /subscriptions` lists it) or a
/// resource group (as `GET .../resourcegroups` lists it).
///
/// A subscription row is named by its `displayName` and carries `state` and
/// `subscriptionPolicies` under `properties`, as ARG shows them.
pub fn container_row(container: &Value) -> Value {
    let id = text(container, "id");
    let declared = text(container, "type").to_lowercase();
    let is_group = declared.ends_with("/resourcegroups")
        || (declared.is_empty() && segment_after(&id, "resourceGroups").is_some());
    let mut row = base_row(container, &id);
    if is_group {
        row.insert("type".into(), json!(RESOURCE_GROUP_TYPE));
        let name = match text(container, "name") {
            n if n.is_empty() => segment_after(&id, "resourceGroups").unwrap_or_default(),
            n => n,
        };
        row.insert("name".into(), json!(name));
        row.insert(
            "properties".into(),
            object_or_empty(container.get("properties")),
        );
    } else {
        row.insert("type".into(), json!(SUBSCRIPTION_TYPE));
        let name = [text(container, "displayName"), text(container, "name")]
            .into_iter()
            .find(|n| !n.is_empty())
            .unwrap_or_else(|| row_text(&row, "subscriptionId"));
        row.insert("name".into(), json!(name));
        row.insert("properties".into(), subscription_properties(container));
    }
    Value::Object(row)
}

/// Columns common to every row: ids, strings and dynamic values copied as they are.
fn base_row(source: &Value, id: &str) -> Map<String, Value> {
    let subscription = match text(source, "subscriptionId") {
        s if s.is_empty() => segment_after(id, "subscriptions").unwrap_or_default(),
        s => s,
    };
    let group = segment_after(id, "resourceGroups")
        .unwrap_or_default()
        .to_lowercase();
    let mut row = Map::new();
    row.insert("id".into(), json!(id));
    for column in ["tenantId", "kind", "location", "managedBy"] {
        row.insert(column.into(), json!(text(source, column)));
    }
    row.insert("resourceGroup".into(), json!(group));
    row.insert("subscriptionId".into(), json!(subscription));
    for column in ["sku", "plan", "identity", "zones", "extendedLocation"] {
        row.insert(
            column.into(),
            source.get(column).cloned().unwrap_or(Value::Null),
        );
    }
    row.insert("tags".into(), object_or_empty(source.get("tags")));
    row
}

fn subscription_properties(container: &Value) -> Value {
    if let Some(props) = container.get("properties").filter(|p| p.is_object()) {
        return props.clone();
    }
    let mut props = Map::new();
    for key in [
        "state",
        "subscriptionPolicies",
        "managementGroupAncestorsChain",
    ] {
        if let Some(value) = container.get(key) {
            props.insert(key.into(), value.clone());
        }
    }
    Value::Object(props)
}

fn text(source: &Value, key: &str) -> String {
    source
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn row_text(row: &Map<String, Value>, key: &str) -> String {
    row.get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn object_or_empty(value: Option<&Value>) -> Value {
    match value {
        Some(v) if !v.is_null() => v.clone(),
        _ => Value::Object(Map::new()),
    }
}

/// The id segment after the first `/{key}/`, compared without regard to case.
fn segment_after(id: &str, key: &str) -> Option<String> {
    let mut parts = id.split('/');
    parts.find(|p| p.eq_ignore_ascii_case(key))?;
    parts.next().filter(|s| !s.is_empty()).map(str::to_string)
}
