//! What is worth a notification, read from the live events (`crate::events`): a change the
//! change feed recorded — a connection appearing Pending (`pending`), a state changed by an
//! approval policy (`policyAction`) or by a person through Link Center (`approval`) — and each
//! snapshot's findings — a request pending for days (`longPending`), connections lost
//! (`loss`) — and statuses: a subscription failing `SYNC_FAILING_AFTER` full syncs in a row
//! (`syncFailing`). Each notice carries a key its targets get it once by. `Source` is pure but
//! for its count of failing syncs; `run` feeds a `Notifier` for as long as the server runs.

use std::collections::HashMap;
use std::sync::Arc;

use app::model::{ChangeEntry, ChangeKind, age_label};
use time::format_description::well_known::Rfc3339;
use tokio::sync::broadcast::error::RecvError;

use super::deliver::Notifier;
use super::file::EventKind;
use super::message::Notice;
use crate::arm::ResourceId;
use crate::events::{EventHub, LiveEvent};
use crate::inventory::join::Finding;
use crate::inventory::{InventoryService, Snapshot, SubscriptionHealth};
use crate::views::rows::consumer_label;

/// Full syncs in a row a subscription must fail before `syncFailing` is sent.
pub const SYNC_FAILING_AFTER: u32 = 3;

/// Turns events into notices.
#[derive(Debug, Default)]
pub struct Source {
    /// `--public-url`, for links.
    public_url: Option<url::Url>,
    /// Failed full syncs in a row, by subscription (lower case).
    failing: HashMap<String, u32>,
    /// The last full sync counted.
    last_sync: u64,
}

impl Source {
    /// A source linking to `public_url`.
    pub fn new(public_url: Option<url::Url>) -> Self {
        Self {
            public_url,
            ..Self::default()
        }
    }

    fn link(&self, path: &str) -> Option<String> {
        let base = self.public_url.as_ref()?;
        Some(format!("{}{path}", base.as_str().trim_end_matches('/')))
    }

    fn confirm(&self, connection: &str) -> Option<String> {
        let id: String = url::form_urlencoded::byte_serialize(connection.as_bytes()).collect();
        self.link(&format!("/confirm/approve?id={id}"))
    }

    /// The notice a recorded change is worth, if any.
    pub fn of_change(&self, change: &ChangeEntry, snapshot: &Snapshot) -> Option<Notice> {
        let connection = change.connection_id.as_deref()?;
        let service_id = change.service_id.as_deref()?;
        let service = ResourceId::parse(service_id).ok()?;
        let by = change.by.as_deref();
        let to = change.to.as_deref().unwrap_or("gone");
        let (event, key, title, link) = match (change.kind, by) {
            (ChangeKind::ConnectionAppeared, _) if to == "Pending" => (
                EventKind::Pending,
                format!("pending:{}", connection.to_ascii_lowercase()),
                format!("New Pending request on {}", service.name()),
                self.confirm(connection),
            ),
            (ChangeKind::StateChanged | ChangeKind::ConnectionGone, Some(policy))
                if policy.starts_with("policy:") =>
            {
                (
                    EventKind::PolicyAction,
                    format!("policyAction:{}", change.id),
                    format!("{policy} made a connection of {} {to}", service.name()),
                    self.link(&format!("/resource{connection}")),
                )
            }
            (ChangeKind::StateChanged | ChangeKind::ConnectionGone, Some(person))
                if person != "unknown" =>
            {
                (
                    EventKind::Approval,
                    format!("approval:{}", change.id),
                    format!("{person} made a connection of {} {to}", service.name()),
                    self.link(&format!("/resource{connection}")),
                )
            }
            _ => return None,
        };
        let id = ResourceId::parse(connection).ok()?;
        let consumer = consumer_label(snapshot, &id);
        let text = match event {
            EventKind::Pending => format!(
                "{} asks to connect to {}: approve or reject it.",
                consumer.as_deref().unwrap_or("A consumer"),
                service.name()
            ),
            _ => change.detail.clone(),
        };
        Some(Notice {
            event,
            key,
            title,
            text,
            subscription: service.subscription().to_ascii_lowercase(),
            service: service.name().to_owned(),
            service_id: Some(service.to_string()),
            connection_id: Some(connection.to_owned()),
            consumer,
            age: (event == EventKind::Pending).then(|| "just now".to_owned()),
            link,
            at: change.seen_at.clone(),
        })
    }

    /// The notices a snapshot is worth; `sync` is the number of full syncs so far (a Pending
    /// poll does not count towards a failing streak).
    pub fn of_snapshot(&mut self, snapshot: &Snapshot, sync: u64) -> Vec<Notice> {
        let at = snapshot
            .taken_at
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_default();
        let mut notices: Vec<Notice> = snapshot
            .chains
            .findings
            .iter()
            .filter_map(|finding| self.of_finding(finding, snapshot, &at))
            .collect();
        if sync > self.last_sync {
            self.last_sync = sync;
            notices.extend(self.count_failures(snapshot, &at));
        }
        notices
    }

    fn of_finding(&self, finding: &Finding, snapshot: &Snapshot, at: &str) -> Option<Notice> {
        let service = finding.service()?;
        let (event, key, connection, age) = match finding {
            Finding::LongPending {
                connection, days, ..
            } => (
                EventKind::LongPending,
                format!("longPending:{}", connection.as_str().to_ascii_lowercase()),
                Some(connection),
                Some(age_label(u64::try_from(*days).unwrap_or(0) * 86_400)),
            ),
            _ if finding.is_loss() => (
                EventKind::Loss,
                format!(
                    "loss:{}:{}",
                    service.as_str().to_ascii_lowercase(),
                    finding.message()
                ),
                None,
                None,
            ),
            _ => return None,
        };
        let link = match connection {
            Some(connection) => self.confirm(connection.as_str()),
            None => self.link(&format!("/resource{service}")),
        };
        Some(Notice {
            event,
            key,
            title: format!("{} on {}", finding.title(), service.name()),
            text: finding.message(),
            subscription: service.subscription().to_ascii_lowercase(),
            service: service.name().to_owned(),
            service_id: Some(service.to_string()),
            connection_id: connection.map(ToString::to_string),
            consumer: connection.and_then(|c| consumer_label(snapshot, c)),
            age,
            link,
            at: at.to_owned(),
        })
    }

    fn count_failures(&mut self, snapshot: &Snapshot, at: &str) -> Vec<Notice> {
        let mut notices = Vec::new();
        for status in &snapshot.statuses {
            let key = status.subscription_id.to_ascii_lowercase();
            let error = match &status.health {
                SubscriptionHealth::Ok { .. } => {
                    self.failing.remove(&key);
                    continue;
                }
                SubscriptionHealth::Failed { error, .. }
                | SubscriptionHealth::Stale { error, .. } => error,
            };
            let streak = self.failing.entry(key.clone()).or_default();
            *streak += 1;
            if *streak != SYNC_FAILING_AFTER {
                continue;
            }
            notices.push(Notice {
                event: EventKind::SyncFailing,
                key: format!("syncFailing:{key}:{at}"),
                title: format!("{} fails to sync", status.display_name),
                text: format!(
                    "The last {SYNC_FAILING_AFTER} syncs could not read subscription {} ({}): {error}. What Link Center shows of it is stale or missing.",
                    status.display_name, status.subscription_id
                ),
                subscription: key,
                service: String::new(),
                service_id: None,
                connection_id: None,
                consumer: None,
                age: None,
                link: self.link("/"),
                at: at.to_owned(),
            });
        }
        notices
    }
}

/// Feeds `notifier` from `hub`'s events for as long as the server runs.
pub async fn run(
    notifier: Arc<Notifier>,
    hub: Arc<EventHub>,
    inventory: Arc<InventoryService>,
    public_url: Option<url::Url>,
) {
    let mut source = Source::new(public_url);
    let mut events = hub.subscribe();
    loop {
        let event = match events.recv().await {
            Ok(event) => event,
            Err(RecvError::Lagged(missed)) => {
                tracing::warn!(
                    missed,
                    "notifications fell behind the live events; some were not sent"
                );
                continue;
            }
            Err(RecvError::Closed) => return,
        };
        let snapshot = inventory.snapshot();
        match event.as_ref() {
            LiveEvent::Change(change) => {
                if let Some(notice) = source.of_change(change, &snapshot) {
                    notifier.notify(&notice);
                }
            }
            LiveEvent::Snapshot(_) => {
                let syncs = inventory.progress().completed_syncs;
                for notice in source.of_snapshot(&snapshot, syncs) {
                    notifier.notify(&notice);
                }
            }
            // Approvals are notified from the change feed, which names who decided.
            LiveEvent::Action(_) | LiveEvent::Job(_) => {}
        }
    }
}

/// When a notice was made, for tests: now, as the change feed writes it.
#[cfg(test)]
fn now_text() -> String {
    time::OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_support::demo_views;

    fn change(kind: ChangeKind, to: &str, by: Option<&str>) -> ChangeEntry {
        ChangeEntry {
            id: 7,
            seen_at: now_text(),
            seen_after: None,
            kind,
            subscription: emulator::estate::demo::CONTOSO_PLATFORM.into(),
            service_id: Some(emulator::estate::demo::MY_PLS_ID.into()),
            connection_id: Some(format!(
                "{}/privateEndpointConnections/new",
                emulator::estate::demo::MY_PLS_ID
            )),
            from: None,
            to: Some(to.into()),
            detail: "Approved by the policy".into(),
            by: by.map(str::to_owned),
            audit_id: None,
            operation: None,
            correlation_id: None,
        }
    }

    #[test]
    fn a_pending_arrival_links_to_its_confirmation_page() {
        let views = demo_views();
        let source = Source::new(Some("https://lc.example.com/".parse().unwrap()));
        let notice = source
            .of_change(
                &change(ChangeKind::ConnectionAppeared, "Pending", None),
                &views.snapshot,
            )
            .unwrap();
        assert_eq!(notice.event, EventKind::Pending);
        assert_eq!(notice.service, "myPLS");
        assert!(notice.key.starts_with("pending:/subscriptions/"));
        let link = notice.link.unwrap();
        assert!(
            link.starts_with("https://lc.example.com/confirm/approve?id=%2Fsubscriptions%2F"),
            "{link}"
        );
        assert!(
            notice
                .text
                .ends_with("asks to connect to myPLS: approve or reject it.")
        );
    }

    #[test]
    fn policies_and_people_are_told_apart_and_unattributed_changes_are_not_sent() {
        let views = demo_views();
        let source = Source::new(None);
        let of = |by| {
            source
                .of_change(
                    &change(ChangeKind::StateChanged, "Approved", by),
                    &views.snapshot,
                )
                .map(|n| n.event)
        };
        assert_eq!(of(Some("policy:front-door")), Some(EventKind::PolicyAction));
        assert_eq!(of(Some("alice@contoso.com")), Some(EventKind::Approval));
        assert_eq!(of(None), None);
        assert_eq!(of(Some("unknown")), None);
        let approved = source.of_change(
            &change(ChangeKind::ConnectionAppeared, "Approved", None),
            &views.snapshot,
        );
        assert_eq!(approved, None, "only Pending arrivals are news");
    }

    #[test]
    fn a_subscription_failing_three_full_syncs_in_a_row_is_sent_once() {
        let views = demo_views();
        let mut source = Source::new(None);
        let failing = |notices: Vec<Notice>| {
            notices
                .into_iter()
                .filter(|n| n.event == EventKind::SyncFailing)
                .count()
        };
        assert_eq!(failing(source.of_snapshot(&views.snapshot, 1)), 0);
        assert_eq!(failing(source.of_snapshot(&views.snapshot, 2)), 0);
        assert_eq!(
            failing(source.of_snapshot(&views.snapshot, 2)),
            0,
            "a poll is not a sync"
        );
        let third = source.of_snapshot(&views.snapshot, 3);
        let sent: Vec<&Notice> = third
            .iter()
            .filter(|n| n.event == EventKind::SyncFailing)
            .collect();
        assert_eq!(sent.len(), 1, "Restricted Finance");
        assert!(
            sent[0].text.contains("Restricted Finance"),
            "{}",
            sent[0].text
        );
        assert_eq!(
            failing(source.of_snapshot(&views.snapshot, 4)),
            0,
            "once per streak"
        );
    }
}
