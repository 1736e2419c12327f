//! The Findings page: what in the estate needs attention — broken chains, pending Front Door
//! requests, PaaS resources still open to the internet, services anyone can find, orphaned
//! endpoints… — each with its severity, a sentence saying what to do, Microsoft's documentation
//! and links to the resources; filtered by severity, kind and subscription in the URL (a GET
//! form), counted by kind, exported as CSV or JSON.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use crate::api::list_findings;
use crate::components::{
    Column, EmptyState, ExportLinks, PageHeader, error_message, id_name, plain_table,
    resource_link, use_status,
};
use crate::model::{FindingQuery, FindingView, FindingsPage, Severity};

const COLUMNS: &[Column] = &[
    Column::plain("Severity"),
    Column::plain("Finding"),
    Column::plain("What to do"),
    Column::plain("Resources"),
];

/// The Findings page.
#[component]
pub fn FindingsPage() -> impl IntoView {
    let search = use_location().search;
    let findings = Resource::new(move || search.get(), list_findings);
    let body = move || {
        findings.get().map(|result| match result {
            Err(error) => view! {
                <section class="error-panel" role="alert">
                    <h2>"The findings cannot be shown"</h2>
                    <p>{error_message(error)}</p>
                </section>
            }
            .into_any(),
            Ok(page) => findings_body(page),
        })
    };
    view! {
        <PageHeader title="Findings" summary="What in the estate needs attention, most serious first: each says what is wrong, what to do, and links to Microsoft's documentation and the resources involved." />
        {filters()}
        <ExportLinks list="findings" />
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{body}</Suspense>
    }
}

fn findings_body(page: FindingsPage) -> AnyView {
    let counts = page
        .by_kind
        .iter()
        .map(|count| {
            let href = format!(
                "/findings?{}",
                FindingQuery {
                    kind: Some(count.kind.clone()),
                    ..FindingQuery::default()
                }
                .encode()
            );
            let severity = Severity::parse(&count.severity).unwrap_or(Severity::Info);
            view! {
                <li data-kind=count.kind.clone()>
                    <span class=severity.class()>{severity.label()}</span>
                    " " <a href=href>{count.title.clone()}</a>
                    {format!(": {}", count.count)}
                </li>
            }
        })
        .collect_view();
    let shown = page.findings.len();
    let table = if page.findings.is_empty() {
        view! { <EmptyState title="No findings" message="Nothing matches these filters: every chain is complete and nothing is exposed." /> }.into_any()
    } else {
        plain_table(
            "Findings",
            COLUMNS,
            page.findings.into_iter().map(finding_row).collect_view(),
        )
    };
    view! {
        <section class="overview-section">
            <h2>"By kind"</h2>
            <p data-testid="findings-total">{format!("{shown} of {} findings shown.", page.total)}</p>
            <ul class="findings" data-testid="finding-kinds">{counts}</ul>
        </section>
        {table}
    }
    .into_any()
}

fn finding_row(finding: FindingView) -> impl IntoView {
    let severity = Severity::parse(&finding.severity).unwrap_or(Severity::Info);
    let resources = finding
        .resources
        .iter()
        .map(|id| {
            let name = id_name(id).to_owned();
            view! { <li>{resource_link(id, name)}</li> }
        })
        .collect_view();
    view! {
        <tr data-testid="finding-row" data-kind=finding.kind.clone() data-severity=finding.severity.clone()>
            <td><span class=severity.class()>{severity.label()}</span></td>
            <td><strong>{finding.title}</strong></td>
            <td class="description">
                {finding.message} " "
                <a href=finding.doc_url rel="external noopener" target="_blank" data-testid="finding-doc">"Microsoft's documentation"</a>
            </td>
            <td><ul class="plain-list">{resources}</ul></td>
        </tr>
    }
}

/// Findings as a list, each with its severity, title, sentence and Microsoft's documentation:
/// a resource page's findings (the resources are the page's own, so they are not repeated).
pub fn finding_list(findings: Vec<FindingView>) -> AnyView {
    let items = findings
        .into_iter()
        .map(|finding| {
            let severity = Severity::parse(&finding.severity).unwrap_or(Severity::Info);
            view! {
                <li data-testid="detail-finding" data-kind=finding.kind data-severity=finding.severity>
                    <span class=severity.class()>{severity.label()}</span> " "
                    <strong>{finding.title}</strong> " "
                    {finding.message} " "
                    <a href=finding.doc_url rel="external noopener" target="_blank">"Microsoft's documentation"</a>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="detail-findings">{items}</ul> }.into_any()
}

/// Severity, kind and subscription, as a GET form.
fn filters() -> impl IntoView {
    let query = use_query_map();
    let value = move |key: &'static str| move || query.with(|q| q.get(key).unwrap_or_default());
    let severity = value("severity");
    let subscription = value("subscription");
    let subscriptions = use_status().map(|s| s.subscriptions).unwrap_or_default();
    let subscription_field = if subscriptions.is_empty() {
        view! { <input type="text" name="subscription" placeholder="Subscription ID" value=subscription /> }.into_any()
    } else {
        let options = subscriptions
            .into_iter()
            .map(|s| {
                let id = s.id.to_ascii_lowercase();
                let selected = move || subscription().eq_ignore_ascii_case(&id);
                view! { <option value=s.id selected=selected>{s.name}</option> }
            })
            .collect_view();
        view! {
            <select name="subscription" data-testid="finding-subscription">
                <option value="">"Any"</option>
                {options}
            </select>
        }
        .into_any()
    };
    view! {
        <form method="get" action="/findings">
            <div class="filter-bar" role="search" aria-label="Finding filters">
                <label class="filter">
                    <span>"Severity"</span>
                    <select name="severity" data-testid="finding-severity">
                        <option value="">"Any"</option>
                        {Severity::ALL
                            .iter()
                            .map(|s| {
                                let key = s.key();
                                view! { <option value=key selected=move || severity() == key>{s.label()}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="filter">
                    <span>"Kind"</span>
                    <input type="text" name="kind" placeholder="orphanEndpoint" value=value("kind") />
                </label>
                <label class="filter">
                    <span>"Subscription"</span>
                    {subscription_field}
                </label>
                <div class="filter-actions">
                    <button type="submit">"Apply"</button>
                    <a href="/findings">"Clear"</a>
                </div>
            </div>
        </form>
    }
}
