//! The Policies page: the approval policies file in force (path, hash, mode, how the last
//! reload went), each policy in words with what it matches now and what it did (from the
//! audit), the verdicts on the Pending connections, and the notification targets with their
//! delivery log; for approvers, the API tokens (`tokens`). Read-only: the files and the store
//! are the source of truth.

use leptos::prelude::*;

use super::notifications::notifications_section;
use crate::api::get_policies;
use crate::components::query::table_time;
use crate::components::{Column, EmptyState, PageHeader, plain_table, resource_link};
use crate::model::{
    PoliciesView, PolicyActionView, PolicyReloadView, PolicySummary, PolicyVerdictView, id_name,
};

const VERDICT_COLUMNS: &[Column] = &[
    Column::plain("Connection"),
    Column::plain("Verdict"),
    Column::plain("Evidence"),
];

const ACTION_COLUMNS: &[Column] = &[
    Column::plain("When (UTC)"),
    Column::plain("Action"),
    Column::plain("Connection"),
    Column::plain("Outcome"),
];

/// The Policies page.
#[component]
pub fn PoliciesPage() -> impl IntoView {
    let policies = Resource::new(|| (), |_| get_policies());
    let body = move || {
        policies.get().map(|result| match result {
            Err(error) => view! {
                <section class="error-panel" role="alert">
                    <h2>"The policies cannot be shown"</h2>
                    <p>{crate::components::error_message(error)}</p>
                </section>
            }
            .into_any(),
            Ok(data) if !data.configured => view! {
                <EmptyState title="No policies file" message="Link Center approves nothing on its own. Start it with --policies FILE (or LINKCENTER_POLICIES) to have Front Door's and other expected requests approved by policy; README's Approval policies section shows the format." />
                {notifications_section(data.notifications)}
            }
            .into_any(),
            Ok(data) => policies_body(data),
        })
    };
    view! {
        <PageHeader title="Policies" summary="Which Pending connections Link Center approves, rejects or holds on its own, and why. Read-only: the policies file is the source of truth." />
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{body}</Suspense>
        <super::tokens::TokensSection />
    }
}

fn policies_body(data: PoliciesView) -> AnyView {
    let mode = if data.mode == "enforce" {
        "enforce: verdicts are carried out after each sync"
    } else {
        "dry-run: verdicts are shown, nothing is sent to Azure"
    };
    let reload = data.reload.map(reload_status);
    view! {
        <dl class="properties" data-testid="policies-file">
            <dt>"File"</dt>
            <dd class="mono">{data.path.unwrap_or_default()}</dd>
            <dt>"SHA-256"</dt>
            <dd class="mono" data-testid="policies-hash">{data.hash.unwrap_or_default()}</dd>
            <dt>"Mode"</dt>
            <dd data-testid="policies-mode">{mode}</dd>
        </dl>
        {reload}
        {data.policies.into_iter().map(policy_section).collect_view()}
        <section class="detail-section">
            <h2>"Verdicts on Pending connections"</h2>
            {verdicts(data.verdicts)}
        </section>
        {notifications_section(data.notifications)}
    }
    .into_any()
}

/// When the file was read, and why the last reload was refused when it was.
fn reload_status(status: PolicyReloadView) -> impl IntoView {
    let loaded = table_time(&status.loaded_at);
    let reloads = match status.reloads {
        0 => String::new(),
        1 => "; reloaded once since start".to_owned(),
        n => format!("; reloaded {n} times since start"),
    };
    let refused = status.error.map(|error| {
        view! {
            <section class="error-panel" role="alert" data-testid="policies-reload-error">
                <h2>"The policies file was changed but refused"</h2>
                <p>{format!("Read at {} UTC; the policies read at {loaded} UTC stay in force until the file is fixed.", table_time(&status.checked_at))}</p>
                <p><code class="mono">{error}</code></p>
            </section>
        }
    });
    view! {
        <p class="muted" data-testid="policies-loaded">{format!("In force since {loaded} UTC{reloads}. The file is read again when it changes or on SIGHUP.")}</p>
        {refused}
    }
}

/// One policy: its conditions in words, its matches now and its recent actions.
fn policy_section(policy: PolicySummary) -> impl IntoView {
    let matches = match policy.matches {
        0 => "Matches no Pending connection now.".to_owned(),
        1 => "Matches 1 Pending connection now.".to_owned(),
        n => format!("Matches {n} Pending connections now."),
    };
    let recent = if policy.recent.is_empty() {
        view! { <p class="muted">"It has done nothing yet."</p> }.into_any()
    } else {
        plain_table(
            "Recent actions",
            ACTION_COLUMNS,
            policy.recent.into_iter().map(action_row).collect_view(),
        )
    };
    view! {
        <section class="detail-section" data-testid="policy">
            <h2>{format!("{} — {}", policy.name, policy.action)}</h2>
            <p>"When:"</p>
            <ul class="policy-conditions">
                {policy.conditions.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
            </ul>
            <p data-testid="policy-matches">{matches}</p>
            {recent}
        </section>
    }
}

fn action_row(action: PolicyActionView) -> impl IntoView {
    let outcome = match (action.result, action.message) {
        (Some(result), Some(message)) if !message.is_empty() => format!("{result}: {message}"),
        (Some(result), _) => result,
        _ => "in progress".to_owned(),
    };
    let name = id_name(&action.connection).to_owned();
    view! {
        <tr data-testid="policy-action">
            <td class="nowrap" title=action.at.clone()>{table_time(&action.at)}</td>
            <td>{action.action}</td>
            <th scope="row">{resource_link(&action.connection, name)}</th>
            <td>{outcome}</td>
        </tr>
    }
}

fn verdicts(verdicts: Vec<PolicyVerdictView>) -> AnyView {
    if verdicts.is_empty() {
        return view! { <p class="muted">"No Pending connection matches a policy."</p> }.into_any();
    }
    plain_table(
        "Verdicts",
        VERDICT_COLUMNS,
        verdicts
            .into_iter()
            .map(|verdict| {
                let sentence = verdict.sentence();
                let why = verdict
                    .held_because
                    .into_iter()
                    .chain(verdict.evidence)
                    .collect::<Vec<_>>()
                    .join("; ");
                let name = id_name(&verdict.connection).to_owned();
                view! {
                    <tr data-testid="policy-verdict-row">
                        <th scope="row">{resource_link(&verdict.connection, name)}</th>
                        <td data-testid="policy-verdict">{sentence}</td>
                        <td class="description">{why}</td>
                    </tr>
                }
            })
            .collect_view(),
    )
}
