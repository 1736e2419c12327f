//! `/resource/{id}`: the detail page of a private link service, a private endpoint or one of a
//! service's connections. The server describes the page (title, summary, sections of
//! properties, notes and connection tables); this renders any of them, with the Azure portal
//! link and the links to the resources at the other ends (PE ↔ connection ↔ PLS ↔ frontend ↔
//! cluster).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::audit::history;
use super::changes::changes_table;
use super::connections::connections_section;
use super::findings::finding_list;
use crate::api::get_resource;
use crate::components::{
    EmptyState, MiniGraph, PageHeader, PortalLink, PropertyList, action_links, count_chart,
    error_message, may_act,
};
use crate::model::{ResourceView, Section, SectionBody, portal_url, resource_href};

/// What a resource id looks like, said once on the page of an address that is not one.
const RESOURCE_ID_SHAPE: &str = "Detail pages are at /resource followed by an Azure resource id, such as /subscriptions/{subscription GUID}/resourceGroups/{group}/providers/Microsoft.Network/privateLinkServices/{name}.";

/// The detail page of the resource whose id follows `/resource`.
#[component]
pub fn ResourcePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        format!(
            "/{}",
            decode_path(&params.with(|p| p.get("id").unwrap_or_default()))
        )
    };
    let detail = Resource::new(id, get_resource);
    let body = move || {
        detail.get().map(|result| match result {
            Ok(Some(view)) => view! { <ResourceDetail view /> }.into_any(),
            Ok(None) => view! { <NotInInventory id=id() /> }.into_any(),
            Err(error) => {
                let message = error_message(error);
                view! {
                    <PageHeader title="Not a resource id" summary=RESOURCE_ID_SHAPE />
                    <section class="error-panel" role="alert" data-testid="resource-error">
                        <p>{message}</p>
                        <p><a href="/">"Back to the Overview"</a> " · " <a href="/connections">"Connections"</a></p>
                    </section>
                }
                .into_any()
            }
        })
    };
    view! { <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{body}</Suspense> }
}

/// A resource the server described.
#[component]
fn ResourceDetail(view: ResourceView) -> impl IntoView {
    let actions = view
        .is_connection()
        .then(|| view.state().unwrap_or_default().to_owned());
    let ResourceView {
        id,
        title,
        summary,
        sections,
    } = view;
    let back = resource_href(&id);
    let links_back = back.clone();
    let actions = {
        let id = id.clone();
        move || {
            let state = actions.clone().filter(|_| may_act())?;
            Some(
                view! { <div class="panel-actions">{action_links(&id, &state, &back, "detail")}</div> },
            )
        }
    };
    view! {
        <PageHeader title=title summary=summary />
        <p class="detail-links"><PortalLink id /></p>
        {actions}
        {sections.into_iter().map(|s| section(s, &links_back)).collect_view()}
    }
}

/// One section of a server-described page (also the Graph page's side panel); its connections'
/// actions return to `back`.
pub(crate) fn section(section: Section, back: &str) -> impl IntoView + use<> {
    let body = match section.body {
        SectionBody::Props(props) => view! { <PropertyList props /> }.into_any(),
        SectionBody::Note { text, warning } => {
            let class = if warning { "warning-panel" } else { "muted" };
            view! { <p class=class data-testid="detail-note">{text}</p> }.into_any()
        }
        SectionBody::Findings(findings) => finding_list(findings),
        SectionBody::Connections(rows) => connections_section(rows, back),
        SectionBody::History(entries) => history(entries),
        SectionBody::Changes(changes) if changes.is_empty() => view! {
            <p class="muted" data-testid="changes-empty">"No change of this connection has been seen between syncs."</p>
        }
        .into_any(),
        SectionBody::Changes(changes) => changes_table("Changes", changes),
        SectionBody::Counts { title, series } => count_chart(title, series),
        SectionBody::Graph { view, scope_query } => {
            view! { <MiniGraph graph=view scope_query /> }.into_any()
        }
    };
    view! {
        <section class="detail-section">
            <h2>{section.heading}</h2>
            {body}
        </section>
    }
}

/// A valid id that is not a private link service, private endpoint or connection we synced.
#[component]
fn NotInInventory(id: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let portal = portal_url(&id);
    view! {
        <PageHeader title="Resource not in the inventory" summary="Link Center has no private link service, private endpoint or connection with this id." />
        <EmptyState title="Not found" message="It may have been deleted, live in a subscription Link Center cannot read, or be of a type Link Center does not track." />
        <p><code class="mono">{id}</code></p>
        <p><a href=portal target="_blank" rel="noopener noreferrer external">"Look it up in the Azure portal ↗"</a></p>
    }
}

/// Percent-decodes a path segment (`%20` → space); malformed escapes are kept as written.
pub fn decode_path(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_decode_escapes_and_keep_the_rest() {
        assert_eq!(decode_path("rg%20(prod)/a%23b"), "rg (prod)/a#b");
        assert_eq!(decode_path("100%"), "100%");
        assert_eq!(decode_path("%zz"), "%zz");
    }
}
