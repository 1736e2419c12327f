//! `SiteOrigins`: which `Host` and `Origin` values name this server. In `--auth local` a page
//! served from another name that resolves to 127.0.0.1 (DNS rebinding) must neither read nor
//! act, so only the listen address, `localhost` and the loopback literals on our port are this
//! server's hosts. Behind a proxy (which may rewrite `Host`) the origin users open is
//! `--public-url`. A state-changing request must come from that origin (or from a tool that is
//! not a browser: browsers always send `Origin` or `Sec-Fetch-Site` on a cross-site POST).

use std::net::SocketAddr;

use http::{HeaderMap, Uri};
use url::Url;

/// A request that does not come from this server's own pages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    /// `Host` names another server (421 Misdirected Request).
    #[error(
        "this server does not answer to the host '{0}': open it as {1} (another name resolving to this machine is refused)"
    )]
    OtherHost(String, String),
    /// `Sec-Fetch-Site` says another site.
    #[error("cross-site request refused (Sec-Fetch-Site: {0})")]
    CrossSite(String),
    /// `Origin` names another origin.
    #[error("request from another origin refused ({origin} is not {ours})")]
    OtherOrigin {
        /// The `Origin` header.
        origin: String,
        /// Our origin.
        ours: String,
    },
}

impl OriginError {
    /// The HTTP status: 421 for a foreign host, 403 for a foreign origin.
    pub fn status(&self) -> u16 {
        match self {
            Self::OtherHost(..) => 421,
            Self::CrossSite(_) | Self::OtherOrigin { .. } => 403,
        }
    }

    /// The API error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::OtherHost(..) => "MisdirectedRequest",
            Self::CrossSite(_) | Self::OtherOrigin { .. } => "CrossSiteRequest",
        }
    }
}

/// The hosts and origins of this server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteOrigins {
    /// `host[:port]` values a request's `Host` must be one of (lower case); empty: any host.
    hosts: Vec<String>,
    /// `scheme://host[:port]` values a state-changing request's `Origin` must be one of.
    origins: Vec<String>,
}

impl SiteOrigins {
    /// `--auth local` on `addr`: the listen address, `localhost`, `127.0.0.1` and `[::1]` on its
    /// port, over http. Every request's `Host` is checked.
    pub fn local(addr: SocketAddr) -> Self {
        let port = addr.port();
        let listen = match addr {
            SocketAddr::V4(v4) => v4.ip().to_string(),
            SocketAddr::V6(v6) => format!("[{}]", v6.ip()),
        };
        let mut names = vec![listen];
        for name in ["localhost", "127.0.0.1", "[::1]"] {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        let mut hosts: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
        if port == 80 {
            hosts.extend(names.iter().cloned());
        }
        let origins = names
            .iter()
            .map(|n| match port {
                80 => format!("http://{n}"),
                _ => format!("http://{n}:{port}"),
            })
            .collect();
        Self { hosts, origins }
    }

    /// Behind a proxy or with a sign-in of our own: the one origin users open, `public`. `Host`
    /// is not checked (a proxy may rewrite it).
    pub fn public(public: &Url) -> Self {
        Self {
            hosts: Vec::new(),
            origins: vec![public.origin().ascii_serialization().to_ascii_lowercase()],
        }
    }

    /// The origin users should open, for messages.
    pub fn preferred(&self) -> &str {
        self.origins.first().map_or("", String::as_str)
    }

    /// Refuses a request whose `Host` (or HTTP/2 authority) is not one of ours.
    pub fn check_host(&self, headers: &HeaderMap, uri: &Uri) -> Result<(), OriginError> {
        if self.hosts.is_empty() {
            return Ok(());
        }
        let host = headers
            .get(http::header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| uri.authority().map(|a| a.as_str()))
            .unwrap_or_default()
            .trim();
        if self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            Ok(())
        } else {
            Err(OriginError::OtherHost(
                host.to_owned(),
                self.preferred().to_owned(),
            ))
        }
    }

    /// Refuses a state-changing request a browser sent from another site or origin. Requests
    /// without either header (API clients such as curl) pass.
    pub fn check_origin(&self, headers: &HeaderMap) -> Result<(), OriginError> {
        let header = |name: &str| {
            headers
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
        };
        if let Some(site) = header("sec-fetch-site")
            && !matches!(site.as_str(), "same-origin" | "none")
        {
            return Err(OriginError::CrossSite(site));
        }
        if let Some(origin) = header("origin") {
            let origin = origin.trim_end_matches('/');
            if !self.origins.iter().any(|o| o.eq_ignore_ascii_case(origin)) {
                return Err(OriginError::OtherOrigin {
                    origin: origin.to_owned(),
                    ours: self.preferred().to_owned(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    fn local() -> SiteOrigins {
        SiteOrigins::local("127.0.0.1:3000".parse().unwrap())
    }

    fn host(value: &str) -> Result<(), OriginError> {
        local().check_host(&headers(&[("host", value)]), &Uri::from_static("/"))
    }

    #[test]
    fn local_mode_answers_only_to_loopback_names_on_its_port() {
        for ours in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST:3000",
            "[::1]:3000",
        ] {
            assert!(host(ours).is_ok(), "{ours}");
        }
        for theirs in [
            "rebind.example:3000",
            "127.0.0.1:3001",
            "localhost",
            "127.0.0.1.nip.io:3000",
            "",
        ] {
            let error = host(theirs).unwrap_err();
            assert_eq!(error.status(), 421, "{theirs}");
            assert!(error.to_string().contains("http://127.0.0.1:3000"));
        }
        let none = local().check_host(&HeaderMap::new(), &Uri::from_static("/"));
        assert!(none.is_err(), "no Host at all is not ours either");
    }

    #[test]
    fn a_page_of_a_rebinding_name_may_not_act_even_with_a_matching_host() {
        let rebound = headers(&[
            ("host", "rebind.example:3000"),
            ("origin", "http://rebind.example:3000"),
        ]);
        assert!(matches!(
            local().check_origin(&rebound),
            Err(OriginError::OtherOrigin { .. })
        ));
        let ours = headers(&[
            ("origin", "http://localhost:3000"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(local().check_origin(&ours).is_ok());
    }

    #[test]
    fn cross_site_posts_are_refused_and_same_origin_or_tools_pass() {
        assert!(
            local()
                .check_origin(&headers(&[
                    ("sec-fetch-site", "same-origin"),
                    ("origin", "http://127.0.0.1:3000")
                ]))
                .is_ok()
        );
        assert!(
            local().check_origin(&HeaderMap::new()).is_ok(),
            "curl sends neither"
        );
        assert_eq!(
            local()
                .check_origin(&headers(&[("sec-fetch-site", "cross-site")]))
                .unwrap_err(),
            OriginError::CrossSite("cross-site".into())
        );
        let evil = local()
            .check_origin(&headers(&[("origin", "https://evil.example")]))
            .unwrap_err();
        assert_eq!(evil.status(), 403);
        assert!(
            local()
                .check_origin(&headers(&[("sec-fetch-site", "same-site")]))
                .is_err()
        );
        assert!(
            local()
                .check_origin(&headers(&[("origin", "null")]))
                .is_err()
        );
    }

    #[test]
    fn behind_a_proxy_the_public_url_is_the_origin_whatever_the_host() {
        let site = SiteOrigins::public(&"https://LinkCenter.example.com/".parse().unwrap());
        let rewritten = headers(&[("host", "10.0.0.12:8080")]);
        assert!(
            site.check_host(&rewritten, &Uri::from_static("/")).is_ok(),
            "a proxy may rewrite Host"
        );
        assert!(
            site.check_origin(&headers(&[("origin", "https://linkcenter.example.com")]))
                .is_ok()
        );
        assert!(
            site.check_origin(&headers(&[("origin", "http://linkcenter.example.com")]))
                .is_err(),
            "another scheme is another origin"
        );
        assert!(
            site.check_origin(&headers(&[("origin", "http://10.0.0.12:8080")]))
                .is_err()
        );
    }

    #[test]
    fn a_listen_address_on_ipv6_or_port_80_is_named_as_browsers_send_it() {
        let v6 = SiteOrigins::local("[::1]:8080".parse().unwrap());
        assert!(
            v6.check_host(&headers(&[("host", "[::1]:8080")]), &Uri::from_static("/"))
                .is_ok()
        );
        assert!(
            v6.check_origin(&headers(&[("origin", "http://localhost:8080")]))
                .is_ok()
        );
        let eighty = SiteOrigins::local("127.0.0.1:80".parse().unwrap());
        assert!(
            eighty
                .check_host(&headers(&[("host", "localhost")]), &Uri::from_static("/"))
                .is_ok()
        );
        assert!(
            eighty
                .check_origin(&headers(&[("origin", "http://localhost")]))
                .is_ok()
        );
    }
}
