//! The strip under the header of every page — sync progress while a sync runs, the time of the
//! last refresh, who is looking, the Refresh button and a banner naming subscriptions that failed
//! or went stale — and the status the server read for this request (`ServerStatus`), which the
//! filters, the header badge and the action links also use.
//!
//! The strip is an island over `StripView` (prepared on the server): in the browser it follows
//! the page's live events (`live`): it asks for the strip again when a sync or Pending poll
//! ends and refreshes the page's live regions when connections change — polling (each second
//! while a sync runs, every 30 s otherwise) only while the stream is not connected — and sends
//! Refresh without leaving the page. When a sync completes while the page is open it offers to reload the page
//! for the new data (the lists themselves are server-rendered). The banner is the server's, as
//! the page loaded; a small island dismisses it, and a cookie keeps it dismissed for the same set
//! of problems.

use leptos::prelude::*;

use crate::api::RefreshInventory;
use crate::model::{StatusView, StripBanner, StripView, SubscriptionSummary};

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

/// The cookie that remembers which set of problems the user dismissed the banner for.
pub const BANNER_COOKIE: &str = "lc_banner_dismissed";

/// Whether the request's cookies dismissed the banner for these `problems` (server only).
pub fn banner_dismissed(problems: &[SubscriptionSummary]) -> bool {
    #[cfg(feature = "ssr")]
    {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return false;
        };
        let signature = crate::model::problems_signature(problems);
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|header| super::theme::cookie(header, BANNER_COOKIE) == Some(signature.as_str()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = problems;
        false
    }
}

/// Where the Refresh button posts.
const REFRESH_PATH: &str = <RefreshInventory as leptos::server_fn::ServerFn>::PATH;
/// Where the strip asks for itself again.
#[cfg(feature = "hydrate")]
const STRIP_PATH: &str = <crate::api::GetStripStatus as leptos::server_fn::ServerFn>::PATH;

/// Sync progress, last refresh and the Refresh button, from the strip the server prepared
/// (`initial`).
#[island]
pub fn StatusStrip(initial: Option<StripView>) -> impl IntoView {
    let seen_syncs = initial.as_ref().map(|s| s.completed_syncs);
    let status = RwSignal::new(initial);
    let unavailable = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<String>);
    let streaming = RwSignal::new(false);
    poll(status, unavailable, streaming);
    let refresh = move || {
        refused.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match super::browser_fetch::post_empty(REFRESH_PATH).await {
                Ok(()) => fetch(status, unavailable).await,
                Err(message) => refused.set(Some(message)),
            }
        });
    };
    let strip = move || {
        let Some(view) = status.get() else {
            return view! { <span class="sync-state badge-error">"Status unavailable"</span> }
                .into_any();
        };
        let progress = view.progress.map(|percent| {
            view! {
                <progress class="sync-progress" max="100" value=percent.to_string() aria-label="Sync progress">
                    {format!("{percent}%")}
                </progress>
            }
        });
        // New data arrived while the page was open: offer it (the page itself is the server's).
        let newer = seen_syncs
            .is_some_and(|seen| view.completed_syncs > seen)
            .then(|| view! { <a class="new-data" href="" data-testid="new-data">"New data: reload"</a> });
        let live = streaming.get().then(|| {
            view! { <span class="live-state" data-testid="live-state" title="New requests and decisions appear as they happen">"Live"</span> }
        });
        let session = (!view.session.is_empty()).then(
            || view! { <span class="session muted" data-testid="session">{view.session}</span> },
        );
        // Only approvers may start a sync; the server refuses others whatever the page shows.
        // A plain form (it posts and comes back without JavaScript); live, the submit is sent in
        // the background instead, so the page stays.
        let button = view.can_act.then(|| {
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
            <span class="sync-state" data-testid="sync-state" title=view.synced_at>
                {view.sentence}
            </span>
            {progress}
            {newer}
            {live}
            {session}
            {button}
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

/// The banner for subscriptions that failed or went stale, as the page loaded: one short
/// sentence, the subscriptions and their ARM errors in a disclosure, a link to the Overview
/// (unless this is it) and, live, a button that dismisses it for this set of problems.
#[component]
pub fn SyncBanner(
    /// The banner, if there is one.
    banner: Option<StripBanner>,
    /// The page is the Overview.
    on_overview: bool,
) -> impl IntoView {
    banner.map(|banner| {
        let details = banner
            .problems
            .into_iter()
            .map(|(name, text)| view! { <li><strong>{name}</strong>{text}</li> })
            .collect_view();
        let overview = (!on_overview).then(|| view! { " " <a href="/">"Overview"</a> });
        view! {
            <div class="banner banner-warning" role="alert" data-testid="sync-banner">
                <strong>{banner.sentence}</strong>
                <details class="banner-detail">
                    <summary>"Which, and why"</summary>
                    <ul>{details}</ul>
                </details>
                {overview}
                <DismissBanner signature=banner.signature />
            </div>
        }
    })
}

/// Hides the banner around it and remembers (a cookie) that this set of problems was seen; only
/// shown once live, as it needs the browser.
#[island]
pub fn DismissBanner(signature: String) -> impl IntoView {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let dismiss = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
                let _ = document.set_cookie(&format!(
                    "{BANNER_COOKIE}={signature}; Path=/; Max-Age=86400; SameSite=Lax"
                ));
            }
            let banner = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|button| button.closest("[data-testid=sync-banner]").ok().flatten());
            if let Some(banner) = banner {
                let _ = banner.set_attribute("hidden", "");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &signature);
    };
    view! {
        <button type="button" class="banner-dismiss" hidden=move || !live.get() aria-label="Dismiss this banner" data-testid="dismiss-banner" on:click=dismiss>"✕"</button>
    }
}

/// Asks for the strip once, keeping the last good one when the server cannot answer; when the
/// Pending count moved, the navigation shows it, and without a stream (no events said what
/// changed) the page's tables follow.
#[cfg(feature = "hydrate")]
async fn fetch(status: RwSignal<Option<StripView>>, unavailable: RwSignal<Option<String>>) {
    use super::live;
    match super::browser_fetch::get_json::<StripView>(STRIP_PATH).await {
        Ok(fresh) => {
            unavailable.set(None);
            if status.with_untracked(|s| s.as_ref().is_some_and(|s| s.pending != fresh.pending)) {
                live::show_pending(fresh.pending);
                if !live::connected() {
                    live::refresh_regions();
                }
            }
            status.set(Some(fresh));
        }
        Err(message) => unavailable.set(Some(format!("Status unavailable: {message}"))),
    }
}

/// Follows the page's live events: a `snapshot` (a sync or Pending poll ended) asks for the
/// strip again, a `change` or `action` (or a `resync`) refreshes the page's connection tables
/// and the strip (whose Pending count the navigation shows). The strip is also asked for each second
/// while a sync runs (its progress is not streamed), once when the stream connects (for what
/// happened since the page was rendered) and, only while the stream is not connected, every
/// 30 s (so the age stays true and background syncs are noticed). Only in the browser.
/// `streaming` says whether the stream is connected.
fn poll(
    status: RwSignal<Option<StripView>>,
    unavailable: RwSignal<Option<String>>,
    streaming: RwSignal<bool>,
) {
    #[cfg(feature = "hydrate")]
    {
        use super::live;
        live::on("snapshot", move |_| {
            leptos::task::spawn_local(fetch(status, unavailable));
        });
        for kind in ["change", "action", "resync"] {
            live::on(kind, move |_| {
                live::refresh_regions();
                leptos::task::spawn_local(fetch(status, unavailable));
            });
        }
        let ticks = StoredValue::new(0u32);
        let caught_up = StoredValue::new(false);
        let _ = set_interval_with_handle(
            move || {
                ticks.update_value(|t| *t += 1);
                let running =
                    status.with_untracked(|s| s.as_ref().is_some_and(|s| s.progress.is_some()));
                let connected = live::connected();
                let catch_up = connected && !caught_up.get_value();
                caught_up.set_value(connected);
                if streaming.get_untracked() != connected {
                    streaming.set(connected);
                }
                if running || catch_up || (!connected && ticks.get_value().is_multiple_of(30)) {
                    leptos::task::spawn_local(fetch(status, unavailable));
                }
            },
            std::time::Duration::from_secs(1),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (status, unavailable, streaming);
}
