//! `/confirm/{approve|reject|remove}?id=…&back=…`: the confirmation step of an action — what will
//! change (connection, service, consumer, current → new state), the description to send to Azure,
//! and Confirm or Cancel. A page rather than a modal, so it works the same without JavaScript
//! and can be linked. On success the server sends the user back to the page they came from.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{Act, get_preview};
use crate::components::{PageHeader, ResourceLink, StateBadge, error_message};
use crate::model::ActionPreview;

/// The confirmation page.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let action = move || params.with(|p| p.get("action").unwrap_or_default());
    let id = move || query.with(|q| q.get("id").unwrap_or_default());
    let back = move || {
        query
            .with(|q| q.get("back"))
            .filter(|b| b.starts_with('/') && !b.starts_with("//"))
            .unwrap_or_else(|| "/connections".to_owned())
    };
    let preview = Resource::new(move || (action(), id()), |(a, i)| get_preview(a, i));
    let body = move || {
        preview.get().map(|result| match result {
            Ok(preview) => confirm_form(preview, back()).into_any(),
            Err(error) => view! {
                <p class="error-panel" role="alert" data-testid="action-error">{error_message(error)}</p>
                <p><a href=back()>"Back"</a></p>
            }
            .into_any(),
        })
    };
    view! {
        <PageHeader title="Confirm an action" summary="Check what will change in Azure, say why, and confirm." />
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{body}</Suspense>
    }
}

fn verb(action: &str) -> &'static str {
    match action {
        "approve" => "Approve",
        "reject" => "Reject",
        _ => "Remove",
    }
}

fn confirm_form(preview: ActionPreview, back: String) -> impl IntoView {
    let act = ServerAction::<Act>::new();
    let ActionPreview {
        action,
        id,
        name,
        resource_id,
        resource_name,
        consumer,
        current_state,
        new_state,
        refusal,
        max_description,
    } = preview;
    let label = verb(&action);
    let required = action != "remove";
    let (form_id, form_state) = (id.clone(), current_state.clone());
    let form = match refusal {
        Some(reason) => view! {
            <p class="warning-panel" data-testid="action-refusal">{reason}</p>
            <p><a href=back>"Back"</a></p>
        }
        .into_any(),
        None => view! {
            <ActionForm action=act>
                <input type="hidden" name="action" value=action />
                <input type="hidden" name="id" value=form_id />
                <input type="hidden" name="expected_state" value=form_state />
                <input type="hidden" name="back" value=back.clone() />
                <label class="filter filter-wide">
                    <span>{if required { "Description (sent to Azure, kept in the audit)" } else { "Reason (kept in the audit)" }}</span>
                    <textarea name="description" rows="3" maxlength=max_description.to_string() required=required data-testid="action-description"></textarea>
                </label>
                <div class="filter-actions">
                    <button type="submit" data-testid="confirm-action" disabled=move || act.pending().get()>{label}</button>
                    <a href=back>"Cancel"</a>
                </div>
            </ActionForm>
        }
        .into_any(),
    };
    let result = move || {
        act.value().get().map(|result| match result {
            Ok(message) => view! { <p role="status" data-testid="action-result">{message}</p> }.into_any(),
            Err(error) => view! {
                <p class="error-panel" role="alert" data-testid="action-error">{error_message(error)}</p>
            }
            .into_any(),
        })
    };
    view! {
        <dl class="properties" data-testid="action-preview">
            <div class="property"><dt>"Action"</dt><dd>{label}</dd></div>
            <div class="property"><dt>"Connection"</dt><dd><ResourceLink id=id label=name /></dd></div>
            <div class="property"><dt>"Service"</dt><dd><ResourceLink id=resource_id label=resource_name /></dd></div>
            <div class="property"><dt>"Consumer"</dt><dd>{consumer}</dd></div>
            <div class="property">
                <dt>"State"</dt>
                <dd data-testid="action-change"><StateBadge state=current_state />" → "{new_state}</dd>
            </div>
        </dl>
        {form}
        {result}
    }
}
