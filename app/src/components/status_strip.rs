//! The strip under the header of every page — sync progress while a sync runs, the time of the
//! last refresh, who is looking, the Refresh button and a banner naming subscriptions that failed
//! or went stale — and the status the server read for this request (`ServerStatus`), which the
//! filters, the header badge and the action links also use.
//!
//! The strip is an island: the server renders it from the status it read, and in the browser it
//! asks for the status again (each second while a sync runs, every 30 s otherwise) and sends
//! Refresh without leaving the page. When a sync completes while the page is open it offers to
//! reload the page for the new data (the lists themselves are server-rendered).

use leptos::prelude::*;

use crate::api::RefreshInventory;
use crate::model::{StatusView, SubscriptionSummary, age_label};

/// The status read once per request on the server, for every component of the page.
#[derive(Clone, Debug, Default)]
pub struct ServerStatus(pub Option<StatusView>);

/// Reads the status for this request and puts it in context (server only; `None` in the
/// browser, where pages are not rendered).
pub fn provide_status() -> Option<StatusView> {
    let status = crate::api::current_status();
    provide_context(ServerStatus(status.clone()));
    status
}

/// The status in context, if the server read one.
pub fn use_status() -> Option<StatusView> {
    use_context::<ServerStatus>().and_then(|s| s.0)
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

/// The cookie that remembers which set of problems the user dismissed the banner for.
pub const BANNER_COOKIE: &str = "lc_banner_dismissed";

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

/// Whether the request's cookies dismissed the banner for these `problems` (server only).
pub fn banner_dismissed(problems: &[SubscriptionSummary]) -> bool {
    #[cfg(feature = "ssr")]
    {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return false;
        };
        let signature = problems_signature(problems);
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(name, value)| name == BANNER_COOKIE && value == signature)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = problems;
        false
    }
}

/// What the strip needs besides the status: whether the page is the Overview (the banner does
/// not link to the page it is on) and whether the user dismissed this banner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StripPlace {
    /// The page is the Overview.
    pub on_overview: bool,
    /// The banner for the current problems was dismissed.
    pub dismissed: bool,
}

/// Where the Refresh button posts.
const REFRESH_PATH: &str = <RefreshInventory as leptos::server_fn::ServerFn>::PATH;

/// Sync progress, last refresh, Refresh button and the problem banner, from the status the
/// server read (`initial`; without the subscription list, which the strip does not need).
#[island]
pub fn StatusStrip(initial: Option<StatusView>, place: StripPlace) -> impl IntoView {
    let seen_syncs = initial.as_ref().map(|s| s.sync.completed_syncs);
    let dismissed_for = RwSignal::new(
        initial
            .as_ref()
            .filter(|_| place.dismissed)
            .map(|s| problems_signature(&s.problems)),
    );
    // The dismiss button works only live; the server renders it hidden.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let status = RwSignal::new(initial);
    let unavailable = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<String>);
    poll(status, unavailable);
    let refresh = move || {
        refused.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match crate::api::refresh_inventory().await {
                Ok(()) => fetch(status, unavailable).await,
                Err(error) => refused.set(Some(super::error_message(error))),
            }
        });
    };
    let strip = move || {
        let Some(view) = status.get() else {
            return view! { <span class="sync-state badge-error">"Status unavailable"</span> }
                .into_any();
        };
        let percent = view.sync.percent();
        let progress = view.sync.running.then(|| {
            view! {
                <progress class="sync-progress" max="100" value=percent.to_string() aria-label="Sync progress">
                    {format!("{percent}%")}
                </progress>
            }
        });
        // New data arrived while the page was open: offer it (the page itself is the server's).
        let newer = seen_syncs
            .is_some_and(|seen| view.sync.completed_syncs > seen)
            .then(|| view! { <a class="new-data" href="" data-testid="new-data">"New data: reload"</a> });
        let signature = problems_signature(&view.problems);
        let shown = dismissed_for.with(|d| d.as_deref() != Some(signature.as_str()));
        let banner = problem_sentence(&view.problems).filter(|_| shown).map(|sentence| {
            let details = view
                .problems
                .iter()
                .map(|p| {
                    let detail = p.detail.clone().unwrap_or_default();
                    view! { <li><strong>{p.display_name.clone()}</strong>{format!(" ({}): {detail}", p.status)}</li> }
                })
                .collect_view();
            let overview = (!place.on_overview).then(|| view! { " " <a href="/">"Overview"</a> });
            let dismiss = move |_| {
                #[cfg(feature = "hydrate")]
                if let Ok(document) = leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDocument>(document()) {
                    let _ = document.set_cookie(&format!("{BANNER_COOKIE}={signature}; Path=/; Max-Age=86400; SameSite=Lax"));
                }
                dismissed_for.set(Some(signature.clone()));
            };
            view! {
                <div class="banner banner-warning" role="alert" data-testid="sync-banner">
                    <strong>{sentence}</strong>
                    <details class="banner-detail">
                        <summary>"Which, and why"</summary>
                        <ul>{details}</ul>
                    </details>
                    {overview}
                    <button type="button" class="banner-dismiss" hidden=move || !live.get() aria-label="Dismiss this banner" data-testid="dismiss-banner" on:click=dismiss>"✕"</button>
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
        // A plain form (it posts and comes back without JavaScript); live, the submit is sent in
        // the background instead, so the page stays.
        let button = view.session.can_act.then(|| {
            view! {
                <form method="post" action=REFRESH_PATH class="refresh-form" on:submit=move |ev| {
                    ev.prevent_default();
                    refresh();
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
            {newer}
            {session}
            {button}
            {banner}
        }
        .into_any()
    };
    let problem = move || {
        let message = refused.get().or_else(|| unavailable.get())?;
        Some(
            view! { <span class="badge-error" role="alert" data-testid="refresh-error">{message}</span> },
        )
    };
    view! {
        <div class="status-strip" aria-live="polite">
            {strip}
            {problem}
        </div>
    }
}

/// Asks for the status once, keeping the last good one when the server cannot answer.
#[cfg(feature = "hydrate")]
async fn fetch(status: RwSignal<Option<StatusView>>, unavailable: RwSignal<Option<String>>) {
    match crate::api::get_strip_status().await {
        Ok(fresh) => {
            unavailable.set(None);
            status.set(Some(fresh));
        }
        Err(error) => unavailable.set(Some(format!(
            "Status unavailable: {}",
            super::error_message(error)
        ))),
    }
}

/// Asks for the status every second while a sync runs, and every 30 s otherwise (so the age
/// stays true and background syncs are noticed). Only in the browser.
fn poll(status: RwSignal<Option<StatusView>>, unavailable: RwSignal<Option<String>>) {
    #[cfg(feature = "hydrate")]
    {
        let ticks = StoredValue::new(0u32);
        let _ = set_interval_with_handle(
            move || {
                ticks.update_value(|t| *t += 1);
                let running = status.with_untracked(|s| s.as_ref().is_some_and(|s| s.sync.running));
                if running || ticks.get_value().is_multiple_of(30) {
                    leptos::task::spawn_local(fetch(status, unavailable));
                }
            },
            std::time::Duration::from_secs(1),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (status, unavailable);
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
