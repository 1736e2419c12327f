//! The notifications as the Policies page and `GET /api/v1/notifications` show them: each
//! target with its URL's host only (a Teams or Slack webhook URL is itself a credential), its
//! events and its filter in words, and the delivery log. Pure.

use app::model::{DeliveryView, NotificationTargetView, NotificationsView};
use time::format_description::well_known::Rfc3339;

use super::deliver::{Notifier, Outcome};
use super::file::{Target, TargetType};

/// What `notifier` (none without `--notifications`) shows.
pub fn view(notifier: Option<&Notifier>) -> NotificationsView {
    let Some(notifier) = notifier else {
        return NotificationsView::default();
    };
    NotificationsView {
        configured: true,
        path: Some(notifier.path()),
        targets: notifier.targets().iter().map(target).collect(),
        reload_error: notifier.reload_state().error,
        deliveries: notifier
            .deliveries()
            .into_iter()
            .map(|d| {
                let (outcome, detail) = match d.outcome {
                    Outcome::Sent { status } => ("sent", format!("HTTP {status}")),
                    Outcome::Retrying { last } => ("retrying", last),
                    Outcome::GaveUp { last } => ("gaveUp", last),
                };
                DeliveryView {
                    target: d.target,
                    event: d.event.to_owned(),
                    key: d.key,
                    attempts: d.attempts,
                    outcome: outcome.to_owned(),
                    detail,
                    at: d.at.format(&Rfc3339).unwrap_or_default(),
                }
            })
            .collect(),
    }
}

fn target(target: &Target) -> NotificationTargetView {
    let mut filter = Vec::new();
    if let Some(glob) = &target.when.service {
        filter.push(format!("services {}", glob.as_str()));
    }
    let subscriptions = target.when.subscription.values();
    if !subscriptions.is_empty() {
        filter.push(format!("subscriptions {}", subscriptions.join(", ")));
    }
    NotificationTargetView {
        name: target.name.clone(),
        kind: match target.kind {
            TargetType::Webhook => "webhook",
            TargetType::Teams => "teams",
            TargetType::Slack => "slack",
        }
        .to_owned(),
        host: target.url.host_str().unwrap_or_default().to_owned(),
        events: target.events.iter().map(|e| e.key().to_owned()).collect(),
        filter: if filter.is_empty() {
            "every event".to_owned()
        } else {
            filter.join("; ")
        },
    }
}
