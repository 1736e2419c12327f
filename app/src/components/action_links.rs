//! The actions a connection offers an approver — Approve and Reject while Pending, Reject while
//! Approved, Remove always — as the buttons of one small GET form that opens the confirmation
//! page (`/confirm/{action}?id=…&back=…`), which brings the user back. One form per connection
//! carries its id once, where three links would carry it three times, percent-encoded: on a
//! list of 50 connections that is half the page.

use leptos::prelude::*;

use super::query::encode;
use super::use_status;

/// The actions `state` allows, in the order shown: `(action, label)`.
pub fn allowed(state: &str) -> Vec<(&'static str, &'static str)> {
    let pending = state.eq_ignore_ascii_case("Pending");
    let approved = state.eq_ignore_ascii_case("Approved");
    let mut actions = Vec::with_capacity(3);
    if pending {
        actions.push(("approve", "Approve"));
    }
    if pending || approved {
        actions.push(("reject", "Reject"));
    }
    actions.push(("remove", "Remove"));
    actions
}

/// The confirmation page of `action` on connection `id`, returning to `back`.
pub fn confirm_href(action: &str, id: &str, back: &str) -> String {
    format!("/confirm/{action}?id={}&back={}", encode(id), encode(back))
}

/// Whether the signed-in user may act (from the status the server read for this request).
pub fn may_act() -> bool {
    use_status().is_some_and(|s| s.session.can_act)
}

/// The action buttons of connection `id` in `state`; `test_id` prefixes each button's
/// `data-testid` (`{test_id}-approve`).
pub fn action_links(
    id: &str,
    state: &str,
    back: &str,
    test_id: &'static str,
) -> impl IntoView + use<> {
    let actions = allowed(state);
    let first = actions.first().map_or("remove", |(action, _)| *action);
    let buttons = actions
        .into_iter()
        .map(|(action, label)| {
            let danger = action == "remove";
            view! {
                <button type="submit" class="action-link" class:danger=danger formaction=format!("/confirm/{action}") data-testid=format!("{test_id}-{action}")>
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <form class="row-actions" method="get" action=format!("/confirm/{first}")>
            // The connection's short key: the confirmation page resolves and shows it in full.
            <input type="hidden" name="id" value=crate::model::connection_key(id) />
            <input type="hidden" name="back" value=back.to_owned() />
            {buttons}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_offers_everything_and_final_states_only_removal() {
        let names = |state| allowed(state).into_iter().map(|a| a.0).collect::<Vec<_>>();
        assert_eq!(names("Pending"), ["approve", "reject", "remove"]);
        assert_eq!(names("approved"), ["reject", "remove"]);
        assert_eq!(names("Rejected"), ["remove"]);
        assert_eq!(names("Disconnected"), ["remove"]);
    }

    #[test]
    fn the_confirmation_link_carries_the_id_and_the_way_back() {
        assert_eq!(
            confirm_href(
                "approve",
                "/subscriptions/s/x/privateEndpointConnections/c 1",
                "/pending?q=a&b=c"
            ),
            "/confirm/approve?id=%2Fsubscriptions%2Fs%2Fx%2FprivateEndpointConnections%2Fc%201&back=%2Fpending%3Fq%3Da%26b%3Dc"
        );
    }
}
