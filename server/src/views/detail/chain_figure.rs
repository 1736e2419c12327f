//! The small chain graph on a detail page: one private link service's chain, drawn linked to the
//! Graph page scoped to it. Uses the chain graph (`crate::chain`); the Graph page does not come
//! into it.

use app::model::{Section, SectionBody};

use crate::arm::ResourceId;
use crate::chain::svg::{self, encode, escape};
use crate::chain::{self, Scope};
use crate::views::Views;

/// The "Chain graph" section: the small graph of private link service `service`, for its detail
/// page and those of its endpoints; nodes link to the Graph page scoped to it.
pub(super) fn section(views: &Views, service: &ResourceId) -> Section {
    let scope_query = format!("service={}", encode(service.as_str()));
    let body = match Scope::default().with_service(service.as_str()) {
        Ok(scope) => {
            let view = chain::layout(&chain::build(&views.snapshot, &scope));
            SectionBody::Graph(format!(
                r#"<div class="graph-canvas compact" data-testid="mini-graph">{}</div><p><a href="/graph?{}" data-testid="open-graph">Open in the Graph page →</a></p>"#,
                svg::render_linked(&view, &scope_query),
                escape(&scope_query)
            ))
        }
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
