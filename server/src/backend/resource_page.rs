//! A resource's detail page with what the store adds to it: a private link service's
//! connections over time (before its connections table), a connection's audit history and the
//! changes the feed saw of it. Each part the store cannot read becomes a warning note, never a
//! failed page.

use std::sync::Arc;

use app::error::AppError;
use app::model::{ChangeQuery, HistoryQuery, ResourceView, Section, SectionBody};
use time::OffsetDateTime;

use super::actions;
use crate::actions::{ActionService, is_connection};
use crate::arm::ResourceId;
use crate::service::{changes, history};
use crate::store::CountOf;
use crate::views::{Views, detail};

/// How many changes a connection's page lists.
const CONNECTION_CHANGES: u32 = 20;

const PLS_TYPE: &str = "Microsoft.Network/privateLinkServices";

fn note(what: &str, error: impl std::fmt::Display) -> SectionBody {
    SectionBody::Note {
        text: format!("The {what} cannot be read: {error}"),
        warning: true,
    }
}

/// The page of `id`: `Ok(None)` when it is not in the inventory, `Err` when it is not an id.
pub async fn page(
    views: Arc<Views>,
    actions: Arc<ActionService>,
    id: String,
) -> Result<Option<ResourceView>, AppError> {
    let now = OffsetDateTime::now_utc();
    let Some(mut view) = detail::resource(&views, &id, now)
        .map_err(|e| AppError::bad_request(format!("'{id}' is not an Azure resource id: {e}")))?
    else {
        return Ok(None);
    };
    let Ok(resource) = ResourceId::parse(&view.id) else {
        return Ok(Some(view));
    };
    if resource.is_type(PLS_TYPE) {
        let of = CountOf::Service(resource.to_string());
        let body = match history::chart(actions.store(), &of, &HistoryQuery::default(), now).await {
            Ok(series) => SectionBody::Counts {
                title: format!("Connections of {} over time", view.title),
                series,
            },
            Err(error) => note("counts", error),
        };
        // After the properties and the chain, before the connections table.
        let at = view
            .sections
            .iter()
            .position(|s| matches!(s.body, SectionBody::Connections(_)))
            .unwrap_or(view.sections.len());
        view.sections.insert(
            at,
            Section {
                heading: "Connections over time (last 30 days)".into(),
                body,
            },
        );
    }
    if is_connection(&resource) {
        let audit = match actions::history(actions.clone(), resource.to_string()).await {
            Ok(entries) => SectionBody::History(entries.unwrap_or_default()),
            Err(error) => note("history", error),
        };
        view.sections.push(Section {
            heading: "History".into(),
            body: audit,
        });
        // Beside what Link Center did: every change seen, whoever made it.
        let query = ChangeQuery {
            connection: Some(resource.to_string()),
            limit: CONNECTION_CHANGES,
            ..ChangeQuery::default()
        };
        let seen = match changes::page(actions.store(), &query).await {
            Ok(page) => SectionBody::Changes(page.items),
            Err(error) => note("changes", error),
        };
        view.sections.push(Section {
            heading: "Changes".into(),
            body: seen,
        });
    }
    Ok(Some(view))
}
