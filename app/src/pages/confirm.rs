//! `/confirm/{approve|reject|remove}?id=…&back=…` (or several `id`s, or `filter=` for every
//! connection a list query matches): the confirmation step of an action — what will change
//! (connection, service, consumer, current → new state; how many in all), the description to
//! send to Azure, and Confirm or Cancel. A page with a plain form rather than a modal, so it
//! works the same without JavaScript and can be linked. The server answers the post with a
//! redirect: back where the user came from with the results, or here with the reason nothing
//! was tried. A viewer sees what would change and that only approvers can confirm, not the form.
//! `back` is kept only if it is a path of this site (`query::safe_back`).

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::get_plan;
use crate::components::query::back_or_default;
use crate::components::{PageHeader, ResourceLink, StateBadge, error_message, may_act};
use crate::model::{ActionPlan, ActionPreview, age_label};

/// The confirmation page.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let action = move || params.with(|p| p.get("action").unwrap_or_default());
    let ids = move || query.with(|q| q.get_all("id").unwrap_or_default().join("\n"));
    let filter = move || query.with(|q| q.get("filter").unwrap_or_default());
    let back = move || query.with(|q| back_or_default(&q.get("back").unwrap_or_default()));
    let error = move || {
        query.with(|q| q.get("error")).map(|message| {
            view! { <p class="error-panel" role="alert" data-testid="action-error">{message}</p> }
        })
    };
    let description = move || query.with(|q| q.get("description").unwrap_or_default());
    let plan = Resource::new(
        move || (action(), ids(), filter()),
        |(action, ids, filter)| get_plan(action, ids, filter),
    );
    let body = move || {
        plan.get().map(|result| match result {
            Ok(plan) => confirm_form(plan, back(), description(), may_act()).into_any(),
            Err(error) => view! {
                <p class="error-panel" role="alert" data-testid="plan-error">{error_message(error)}</p>
                <p><a href=back()>"Back"</a></p>
            }
            .into_any(),
        })
    };
    view! {
        <PageHeader title="Confirm an action" summary="Check what will change in Azure, say why, and confirm." />
        {error}
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{body}</Suspense>
    }
}

/// The verb of an action, capitalised.
fn verb(action: &str) -> &'static str {
    match action {
        "approve" => "Approve",
        "reject" => "Reject",
        _ => "Remove",
    }
}

/// What the button says: `Approve`, `Reject 3 connections`.
pub fn button_label(action: &str, count: usize) -> String {
    match count {
        1 => verb(action).to_owned(),
        n => format!("{} {n} connections", verb(action)),
    }
}

/// What a viewer reads where an approver finds the form.
pub const VIEWER_NOTE: &str = "You are signed in as a viewer: only approvers can confirm.";

/// What removing does, said before it is done.
const REMOVE_WARNING: &str = "Removing deletes the connection: the consumer loses its connection and must create a new private endpoint to come back. This cannot be undone.";

/// Where the confirmation form posts.
const ACT_PATH: &str = <crate::api::Act as leptos::server_fn::ServerFn>::PATH;

/// The plan as the confirmation page shows it: what will change and the form that confirms it
/// (a plain POST to `act`, returning to `back`, its description box holding `description`) —
/// for an approver (`can_act`); a viewer is told why there is none.
fn confirm_form(
    plan: ActionPlan,
    back: String,
    description: String,
    can_act: bool,
) -> impl IntoView {
    let ready: Vec<&ActionPreview> = plan.ready().collect();
    // What the form posts: every match of a filter (the server checks the number is the same),
    // or the chosen connections that can change.
    let count = match &plan.filter {
        Some(_) => plan.total,
        None => ready.len(),
    };
    let join = |field: fn(&ActionPreview) -> &str| {
        ready.iter().map(|p| field(p)).collect::<Vec<_>>().join(" ")
    };
    let ids = join(|p| &p.id);
    let states = join(|p| &p.current_state);
    let removing = plan.action == "remove";
    let label = button_label(&plan.action, plan.changing);
    let more = plan.total.saturating_sub(plan.items.len());
    let form = if !can_act {
        // The server refuses a viewer's post anyway; a form that cannot work is not offered.
        view! {
            <p class="warning-panel" data-testid="viewer-note">{VIEWER_NOTE}</p>
            <p><a href=back>"Back"</a></p>
        }
        .into_any()
    } else if plan.changing == 0 {
        view! {
            <p class="warning-panel" data-testid="nothing-to-do">"Nothing here can be done: see the reasons above."</p>
            <p><a href=back>"Back"</a></p>
        }
        .into_any()
    } else {
        view! {
            <form method="post" action=ACT_PATH class="confirm-form" data-testid="confirm-form">
                <input type="hidden" name="action" value=plan.action.clone() />
                <input type="hidden" name="ids" value=if plan.filter.is_some() { String::new() } else { ids } />
                <input type="hidden" name="states" value=if plan.filter.is_some() { String::new() } else { states } />
                <input type="hidden" name="filter" value=plan.filter.clone().unwrap_or_default() />
                <input type="hidden" name="count" value=count.to_string() />
                <input type="hidden" name="back" value=back.clone() />
                {removing.then(|| view! {
                    <p class="warning-panel" role="alert" data-testid="remove-warning">{REMOVE_WARNING}</p>
                })}
                <label class="filter filter-wide">
                    <span>{if removing { "Reason (kept in the audit)" } else { "Your description (kept in the audit)" }}</span>
                    <textarea name="description" rows="3" maxlength=plan.max_description.to_string() required=true data-testid="action-description">{description}</textarea>
                </label>
                <p class="muted" data-testid="description-note">
                    {if removing {
                        format!("At most {} characters.", plan.max_description)
                    } else {
                        format!("Azure keeps one description per connection: yours replaces the requester's message shown above. At most {} characters.", plan.max_description)
                    }}
                </p>
                <div class="filter-actions">
                    <button type="submit" class:danger=removing data-testid="confirm-action">{label}</button>
                    <a href=back>"Cancel"</a>
                </div>
            </form>
        }
        .into_any()
    };
    let summary = summary(&plan);
    view! {
        <p data-testid="plan-summary">{summary}</p>
        <table class="resource-table" data-testid="action-preview">
            <caption>"What will change"</caption>
            <thead>
                <tr><th>"Connection"</th><th>"Service"</th><th>"Consumer"</th><th>"Requester's message"</th><th>"Requested"</th><th>"State"</th><th>"Note"</th></tr>
            </thead>
            <tbody>{plan.items.into_iter().map(preview_row).collect_view()}</tbody>
        </table>
        {(more > 0).then(|| view! { <p class="muted">{format!("… and {more} more.")}</p> })}
        {form}
    }
}

/// One sentence on what the plan does: how many connections, and how many will change.
pub fn summary(plan: &ActionPlan) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let scope = match &plan.filter {
        Some(filter) => format!(
            "{} connection{} matching {filter}",
            plan.total,
            plural(plan.total)
        ),
        None => format!("{} chosen connection{}", plan.total, plural(plan.total)),
    };
    let rest = plan.total - plan.changing.min(plan.total);
    match (plan.changing, rest) {
        (0, _) => format!("{} {scope}: none can change.", verb(&plan.action)),
        (n, 0) => format!("{} {scope}: {n} will change.", verb(&plan.action)),
        (n, rest) => format!(
            "{} {scope}: {n} will change; {rest} will not (see the notes).",
            verb(&plan.action)
        ),
    }
}

fn preview_row(preview: ActionPreview) -> impl IntoView {
    let ActionPreview {
        id,
        name,
        resource_id,
        resource_name,
        consumer,
        message,
        age_seconds,
        current_state,
        new_state,
        refusal,
    } = preview;
    let requested = age_seconds.map_or_else(
        || "unknown".to_owned(),
        |age| format!("{} ago", age_label(age)),
    );
    let refused = refusal.is_some();
    view! {
        <tr data-testid="preview-row" class:refused=refused>
            <th scope="row"><ResourceLink id label=name /></th>
            <td><ResourceLink id=resource_id label=resource_name /></td>
            <td>{consumer}</td>
            <td class="description" data-testid="request-message">{message}</td>
            <td class="nowrap" data-testid="request-age">{requested}</td>
            <td data-testid="action-change"><StateBadge state=current_state />" → "{new_state}</td>
            <td data-testid="action-refusal">{refusal}</td>
        </tr>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn plan_html(plan: ActionPlan, back: &str, description: &str, can_act: bool) -> String {
        confirm_form(plan, back.to_owned(), description.to_owned(), can_act).to_html()
    }

    fn plan(total: usize, changing: usize, filter: Option<&str>) -> ActionPlan {
        ActionPlan {
            action: "approve".into(),
            filter: filter.map(str::to_owned),
            total,
            changing,
            ..ActionPlan::default()
        }
    }

    #[test]
    fn the_summary_says_how_many_and_how_many_will_change() {
        assert_eq!(
            summary(&plan(2, 2, None)),
            "Approve 2 chosen connections: 2 will change."
        );
        assert_eq!(
            summary(&plan(240, 12, Some("q=orders"))),
            "Approve 240 connections matching q=orders: 12 will change; 228 will not (see the notes)."
        );
        assert_eq!(
            summary(&plan(1, 0, None)),
            "Approve 1 chosen connection: none can change."
        );
    }

    #[test]
    fn a_viewer_sees_the_plan_and_why_there_is_no_form() {
        let viewer = plan_html(plan(1, 1, None), "/pending", "", false);
        assert!(
            viewer.contains("data-testid=\"action-preview\""),
            "{viewer}"
        );
        assert!(!viewer.contains("<form"), "{viewer}");
        assert!(viewer.contains(VIEWER_NOTE), "{viewer}");
        let approver = plan_html(plan(1, 1, None), "/pending", "", true);
        assert!(
            approver.contains("data-testid=\"confirm-form\""),
            "{approver}"
        );
        assert!(!approver.contains(VIEWER_NOTE));
    }

    #[test]
    fn a_removal_is_worded_as_destructive_and_asks_for_a_reason() {
        let removal = plan_html(
            ActionPlan {
                action: "remove".into(),
                ..plan(1, 1, None)
            },
            "/pending",
            "",
            true,
        );
        assert!(removal.contains(REMOVE_WARNING), "{removal}");
        assert!(removal.contains("cannot be undone"), "{removal}");
        assert!(removal.contains("class=\"danger\""), "{removal}");
        assert!(removal.contains("required"), "{removal}");
        let approval = plan_html(plan(1, 1, None), "/pending", "", true);
        assert!(!approval.contains(REMOVE_WARNING));
        assert!(approval.contains("yours replaces the requester's message"));
    }

    #[test]
    fn each_connection_shows_what_its_requester_wrote_and_how_long_ago() {
        let mut approval = plan(1, 1, None);
        approval.items = vec![ActionPreview {
            id: "/subscriptions/s/x/privateEndpointConnections/c".into(),
            name: "c".into(),
            message: "Front Door for super-api, CHG-1042".into(),
            age_seconds: Some(3 * 86_400),
            current_state: "Pending".into(),
            new_state: "Approved".into(),
            ..ActionPreview::default()
        }];
        let html = plan_html(approval, "/pending", "", true);
        assert!(
            html.contains("Front Door for super-api, CHG-1042"),
            "{html}"
        );
        assert!(html.contains("3 d ago"), "{html}");
    }

    #[test]
    fn the_button_says_what_and_how_many() {
        assert_eq!(button_label("approve", 1), "Approve");
        assert_eq!(button_label("reject", 12), "Reject 12 connections");
        assert_eq!(button_label("remove", 2), "Remove 2 connections");
    }
}
