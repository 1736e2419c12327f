//! Bearer tokens for ARM: a static token (emulators, fixtures) or an azure_identity credential,
//! cached and refreshed five minutes before it expires. Tokens never reach a log.

use std::sync::Arc;

use azure_core::credentials::TokenCredential;
use time::{Duration as TimeDuration, OffsetDateTime};
use tokio::sync::Mutex;

use super::ArmError;
use crate::config::{AzureAuth, Secret};

/// The scope of Azure Resource Manager tokens.
pub const ARM_SCOPE: &str = "https://management.azure.com/.default";

/// How long before expiry a cached token is replaced.
const REFRESH_MARGIN: TimeDuration = TimeDuration::minutes(5);

/// Where tokens come from.
#[derive(Clone)]
pub enum Authorizer {
    /// The same token every time.
    Static(Secret),
    /// An azure_identity credential with a cache.
    Credential(Arc<CachedCredential>),
}

impl std::fmt::Debug for Authorizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Static(_) => f.write_str("Authorizer::Static(***)"),
            Self::Credential(c) => write!(f, "Authorizer::Credential({})", c.mode),
        }
    }
}

/// A credential and its last token.
pub struct CachedCredential {
    credential: Arc<dyn TokenCredential>,
    mode: &'static str,
    cache: Mutex<Option<(Secret, OffsetDateTime)>>,
}

impl Authorizer {
    /// The credential for `--azure-auth`, configured from azure_identity's usual environment
    /// (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, `AZURE_FEDERATED_TOKEN_FILE`).
    pub fn azure(mode: AzureAuth) -> Result<Self, ArmError> {
        use azure_identity::{
            AzureCliCredential, ClientSecretCredential, ManagedIdentityCredential,
            WorkloadIdentityCredential,
        };
        let failed = |e: azure_core::Error| ArmError::Auth(format!("{mode:?} credential: {e}"));
        let (credential, name): (Arc<dyn TokenCredential>, &'static str) = match mode {
            AzureAuth::Workload => (
                WorkloadIdentityCredential::new(None).map_err(failed)?,
                "workload",
            ),
            AzureAuth::Managed => (
                ManagedIdentityCredential::new(None).map_err(failed)?,
                "managed",
            ),
            AzureAuth::Cli => (AzureCliCredential::new(None).map_err(failed)?, "cli"),
            AzureAuth::Secret => {
                let var = |name: &str| {
                    std::env::var(name)
                        .ok()
                        .filter(|v| !v.is_empty())
                        .ok_or_else(|| {
                            ArmError::Auth(format!(
                                "--azure-auth secret needs the environment variable {name}"
                            ))
                        })
                };
                let (tenant, client, secret) = (
                    var("AZURE_TENANT_ID")?,
                    var("AZURE_CLIENT_ID")?,
                    var("AZURE_CLIENT_SECRET")?,
                );
                let credential = ClientSecretCredential::new(&tenant, client, secret.into(), None)
                    .map_err(failed)?;
                (credential, "secret")
            }
        };
        Ok(Self::Credential(Arc::new(CachedCredential {
            credential,
            mode: name,
            cache: Mutex::new(None),
        })))
    }

    /// A bearer token for the next request.
    pub async fn token(&self) -> Result<Secret, ArmError> {
        match self {
            Self::Static(token) => Ok(token.clone()),
            Self::Credential(cached) => cached.token().await,
        }
    }
}

impl CachedCredential {
    async fn token(&self) -> Result<Secret, ArmError> {
        let mut cache = self.cache.lock().await;
        if let Some((token, expires)) = cache.as_ref()
            && *expires - OffsetDateTime::now_utc() > REFRESH_MARGIN
        {
            return Ok(token.clone());
        }
        let fresh = self
            .credential
            .get_token(&[ARM_SCOPE], None)
            .await
            .map_err(|e| {
                ArmError::Auth(format!(
                    "{} credential could not get a token: {e}",
                    self.mode
                ))
            })?;
        let token = Secret::new(fresh.token.secret());
        tracing::debug!(mode = self.mode, expires_on = %fresh.expires_on, "got an ARM token");
        *cache = Some((token.clone(), fresh.expires_on));
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorizers_never_print_their_token() {
        let auth = Authorizer::Static(Secret::new("eyJhbGciOi"));
        assert!(!format!("{auth:?}").contains("eyJ"));
    }

    #[test]
    fn the_secret_mode_names_the_missing_variable() {
        // SAFETY of the test: only reads; the variable is unlikely to be set in CI.
        if std::env::var("AZURE_TENANT_ID").is_err() {
            let error = Authorizer::azure(AzureAuth::Secret).unwrap_err();
            assert!(error.to_string().contains("AZURE_TENANT_ID"), "{error}");
        }
    }
}
