//! The results of the action just confirmed, above the page the user returned to: the summary
//! (`2 succeeded, 1 skipped`) and each connection's result with its reason, rendered on the
//! server. Shown while the URL carries `done=<report id>`; Dismiss removes it.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use super::query::{href, with_params};
use crate::api::get_report;
#[cfg(feature = "ssr")]
use crate::model::{ActionReport, ActionResult, id_name, resource_href};

/// The report panel, when the URL names one.
#[component]
pub fn ActionReportPanel() -> impl IntoView {
    let query = use_query_map();
    let done = move || query.with(|q| q.get("done")).filter(|d| !d.is_empty());
    let report = Resource::new(done, |id| async move {
        match id {
            Some(id) => get_report(id).await.map(Some),
            None => Ok(None),
        }
    });
    let location = use_location();
    let dismiss = move || {
        href(
            &location.pathname.get(),
            &with_params(&location.search.get(), &[("done", None)]),
        )
    };
    let panel = move || {
        report.get().and_then(|result| match result {
            Ok(Some(html)) => Some(
                view! {
                    <section class="action-report" role="status" data-testid="action-report">
                        <div inner_html=html></div>
                        <p class="report-links">
                            <a href="/audit">"Audit"</a>
                            <a href=dismiss() data-testid="dismiss-report">"Dismiss"</a>
                        </p>
                    </section>
                }
                .into_any(),
            ),
            Ok(None) => None,
            Err(error) => Some(
                view! { <p class="error-panel" role="alert">{super::error_message(error)}</p> }
                    .into_any(),
            ),
        })
    };
    view! { <Suspense fallback=|| ()>{panel}</Suspense> }
}

/// What a request did, rendered on the server: the summary and each connection's result with
/// its reason; a sentence pointing to the Audit page once the report is no longer kept.
#[cfg(feature = "ssr")]
pub fn report_html(report: Option<ActionReport>) -> String {
    let report = report.unwrap_or_default();
    let failed = report.count("failed") > 0;
    let title = match report.action.as_str() {
        "approve" => "Approve",
        "reject" => "Reject",
        "remove" => "Remove",
        _ => "Action",
    };
    view! {
        <h2 class:report-failed=failed>{format!("{title}: {}", summary(&report))}</h2>
        <ul>{report.results.into_iter().map(result_item).collect_view()}</ul>
    }
    .to_html()
}

/// `2 succeeded, 1 skipped` (only the outcomes that occurred), or why there is nothing to count.
#[cfg(feature = "ssr")]
pub fn summary(report: &ActionReport) -> String {
    if report.results.is_empty() {
        return "The results of this request are no longer kept here; the Audit page has them."
            .to_owned();
    }
    ["succeeded", "skipped", "failed"]
        .into_iter()
        .map(|outcome| (report.count(outcome), outcome))
        .filter(|(n, _)| *n > 0)
        .map(|(n, outcome)| format!("{n} {outcome}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(feature = "ssr")]
fn result_item(result: ActionResult) -> impl IntoView {
    let name = id_name(&result.id).to_owned();
    view! {
        <li data-testid="action-result" data-result=result.result.clone()>
            <a href=resource_href(&result.id)>{name}</a>
            {format!(" — {}: {}", result.result, result.message)}
        </li>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn report(results: &[&str]) -> ActionReport {
        ActionReport {
            action: "approve".into(),
            results: results
                .iter()
                .map(|r| ActionResult {
                    id: "/x/privateEndpointConnections/c".into(),
                    result: (*r).into(),
                    message: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_summary_counts_only_outcomes_that_occurred() {
        assert_eq!(
            summary(&report(&["succeeded", "failed", "succeeded"])),
            "2 succeeded, 1 failed"
        );
        assert_eq!(summary(&report(&["skipped"])), "1 skipped");
        assert!(summary(&report(&[])).contains("Audit page"));
    }

    #[test]
    fn the_report_lists_each_connection_and_flags_failures() {
        let html = report_html(Some(report(&["succeeded", "failed"])));
        assert!(html.contains("report-failed"), "{html}");
        assert_eq!(html.matches("data-testid=\"action-result\"").count(), 2);
        assert!(report_html(None).contains("no longer kept"));
    }
}
