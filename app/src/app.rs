//! The document shell and the router: every page renders inside `Layout`.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::{Layout, theme};
use crate::pages::{
    AuditPage, ChangesPage, ConfirmPage, ConnectionsPage, EndpointsPage, FindingsPage, GraphPage,
    NotFoundPage, OverviewPage, PendingPage, PoliciesPage, ResourcePage, ServicesPage, SignInPage,
};

/// The HTML document rendered on the server around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::security::set_page_policy();
    let theme = theme::requested_theme();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                <script src="/copy.js" defer></script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: layout, error boundary and routes, all rendered on the server. Pages with
/// data render `Async` (the server waits for their data), so they are complete without
/// JavaScript; their resources are not sent to the browser (islands mode), only island props.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| format!("{page} · Link Center") />
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=OverviewPage ssr=SsrMode::Async />
                    <Route path=path!("/private-link-services") view=ServicesPage ssr=SsrMode::Async />
                    <Route path=path!("/private-endpoints") view=EndpointsPage ssr=SsrMode::Async />
                    <Route path=path!("/pending") view=PendingPage ssr=SsrMode::Async />
                    <Route path=path!("/connections") view=ConnectionsPage ssr=SsrMode::Async />
                    <Route path=path!("/resource/*id") view=ResourcePage ssr=SsrMode::Async />
                    <Route path=path!("/graph") view=GraphPage ssr=SsrMode::Async />
                    <Route path=path!("/changes") view=ChangesPage ssr=SsrMode::Async />
                    <Route path=path!("/findings") view=FindingsPage ssr=SsrMode::Async />
                    <Route path=path!("/policies") view=PoliciesPage ssr=SsrMode::Async />
                    <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/confirm/:action") view=ConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=SignInPage />
                </Routes>
            </Layout>
        </Router>
    }
}
