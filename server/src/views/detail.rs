//! The resource detail pages: looks a resource id up in the current views (ignoring case, as
//! Azure does) and describes its page — title, summary, sections of properties, notes and
//! connections, and for a private link service's chain the small chain graph (`chain_figure`) —
//! for the UI's one generic renderer. Pure over a snapshot; the Graph page's panel uses it, not
//! the other way round.

mod chain_figure;
mod connection;
mod endpoint;
mod paas;
mod service;

use app::model::{Prop, ResourceView, Section, SectionBody, Value};
use time::OffsetDateTime;

use super::Views;
use crate::arm::ResourceId;
use crate::arm::resource_id::ResourceIdError;
use crate::inventory::join::ServiceChain;

const PLS_TYPE: &str = "Microsoft.Network/privateLinkServices";
const PE_TYPE: &str = "Microsoft.Network/privateEndpoints";

/// The page of resource `id`: `Ok(None)` when it is not in the inventory; `Err` when `id` is not
/// a resource id.
pub fn resource(
    views: &Views,
    id: &str,
    now: OffsetDateTime,
) -> Result<Option<ResourceView>, ResourceIdError> {
    let id = ResourceId::parse(id)?;
    Ok(if id.is_type(PLS_TYPE) {
        service::page(views, &id, now)
    } else if id.is_type(PE_TYPE) {
        endpoint::page(views, &id)
    } else if crate::actions::is_connection(&id) {
        connection::page(views, &id, now)
    } else if id
        .resource_type()
        .as_deref()
        .and_then(crate::arm::models::paas_type)
        .is_some()
    {
        paas::page(views, &id, now)
    } else {
        None
    })
}

/// The "Subscription" property: its name, then its GUID.
fn subscription_prop(name: &str, id: &str) -> Prop {
    Prop::new(
        "Subscription",
        Value::Many(vec![
            Value::Text(name.to_owned()),
            Value::Mono(id.to_owned()),
        ]),
    )
}

/// The "Findings" section of the resource `id`: every finding naming it, most serious first;
/// `None` when there is none.
fn findings_section(views: &Views, id: &ResourceId) -> Option<Section> {
    let findings: Vec<_> = super::findings::naming(&views.snapshot, id);
    (!findings.is_empty()).then(|| Section {
        heading: "Findings".into(),
        body: SectionBody::Findings(findings),
    })
}

/// The chain of a private link service (or PaaS resource).
fn chain<'a>(views: &'a Views, service: &ResourceId) -> Option<&'a ServiceChain> {
    views
        .snapshot
        .chains
        .chains
        .iter()
        .find(|c| &c.service == service)
}

#[cfg(test)]
mod tests;
