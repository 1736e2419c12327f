//! The header badge naming where the data comes from (Demo estate, Azure, or an ARM endpoint).

use leptos::prelude::*;

use crate::api::get_environment;

/// Loads the environment once and shows it as a badge; an error shows as an "unknown" badge.
#[component]
pub fn EnvironmentBadge() -> impl IntoView {
    let environment = OnceResource::new(get_environment());
    view! {
        <Suspense fallback=|| view! { <span class="badge">"…"</span> }>
            {move || {
                environment
                    .get()
                    .map(|result| match result {
                        Ok(env) => {
                            view! {
                                <span class=env.kind.css_class() title=env.detail data-testid="environment-badge">
                                    {env.label}
                                </span>
                            }
                                .into_any()
                        }
                        Err(error) => {
                            view! {
                                <span class="badge badge-error" title=error.to_string() data-testid="environment-badge">
                                    "Environment unknown"
                                </span>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
