//! Who made a change Link Center did not: the Azure Activity Log of the subscription, read for
//! the changes' window (`GET /subscriptions/{s}/providers/Microsoft.Insights/eventtypes/
//! management/values?api-version=2015-04-01&$filter=eventTimestamp ge '…' and eventTimestamp
//! le '…'`), each change given the caller, operation and correlation id of the latest
//! successful write to its resource within its window. Decoding and matching are pure; `read`
//! is the one call.

use futures::TryStreamExt;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::arm::{ArmClient, ArmError};
use crate::store::Unattributed;

/// The Activity Log's api-version.
pub const API_VERSION: &str = "2015-04-01";

/// How far outside its sync window a change's write may be logged: Azure stamps the event
/// when the request ends, and an action may have begun during the previous sync.
pub const MARGIN: time::Duration = time::Duration::minutes(10);

/// A successful write, as the Activity Log recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityEvent {
    /// Who made it (`alice@contoso.com`, or a service principal's id).
    pub caller: String,
    /// The operation, e.g. `Microsoft.Network/privateLinkServices/privateEndpointConnections/write`.
    pub operation: String,
    /// The request's correlation id.
    pub correlation_id: Option<String>,
    /// The resource written.
    pub resource_id: String,
    /// When the request ended.
    pub at: OffsetDateTime,
}

/// The write an event records, when it is the end of a successful one with a caller.
pub fn decode(event: &Value) -> Option<ActivityEvent> {
    let text = |path: &[&str]| {
        path.iter()
            .try_fold(event, |at, key| at.get(key))
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let succeeded = text(&["status", "value"])?.eq_ignore_ascii_case("Succeeded");
    let write = text(&["operationName", "value"])?;
    let is_write = ["/write", "/delete", "/action"]
        .iter()
        .any(|verb| write.to_ascii_lowercase().ends_with(verb));
    if !succeeded || !is_write {
        return None;
    }
    Some(ActivityEvent {
        caller: text(&["caller"])?,
        operation: write,
        correlation_id: text(&["correlationId"]),
        resource_id: text(&["resourceId"]).or_else(|| text(&["authorization", "scope"]))?,
        at: OffsetDateTime::parse(&text(&["eventTimestamp"])?, &Rfc3339).ok()?,
    })
}

/// The path of `subscription`'s Activity Log between `from` and `to`.
pub fn path(subscription: &str, from: OffsetDateTime, to: OffsetDateTime) -> String {
    let stamp = |t: OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    let filter = format!(
        "eventTimestamp ge '{}' and eventTimestamp le '{}'",
        stamp(from),
        stamp(to)
    );
    let encoded: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    format!(
        "/subscriptions/{subscription}/providers/Microsoft.Insights/eventtypes/management/values?$filter={encoded}"
    )
}

/// Every successful write in `subscription`'s Activity Log between `from` and `to`.
pub async fn read(
    client: &ArmClient,
    subscription: &str,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<ActivityEvent>, ArmError> {
    let pages: Vec<Vec<Value>> = client
        .pages(&path(subscription, from, to), API_VERSION)
        .try_collect()
        .await?;
    Ok(pages.iter().flatten().filter_map(decode).collect())
}

/// The latest of `events` that wrote `change`'s resource within its window (with `MARGIN`).
pub fn writer<'a>(change: &Unattributed, events: &'a [ActivityEvent]) -> Option<&'a ActivityEvent> {
    let from = change.seen_after.map(|t| t - MARGIN);
    let to = change.seen_at + MARGIN;
    events
        .iter()
        .filter(|e| e.resource_id.eq_ignore_ascii_case(&change.resource_id))
        .filter(|e| from.is_none_or(|from| e.at >= from) && e.at <= to)
        .max_by_key(|e| e.at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Value {
        let text = include_str!("../../tests/fixtures/arm/GetActivityLogsFiltered.json");
        let doc: Value = serde_json::from_str(text).unwrap();
        doc["responses"]["200"]["body"]["value"][0].clone()
    }

    #[test]
    fn the_published_example_decodes_as_a_successful_write_by_its_caller() {
        let event = decode(&example()).expect("a successful write");
        assert_eq!(event.caller, "admin@contoso.com");
        assert_eq!(event.operation, "microsoft.support/supporttickets/write");
        assert_eq!(
            event.correlation_id.as_deref(),
            Some("1e121103-0ba6-4300-ac9d-952bb5d0c80f")
        );
        assert!(
            event
                .resource_id
                .ends_with("/supporttickets/115012112305841")
        );
        let mut started = example();
        started["status"]["value"] = "Started".into();
        assert_eq!(
            decode(&started),
            None,
            "a write's beginning is not who made it"
        );
    }

    #[test]
    fn a_change_is_matched_with_the_latest_write_to_its_resource_in_its_window() {
        let at = |minutes: i64| {
            OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
                + time::Duration::minutes(minutes)
        };
        let event = |caller: &str, resource: &str, minutes| ActivityEvent {
            caller: caller.into(),
            operation: "w/write".into(),
            correlation_id: None,
            resource_id: resource.into(),
            at: at(minutes),
        };
        let events = [
            event("early", "/x/c1", -30),
            event("alice", "/X/C1", 2),
            event("bob", "/x/c1", 3),
            event("other", "/x/c2", 4),
        ];
        let change = Unattributed {
            id: 1,
            subscription: "s".into(),
            resource_id: "/x/c1".into(),
            seen_after: Some(at(0)),
            seen_at: at(5),
        };
        assert_eq!(writer(&change, &events).unwrap().caller, "bob");
        let later = Unattributed {
            seen_after: Some(at(60)),
            seen_at: at(65),
            ..change
        };
        assert_eq!(writer(&later, &events), None);
    }
}
