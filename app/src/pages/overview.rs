//! The Overview page: totals, pending work, sync status, the busiest PLSs and the findings.

use leptos::prelude::*;

use crate::api::{get_estate_history, get_overview};
use crate::components::StateLegend;
use crate::components::query::thousands;
use crate::components::{EmptyState, PageHeader, ResourceLink, count_chart};
use crate::model::{FindingView, Overview, ServiceRow, Severity, SubscriptionSummary, age_label};

/// Connections a private link service can hold.
const PLS_CONNECTION_LIMIT: u32 = 1000;

/// The Overview page: totals, pending work, sync status and findings, rendered on the server.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_overview());
    let body = move || {
        overview.get().map(|result| match result {
            Err(error) => view! {
                <section class="error-panel" role="alert">
                    <h2>"The overview cannot be shown"</h2>
                    <p>{error.to_string()}</p>
                </section>
            }
            .into_any(),
            Ok(data) => overview_body(data),
        })
    };
    view! {
        <PageHeader title="Overview" summary="Private link services, private endpoints and connection states across every subscription you can read." />
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{body}</Suspense>
    }
}

/// The Overview's body: the totals and lists, or why there is nothing yet.
fn overview_body(data: Overview) -> AnyView {
    if data.services == 0 && data.endpoints == 0 && data.subscriptions.is_empty() {
        return view! {
            <EmptyState title="No inventory yet" message="Link Center has not synced any subscription yet. Once the inventory is loaded, totals by connection state, the oldest pending request and per-subscription sync status appear here." />
        }
        .into_any();
    }
    view! { <OverviewBody data /> }.into_any()
}

#[component]
fn OverviewBody(data: Overview) -> impl IntoView {
    let c = data.connections;
    let oldest = data.oldest_pending.map(|row| {
        let requested = match row.age_seconds {
            Some(age) => format!("{} ago", age_label(age)),
            None => row.requested_at.clone().unwrap_or_default(),
        };
        let at = row.requested_at.clone().unwrap_or_default();
        view! {
            <p data-testid="oldest-pending">
                "Oldest pending request: " <strong>{row.name}</strong> " on " {row.resource_name}
                " from " {row.consumer.label()} ", requested " <span title=at>{requested}</span> "."
            </p>
        }
    });
    view! {
        <section class="stats" aria-label="Totals">
            <a class="stat stat-pending" href="/pending" data-testid="pending-count">
                <span class="stat-value">{thousands(c.pending as usize)}</span>
                <span class="stat-label">"Pending connections"</span>
            </a>
            <Stat label="Private link services" value=data.services href="/private-link-services" />
            <Stat label="Private endpoints" value=data.endpoints href="/private-endpoints" />
            <Stat label="Approved" value=c.approved as usize href="/connections?state=Approved" />
            <Stat label="Rejected" value=c.rejected as usize href="/connections?state=Rejected" />
            <Stat label="Disconnected" value=c.disconnected as usize href="/connections?state=Disconnected" />
        </section>
        <StateLegend />
        {oldest}
        <EstateHistory />
        <Subscriptions rows=data.subscriptions total=data.subscriptions_total ok=data.subscriptions_ok />
        <TopServices rows=data.top_services />
        <Findings rows=data.findings counts=data.finding_counts total=data.findings_total />
    }
}

/// The estate's connections by state over the last 30 days, Pending among them.
#[component]
fn EstateHistory() -> impl IntoView {
    let history = Resource::new(|| (), |_| get_estate_history());
    let body = move || {
        history.get().map(|result| match result {
            Ok(series) => count_chart("Connections of the estate over time".into(), series),
            Err(error) => view! {
                <p class="error-panel" role="alert">{format!("The counts over time cannot be shown: {error}")}</p>
            }
            .into_any(),
        })
    };
    view! {
        <section class="overview-section" data-testid="estate-history">
            <h2>"Over the last 30 days"</h2>
            <p class="muted">"Every subscription's connections by state, as each sync found them: Pending shows the work waiting, Approved the consumers served."</p>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{body}</Suspense>
        </section>
    }
}

/// A total, as a link to the list it counts.
#[component]
fn Stat(label: &'static str, value: usize, href: &'static str) -> impl IntoView {
    view! {
        <a class="stat" href=href>
            <span class="stat-value">{thousands(value)}</span>
            <span class="stat-label">{label}</span>
        </a>
    }
}

#[component]
fn Subscriptions(rows: Vec<SubscriptionSummary>, total: usize, ok: usize) -> impl IntoView {
    let summary = format!(
        "{} of {} subscriptions read without error.",
        thousands(ok),
        thousands(total)
    );
    let hidden = total.saturating_sub(rows.len());
    let note = (hidden > 0).then(|| {
        view! { <p class="muted">{format!("{} subscriptions synced fine and are not listed.", thousands(hidden))}</p> }
    });
    let table = (!rows.is_empty()).then(|| view! {
            <div class="table-scroll">
                <table class="resource-table">
                    <caption>"Sync status per subscription"</caption>
                    <thead><tr><th scope="col">"Subscription"</th><th scope="col">"Status"</th><th scope="col">"Detail"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let class = format!("state sync-{}", row.status);
                            view! {
                                <tr>
                                    <th scope="row" title=row.subscription_id>{row.display_name}</th>
                                    <td><span class=class>{row.status}</span></td>
                                    <td>{row.detail.unwrap_or_default()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
    });
    view! {
        <section class="overview-section">
            <h2>"Subscriptions"</h2>
            <p data-testid="subscription-summary">{summary}</p>
            {table}
            {note}
        </section>
    }
}

#[component]
fn TopServices(rows: Vec<ServiceRow>) -> impl IntoView {
    view! {
        <section class="overview-section">
            <h2>"Busiest private link services"</h2>
            <div class="table-scroll">
                <table class="resource-table">
                    <caption>"Connections per private link service, and room left before the limit of 1,000"</caption>
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Connections"</th><th scope="col">"Pending"</th><th scope="col">"Headroom"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let total = row.counts.total();
                            view! {
                                <tr>
                                    <th scope="row"><ResourceLink id=row.id.clone() label=row.name.clone() /></th>
                                    <td class="num">{total}</td>
                                    <td class="num">{row.counts.pending}</td>
                                    <td class="num">{PLS_CONNECTION_LIMIT.saturating_sub(total)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Findings(rows: Vec<FindingView>, counts: Vec<(String, usize)>, total: usize) -> impl IntoView {
    let shown = rows.len();
    let tally = (!counts.is_empty()).then(|| {
        let parts = counts
            .iter()
            .map(|(kind, n)| {
                let title = rows
                    .iter()
                    .find(|f| &f.kind == kind)
                    .map_or(kind.as_str(), |f| f.title.as_str());
                format!("{title} {}", thousands(*n))
            })
            .collect::<Vec<_>>()
            .join(", ");
        view! { <p data-testid="finding-counts">{format!("{} findings: {parts}.", thousands(total))}</p> }
    });
    let more = (total > shown).then(|| {
        view! {
            <p class="muted">
                {format!("The {} most serious are listed; all of them are on ", thousands(shown))}
                <a href="/findings">"the Findings page"</a> "."
            </p>
        }
    });
    let list = if rows.is_empty() {
        view! { <p class="muted">"No findings: every chain is complete."</p> }.into_any()
    } else {
        view! {
            <ul class="findings">
                {rows.into_iter().map(|finding| {
                    let severity = Severity::parse(&finding.severity).unwrap_or(Severity::Info);
                    let link = finding.resource_id.map(|id| view! { " " <ResourceLink id label="details" /> });
                    view! {
                        <li data-kind=finding.kind>
                            <span class=severity.class()>{severity.label()}</span>
                            " " <strong>{finding.title}</strong> ": "
                            {finding.message}
                            {link}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="overview-section">
            <h2>"Findings"</h2>
            {tally}
            {list}
            {more}
        </section>
    }
}
