//! Building ARM requests: URLs from the endpoint, a path and an api-version; links (`nextLink`,
//! polling URLs) accepted only on the endpoint's own origin. Pure: no I/O.

use reqwest::Method;
use serde_json::Value;
use url::Url;

use super::ArmError;

/// One request, before authorization and sending.
#[derive(Clone, Debug, PartialEq)]
pub struct ArmRequest {
    /// HTTP method.
    pub method: Method,
    /// Absolute URL, api-version included.
    pub url: Url,
    /// JSON body for PUT/POST.
    pub body: Option<Value>,
}

impl ArmRequest {
    /// A request to `path` (e.g. `/subscriptions/{s}/providers/…`) under `endpoint`.
    pub fn new(
        method: Method,
        endpoint: &Url,
        path: &str,
        api_version: &str,
    ) -> Result<Self, ArmError> {
        let base = endpoint.as_str().trim_end_matches('/');
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        let mut url = Url::parse(&format!("{base}{path}")).map_err(|e| ArmError::Transport {
            url: format!("{base}{path}"),
            message: format!("not a valid URL: {e}"),
        })?;
        set_api_version(&mut url, api_version);
        Ok(Self {
            method,
            url,
            body: None,
        })
    }

    /// A GET of a link ARM handed out, refused unless it is on the endpoint's origin.
    pub fn follow(endpoint: &Url, link: &str) -> Result<Self, ArmError> {
        let url = Url::parse(link).map_err(|e| ArmError::Transport {
            url: link.to_owned(),
            message: format!("not a valid URL: {e}"),
        })?;
        if url.origin() != endpoint.origin() {
            return Err(ArmError::ForeignLink {
                url: link.to_owned(),
                endpoint: endpoint.to_string(),
            });
        }
        Ok(Self {
            method: Method::GET,
            url,
            body: None,
        })
    }

    /// Adds a JSON body.
    pub fn with_body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The subscription the request reads or writes, for its request budget.
    pub fn subscription(&self) -> Option<String> {
        let mut segments = self.url.path_segments()?;
        while let Some(segment) = segments.next() {
            if segment.eq_ignore_ascii_case("subscriptions") {
                return segments
                    .next()
                    .filter(|s| !s.is_empty())
                    .map(str::to_ascii_lowercase);
            }
        }
        None
    }
}

fn set_api_version(url: &mut Url, api_version: &str) {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("api-version"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut pairs = url.query_pairs_mut();
    pairs.clear();
    pairs.append_pair("api-version", api_version);
    for (k, v) in kept {
        pairs.append_pair(&k, &v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn paths_join_the_endpoint_with_its_base_path() {
        let plain = ArmRequest::new(
            Method::GET,
            &endpoint("https://management.azure.com"),
            "/subscriptions",
            "2022-12-01",
        )
        .unwrap();
        assert_eq!(
            plain.url.as_str(),
            "https://management.azure.com/subscriptions?api-version=2022-12-01"
        );
        let based = ArmRequest::new(
            Method::GET,
            &endpoint("http://127.0.0.1:9000/arm/"),
            "subscriptions/s",
            "v",
        )
        .unwrap();
        assert_eq!(
            based.url.as_str(),
            "http://127.0.0.1:9000/arm/subscriptions/s?api-version=v"
        );
        assert_eq!(based.subscription().as_deref(), Some("s"));
    }

    #[test]
    fn links_are_followed_only_on_our_origin() {
        let ours = endpoint("http://127.0.0.1:9000");
        assert!(
            ArmRequest::follow(
                &ours,
                "http://127.0.0.1:9000/subscriptions?api-version=v&$skiptoken=2"
            )
            .is_ok()
        );
        let foreign = ArmRequest::follow(&ours, "http://evil.example/subscriptions").unwrap_err();
        assert!(matches!(foreign, ArmError::ForeignLink { .. }));
        assert!(
            ArmRequest::follow(&ours, "http://127.0.0.1:9001/x").is_err(),
            "another port is another origin"
        );
    }

    #[test]
    fn the_subscription_is_read_from_the_path_ignoring_case() {
        let r = ArmRequest::new(
            Method::GET,
            &endpoint("http://h"),
            "/SUBSCRIPTIONS/AbC/resourceGroups/rg",
            "v",
        )
        .unwrap();
        assert_eq!(r.subscription().as_deref(), Some("abc"));
        let none = ArmRequest::new(
            Method::POST,
            &endpoint("http://h"),
            "/providers/Microsoft.ResourceGraph/resources",
            "v",
        )
        .unwrap();
        assert_eq!(none.subscription(), None);
    }
}
