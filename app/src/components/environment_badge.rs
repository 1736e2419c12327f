//! The header badge naming where the data comes from (Demo estate, Azure, or an ARM endpoint),
//! read from the status the server read for the page.

use leptos::prelude::*;

use super::use_status;

/// Shows the environment as a badge; no status shows as an "unknown" badge.
#[component]
pub fn EnvironmentBadge() -> impl IntoView {
    match use_status() {
        Some(status) => {
            let env = status.environment;
            view! {
                <span class=env.kind.css_class() title=env.detail data-testid="environment-badge">
                    {env.label}
                </span>
            }
            .into_any()
        }
        None => view! {
            <span class="badge badge-error" data-testid="environment-badge">"Environment unknown"</span>
        }
        .into_any(),
    }
}
