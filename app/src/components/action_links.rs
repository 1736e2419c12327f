//! The actions a connection offers an approver — Approve and Reject while Pending, Reject while
//! Approved, Remove always — as links to the confirmation page, which brings the user back.

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

/// The action links of connection `id` in `state`; `test_id` prefixes each link's
/// `data-testid` (`{test_id}-approve`).
pub fn action_links(
    id: &str,
    state: &str,
    back: &str,
    test_id: &'static str,
) -> impl IntoView + use<> {
    allowed(state)
        .into_iter()
        .map(|(action, label)| {
            view! {
                <a class="action-link" href=confirm_href(action, id, back) data-testid=format!("{test_id}-{action}")>
                    {label}
                </a>
            }
        })
        .collect_view()
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
