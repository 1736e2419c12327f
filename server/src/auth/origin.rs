//! `check_origin`: a state-changing request must come from our own pages (or from a tool that is
//! not a browser). Browsers say where a request comes from in `Sec-Fetch-Site` and `Origin`; a
//! cross-site POST is refused, so another site cannot make a signed-in user's browser act.

use http::HeaderMap;

/// A request from another site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    /// `Sec-Fetch-Site` says another site.
    #[error("cross-site request refused (Sec-Fetch-Site: {0})")]
    CrossSite(String),
    /// `Origin` names another host.
    #[error("request from another origin refused ({origin} is not {host})")]
    OtherOrigin {
        /// The `Origin` header.
        origin: String,
        /// Our `Host`.
        host: String,
    },
}

/// Refuses a request a browser sent from another site. Requests without either header (API
/// clients such as curl) pass: browsers always send `Origin` on a cross-site POST.
pub fn check_origin(headers: &HeaderMap) -> Result<(), OriginError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(site) = header("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return Err(OriginError::CrossSite(site.to_owned()));
    }
    if let Some(origin) = header("origin") {
        let host = header("host").unwrap_or_default();
        let origin_host = origin
            .split_once("://")
            .map_or(origin, |(_, rest)| rest)
            .trim_end_matches('/');
        if origin == "null" || !origin_host.eq_ignore_ascii_case(host) {
            return Err(OriginError::OtherOrigin {
                origin: origin.to_owned(),
                host: host.to_owned(),
            });
        }
    }
    Ok(())
}
