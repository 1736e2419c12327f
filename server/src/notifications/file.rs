//! The notifications file (`--notifications FILE`): its YAML read into a `NotificationSet`,
//! refused with `FILE:LINE:COL: what is wrong` as the policies file is — an unknown field, a
//! bad value, a target type other than `webhook`, `teams`, `slack`, an event no one sends, a
//! URL that is not `https://` (or `http://` on loopback, for tests), a `secretEnv` naming a
//! variable that is not set, two targets of one name. Pure but for `read` and the environment.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use crate::config::Secret;
use crate::policies::conditions::{NameGlob, OneOrMany};
use crate::policies::file::{located, name_position};

/// The targets notifications go to.
#[derive(Clone, Debug, PartialEq)]
pub struct NotificationSet {
    /// The file, as named on the command line.
    pub path: String,
    /// Its targets, in order.
    pub targets: Vec<Target>,
}

/// What a target receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EventKind {
    /// A new Pending request.
    Pending,
    /// A request Pending for longer than the long-pending finding says.
    LongPending,
    /// An approval policy approved or rejected a connection.
    PolicyAction,
    /// A person approved, rejected or removed a connection (in Link Center or outside).
    Approval,
    /// A private link service lost connections (a loss finding).
    Loss,
    /// A subscription failed to sync several times in a row.
    SyncFailing,
}

impl EventKind {
    /// The name the file and the messages use.
    pub fn key(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::LongPending => "longPending",
            Self::PolicyAction => "policyAction",
            Self::Approval => "approval",
            Self::Loss => "loss",
            Self::SyncFailing => "syncFailing",
        }
    }
}

/// Where a target is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetType {
    /// A JSON body signed with HMAC-SHA256 (`X-LinkCenter-Signature`).
    Webhook,
    /// A Microsoft Teams Workflows webhook: an Adaptive Card.
    Teams,
    /// A Slack incoming webhook: blocks.
    Slack,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    #[serde(default)]
    notifications: Vec<TargetDocument>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TargetDocument {
    name: String,
    #[serde(rename = "type")]
    kind: TargetType,
    url: String,
    #[serde(default)]
    secret_env: Option<String>,
    events: Vec<EventKind>,
    #[serde(default)]
    when: When,
}

/// Which events of its kinds a target receives; every condition given must hold.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct When {
    /// The service's subscription is one of these (GUIDs, any case).
    #[serde(default)]
    pub subscription: OneOrMany<String>,
    /// The service's name matches this glob.
    #[serde(default)]
    pub service: Option<NameGlob>,
}

/// One target.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// Its name, unique in the file (the delivery log names it).
    pub name: String,
    /// Webhook, Teams or Slack.
    pub kind: TargetType,
    /// Where to post.
    pub url: url::Url,
    /// The webhook's signing secret, read from `secretEnv` (never logged).
    pub secret: Option<Secret>,
    /// The events it receives.
    pub events: Vec<EventKind>,
    /// Which of them.
    pub when: When,
}

impl When {
    /// Whether an event about `service` (its subscription and name) is wanted.
    pub fn matches(&self, subscription: &str, service: &str) -> bool {
        let subscriptions = self.subscription.values();
        (subscriptions.is_empty()
            || subscriptions
                .iter()
                .any(|s| s.eq_ignore_ascii_case(subscription)))
            && self
                .service
                .as_ref()
                .is_none_or(|glob| glob.matches(service))
    }
}

/// Why a notifications file was refused: the policies file's error, the same messages.
pub use crate::policies::PolicyFileError as NotificationFileError;

impl NotificationSet {
    /// Reads and checks the file at `path`, its secrets from the environment.
    pub fn read(path: &Path) -> Result<Self, NotificationFileError> {
        let label = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| NotificationFileError::Unreadable {
                path: label.clone(),
                reason: e.to_string(),
            })?;
        Self::parse(&label, &text, &|name| std::env::var(name).ok())
    }

    /// Checks the text of a file named `path`; `env` reads an environment variable.
    pub fn parse(
        path: &str,
        text: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, NotificationFileError> {
        let invalid =
            |(line, column): (usize, usize), message: String| NotificationFileError::Invalid {
                path: path.to_owned(),
                line,
                column,
                message,
            };
        let document: Document = yaml_serde::from_str(text).map_err(|error| {
            let (line, column, message) = located(text, &error);
            invalid((line, column), message)
        })?;
        let mut seen = HashSet::new();
        let mut targets = Vec::with_capacity(document.notifications.len());
        for (index, target) in document.notifications.into_iter().enumerate() {
            let occurrence = 1 + targets
                .iter()
                .filter(|t: &&Target| t.name == target.name)
                .count();
            let at = name_position(text, &target.name, occurrence);
            let name = target.name.trim();
            if name.is_empty() {
                return Err(invalid(at, format!("notifications[{index}] needs a name")));
            }
            if !seen.insert(name.to_ascii_lowercase()) {
                return Err(invalid(
                    at,
                    format!("a second target named '{name}': names must be unique"),
                ));
            }
            let url = checked_url(&target.url)
                .map_err(|why| invalid(at, format!("target '{name}': url {why}")))?;
            if target.events.is_empty() {
                return Err(invalid(
                    at,
                    format!(
                        "target '{name}': events is empty: name at least one of pending, longPending, policyAction, approval, loss, syncFailing"
                    ),
                ));
            }
            let secret = match (&target.secret_env, target.kind) {
                (Some(variable), _) => Some(Secret::new(env(variable).ok_or_else(|| {
                    invalid(
                        at,
                        format!(
                            "target '{name}': secretEnv {variable} is not set in the environment"
                        ),
                    )
                })?)),
                (None, TargetType::Webhook) => {
                    return Err(invalid(
                        at,
                        format!(
                            "target '{name}': a webhook needs secretEnv (the receiver checks X-LinkCenter-Signature with it)"
                        ),
                    ));
                }
                (None, _) => None,
            };
            targets.push(Target {
                name: name.to_owned(),
                kind: target.kind,
                url,
                secret,
                events: target.events,
                when: target.when,
            });
        }
        Ok(Self {
            path: path.to_owned(),
            targets,
        })
    }
}

/// A target URL: `https://`, or `http://` to a loopback address.
fn checked_url(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text).map_err(|e| format!("'{text}' is not a URL: {e}"))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(domain)) => domain == "localhost",
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(format!(
            "'{text}' must be https:// (http:// only to 127.0.0.1, for tests)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "notifications:
  - name: platform-webhook
    type: webhook
    url: https://hooks.example.com/linkcenter
    secretEnv: LINKCENTER_HOOK_SECRET
    events: [pending, longPending, policyAction, approval, loss, syncFailing]
    when: { subscription: [\"6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51\"], service: \"my*\" }
  - name: team-chat
    type: teams
    url: https://contoso.webhook.office.com/workflows/abc
    events: [pending]
";

    fn env(name: &str) -> Option<String> {
        (name == "LINKCENTER_HOOK_SECRET").then(|| "s3cret".to_owned())
    }

    fn refused(text: &str) -> (usize, usize, String) {
        match NotificationSet::parse("n.yaml", text, &env).unwrap_err() {
            NotificationFileError::Invalid {
                line,
                column,
                message,
                ..
            } => (line, column, message),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn the_issue_s_example_is_read_with_its_secret_from_the_environment() {
        let set = NotificationSet::parse("n.yaml", GOOD, &env).unwrap();
        assert_eq!(set.targets.len(), 2);
        let hook = &set.targets[0];
        assert_eq!(hook.kind, TargetType::Webhook);
        assert_eq!(hook.secret.as_ref().unwrap().expose(), "s3cret");
        assert!(
            !format!("{hook:?}").contains("s3cret"),
            "the secret is not in Debug"
        );
        assert_eq!(hook.events.len(), 6);
        assert!(
            hook.when
                .matches("6F1C2D3E-4A5B-4C6D-8E7F-0A1B2C3D4E51", "myPLS")
        );
        assert!(
            !hook
                .when
                .matches("6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51", "orders")
        );
        assert!(
            !hook
                .when
                .matches("2c7e9a1b-3d5f-4a6b-8c0d-e1f2a3b4c5d6", "myPLS")
        );
        assert!(
            set.targets[1].when.matches("any", "any"),
            "no condition: every event"
        );
    }

    #[test]
    fn mistakes_are_refused_at_their_line_and_column() {
        let (line, column, message) = refused(&GOOD.replace("type: teams", "type: pager"));
        assert_eq!((line, column), (9, 11), "{message}");
        assert!(message.contains("pager"), "{message}");
        let (line, _, message) = refused(&GOOD.replace("[pending]", "[pending, later]"));
        assert_eq!(line, 11, "{message}");
        assert!(message.contains("later"), "{message}");
        let (line, column, message) = refused(&GOOD.replace("team-chat", "platform-webhook"));
        assert_eq!((line, column), (8, 11));
        assert!(message.contains("unique"), "{message}");
        let (_, _, message) = refused(&GOOD.replace("https://contoso", "http://contoso"));
        assert!(message.contains("must be https://"), "{message}");
        let (line, _, message) = refused(&GOOD.replace("LINKCENTER_HOOK_SECRET", "UNSET_VARIABLE"));
        assert_eq!(line, 2);
        assert!(message.contains("UNSET_VARIABLE is not set"), "{message}");
        assert!(!message.contains("s3cret"));
        let (_, _, message) = refused(&GOOD.replace("    secretEnv: LINKCENTER_HOOK_SECRET\n", ""));
        assert!(message.contains("needs secretEnv"), "{message}");
        let (_, _, message) =
            refused(&GOOD.replace("    url: https://contoso", "    urls: https://contoso"));
        assert!(message.contains("urls"), "{message}");
    }

    #[test]
    fn loopback_http_is_allowed_for_tests() {
        assert!(checked_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(checked_url("http://localhost/hook").is_ok());
        assert!(checked_url("http://10.0.0.1/hook").is_err());
        assert!(checked_url("ftp://example.com").is_err());
    }
}
