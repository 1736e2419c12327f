//! `--auth oidc` against the OpenID provider, with the maintained `openidconnect` crate:
//! discovery at start (the provider's endpoints and signing keys), the authorization request
//! (code flow with PKCE, `state` and `nonce`), and at the callback the code exchange and the ID
//! token's verification — signature by the provider's keys (fetched again once when a token is
//! signed with a key not known yet: the provider rotated them), issuer, audience, expiry and
//! nonce — before its claims say who signed in (`auth::signed_in`). HTTP goes through our
//! reqwest client, which follows no redirects. The provider's end-session endpoint, when it
//! has one, ends the sign-in there too at logout.

use std::sync::Arc;

use arc_swap::ArcSwap;
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use url::Url;

use crate::auth::{ClaimsError, OidcSettings, PendingLogin, SignedIn, signed_in};

/// The path the provider sends users back to.
pub const CALLBACK_PATH: &str = "/auth/callback";

/// What can go wrong with the provider; none of it names a secret.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The provider's discovery document or keys cannot be read.
    #[error("cannot read the OpenID provider's configuration at {issuer}: {reason}")]
    Discovery {
        /// The issuer.
        issuer: String,
        /// Why.
        reason: String,
    },
    /// The code could not be exchanged.
    #[error("the OpenID provider refused the sign-in: {0}")]
    Exchange(String),
    /// The token response held no ID token.
    #[error("the OpenID provider sent no ID token")]
    NoIdToken,
    /// The ID token did not verify (signature, issuer, audience, expiry, nonce).
    #[error("the ID token is not valid: {0}")]
    Invalid(String),
    /// The claims name nobody Link Center can give a role to.
    #[error("{0}")]
    Claims(#[from] ClaimsError),
}

/// A sign-in to start: where to send the browser, and what to keep until it comes back.
#[derive(Debug)]
pub struct Authorization {
    /// The provider's authorization URL.
    pub url: Url,
    /// The `state` (also the key of the sign-in under way).
    pub state: String,
    /// The PKCE verifier.
    pub verifier: String,
    /// The nonce.
    pub nonce: String,
}

/// The OpenID provider, as discovered.
#[derive(Debug)]
pub struct Provider {
    settings: OidcSettings,
    http: reqwest::Client,
    metadata: ArcSwap<CoreProviderMetadata>,
    end_session: Option<Url>,
}

impl Provider {
    /// Reads the provider's configuration and keys.
    pub async fn discover(settings: &OidcSettings) -> Result<Arc<Self>, OidcError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .map_err(|e| discovery(settings, &e))?;
        let metadata = fetch_metadata(settings, &http).await?;
        // RP-initiated logout's endpoint is not among the crate's core metadata: read it from
        // the same document.
        let document = settings.issuer.as_str().trim_end_matches('/').to_owned()
            + "/.well-known/openid-configuration";
        let end_session = match http.get(&document).send().await {
            Ok(response) => response
                .json::<serde_json::Value>()
                .await
                .ok()
                .and_then(|d| d["end_session_endpoint"].as_str().map(str::to_owned))
                .and_then(|u| Url::parse(&u).ok()),
            Err(_) => None,
        };
        Ok(Arc::new(Self {
            settings: settings.clone(),
            http,
            metadata: ArcSwap::from_pointee(metadata),
            end_session,
        }))
    }

    /// The redirect URI registered at the provider: `PUBLIC-URL/auth/callback`.
    pub fn redirect_uri(&self) -> String {
        self.settings
            .public_url
            .as_str()
            .trim_end_matches('/')
            .to_owned()
            + CALLBACK_PATH
    }

    /// A new authorization request.
    pub fn authorize(&self) -> Result<Authorization, OidcError> {
        let client = self.client(&self.metadata.load())?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".to_owned()))
            .add_scope(Scope::new("email".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Authorization {
            url,
            state: state.secret().clone(),
            verifier: verifier.secret().clone(),
            nonce: nonce.secret().clone(),
        })
    }

    /// Exchanges `code` of the sign-in `login` and verifies the ID token: who signed in, and
    /// the ID token (for the provider's logout).
    pub async fn sign_in(
        &self,
        code: String,
        login: &PendingLogin,
    ) -> Result<(SignedIn, String), OidcError> {
        let client = self.client(&self.metadata.load())?;
        let http = self.http.clone();
        let send = move |request: openidconnect::HttpRequest| {
            let http = http.clone();
            async move { send(&http, request).await }
        };
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Exchange(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(login.verifier.clone()))
            .request_async(&send)
            .await
            .map_err(|e| OidcError::Exchange(crate::error_text::chain(&e)))?;
        let id_token = response.id_token().ok_or(OidcError::NoIdToken)?;
        let nonce = Nonce::new(login.nonce.clone());
        if let Err(error) = id_token.claims(&client.id_token_verifier(), &nonce) {
            // Signed with a key we do not have yet: the provider rotated its keys.
            if !matches!(
                error,
                openidconnect::ClaimsVerificationError::SignatureVerification(_)
            ) {
                return Err(OidcError::Invalid(error.to_string()));
            }
            let fresh = fetch_metadata(&self.settings, &self.http).await?;
            let client = self.client(&fresh)?;
            id_token
                .claims(&client.id_token_verifier(), &nonce)
                .map_err(|e| OidcError::Invalid(e.to_string()))?;
            self.metadata.store(Arc::new(fresh));
        }
        let jwt = id_token.to_string();
        let claims = payload(&jwt).ok_or_else(|| OidcError::Invalid("unreadable claims".into()))?;
        Ok((signed_in(&claims)?, jwt))
    }

    /// The origin of the provider's end-session endpoint, when it has one (the Sign out form's
    /// redirect goes there, so the pages' CSP names it).
    pub fn end_session_origin(&self) -> Option<String> {
        self.end_session
            .as_ref()
            .map(|u| u.origin().ascii_serialization())
    }

    /// Where to send the browser to end the sign-in at the provider too, when it can.
    pub fn logout_url(&self, id_token: &str) -> Option<Url> {
        let mut url = self.end_session.clone()?;
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token)
            .append_pair(
                "post_logout_redirect_uri",
                self.settings.public_url.as_str(),
            )
            .append_pair("client_id", &self.settings.client_id);
        Some(url)
    }

    fn client(
        &self,
        metadata: &CoreProviderMetadata,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        OidcError,
    > {
        let redirect = RedirectUrl::new(self.redirect_uri())
            .map_err(|e| OidcError::Invalid(format!("bad redirect URI: {e}")))?;
        Ok(CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            self.settings
                .client_secret
                .as_ref()
                .map(|s| ClientSecret::new(s.expose().to_owned())),
        )
        .set_redirect_uri(redirect))
    }
}

async fn fetch_metadata(
    settings: &OidcSettings,
    http: &reqwest::Client,
) -> Result<CoreProviderMetadata, OidcError> {
    let issuer = IssuerUrl::new(settings.issuer.as_str().trim_end_matches('/').to_owned())
        .map_err(|e| discovery(settings, &e))?;
    let http = http.clone();
    let send = move |request: openidconnect::HttpRequest| {
        let http = http.clone();
        async move { send(&http, request).await }
    };
    CoreProviderMetadata::discover_async(issuer, &send)
        .await
        .map_err(|e| discovery(settings, &e))
}

fn discovery(settings: &OidcSettings, error: &dyn std::error::Error) -> OidcError {
    OidcError::Discovery {
        issuer: settings.issuer.to_string(),
        reason: crate::error_text::chain(error),
    }
}

/// One request of the crate through our reqwest client.
async fn send(
    http: &reqwest::Client,
    request: openidconnect::HttpRequest,
) -> Result<openidconnect::HttpResponse, reqwest::Error> {
    let (parts, body) = request.into_parts();
    let response = http
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await?;
    let mut answer = http::Response::builder().status(response.status());
    if let Some(headers) = answer.headers_mut() {
        *headers = response.headers().clone();
    }
    let body = response.bytes().await?.to_vec();
    Ok(answer
        .body(body)
        .unwrap_or_else(|_| http::Response::new(Vec::new())))
}

/// The claims of a JWT whose signature was verified.
fn payload(jwt: &str) -> Option<serde_json::Value> {
    let encoded = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jwt_payload_reads_as_its_claims() {
        let body = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"sub":"s1","name":"Ada"}"#);
        let claims = payload(&format!("eyJhbGciOiJSUzI1NiJ9.{body}.c2ln")).unwrap();
        assert_eq!(claims["name"], "Ada");
        assert_eq!(payload("not-a-jwt"), None);
    }
}
