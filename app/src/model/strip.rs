//! What the status strip shows, prepared on the server from the status: the sentence, the
//! progress and who is looking (`StripView`, flat and small on purpose: it is the strip island's
//! props and what it polls), and the banner for subscriptions that failed or went stale
//! (`StripBanner`, rendered by the server).

use serde::{Deserialize, Serialize};

use super::{StatusView, SubscriptionSummary, age_label};

/// The status strip's content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripView {
    /// `Syncing: 3 of 8 subscriptions read`, `Last refreshed 2 min ago`.
    pub sentence: String,
    /// When the data shown was read (RFC 3339), for the tooltip.
    pub synced_at: String,
    /// A sync is running: its progress in percent.
    pub progress: Option<u64>,
    /// Syncs completed since the server started (it grows when the data changed).
    pub completed_syncs: u64,
    /// `name · role`, empty when nobody is signed in.
    pub session: String,
    /// The user may start a sync (and act).
    pub can_act: bool,
    /// Connections waiting for a decision (when it moves, the page's live regions are
    /// refreshed).
    #[serde(default)]
    pub pending: u64,
}

/// The banner for subscriptions that failed or went stale.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripBanner {
    /// The short sentence (`1 subscription could not be read; …`).
    pub sentence: String,
    /// Which set of problems this is (`problems_signature`): a dismissal holds while it stays.
    pub signature: String,
    /// Each subscription: its name, and `(failed): the ARM error`.
    pub problems: Vec<(String, String)>,
}

impl StripView {
    /// The strip of `status`.
    pub fn of(status: &StatusView) -> Self {
        let session = &status.session;
        Self {
            sentence: sync_sentence(status),
            synced_at: status.sync.last_synced_at.clone().unwrap_or_default(),
            progress: status.sync.running.then(|| status.sync.percent()),
            completed_syncs: status.sync.completed_syncs,
            session: if session.name.is_empty() {
                String::new()
            } else {
                format!("{} · {}", session.name, session.role)
            },
            can_act: session.can_act,
            pending: status.pending,
        }
    }
}

impl StripBanner {
    /// The banner of `status`, if a subscription failed or went stale.
    pub fn of(status: &StatusView) -> Option<Self> {
        problem_sentence(&status.problems).map(|sentence| Self {
            sentence,
            signature: problems_signature(&status.problems),
            problems: status
                .problems
                .iter()
                .map(|p| {
                    let detail = p.detail.clone().unwrap_or_default();
                    (p.display_name.clone(), format!(" ({}): {detail}", p.status))
                })
                .collect(),
        })
    }
}

/// The sentence for the sync state: progress while running, else the age of the data.
pub fn sync_sentence(status: &StatusView) -> String {
    let sync = &status.sync;
    if sync.running {
        if sync.total == 0 {
            "Syncing: listing subscriptions…".to_owned()
        } else {
            format!(
                "Syncing: {} of {} subscriptions read",
                sync.done, sync.total
            )
        }
    } else {
        match sync.age_seconds {
            Some(age) => {
                format!("Last refreshed {} ago", age_label(age)).replace("just now ago", "just now")
            }
            None => "Not synced yet".to_owned(),
        }
    }
}

/// The banner's sentence for subscriptions that failed or went stale.
pub fn problem_sentence(problems: &[SubscriptionSummary]) -> Option<String> {
    let failed = problems.iter().filter(|p| p.status == "failed").count();
    let stale = problems.iter().filter(|p| p.status == "stale").count();
    let plural = |n: usize| {
        if n == 1 {
            "subscription"
        } else {
            "subscriptions"
        }
    };
    match (failed, stale) {
        (0, 0) => None,
        (f, 0) => Some(format!(
            "{f} {} could not be read; its resources are missing from every list.",
            plural(f)
        )),
        (0, s) => Some(format!(
            "{s} {} failed to refresh; their last good data is shown.",
            plural(s)
        )),
        (f, s) => Some(format!(
            "{f} {} could not be read and {s} show stale data.",
            plural(f)
        )),
    }
}

/// A short fingerprint of a set of problems (which subscriptions, in which state): the banner
/// stays dismissed while it is the same, and comes back when another subscription fails.
pub fn problems_signature(problems: &[SubscriptionSummary]) -> String {
    let mut keys: Vec<String> = problems
        .iter()
        .map(|p| format!("{}:{}", p.subscription_id.to_ascii_lowercase(), p.status))
        .collect();
    keys.sort_unstable();
    // FNV-1a: stable across builds and platforms, and plenty for telling sets apart.
    let hash = keys
        .join(",")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SyncView;

    fn problem(status: &str) -> SubscriptionSummary {
        SubscriptionSummary {
            subscription_id: "s".into(),
            display_name: "Finance".into(),
            status: status.into(),
            detail: None,
        }
    }

    #[test]
    fn the_sentence_shows_progress_while_syncing_and_age_after() {
        let mut status = StatusView::default();
        assert_eq!(sync_sentence(&status), "Not synced yet");
        status.sync = SyncView {
            age_seconds: Some(150),
            ..SyncView::default()
        };
        assert_eq!(sync_sentence(&status), "Last refreshed 2 min ago");
        status.sync.age_seconds = Some(3);
        assert_eq!(sync_sentence(&status), "Last refreshed just now");
        status.sync.running = true;
        (status.sync.done, status.sync.total) = (3, 8);
        assert_eq!(sync_sentence(&status), "Syncing: 3 of 8 subscriptions read");
    }

    #[test]
    fn the_banner_signature_names_the_set_of_problems_not_its_order() {
        let a = SubscriptionSummary {
            subscription_id: "A".into(),
            ..problem("failed")
        };
        let b = SubscriptionSummary {
            subscription_id: "b".into(),
            ..problem("stale")
        };
        let ab = problems_signature(&[a.clone(), b.clone()]);
        assert_eq!(ab, problems_signature(&[b.clone(), a.clone()]));
        assert_eq!(ab.len(), 16);
        assert_ne!(ab, problems_signature(std::slice::from_ref(&a)));
        let worse = SubscriptionSummary {
            status: "failed".into(),
            ..b
        };
        assert_ne!(
            ab,
            problems_signature(&[a, worse]),
            "another state is another banner"
        );
    }

    #[test]
    fn the_banner_counts_failed_and_stale_subscriptions() {
        assert_eq!(problem_sentence(&[]), None);
        assert!(
            problem_sentence(&[problem("failed")])
                .unwrap()
                .starts_with("1 subscription could not be read")
        );
        assert!(
            problem_sentence(&[problem("stale"), problem("stale")])
                .unwrap()
                .starts_with("2 subscriptions failed to refresh")
        );
        assert!(
            problem_sentence(&[problem("failed"), problem("stale")])
                .unwrap()
                .contains("and 1 show stale")
        );
    }
}
