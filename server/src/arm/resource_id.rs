//! `ResourceId` (filled in next).

/// Placeholder.
#[derive(Debug)]
pub struct ResourceId;
/// Placeholder.
#[derive(Debug)]
pub struct ResourceIdError;
