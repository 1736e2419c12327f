//! The sign-in page of `--auth oidc`: where a sign-in that failed lands, with what went wrong
//! in words chosen here (the URL carries only a code, so nobody can put their own sentence on
//! this page), and where signing out ends; its button starts a sign-in at the provider.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::PageHeader;

/// Where the sign-in page is (the server sends failed sign-ins here).
pub const SIGN_IN_PATH: &str = "/sign-in";

/// What each failure code means, and what to do.
fn explained(code: &str) -> &'static str {
    match code {
        "overage" => {
            "You are in more groups than Microsoft Entra ID puts in a token (over 200), so it sent \
             no groups and Link Center cannot tell your role. An administrator can assign Link \
             Center's app roles to the approver and viewer groups (the roles claim is always \
             sent), or set the app registration to send only the groups assigned to it."
        }
        "no-role" => {
            "You signed in, but you are in none of the groups or app roles Link Center gives a \
             role to. Ask an administrator to add you to the viewer or approver group."
        }
        "state" | "expired" => {
            "The sign-in could not be matched to this browser, or took longer than ten minutes. \
             Sign in again."
        }
        "provider" => "The identity provider refused the sign-in or could not be reached.",
        _ => "The identity provider's answer could not be verified. Sign in again.",
    }
}

/// The page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let error = query.with_untracked(|q| q.get("error"));
    let signed_out = query.with_untracked(|q| q.get("signed-out").is_some());
    view! {
        <PageHeader title="Sign in" summary="Link Center signs you in with your organisation's identity provider." />
        {error.map(|code| view! {
            <section class="error-panel" role="alert" data-testid="sign-in-error" data-code=code.clone()>
                <h2>"The sign-in did not complete"</h2>
                <p>{explained(&code)}</p>
            </section>
        })}
        {signed_out.then(|| view! { <p class="muted" data-testid="signed-out">"You are signed out."</p> })}
        <p><a class="button primary" href="/auth/login" rel="external" data-testid="sign-in">"Sign in"</a></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_own_words_and_unknown_ones_a_safe_default() {
        assert!(explained("overage").contains("more groups"));
        assert!(explained("no-role").contains("none of the groups"));
        assert_eq!(explained("<script>"), explained("invalid"));
    }
}
