//! Notifications (`--notifications FILE`): new Pending requests, long-pending ones, policy
//! actions, approvals by people, losses and failing syncs, sent to webhooks (signed JSON),
//! Microsoft Teams (Adaptive Cards) and Slack (blocks), each target with its events and its
//! filter (subscription, PLS glob). `file` reads the YAML, `message` shapes each target's body,
//! `source` turns the live events into notices, `deliver` posts them with retries and keeps the
//! delivery log.

pub mod deliver;
pub mod file;
pub mod message;
pub mod source;
pub mod view;

pub use deliver::{Delivery, Notifier, Outcome};
pub use file::{EventKind, NotificationFileError, NotificationSet, Target, TargetType};
pub use message::Notice;
