//! Azure Resource Graph's endpoint, `POST /providers/Microsoft.ResourceGraph/resources`: runs the
//! KQL query (`kql`) over the readable estate and pages the rows with `$skipToken` (at most 1,000
//! a page, later pages read from the emulator's `ResultCache`), in ARG's response shape. Uses
//! `kql`, the store and `state`; the dispatcher (`handlers`) calls it.

use axum::{body::Bytes, http::StatusCode, response::Response};
use serde_json::{Value, json};

use crate::{
    error::ArmError,
    kql::{Query, Table, container_row, resource_row},
    state::{Call, Emulator, json_response},
};

/// ARG's largest page.
pub const MAX_PAGE: u64 = 1000;

/// Reads `"<result id>.<offset>"`.
fn parse_token(token: &str) -> Result<(u64, usize), ArmError> {
    let bad = || {
        ArmError::bad_request(
            "InvalidSkipToken",
            format!("The skip token '{token}' is not valid."),
        )
    };
    let (id, offset) = token.split_once('.').ok_or_else(bad)?;
    Ok((
        id.parse().map_err(|_| bad())?,
        offset.parse().map_err(|_| bad())?,
    ))
}

/// Answers a Resource Graph query.
pub fn query(emulator: &Emulator, _call: &Call<'_>, body: &Bytes) -> Result<Response, ArmError> {
    let request: Value = serde_json::from_slice(body).map_err(|error| {
        ArmError::bad_request(
            "InvalidRequestContent",
            format!("The request content could not be deserialized: {error}"),
        )
    })?;
    let text = request["query"]
        .as_str()
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| {
            ArmError::bad_request("BadRequest", "The request must have a non-empty 'query'.")
        })?;
    let subscriptions: Vec<String> = request["subscriptions"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let options = &request["options"];
    let top = options["$top"].as_u64().unwrap_or(MAX_PAGE);
    if !(1..=MAX_PAGE).contains(&top) {
        return Err(ArmError::bad_request(
            "BadRequest",
            format!("$top must be between 1 and {MAX_PAGE}, got {top}."),
        ));
    }
    let skip = options["$skip"].as_u64().unwrap_or(0) as usize;
    let token = options["$skipToken"]
        .as_str()
        .map(parse_token)
        .transpose()?;
    let table_format = match options["resultFormat"].as_str() {
        None | Some("objectArray") => false,
        Some("table") => true,
        Some(other) => {
            return Err(ArmError::bad_request(
                "BadRequest",
                format!("resultFormat '{other}' is not one of table, objectArray."),
            ));
        }
    };
    let query = Query::parse(text).map_err(|error| {
        ArmError::bad_request("InvalidQuery", format!("Query is invalid: {error}"))
    })?;
    let (result, from_token) = match token {
        Some((id, offset)) => {
            let cached = emulator.query_results.get(id).ok_or_else(|| {
                ArmError::bad_request(
                    "InvalidSkipToken",
                    "The skip token has expired; run the query again.",
                )
            })?;
            (cached, offset)
        }
        None => {
            let (resources, containers) = emulator.store.resource_graph_rows(&subscriptions);
            let rows: Vec<Value> = match query.table() {
                Table::Resources => resources.iter().map(resource_row).collect(),
                Table::ResourceContainers => containers.iter().map(container_row).collect(),
            };
            let result = query.run(&rows).map_err(|error| {
                ArmError::bad_request("InvalidQuery", format!("Query is invalid: {error}"))
            })?;
            (std::sync::Arc::new(result), 0)
        }
    };
    let total = result.len();
    let start = skip.saturating_add(from_token).min(total);
    let end = start.saturating_add(top as usize).min(total);
    let data: Vec<Value> = result[start..end].to_vec();
    let data = if table_format {
        as_table(query.columns(), &data)
    } else {
        json!(data)
    };
    let mut body = json!({
        "totalRecords": total,
        "count": end - start,
        "resultTruncated": "false",
        "data": data,
        "facets": [],
    });
    if end < total {
        let id = match token {
            Some((id, _)) => id,
            None => emulator.query_results.store(result.clone()),
        };
        body["$skipToken"] = json!(format!("{id}.{}", end - skip));
    }
    Ok(json_response(StatusCode::OK, &body))
}

/// ARG's `table` result format: column names and rows of values.
fn as_table(columns: &[String], data: &[Value]) -> Value {
    let names: Vec<String> = if columns.is_empty() {
        data.first()
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    } else {
        columns.to_vec()
    };
    let rows: Vec<Value> = data
        .iter()
        .map(|row| json!(names.iter().map(|n| row[n].clone()).collect::<Vec<_>>()))
        .collect();
    let columns: Vec<Value> = names
        .iter()
        .map(|name| {
            let sample = data.iter().map(|r| &r[name]).find(|v| !v.is_null());
            let kind = match sample {
                Some(Value::String(_)) | None => "string",
                Some(Value::Number(n)) if n.is_f64() => "real",
                Some(Value::Number(_)) => "integer",
                Some(Value::Bool(_)) => "boolean",
                Some(_) => "object",
            };
            json!({ "name": name, "type": kind })
        })
        .collect();
    json!({ "columns": columns, "rows": rows })
}
