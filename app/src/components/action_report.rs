//! The results of the action just confirmed (a bulk job), above the page the user returned to:
//! the summary (`2 succeeded, 1 skipped`) and each connection's result with its reason. Shown
//! while the URL carries `done=<job id>`; Dismiss removes it. While the job runs, the panel says
//! how far it got: the `JobWatch` island follows the job's `job` events on the page's live
//! stream (asking each second while the stream is not connected) and reloads the page when the
//! job has ended (so the rows show their new states too); without JavaScript, a Refresh link.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use super::query::{href, with_params};
use crate::api::get_report;
use crate::model::{ActionReport, ActionResult, id_name, resource_href};

/// The report panel, when the URL names one.
#[component]
pub fn ActionReportPanel() -> impl IntoView {
    let query = use_query_map();
    let done = move || query.with(|q| q.get("done")).filter(|d| !d.is_empty());
    let report = Resource::new(done, |id| async move {
        match id {
            Some(id) => get_report(id.clone()).await.map(|r| Some((id, r))),
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
            Ok(Some((id, report))) => Some(
                view! {
                    <section class="action-report" role="status" data-testid="action-report">
                        <ReportBody id report />
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

/// What a request did: the summary and each connection's result with its reason — while the job
/// runs, how far it got; a sentence pointing to the Audit page when there is no such job.
#[component]
fn ReportBody(id: String, report: Option<ActionReport>) -> impl IntoView {
    let report = report.unwrap_or_else(|| ActionReport {
        finished: true,
        ..ActionReport::default()
    });
    let failed = report.count("failed") + report.count("interrupted") > 0;
    let title = match report.action.as_str() {
        "approve" => "Approve",
        "reject" => "Reject",
        "remove" => "Remove",
        _ => "Action",
    };
    let (done, total) = (report.done(), report.results.len());
    let progress = (!report.finished).then(|| view! { <JobWatch id done total /> });
    view! {
        <h2 class:report-failed=failed>{format!("{title}: {}", summary(&report))}</h2>
        {progress}
        <ul>{report.results.into_iter().filter(|r| r.result != "pending").map(result_item).collect_view()}</ul>
    }
}

/// Where the progress island asks for its job.
#[cfg(feature = "hydrate")]
const JOB_PROGRESS_PATH: &str = <crate::api::GetJobProgress as leptos::server_fn::ServerFn>::PATH;

/// A running job's progress bar. Live, it follows the job's events (or asks for its progress
/// each second without a stream) and reloads the page once the job has ended; the Refresh link
/// does the same by hand.
#[island]
pub fn JobWatch(id: String, done: usize, total: usize) -> impl IntoView {
    let progress = RwSignal::new((done, total));
    #[cfg(feature = "hydrate")]
    {
        use super::live;
        let reload = || {
            let _ = window().location().reload();
        };
        let mine = id.clone();
        live::on("job", move |data| {
            if let Ok(job) = serde_json::from_str::<crate::model::JobEvent>(&data)
                && job.id == mine
            {
                if job.finished {
                    reload();
                } else {
                    progress.set((job.done, job.total));
                }
            }
        });
        // Asked each second while the stream is not connected, and once when it connects (the
        // job may have moved on, or ended, before).
        let caught_up = StoredValue::new(false);
        let handle = set_interval_with_handle(
            move || {
                let connected = live::connected();
                let catch_up = connected && !caught_up.get_value();
                caught_up.set_value(connected);
                if connected && !catch_up {
                    return;
                }
                let id = id.clone();
                leptos::task::spawn_local(async move {
                    // A plain `fetch` of the server function's URL (`browser_fetch`).
                    let path = format!(
                        "{JOB_PROGRESS_PATH}?id={}",
                        percent_encoding::utf8_percent_encode(
                            &id,
                            percent_encoding::NON_ALPHANUMERIC
                        )
                    );
                    let asked =
                        super::browser_fetch::get_json::<Option<crate::model::JobProgress>>(&path);
                    match asked.await {
                        Ok(Some(now)) if !now.finished => progress.set((now.done, now.total)),
                        // Ended (or forgotten by a restarted server): the page shows the outcome.
                        Ok(_) => reload(),
                        // The server is away for a moment: ask again at the next tick.
                        Err(_) => {}
                    }
                });
            },
            std::time::Duration::from_secs(1),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
    let text = move || {
        let (done, total) = progress.get();
        format!(" {done} of {total} done; the rest go on even if you leave this page. ")
    };
    view! {
        <p data-testid="job-progress">
            <progress max=move || progress.get().1.to_string() value=move || progress.get().0.to_string()>
                {move || format!("{} of {}", progress.get().0, progress.get().1)}
            </progress>
            {text}
            <a href="" data-testid="job-refresh">"Refresh"</a>
        </p>
    }
}

/// `2 succeeded, 1 skipped` (only the outcomes that occurred), or why there is nothing to count.
pub fn summary(report: &ActionReport) -> String {
    if report.results.is_empty() {
        return "The results of this request are not known here; the Audit page has them."
            .to_owned();
    }
    if !report.finished && report.done() == 0 {
        return "starting…".to_owned();
    }
    [
        "succeeded",
        "skipped",
        "failed",
        "interrupted",
        "notAttempted",
    ]
    .into_iter()
    .map(|outcome| (report.count(outcome), outcome))
    .filter(|(n, _)| *n > 0)
    .map(|(n, outcome)| match outcome {
        "notAttempted" => format!("{n} not attempted"),
        outcome => format!("{n} {outcome}"),
    })
    .collect::<Vec<_>>()
    .join(", ")
}

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

    fn report_html(report: Option<ActionReport>) -> String {
        view! { <ReportBody id="job-1".to_owned() report /> }.to_html()
    }

    fn report(results: &[&str]) -> ActionReport {
        ActionReport {
            action: "approve".into(),
            finished: !results.iter().any(|r| *r == "pending" || *r == "running"),
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
        assert!(report_html(None).contains("not known here"));
    }

    #[test]
    fn a_running_job_says_how_far_it_got_and_lists_only_what_has_ended() {
        let html = report_html(Some(report(&["succeeded", "running", "pending"])));
        assert!(html.contains("data-testid=\"job-progress\""), "{html}");
        assert!(html.contains("1 of 3 done"), "{html}");
        assert_eq!(html.matches("data-testid=\"action-result\"").count(), 2);
        let finished = report_html(Some(report(&["succeeded", "notAttempted"])));
        assert!(!finished.contains("job-progress"), "{finished}");
        assert!(
            finished.contains("1 succeeded, 1 not attempted"),
            "{finished}"
        );
    }
}
