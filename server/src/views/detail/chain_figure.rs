//! The small chain graph on a detail page: one private link service's chain, laid out, whose
//! nodes link to the Graph page scoped to it (the app's `MiniGraph` draws it). Uses the chain
//! graph (`crate::chain`); the Graph page does not come into it.

use app::components::query::encode;
use app::model::{Section, SectionBody};

use crate::arm::ResourceId;
use crate::chain::{self, Scope};
use crate::views::Views;

/// The "Chain graph" section: the small graph of private link service `service`, for its detail
/// page and those of its endpoints; nodes link to the Graph page scoped to it.
pub(super) fn section(views: &Views, service: &ResourceId) -> Section {
    let body = match Scope::default().with_service(service.as_str()) {
        Ok(scope) => SectionBody::Graph {
            view: chain::layout(&chain::build(&views.snapshot, &scope)),
            scope_query: format!("service={}", encode(service.as_str())),
        },
        Err(error) => SectionBody::Note {
            text: error.to_string(),
            warning: true,
        },
    };
    Section {
        heading: "Chain graph".into(),
        body,
    }
}
