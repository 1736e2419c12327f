//! The policies file (`--policies FILE`): its YAML read into a `PolicySet`, refusing a file
//! that does not parse, names unknown fields or holds a bad value with `FILE:LINE:COL: what is
//! wrong`. Checks beyond one value (two policies of one name, a policy that only looks at the
//! request message) point at the policy's `name`. Pure but for `PolicySet::read`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::conditions::{
    Action, MessagePattern, Mode, NameGlob, OneOrMany, PolicyId, TagCondition,
};

/// The policies in force: the file's mode and policies, in order (the first match wins).
#[derive(Clone, Debug, PartialEq)]
pub struct PolicySet {
    /// The file, as named on the command line.
    pub path: String,
    /// SHA-256 of its bytes (hex), quoted in the audit of what a policy did.
    pub hash: String,
    /// Dry-run or enforce.
    pub mode: Mode,
    /// The policies.
    pub policies: Vec<Policy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    policies: Vec<Policy>,
}

/// One policy.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Policy {
    /// Its name, unique in the file; the audit's actor is `policy:<name>`.
    pub name: String,
    /// What it does to a matching Pending connection.
    pub action: Action,
    /// The description sent to Azure: `{profile}`, `{origin}`, `{policy}` are filled in.
    #[serde(default)]
    pub description: Option<String>,
    /// Which connections it matches.
    pub when: When,
    /// How much it may do.
    #[serde(default)]
    pub limits: Limits,
    /// Whether an approver must confirm what it approved.
    #[serde(default)]
    pub require_second_approver: bool,
}

/// The conditions of a policy; every one given must hold.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct When {
    /// The private link service.
    #[serde(default)]
    pub service: Option<ServiceCondition>,
    /// Who asks.
    #[serde(default)]
    pub consumer: Option<ConsumerCondition>,
    /// A regex on the request message: an extra condition, never enough alone.
    #[serde(default)]
    pub request_message: Option<MessagePattern>,
}

/// Which private link service.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServiceCondition {
    /// Its id (any case).
    #[serde(default)]
    pub id: Option<PolicyId>,
    /// Its name, a glob.
    #[serde(default)]
    pub name: Option<NameGlob>,
    /// Its resource group, a glob.
    #[serde(default)]
    pub resource_group: Option<NameGlob>,
    /// Its subscription GUID, or any of several.
    #[serde(default)]
    pub subscription: OneOrMany<String>,
    /// Tags it must have, `key=value` each.
    #[serde(default)]
    pub tag: OneOrMany<TagCondition>,
}

/// Who asks for the connection: exactly one of its forms.
#[derive(Clone, Debug, PartialEq)]
pub enum ConsumerCondition {
    /// A Front Door profile's origin, paired unambiguously with the request.
    FrontDoor(FrontDoorCondition),
    /// A private endpoint in one of these subscriptions or tenants.
    PrivateEndpoint(EndpointCondition),
    /// An endpoint whose subscription Link Center cannot read (`true`; `false` is refused).
    UnknownTenant(bool),
}

/// The consumer condition as written: a map with one of the three keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ConsumerDocument {
    #[serde(default)]
    front_door: Option<FrontDoorCondition>,
    #[serde(default)]
    private_endpoint: Option<EndpointCondition>,
    #[serde(default)]
    unknown_tenant: Option<bool>,
}

impl<'de> Deserialize<'de> for ConsumerCondition {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let document = ConsumerDocument::deserialize(deserializer)?;
        match (
            document.front_door,
            document.private_endpoint,
            document.unknown_tenant,
        ) {
            (Some(front_door), None, None) => Ok(Self::FrontDoor(front_door)),
            (None, Some(endpoint), None) => Ok(Self::PrivateEndpoint(endpoint)),
            (None, None, Some(unknown)) => Ok(Self::UnknownTenant(unknown)),
            _ => Err(serde::de::Error::custom(
                "a consumer is one of frontDoor, privateEndpoint or unknownTenant",
            )),
        }
    }
}

/// A Front Door consumer.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FrontDoorCondition {
    /// The profile's id (any case).
    pub profile: PolicyId,
    /// The origin's name, a glob; any of the profile's when absent.
    #[serde(default)]
    pub origin: Option<NameGlob>,
}

/// A private endpoint consumer: in any of the subscriptions, or any of the tenants.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EndpointCondition {
    /// Subscription GUIDs.
    #[serde(default)]
    pub subscription: OneOrMany<String>,
    /// Tenant GUIDs.
    #[serde(default)]
    pub tenant: OneOrMany<String>,
}

/// How much a policy may do.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Limits {
    /// Actions per sync; the rest wait for the next.
    #[serde(default)]
    pub per_sync: Option<u32>,
}

/// Why a policies file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyFileError {
    /// It could not be read.
    #[error("{path}: cannot be read: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// It does not parse, or holds something wrong.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl PolicySet {
    /// Reads and checks the file at `path`.
    pub fn read(path: &Path) -> Result<Self, PolicyFileError> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| PolicyFileError::Unreadable {
            path: label.clone(),
            reason: e.to_string(),
        })?;
        Self::parse(&label, &text)
    }

    /// Checks the text of a file named `path` (in messages).
    pub fn parse(path: &str, text: &str) -> Result<Self, PolicyFileError> {
        let invalid = |line: usize, column: usize, message: String| PolicyFileError::Invalid {
            path: path.to_owned(),
            line,
            column,
            message,
        };
        let document: Document = yaml_serde::from_str(text).map_err(|error| {
            let (line, column, message) = located(text, &error);
            invalid(line, column, message)
        })?;
        let mut seen = HashSet::new();
        let mut occurrences = HashMap::new();
        for policy in &document.policies {
            let occurrence = occurrences.entry(policy.name.as_str()).or_insert(0usize);
            *occurrence += 1;
            let (line, column) = name_position(text, &policy.name, *occurrence);
            if policy.name.trim().is_empty() {
                return Err(invalid(line, column, "a policy needs a name".into()));
            }
            if !seen.insert(policy.name.to_ascii_lowercase()) {
                return Err(invalid(
                    line,
                    column,
                    format!(
                        "a second policy named '{}': names must be unique",
                        policy.name
                    ),
                ));
            }
            if policy.require_second_approver && policy.action != Action::Approve {
                return Err(invalid(
                    line,
                    column,
                    format!(
                        "policy '{}': requireSecondApprover goes with action: approve only \
                         (a rejection or a hold has nothing to confirm)",
                        policy.name
                    ),
                ));
            }
            if let Some(problem) = policy.when.problem() {
                return Err(invalid(
                    line,
                    column,
                    format!("policy '{}': {problem}", policy.name),
                ));
            }
        }
        Ok(Self {
            path: path.to_owned(),
            hash: format!("{:x}", Sha256::digest(text.as_bytes())),
            mode: document.mode,
            policies: document.policies,
        })
    }
}

impl When {
    /// What makes the conditions unsafe or meaningless, if anything.
    fn problem(&self) -> Option<&'static str> {
        if self.service.is_none() && self.consumer.is_none() {
            return Some(if self.request_message.is_some() {
                "the request message is free text any requester can copy: add a service or \
                 consumer condition"
            } else {
                "no condition: add a service or consumer condition"
            });
        }
        if self.consumer == Some(ConsumerCondition::UnknownTenant(false)) {
            return Some("unknownTenant: false matches nothing; leave it out");
        }
        if let Some(ConsumerCondition::PrivateEndpoint(endpoint)) = &self.consumer
            && endpoint.subscription.values().is_empty()
            && endpoint.tenant.values().is_empty()
        {
            return Some("privateEndpoint needs a subscription or a tenant");
        }
        None
    }
}

/// The value a condition refused, as it quotes it (`'my[PLS' is not a glob: …`).
/// Where a YAML file's error is (1-based line and column) and what it says, without the
/// parser's own trailing location; shared by the files read with `FILE:LINE:COL` errors.
pub(crate) fn located(text: &str, error: &yaml_serde::Error) -> (usize, usize, String) {
    let message = without_location(&error.to_string());
    let at = error.location().map_or(0, |at| at.index());
    let (line, column) = match bad_value(&message) {
        // The parser locates a bad value at the mapping holding it: find the value.
        Some(value) => position(text, at, value),
        None => error
            .location()
            .map_or((1, 1), |at| (at.line(), at.column())),
    };
    (line, column, message)
}

fn bad_value(message: &str) -> Option<&str> {
    let start = message.find('\'')? + 1;
    let end = start + message[start..].find("' is not a")?;
    Some(&message[start..end])
}

/// The 1-based line and column of the first `value` at or after byte `from` of `text` (of the
/// first anywhere when there is none after it; the file's start when it is not there).
fn position(text: &str, from: usize, value: &str) -> (usize, usize) {
    let at = text
        .get(from..)
        .and_then(|rest| rest.find(value))
        .map(|found| from + found)
        .or_else(|| text.find(value));
    let Some(at) = at else {
        return (1, 1);
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = at - before.rfind('\n').map_or(0, |newline| newline + 1) + 1;
    (line, column)
}

/// The parser's message without its trailing ` at line L column C` (the location leads).
fn without_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => message[..at].to_owned(),
        _ => message.to_owned(),
    }
}

/// Where the `occurrence`th `name: <name>` is written (1-based line and column of the value);
/// the file's start when it cannot be found (a name written in a flow mapping, say).
pub(crate) fn name_position(text: &str, name: &str, occurrence: usize) -> (usize, usize) {
    let mut seen = 0;
    for (number, line) in text.lines().enumerate() {
        let body = line.trim_start();
        let body = body.strip_prefix("- ").map_or(body, str::trim_start);
        let Some(value) = body.strip_prefix("name:") else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or(value).trim();
        if value.trim_matches(|c| c == '"' || c == '\'') == name {
            seen += 1;
            if seen == occurrence {
                // `value` is a part of `line`: its offset is where it starts.
                let column = value.as_ptr() as usize - line.as_ptr() as usize + 1;
                return (number + 1, column);
            }
        }
    }
    (1, 1)
}

#[cfg(test)]
mod tests;
