//! The Policies page's API tokens section, for approvers: each token's name, role, scope, who
//! made it, when it was last used and when it expires — never its secret, which the server does
//! not keep. Anyone else sees no section.

use leptos::prelude::*;

use crate::api::list_tokens;
use crate::components::query::table_time;
use crate::components::{Column, plain_table};
use crate::model::TokenView;

const COLUMNS: &[Column] = &[
    Column::plain("Name"),
    Column::plain("Role"),
    Column::plain("Scope"),
    Column::plain("Created by"),
    Column::plain("Created (UTC)"),
    Column::plain("Last used (UTC)"),
    Column::plain("Expires (UTC)"),
    Column::plain("Status"),
];

/// The section, loaded for the request; nothing for a viewer.
#[component]
pub fn TokensSection() -> impl IntoView {
    let tokens = Resource::new(|| (), |_| list_tokens());
    let body = move || tokens.get().and_then(Result::ok).flatten().map(section);
    view! { <Suspense fallback=|| ()>{body}</Suspense> }
}

fn section(tokens: Vec<TokenView>) -> AnyView {
    let table = if tokens.is_empty() {
        view! { <p class="muted" data-testid="tokens-empty">"No API tokens yet."</p> }.into_any()
    } else {
        plain_table(
            "API tokens",
            COLUMNS,
            tokens.into_iter().map(row).collect_view(),
        )
    };
    view! {
        <section class="detail-section" data-testid="tokens">
            <h2>"API tokens"</h2>
            <p class="muted">
                "Pipelines call /api/v1 with "<code>"Authorization: Bearer lc_…"</code>
                "; the audit names them token:NAME. Make, list and revoke them with "
                <code>"linkcenter token create|list|revoke"</code>" on the server's store."
            </p>
            {table}
        </section>
    }
    .into_any()
}

fn row(token: TokenView) -> impl IntoView + use<> {
    let when = |at: &Option<String>, none: &'static str| {
        at.as_deref().map_or_else(|| none.to_owned(), table_time)
    };
    let status = token.status.clone();
    view! {
        <tr data-testid="token-row" data-status=status>
            <th scope="row">{token.name}</th>
            <td>{token.role}</td>
            <td class="mono">{token.scope}</td>
            <td>{token.created_by}</td>
            <td class="nowrap" title=token.created_at.clone()>{table_time(&token.created_at)}</td>
            <td class="nowrap">{when(&token.last_used_at, "never")}</td>
            <td class="nowrap">{when(&token.expires_at, "never")}</td>
            <td>{token.status}</td>
        </tr>
    }
}
