//! The frame of every page: header with product name, environment badge and theme toggle,
//! the main navigation, and the content area.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::status_strip::banner_dismissed;
use super::{
    ActionReportPanel, EnvironmentBadge, StatusStrip, SyncBanner, ThemeToggle, provide_status,
};
use crate::model::{StripBanner, StripView};

/// One entry of the main navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    /// The route path.
    pub href: &'static str,
    /// The link text, which is also the page's title.
    pub label: &'static str,
}

/// The main navigation, in order.
pub const NAV_ITEMS: &[NavItem] = &[
    NavItem {
        href: "/",
        label: "Overview",
    },
    NavItem {
        href: "/private-link-services",
        label: "Private link services",
    },
    NavItem {
        href: "/private-endpoints",
        label: "Private endpoints",
    },
    NavItem {
        href: "/pending",
        label: "Pending connections",
    },
    NavItem {
        href: "/connections",
        label: "Connections",
    },
    NavItem {
        href: "/graph",
        label: "Graph",
    },
    NavItem {
        href: "/findings",
        label: "Findings",
    },
    NavItem {
        href: "/changes",
        label: "Changes",
    },
    NavItem {
        href: "/policies",
        label: "Policies",
    },
    NavItem {
        href: "/audit",
        label: "Audit",
    },
];

/// The navigation entry that shows how many connections wait for a decision.
const PENDING_HREF: &str = "/pending";

/// The Pending count beside its navigation entry (empty, and hidden by the style, at 0). A live
/// region: the page's stream replaces it when connections change (`live`).
fn pending_count(pending: u64) -> impl IntoView {
    let label = format!("{pending} waiting for a decision");
    view! {
        <span class="nav-count" data-live="nav-pending" data-testid="nav-pending" aria-label=label>
            {(pending > 0).then(|| pending.to_string())}
        </span>
    }
}

/// Header, navigation and main content.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let on_overview = path == "/";
    // Before sign-in the estate's status is nobody's business, and asking for it (or for the
    // event stream) would only be refused: the sign-in page shows no strip, banner or count.
    let status =
        provide_status().filter(|s| s.session.signed_in || path != crate::pages::SIGN_IN_PATH);
    let signing_in = status.is_none() && path == crate::pages::SIGN_IN_PATH;
    let dismissed = status
        .as_ref()
        .is_some_and(|s| banner_dismissed(&s.problems));
    let strip = status.as_ref().map(StripView::of);
    let pending = status.as_ref().map_or(0, |s| s.pending);
    let signed_in = status.as_ref().is_some_and(|s| s.session.signed_in);
    let banner = status
        .as_ref()
        .filter(|_| !dismissed)
        .and_then(StripBanner::of);
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"⛓"</span>
                "Link Center"
            </a>
            <EnvironmentBadge />
            <span class="header-spacer"></span>
            {signed_in.then(|| view! {
                <form method="post" action="/auth/logout" class="sign-out">
                    <button type="submit" data-testid="sign-out">"Sign out"</button>
                </form>
            })}
            <ThemeToggle />
        </header>
        <div class="app-body">
            <nav class="app-nav" aria-label="Main">
                <ul>
                    {NAV_ITEMS
                        .iter()
                        .map(|item| {
                            let count = (item.href == PENDING_HREF).then(|| pending_count(pending));
                            view! {
                                <li>
                                    <A href=item.href exact=true>{item.label}{count}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <main id="main" class="app-main" tabindex="-1">
                {(!signing_in).then(|| view! { <StatusStrip initial=strip /> })}
                <SyncBanner banner on_overview />
                <ActionReportPanel />
                {children()}
            </main>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_items_have_unique_paths_and_labels() {
        let mut paths: Vec<_> = NAV_ITEMS.iter().map(|item| item.href).collect();
        let mut labels: Vec<_> = NAV_ITEMS.iter().map(|item| item.label).collect();
        paths.sort_unstable();
        paths.dedup();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(paths.len(), NAV_ITEMS.len());
        assert_eq!(labels.len(), NAV_ITEMS.len());
    }
}
