//! Exporting a filtered list as CSV or JSON: every matching row, not only one page. CSV cells
//! are quoted by the `csv` crate (commas, quotes, newlines); a cell that a spreadsheet would run
//! as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a leading `'`, since
//! descriptions are written by other tenants.

use app::model::{AuditEntry, ChangeEntry, ConnectionRow, EndpointRow, ServiceRow};

use super::{ListQuery, QueryError, Record, Table};

/// The formats a list exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array of the rows, as `/api/v1` returns them.
    Json,
}

impl Format {
    /// The format for a file extension (`csv`, `json`).
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// The `Content-Type` of a download.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Json => "application/json",
        }
    }
}

/// A row that can be written as one CSV record.
pub trait Export: serde::Serialize {
    /// The header row.
    const HEADERS: &'static [&'static str];
    /// The cells, in header order.
    fn record(&self) -> Vec<String>;
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A bad filter.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// Writing failed (not expected in memory).
    #[error("cannot write the export: {0}")]
    Write(String),
}

/// Every row matching `query` (its page and page size are ignored), in its sort order.
pub fn matching<R: Record>(
    table: &Table<R>,
    query: &ListQuery,
) -> Result<Vec<R::Wire>, QueryError> {
    let all = ListQuery {
        offset: 0,
        limit: table.rows().len().max(1),
        ..query.clone()
    };
    Ok(table.select(&all)?.items)
}

/// The rows as a file of `format`.
pub fn write<R: Export>(rows: &[R], format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Json => serde_json::to_vec(rows).map_err(|e| ExportError::Write(e.to_string())),
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            let error = |e: csv::Error| ExportError::Write(e.to_string());
            writer.write_record(R::HEADERS).map_err(error)?;
            for row in rows {
                writer
                    .write_record(row.record().iter().map(|cell| defuse(cell).into_owned()))
                    .map_err(error)?;
            }
            writer
                .into_inner()
                .map_err(|e| ExportError::Write(e.to_string()))
        }
    }
}

/// A cell a spreadsheet will show as text, never evaluate.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

impl Export for app::model::FindingView {
    const HEADERS: &'static [&'static str] = &[
        "severity",
        "kind",
        "title",
        "message",
        "resources",
        "documentation",
    ];

    fn record(&self) -> Vec<String> {
        vec![
            self.severity.clone(),
            self.kind.clone(),
            self.title.clone(),
            self.message.clone(),
            self.resources.join(" "),
            self.doc_url.clone(),
        ]
    }
}

impl Export for AuditEntry {
    const HEADERS: &'static [&'static str] = &[
        "at",
        "actor",
        "email",
        "groups",
        "role",
        "authMode",
        "action",
        "connectionId",
        "resourceId",
        "subscription",
        "consumer",
        "previousState",
        "requestedState",
        "description",
        "outcome",
        "outcomeMessage",
        "completedAt",
        "finalState",
        "clientIp",
        "requestId",
        "armRequestId",
        "armCorrelationId",
        "evidence",
        "subject",
    ];

    fn record(&self) -> Vec<String> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            self.at.clone(),
            self.actor.clone(),
            text(&self.email),
            joined(&self.groups),
            self.role.clone(),
            self.auth_mode.clone(),
            self.action.clone(),
            self.connection_id.clone(),
            self.resource_id.clone(),
            self.subscription.clone(),
            text(&self.consumer),
            self.previous_state.clone(),
            text(&self.requested_state),
            self.description.clone(),
            text(&self.outcome),
            text(&self.outcome_message),
            text(&self.completed_at),
            text(&self.final_state),
            text(&self.client_ip),
            text(&self.request_id),
            text(&self.arm_request_id),
            text(&self.arm_correlation_id),
            text(&self.evidence),
            text(&self.subject),
        ]
    }
}

impl Export for ChangeEntry {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "seenAt",
        "seenAfter",
        "kind",
        "subscription",
        "serviceId",
        "connectionId",
        "from",
        "to",
        "detail",
        "by",
        "auditId",
    ];

    fn record(&self) -> Vec<String> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            self.id.to_string(),
            self.seen_at.clone(),
            text(&self.seen_after),
            self.kind.as_str().to_owned(),
            self.subscription.clone(),
            text(&self.service_id),
            text(&self.connection_id),
            text(&self.from),
            text(&self.to),
            self.detail.clone(),
            text(&self.by),
            self.audit_id.map(|id| id.to_string()).unwrap_or_default(),
        ]
    }
}

fn joined(values: &[String]) -> String {
    values.join(" ")
}

impl Export for ServiceRow {
    const HEADERS: &'static [&'static str] = &[
        "name",
        "subscriptionId",
        "subscriptionName",
        "resourceGroup",
        "location",
        "alias",
        "visibility",
        "autoApproval",
        "ownerService",
        "cluster",
        "pending",
        "approved",
        "rejected",
        "disconnected",
        "total",
        "frontendMissing",
        "id",
    ];

    fn record(&self) -> Vec<String> {
        let c = self.counts;
        vec![
            self.name.clone(),
            self.subscription_id.clone(),
            self.subscription_name.clone(),
            self.resource_group.clone(),
            self.location.clone(),
            self.alias.clone().unwrap_or_default(),
            joined(&self.visibility),
            joined(&self.auto_approval),
            self.owner_service.clone().unwrap_or_default(),
            self.cluster.clone().unwrap_or_default(),
            c.pending.to_string(),
            c.approved.to_string(),
            c.rejected.to_string(),
            c.disconnected.to_string(),
            c.total().to_string(),
            self.frontend_missing.to_string(),
            self.id.clone(),
        ]
    }
}

impl Export for EndpointRow {
    const HEADERS: &'static [&'static str] = &[
        "name",
        "subscriptionId",
        "subscriptionName",
        "resourceGroup",
        "location",
        "targetKind",
        "targetId",
        "groupIds",
        "state",
        "manual",
        "subnet",
        "privateIps",
        "id",
    ];

    fn record(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.subscription_id.clone(),
            self.subscription_name.clone(),
            self.resource_group.clone(),
            self.location.clone(),
            self.target_kind.clone(),
            self.target_id.clone().unwrap_or_default(),
            joined(&self.group_ids),
            self.state.clone(),
            self.manual.to_string(),
            self.subnet.clone().unwrap_or_default(),
            joined(&self.private_ips),
            self.id.clone(),
        ]
    }
}

impl Export for ConnectionRow {
    const HEADERS: &'static [&'static str] = &[
        "name",
        "privateLinkService",
        "subscriptionId",
        "resourceGroup",
        "location",
        "consumer",
        "state",
        "description",
        "requestedAt",
        "id",
    ];

    fn record(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.resource_name.clone(),
            self.subscription_id.clone(),
            self.resource_group.clone(),
            self.location.clone(),
            self.consumer.label(),
            self.state.clone(),
            self.description.clone(),
            self.requested_at.clone().unwrap_or_default(),
            self.id.clone(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use app::model::ConsumerView;

    use super::*;

    fn connection(name: &str, state: &str, description: &str) -> ConnectionRow {
        ConnectionRow {
            id: format!("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls/privateEndpointConnections/{name}"),
            name: name.into(),
            resource_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls".into(),
            resource_name: "pls".into(),
            subscription_id: "s".into(),
            resource_group: "rg".into(),
            location: "westeurope".into(),
            state: state.into(),
            description: description.into(),
            consumer: ConsumerView::Unknown,
            requested_at: None,
            age_seconds: None,
            policy: None,
        }
    }

    #[test]
    fn csv_quotes_commas_quotes_and_newlines_and_reads_back_the_same() {
        let tricky = "Front Door, \"prod\"\nsecond line";
        let rows = [connection("a", "Pending", tricky)];
        let bytes = write(&rows, Format::Csv).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            ConnectionRow::HEADERS
        );
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 1);
        assert_eq!(&records[0][7], tricky);
        assert_eq!(&records[0][0], "a");
    }

    #[test]
    fn formulas_from_other_tenants_are_written_as_text() {
        let rows = [connection("a", "Pending", "=HYPERLINK(\"http://x\")")];
        let bytes = write(&rows, Format::Csv).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(&record[7], "'=HYPERLINK(\"http://x\")");
    }

    #[test]
    fn every_matching_row_is_exported_whatever_the_page() {
        let rows: Vec<_> = (0..120)
            .map(|i| {
                connection(
                    &format!("c{i:03}"),
                    if i % 3 == 0 { "Pending" } else { "Approved" },
                    "",
                )
            })
            .collect();
        let query = ListQuery::parse("state=Pending&sort=name&offset=50&limit=25").unwrap();
        let all = matching(&Table::new(rows), &query).unwrap();
        assert_eq!(all.len(), 40);
        assert_eq!(all[0].name, "c000");
        assert!(all.iter().all(|r| r.state == "Pending"));
        let json: Vec<ConnectionRow> =
            serde_json::from_slice(&write(&all, Format::Json).unwrap()).unwrap();
        assert_eq!(json, all);
        assert!(
            matching(&Table::<ConnectionRow>::new(Vec::new()), &query)
                .unwrap()
                .is_empty()
        );
    }
}
