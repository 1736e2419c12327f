//! `linkcenter findings` and `linkcenter audit` over a server's `/api/v1`: the same rows the
//! Findings and Audit pages show, as a table, CSV or the API's JSON.

use std::process::ExitCode;

use serde_json::Value;

use super::args::{AuditArgs, FindingsArgs, Output};
use super::client::{CliError, Client};
use super::output::{Table, colour};

/// Runs `linkcenter findings`.
pub async fn findings(args: FindingsArgs) -> Result<ExitCode, CliError> {
    let client = Client::new(&args.server)?;
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(severity) = &args.severity {
        query.append_pair("severity", severity);
    }
    if let Some(subscription) = &args.subscription {
        query.append_pair("subscription", subscription);
    }
    let rows: Vec<Value> = client
        .get(&format!("/api/v1/findings?{}", query.finish()))
        .await?;
    let table = Table {
        headers: vec!["SEVERITY", "KIND", "TITLE", "SUBSCRIPTIONS", "RESOURCE"],
        rows: rows
            .iter()
            .map(|f| {
                vec![
                    text(&f["severity"]),
                    text(&f["kind"]),
                    text(&f["title"]),
                    list(&f["subscriptions"]),
                    text(&f["resourceId"]),
                ]
            })
            .collect(),
    };
    print!("{}", render(&rows, &table, args.output)?);
    Ok(ExitCode::SUCCESS)
}

/// Runs `linkcenter audit`.
pub async fn audit(args: AuditArgs) -> Result<ExitCode, CliError> {
    let client = Client::new(&args.server)?;
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(actor) = &args.actor {
        query.append_pair("actor", actor);
    }
    query.append_pair("limit", &args.limit.to_string());
    let page: Value = client
        .get(&format!("/api/v1/audit?{}", query.finish()))
        .await?;
    let items = page["items"].as_array().cloned().unwrap_or_default();
    let table = Table {
        headers: vec![
            "AT",
            "ACTOR",
            "ACTION",
            "OUTCOME",
            "CONNECTION",
            "DESCRIPTION",
        ],
        rows: items
            .iter()
            .map(|r| {
                let connection = text(&r["connectionId"]);
                vec![
                    text(&r["at"]).chars().take(19).collect(),
                    text(&r["actor"]),
                    text(&r["action"]),
                    text(&r["outcome"]),
                    connection.rsplit('/').next().unwrap_or_default().to_owned(),
                    text(&r["description"]),
                ]
            })
            .collect(),
    };
    print!("{}", render(&items, &table, args.output)?);
    Ok(ExitCode::SUCCESS)
}

fn render(values: &[Value], table: &Table, output: Output) -> Result<String, CliError> {
    match output {
        Output::Json => serde_json::to_string_pretty(values)
            .map(|text| text + "\n")
            .map_err(|e| CliError::Output(e.to_string())),
        Output::Csv => table.csv().map_err(|e| CliError::Output(e.to_string())),
        Output::Table => Ok(table.aligned(colour())),
    }
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn list(value: &Value) -> String {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}
