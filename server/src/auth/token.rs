//! API tokens for automation: `lc_` and 64 hex digits (256 random bits), shown once when made;
//! the store keeps only the secret's SHA-256, so a leaked database names tokens but cannot be
//! used. A token carries a role and may be limited to subscriptions (`TokenScope`); whether a
//! stored token may be used now is `usable`, a pure function of its record and the time.

use std::fmt;

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::Role;

/// What every token starts with, so a leaked one is recognisable (secret scanners, logs).
pub const PREFIX: &str = "lc_";
/// Random bytes in a token.
const RANDOM_BYTES: usize = 32;

/// A token's secret text. `Debug` never shows it; only `expose` does, to print it once.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSecret(String);

impl TokenSecret {
    /// A fresh token from the operating system's random source.
    pub fn generate() -> Self {
        let bytes: [u8; RANDOM_BYTES] = rand::random();
        Self(format!("{PREFIX}{}", hex::encode(bytes)))
    }

    /// The token a client sent, if it has a token's shape (anything else is not looked up).
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.strip_prefix(PREFIX)?;
        (digits.len() == RANDOM_BYTES * 2 && digits.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Self(text.to_ascii_lowercase()))
    }

    /// The SHA-256 of the secret, in hex: what the store keeps and looks up.
    pub fn sha256(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }

    /// The secret itself, to show the user once.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSecret(lc_…redacted)")
    }
}

/// The subscriptions an actor may see and act in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TokenScope {
    /// Every subscription (people, and tokens made without `--subscription`).
    #[default]
    All,
    /// Only these subscriptions (lower-case GUIDs).
    Subscriptions(Vec<String>),
}

impl TokenScope {
    /// A scope from stored text: comma-separated GUIDs, empty for all.
    pub fn from_stored(text: &str) -> Self {
        let subscriptions: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        if subscriptions.is_empty() {
            Self::All
        } else {
            Self::Subscriptions(subscriptions)
        }
    }

    /// The text the store keeps.
    pub fn to_stored(&self) -> String {
        match self {
            Self::All => String::new(),
            Self::Subscriptions(subscriptions) => subscriptions.join(","),
        }
    }

    /// Whether this scope is limited to some subscriptions.
    pub fn is_limited(&self) -> bool {
        matches!(self, Self::Subscriptions(_))
    }

    /// Whether `subscription` (a GUID, any case) is in scope.
    pub fn allows(&self, subscription: &str) -> bool {
        match self {
            Self::All => true,
            Self::Subscriptions(mine) => mine.iter().any(|s| s.eq_ignore_ascii_case(subscription)),
        }
    }

    /// The subscriptions a list asked for (`asked`, empty for all) narrowed to this scope:
    /// `None` when none of those asked is in scope (the answer is empty), else the filter to
    /// apply (empty only for an unlimited scope asked for all).
    pub fn narrow(&self, asked: &[String]) -> Option<Vec<String>> {
        match self {
            Self::All => Some(asked.to_vec()),
            Self::Subscriptions(mine) if asked.is_empty() => Some(mine.clone()),
            Self::Subscriptions(_) => {
                let kept: Vec<String> = asked.iter().filter(|s| self.allows(s)).cloned().collect();
                (!kept.is_empty()).then_some(kept)
            }
        }
    }
}

impl fmt::Display for TokenScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::All => f.write_str("all subscriptions"),
            Self::Subscriptions(subscriptions) => f.write_str(&subscriptions.join(", ")),
        }
    }
}

/// A stored token as the identity layer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenGrant {
    /// The store's id (to record its use).
    pub id: i64,
    /// Its name, as the audit records it.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Where it may see and act.
    pub scope: TokenScope,
    /// When it stops working; `None`: never.
    pub expires_at: Option<OffsetDateTime>,
    /// When it was revoked.
    pub revoked_at: Option<OffsetDateTime>,
    /// When it was last used.
    pub last_used_at: Option<OffsetDateTime>,
}

/// Why a token is refused (each is a 401 that says so).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenRefusal {
    /// Not a token this server made (or deleted with its database).
    #[error("the API token is not known here")]
    Unknown,
    /// Revoked.
    #[error("the API token '{name}' was revoked at {at}")]
    Revoked {
        /// Its name.
        name: String,
        /// When.
        at: String,
    },
    /// Past its expiry.
    #[error("the API token '{name}' expired at {at}: create a new one")]
    Expired {
        /// Its name.
        name: String,
        /// When.
        at: String,
    },
}

/// Whether `grant` may be used at `now`.
pub fn usable(grant: &TokenGrant, now: OffsetDateTime) -> Result<(), TokenRefusal> {
    if let Some(at) = grant.revoked_at {
        return Err(TokenRefusal::Revoked {
            name: grant.name.clone(),
            at: rfc3339(at),
        });
    }
    match grant.expires_at {
        Some(at) if at <= now => Err(TokenRefusal::Expired {
            name: grant.name.clone(),
            at: rfc3339(at),
        }),
        _ => Ok(()),
    }
}

/// How often a token's last use is written: more often is noise and disk writes.
pub const LAST_USED_RESOLUTION: time::Duration = time::Duration::minutes(1);

/// Whether a use at `now` should be recorded as the token's last use.
pub fn record_use(grant: &TokenGrant, now: OffsetDateTime) -> bool {
    grant
        .last_used_at
        .is_none_or(|last| now - last >= LAST_USED_RESOLUTION)
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(unix: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(unix).unwrap()
    }

    fn grant() -> TokenGrant {
        TokenGrant {
            id: 1,
            name: "deploy-pipeline".into(),
            role: Role::Approver,
            scope: TokenScope::All,
            expires_at: Some(at(1798675200)),
            revoked_at: None,
            last_used_at: None,
        }
    }

    #[test]
    fn a_generated_token_parses_and_its_hash_is_stable() {
        let token = TokenSecret::generate();
        assert!(token.expose().starts_with("lc_"));
        assert_eq!(token.expose().len(), 67);
        let again = TokenSecret::parse(token.expose()).unwrap();
        assert_eq!(again.sha256(), token.sha256());
        assert_ne!(TokenSecret::generate().sha256(), token.sha256());
        assert!(!format!("{token:?}").contains(&token.expose()[3..]));
    }

    #[test]
    fn text_without_a_token_shape_is_not_a_token() {
        for text in [
            "",
            "lc_",
            "lc_abc",
            "xx_0000",
            &format!("lc_{}", "g".repeat(64)),
        ] {
            assert_eq!(TokenSecret::parse(text), None, "{text}");
        }
    }

    #[test]
    fn revoked_and_expired_tokens_are_refused_with_their_name() {
        let now = at(1796292000);
        assert_eq!(usable(&grant(), now), Ok(()));
        let expired = TokenGrant {
            expires_at: Some(at(1796083200)),
            ..grant()
        };
        assert!(
            matches!(usable(&expired, now), Err(TokenRefusal::Expired { name, .. }) if name == "deploy-pipeline")
        );
        let revoked = TokenGrant {
            revoked_at: Some(at(1796169600)),
            ..grant()
        };
        assert!(matches!(
            usable(&revoked, now),
            Err(TokenRefusal::Revoked { .. })
        ));
        let forever = TokenGrant {
            expires_at: None,
            ..grant()
        };
        assert_eq!(usable(&forever, at(253370764800)), Ok(()));
    }

    #[test]
    fn a_scope_narrows_what_a_list_asks_for() {
        let one = TokenScope::from_stored("AAAA-1, bbbb-2");
        assert_eq!(one.to_stored(), "aaaa-1,bbbb-2");
        assert_eq!(
            one.narrow(&[]),
            Some(vec!["aaaa-1".into(), "bbbb-2".into()])
        );
        assert_eq!(
            one.narrow(&["BBBB-2".into(), "cccc-3".into()]),
            Some(vec!["BBBB-2".into()])
        );
        assert_eq!(one.narrow(&["cccc-3".into()]), None);
        assert!(one.allows("AAAA-1") && !one.allows("cccc-3"));
        assert_eq!(TokenScope::All.narrow(&[]), Some(vec![]));
        assert_eq!(TokenScope::from_stored(""), TokenScope::All);
    }

    #[test]
    fn last_use_is_recorded_at_most_once_a_minute() {
        let now = at(1796292000);
        assert!(record_use(&grant(), now));
        let recent = TokenGrant {
            last_used_at: Some(now - time::Duration::seconds(30)),
            ..grant()
        };
        assert!(!record_use(&recent, now));
        assert!(record_use(&recent, now + time::Duration::seconds(31)));
    }
}
