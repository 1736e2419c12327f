//! Test helpers: the views of an estate as a sync would read it at the demo's "now".

use std::sync::Arc;

use emulator::estate::EstateDocument;

use super::Views;
use crate::inventory::join::tests::demo_now;
use crate::inventory::offline;

/// The views of `doc`, read offline and joined.
pub fn views_of(doc: &EstateDocument) -> Views {
    Views::build(Arc::new(offline::snapshot(doc, demo_now())))
}

/// The views of the demo estate.
pub fn demo_views() -> Views {
    views_of(&emulator::estate::demo::demo())
}
