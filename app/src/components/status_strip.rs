//! The strip under the header of every page: sync progress while a sync runs, the time of the
//! last refresh, the Refresh button, and a banner naming subscriptions that failed or went stale.
//! It also owns `DataVersion`: when a sync completes, the lists load the new data.

use leptos::prelude::*;

use crate::api::{RefreshInventory, get_status};
use crate::components::error_message;
use crate::model::{StatusView, SubscriptionSummary, age_label};

/// The status of the inventory, shared by the strip and the filters (which list subscriptions).
#[derive(Clone, Copy)]
pub struct StatusContext {
    /// The latest status from the server.
    pub status: Resource<Result<StatusView, ServerFnError>>,
    /// Grows each time a sync completes while the page is open; list resources track it.
    pub data_version: RwSignal<u64>,
}

/// Creates the status resource and puts it in context for the pages.
pub fn provide_status() -> StatusContext {
    let context = StatusContext {
        status: Resource::new(|| (), |_| get_status()),
        data_version: RwSignal::new(0),
    };
    provide_context(context);
    context
}

/// The data version lists should follow (0 when there is no status strip).
pub fn data_version() -> u64 {
    use_context::<StatusContext>().map_or(0, |c| c.data_version.get())
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

/// Where the Refresh button posts.
const REFRESH_PATH: &str = <RefreshInventory as leptos::server_fn::ServerFn>::PATH;

/// Sync progress, last refresh, Refresh button and the problem banner.
#[component]
pub fn StatusStrip() -> impl IntoView {
    let context = use_context::<StatusContext>().unwrap_or_else(provide_status);
    let status = context.status;
    let refresh = ServerAction::<RefreshInventory>::new();
    let seen_syncs = StoredValue::new(None::<u64>);
    // A sync finished while the page was open: the lists reload.
    Effect::new(move |_| {
        if let Some(Ok(current)) = status.get() {
            let syncs = current.sync.completed_syncs;
            if let Some(seen) = seen_syncs.get_value()
                && syncs > seen
            {
                context.data_version.update(|v| *v += 1);
            }
            seen_syncs.set_value(Some(syncs));
        }
    });
    // After Refresh, ask for the status again at once.
    Effect::new(move |previous: Option<usize>| {
        let version = refresh.version().get();
        if previous.is_some_and(|p| p != version) {
            status.refetch();
        }
        version
    });
    poll(status);
    // Why the server did not start the sync asked for (asked too recently, not an approver).
    let refused = move || {
        refresh.value().get().and_then(Result::err).map(|error| {
            view! { <span class="badge-error" role="alert" data-testid="refresh-error">{error_message(error)}</span> }
        })
    };
    let strip = move || {
        status.get().map(|result| match result {
            Ok(view) => {
                let percent = view.sync.percent();
                let progress = view.sync.running.then(|| {
                    view! {
                        <progress class="sync-progress" max="100" value=percent.to_string() aria-label="Sync progress">
                            {format!("{percent}%")}
                        </progress>
                    }
                });
                let banner = problem_sentence(&view.problems).map(|sentence| {
                    let names = view
                        .problems
                        .iter()
                        .map(|p| format!("{} ({}: {})", p.display_name, p.status, p.detail.clone().unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join("; ");
                    view! {
                        <div class="banner banner-warning" role="alert" data-testid="sync-banner">
                            <strong>{sentence}</strong>
                            " " <span class="banner-detail">{names}</span>
                            " " <a href="/">"See the Overview"</a>
                        </div>
                    }
                });
                let session = (!view.session.name.is_empty()).then(|| {
                    view! {
                        <span class="session muted" data-testid="session">
                            {format!("{} · {}", view.session.name, view.session.role)}
                        </span>
                    }
                });
                // Only approvers may start a sync; the server refuses others whatever the page shows.
                let button = view.session.can_act.then(|| {
                    view! {
                        // A plain form (it posts and comes back without JavaScript); with
                        // JavaScript the submit is sent by the action instead, so the page
                        // stays. Not an `ActionForm`: that would bring a form-data decoder into
                        // the bundle for a form without fields.
                        <form method="post" action=REFRESH_PATH class="refresh-form" on:submit=move |ev| {
                            ev.prevent_default();
                            refresh.dispatch(RefreshInventory {});
                        }>
                            <button type="submit" class="refresh-button" data-testid="refresh">"Refresh"</button>
                        </form>
                    }
                });
                view! {
                    <span class="sync-state" data-testid="sync-state" title=view.sync.last_synced_at.clone().unwrap_or_default()>
                        {sync_sentence(&view)}
                    </span>
                    {progress}
                    {session}
                    {button}
                    {banner}
                }
                .into_any()
            }
            Err(error) => view! { <span class="sync-state badge-error">{format!("Status unavailable: {error}")}</span> }.into_any(),
        })
    };
    view! {
        <div class="status-strip" aria-live="polite">
            <Transition fallback=|| view! { <span class="sync-state muted">"Loading status…"</span> }>{strip}</Transition>
            {refused}
        </div>
    }
}

/// Refetches the status every second while a sync runs, and every 30 s otherwise (so the age
/// stays true and background syncs are noticed). Only in the browser.
fn poll(status: Resource<Result<StatusView, ServerFnError>>) {
    #[cfg(feature = "hydrate")]
    {
        let ticks = StoredValue::new(0u32);
        let _ = set_interval_with_handle(
            move || {
                ticks.update_value(|t| *t += 1);
                let running = status
                    .get_untracked()
                    .and_then(Result::ok)
                    .is_some_and(|s| s.sync.running);
                if running || ticks.get_value().is_multiple_of(30) {
                    status.refetch();
                }
            },
            std::time::Duration::from_secs(1),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = status;
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
