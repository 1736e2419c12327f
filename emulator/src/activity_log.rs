//! The Azure Activity Log, as the emulator keeps it: every write it receives is logged with
//! the caller of the token that made it, as Azure logs a request — a `BeginRequest` event
//! (`Started`) and an `EndRequest` event (`Succeeded` or `Failed`), sharing the request's
//! correlation id — and read back with `GET /subscriptions/{s}/providers/Microsoft.Insights/
//! eventtypes/management/values?api-version=2015-04-01&$filter=…`. The filter is Azure's small
//! language: `eventTimestamp ge '…'` (required, as Azure requires it) and `le '…'`, and at most
//! one of `resourceUri`, `resourceId`, `resourceGroupName`, `correlationId` with `eq`, joined by
//! `and`. Events keep the shape of Microsoft's published example (`GetActivityLogsFiltered`).

use std::sync::{Mutex, PoisonError};

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::ArmError;

/// The log of one emulator.
#[derive(Default)]
pub struct ActivityLog {
    events: Mutex<Vec<Value>>,
}

/// One write as the log records it.
pub struct Write<'a> {
    /// The resource written.
    pub resource_id: &'a str,
    /// `PUT` or `DELETE`.
    pub method: &'a str,
    /// The operation, e.g. `Microsoft.Network/privateLinkServices/privateEndpointConnections/write`.
    pub operation: String,
    /// Who made it.
    pub caller: &'a str,
    /// The request's correlation id.
    pub correlation_id: &'a str,
    /// The HTTP status answered.
    pub status_code: u16,
}

impl ActivityLog {
    /// Logs `write` as its two events, stamped now.
    pub fn record(&self, write: &Write<'_>) {
        let now = OffsetDateTime::now_utc();
        let failed = write.status_code >= 400;
        let end_status = if failed { "Failed" } else { "Succeeded" };
        let mut events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        let sequence = events.len();
        events.push(event(write, now, "BeginRequest", "Started", sequence));
        events.push(event(write, now, "EndRequest", end_status, sequence + 1));
    }

    /// The events of `subscription` that `filter` (the `$filter` parameter) keeps, oldest
    /// first.
    pub fn query(&self, subscription: &str, filter: Option<&str>) -> Result<Vec<Value>, ArmError> {
        let filter = Filter::parse(filter.unwrap_or_default())?;
        let events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(events
            .iter()
            .filter(|e| {
                e["subscriptionId"]
                    .as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case(subscription))
            })
            .filter(|e| filter.keeps(e))
            .cloned()
            .collect())
    }
}

fn event(
    write: &Write<'_>,
    at: OffsetDateTime,
    name: &str,
    status: &str,
    sequence: usize,
) -> Value {
    let stamp = at.format(&Rfc3339).unwrap_or_default();
    let segments: Vec<&str> = write.resource_id.split('/').collect();
    let field = |after: &str| {
        segments
            .iter()
            .position(|s| s.eq_ignore_ascii_case(after))
            .and_then(|at| segments.get(at + 1))
            .copied()
            .unwrap_or_default()
    };
    let subscription = field("subscriptions");
    let provider = field("providers");
    let event_id = format!(
        "{:08x}-0000-4000-8000-{:012x}",
        sequence,
        at.unix_timestamp()
    );
    let (status_code, sub_status) = match write.status_code {
        200 => ("OK", "OK (HTTP Status Code: 200)"),
        201 => ("Created", "Created (HTTP Status Code: 201)"),
        202 => ("Accepted", "Accepted (HTTP Status Code: 202)"),
        204 => ("NoContent", "No Content (HTTP Status Code: 204)"),
        _ => ("BadRequest", "Bad Request (HTTP Status Code: 400)"),
    };
    let sub_value = sub_status.split(" (").next().unwrap_or_default();
    let (status_code, sub_status, sub_value) = if name == "BeginRequest" {
        ("", "", "")
    } else {
        (status_code, sub_status, sub_value)
    };
    json!({
        "operationId": write.correlation_id,
        "description": "",
        "authorization": {
            "action": write.operation,
            "role": "Contributor",
            "scope": write.resource_id,
        },
        "caller": write.caller,
        "claims": claims(write.caller, at),
        "correlationId": write.correlation_id,
        "eventDataId": event_id,
        "eventName": { "localizedValue": if name == "BeginRequest" { "Begin request" } else { "End request" }, "value": name },
        "eventTimestamp": stamp,
        "httpRequest": {
            "method": write.method,
            "clientIpAddress": "127.0.0.1",
            "clientRequestId": write.correlation_id,
        },
        "id": format!("{}/events/{event_id}/ticks/{}", write.resource_id, at.unix_timestamp_nanos() / 100),
        "level": "Informational",
        "operationName": { "localizedValue": write.operation, "value": write.operation },
        "properties": { "statusCode": status_code },
        "resourceGroupName": field("resourceGroups"),
        "resourceProviderName": { "localizedValue": provider, "value": provider },
        "resourceId": write.resource_id,
        "status": { "localizedValue": status, "value": status },
        "subStatus": { "localizedValue": sub_status, "value": sub_value },
        "submissionTimestamp": stamp,
        "subscriptionId": subscription,
    })
}

/// The token claims Azure copies into an event, made up for `caller` (every claim of the
/// published example; the emulator's tokens carry no real ones).
fn claims(caller: &str, at: OffsetDateTime) -> Value {
    let (given, surname) = caller
        .split('@')
        .next()
        .unwrap_or(caller)
        .split_once('.')
        .unwrap_or((caller, ""));
    let issued = at.unix_timestamp().to_string();
    let expires = (at.unix_timestamp() + 3600).to_string();
    json!({
        "name": caller,
        "appid": "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        "appidacr": "0",
        "aud": "https://management.core.windows.net/",
        "exp": expires,
        "groups": "",
        "http://schemas.microsoft.com/claims/authnclassreference": "1",
        "http://schemas.microsoft.com/claims/authnmethodsreferences": "pwd",
        "http://schemas.microsoft.com/identity/claims/objectidentifier": "00000000-0000-4000-8000-000000000001",
        "http://schemas.microsoft.com/identity/claims/scope": "user_impersonation",
        "http://schemas.microsoft.com/identity/claims/tenantid": "4e7a2c1b-8d3f-4b6a-9c5e-2f1a0b7d6c38",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname": given,
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name": caller,
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier": caller,
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname": surname,
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": caller,
        "iat": issued,
        "iss": "https://sts.windows.net/4e7a2c1b-8d3f-4b6a-9c5e-2f1a0b7d6c38/",
        "nbf": issued,
        "puid": "10030000A0B1C2D3",
        "ver": "1.0",
    })
}

/// A parsed `$filter`.
#[derive(Debug, Default, PartialEq)]
struct Filter {
    from: Option<OffsetDateTime>,
    to: Option<OffsetDateTime>,
    /// `(event field, value)` compared ignoring case.
    equals: Option<(&'static str, String)>,
}

impl Filter {
    fn parse(text: &str) -> Result<Self, ArmError> {
        let bad = |message: String| ArmError::bad_request("BadRequest", message);
        let mut filter = Filter::default();
        for clause in split_and(text) {
            let mut words = clause.splitn(3, ' ');
            let (Some(field), Some(op), Some(value)) = (words.next(), words.next(), words.next())
            else {
                return Err(bad(format!(
                    "The $filter clause '{clause}' is not understood."
                )));
            };
            let value = value
                .trim()
                .strip_prefix('\'')
                .and_then(|v| v.strip_suffix('\''))
                .ok_or_else(|| bad(format!("The value in '{clause}' must be quoted.")))?;
            let time = || {
                OffsetDateTime::parse(value, &Rfc3339)
                    .map_err(|_| bad(format!("'{value}' is not a valid time in '{clause}'.")))
            };
            match (
                field.to_ascii_lowercase().as_str(),
                op.to_ascii_lowercase().as_str(),
            ) {
                ("eventtimestamp", "ge") => filter.from = Some(time()?),
                ("eventtimestamp", "le") => filter.to = Some(time()?),
                (
                    field @ ("resourceuri" | "resourceid" | "resourcegroupname" | "correlationid"),
                    "eq",
                ) => {
                    if filter.equals.is_some() {
                        return Err(bad(
                            "Only one of resourceUri, resourceGroupName and correlationId may be given."
                                .into(),
                        ));
                    }
                    let name = match field {
                        "resourcegroupname" => "resourceGroupName",
                        "correlationid" => "correlationId",
                        _ => "resourceId",
                    };
                    filter.equals = Some((name, value.to_owned()));
                }
                _ => {
                    return Err(bad(format!(
                        "The $filter clause '{clause}' is not supported."
                    )));
                }
            }
        }
        if filter.from.is_none() {
            return Err(bad(
                "The $filter must include a start time: eventTimestamp ge '<time>'.".into(),
            ));
        }
        Ok(filter)
    }

    fn keeps(&self, event: &Value) -> bool {
        let at = event["eventTimestamp"]
            .as_str()
            .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok());
        let in_time = match at {
            Some(at) => self.from.is_none_or(|f| at >= f) && self.to.is_none_or(|t| at <= t),
            None => false,
        };
        in_time
            && self.equals.as_ref().is_none_or(|(field, value)| {
                event[*field]
                    .as_str()
                    .is_some_and(|have| have.eq_ignore_ascii_case(value))
            })
    }
}

/// The clauses of `a and b and c` (`and` in any case, outside quotes).
fn split_and(text: &str) -> Vec<&str> {
    let mut clauses = Vec::new();
    let (mut start, mut quoted) = (0, false);
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => quoted = !quoted,
            b' ' if !quoted && lower[i..].starts_with(" and ") => {
                clauses.push(text[start..i].trim());
                i += 5;
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    clauses.push(text[start..].trim());
    clauses.into_iter().filter(|c| !c.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/myPLS/privateEndpointConnections/c1";

    fn write(caller: &str) -> Write<'_> {
        Write {
            resource_id: ID,
            method: "PUT",
            operation: "Microsoft.Network/privateLinkServices/privateEndpointConnections/write"
                .into(),
            caller,
            correlation_id: "corr-1",
            status_code: 200,
        }
    }

    #[test]
    fn a_write_is_logged_as_begin_and_end_and_found_by_its_resource() {
        let log = ActivityLog::default();
        log.record(&write("alice@contoso.com"));
        let filter = "eventTimestamp ge '2020-01-01T00:00:00Z' AND eventTimestamp le '2999-01-01T00:00:00Z' and resourceUri eq '/SUBSCRIPTIONS/S1/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/myPLS/privateEndpointConnections/c1'";
        let events = log.query("S1", Some(filter)).unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0]["status"]["value"], "Started");
        assert_eq!(events[1]["status"]["value"], "Succeeded");
        assert_eq!(events[1]["caller"], "alice@contoso.com");
        assert_eq!(events[1]["resourceGroupName"], "rg");
        let later = "eventTimestamp ge '2999-01-01T00:00:00Z'";
        assert_eq!(log.query("s1", Some(later)).unwrap().len(), 0);
        assert_eq!(log.query("other", Some(filter)).unwrap().len(), 0);
    }

    #[test]
    fn a_filter_without_a_start_or_with_an_unknown_clause_is_refused() {
        let log = ActivityLog::default();
        for filter in [
            None,
            Some("resourceUri eq 'x'"),
            Some("eventTimestamp ge '2020-01-01T00:00:00Z' and caller eq 'alice'"),
            Some("eventTimestamp ge yesterday"),
        ] {
            let refused = log.query("s1", filter).unwrap_err();
            assert_eq!(refused.status, 400, "{filter:?}");
        }
    }
}
