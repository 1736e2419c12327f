//! The header badge naming where the data comes from (Demo estate, Azure, or an ARM endpoint),
//! read from the status every page loads.

use leptos::prelude::*;

use super::StatusContext;

/// Shows the environment as a badge; an error shows as an "unknown" badge.
#[component]
pub fn EnvironmentBadge() -> impl IntoView {
    let status = use_context::<StatusContext>().map(|c| c.status);
    let badge = move || {
        status?.get().map(|result| match result {
            Ok(status) => {
                let env = status.environment;
                view! {
                    <span class=env.kind.css_class() title=env.detail data-testid="environment-badge">
                        {env.label}
                    </span>
                }
                .into_any()
            }
            Err(error) => view! {
                <span class="badge badge-error" title=error.to_string() data-testid="environment-badge">
                    "Environment unknown"
                </span>
            }
            .into_any(),
        })
    };
    view! { <Transition fallback=|| view! { <span class="badge">"…"</span> }>{badge}</Transition> }
}
