//! The lists, one use case each for the REST API and the pages: a URL query string parsed
//! once into a `ListQuery`, one page of rows selected from the current views, and connections'
//! ages stamped at `now`.

use app::model::{ConnectionRow, EndpointRow, Page, PoliciesView, PolicySummary, ServiceRow};
use time::OffsetDateTime;

use crate::arm::ResourceId;
use crate::views::{ListQuery, QueryError, Record, Table, Views, rows, verdict_view};

/// A page of private link services for `query`.
pub fn services(views: &Views, query: &str) -> Result<Page<ServiceRow>, QueryError> {
    page(&views.services, query)
}

/// A page of private endpoints for `query`.
pub fn endpoints(views: &Views, query: &str) -> Result<Page<EndpointRow>, QueryError> {
    page(&views.endpoints, query)
}

/// A page of connections for `query`, each with its age at `now`.
pub fn connections(
    views: &Views,
    query: &str,
    now: OffsetDateTime,
) -> Result<Page<ConnectionRow>, QueryError> {
    let mut page = page(&views.connections, query)?;
    rows::stamp_ages(&mut page.items, now);
    if !views.verdicts.is_empty() {
        for row in &mut page.items {
            row.policy = ResourceId::parse(&row.id)
                .ok()
                .and_then(|id| views.verdict(&id));
        }
    }
    Ok(page)
}

/// The policies in force and their verdicts on the current Pending connections.
pub fn policies(views: &Views) -> PoliciesView {
    let Some(policies) = &views.policies else {
        return PoliciesView {
            mode: "dry-run".into(),
            ..PoliciesView::default()
        };
    };
    let set = &policies.set;
    PoliciesView {
        configured: true,
        path: Some(set.path.clone()),
        hash: Some(set.hash.clone()),
        mode: if policies.dry_run {
            "dry-run"
        } else {
            "enforce"
        }
        .into(),
        policies: set
            .policies
            .iter()
            .map(|p| PolicySummary {
                name: p.name.clone(),
                action: p.action.as_str().to_owned(),
                matches: views.verdicts.iter().filter(|v| v.policy == p.name).count(),
            })
            .collect(),
        verdicts: views
            .verdicts
            .iter()
            .map(|v| verdict_view(v, policies.dry_run))
            .collect(),
    }
}

fn page<R: Record>(rows: &Table<R>, query: &str) -> Result<Page<R::Wire>, QueryError> {
    rows.select(&ListQuery::parse(query)?)
}
