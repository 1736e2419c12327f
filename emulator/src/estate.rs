//! The estate: every subscription, resource group and resource the emulator serves, as ARM JSON.
//! An estate comes from a JSON document (`--estate FILE`), the built-in demo (`demo`), or the
//! deterministic generator (`scale`). Loading validates it and names the bad resource.

pub mod clock;
pub mod demo;
pub mod scale;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The JSON document an estate is written as.
///
/// ```json
/// { "tenantId": "…",
///   "subscriptions": [ { "id": "/subscriptions/<guid>", "subscriptionId": "<guid>", "displayName": "…", "state": "Enabled", … } ],
///   "resourceGroups": [ { "id": "/subscriptions/<guid>/resourceGroups/<name>", "name": "…", "location": "…", "properties": { "provisioningState": "Succeeded" } } ],
///   "resources": [ { "id": "…", "name": "…", "type": "Microsoft.Network/privateLinkServices", "location": "…", "properties": { … } } ],
///   "deniedSubscriptions": [ "<guid>" ] }
/// ```
/// Resources are full ARM JSON as a GET returns them. Child resources with their own URL
/// (`afdEndpoints`, `originGroups`, `origins`) are separate entries; those ARM embeds
/// (a PLS's `privateEndpointConnections`, a load balancer's `frontendIPConfigurations`) stay embedded.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstateDocument {
    /// The tenant every subscription belongs to.
    #[serde(default)]
    pub tenant_id: String,
    /// Subscriptions as `GET /subscriptions` lists them.
    #[serde(default)]
    pub subscriptions: Vec<Value>,
    /// Resource groups as `GET /subscriptions/{s}/resourcegroups` lists them.
    #[serde(default)]
    pub resource_groups: Vec<Value>,
    /// Every other resource.
    #[serde(default)]
    pub resources: Vec<Value>,
    /// Subscriptions listed but not readable: their calls answer 403 `AuthorizationFailed`.
    #[serde(default)]
    pub denied_subscriptions: Vec<String>,
}

/// Why an estate document cannot be served; names the offending entry.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EstateError {
    /// The estate file cannot be read.
    #[error("cannot read the estate file {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What the OS said.
        message: String,
    },
    /// The file is not JSON of the estate's shape.
    #[error("the estate is not a valid estate document: {0}")]
    Syntax(String),
    /// A subscription entry is unusable.
    #[error("subscriptions[{index}] ({id}): {reason}")]
    BadSubscription {
        /// Position in `subscriptions`.
        index: usize,
        /// Its id, or `?` when missing.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// A resource group entry is unusable.
    #[error("resourceGroups[{index}] ({id}): {reason}")]
    BadResourceGroup {
        /// Position in `resourceGroups`.
        index: usize,
        /// Its id, or `?` when missing.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// A resource entry is unusable.
    #[error("resources[{index}] ({id}): {reason}")]
    BadResource {
        /// Position in `resources`.
        index: usize,
        /// Its id, or `?` when missing.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

/// Where an estate comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EstateSource {
    /// The built-in demo estate.
    Demo,
    /// A JSON estate document.
    File(std::path::PathBuf),
    /// The deterministic generator with this many subscriptions.
    Scale(u32),
}

/// Builds or reads the estate (validation happens when a `Store` takes it).
pub fn load(source: &EstateSource) -> Result<EstateDocument, EstateError> {
    match source {
        EstateSource::Demo => {
            let mut doc = demo::demo();
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            if let Some(built) = clock::parse_rfc3339(demo::NOW) {
                clock::shift_system_data(&mut doc, now - built);
            }
            Ok(doc)
        }
        EstateSource::Scale(subscriptions) => Ok(scale::scaled(*subscriptions)),
        EstateSource::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|error| EstateError::Io {
                path: path.display().to_string(),
                message: error.to_string(),
            })?;
            parse_document(&text)
        }
    }
}

/// Lower-cased key of an ARM id: how the emulator matches ids, as ARM does, ignoring case.
pub fn key(id: &str) -> String {
    id.trim_end_matches('/').to_ascii_lowercase()
}

/// Parses estate JSON text.
pub fn parse_document(text: &str) -> Result<EstateDocument, EstateError> {
    serde_json::from_str(text).map_err(|error| EstateError::Syntax(error.to_string()))
}

/// Checks that every entry has the fields ARM always returns and that ids, names, types,
/// subscriptions and resource groups agree. Case is ignored, as ARM ignores it.
pub fn validate(doc: &EstateDocument) -> Result<(), EstateError> {
    let mut subscriptions = std::collections::HashSet::new();
    for (index, sub) in doc.subscriptions.iter().enumerate() {
        let id = text(sub, "id");
        let bad = |reason: &str| EstateError::BadSubscription {
            index,
            id: id.unwrap_or("?").to_owned(),
            reason: reason.to_owned(),
        };
        let sub_id = text(sub, "subscriptionId").ok_or_else(|| bad("subscriptionId is missing"))?;
        let id = id.ok_or_else(|| bad("id is missing"))?;
        if key(id) != key(&format!("/subscriptions/{sub_id}")) {
            return Err(bad("id must be /subscriptions/{subscriptionId}"));
        }
        if !subscriptions.insert(key(sub_id)) {
            return Err(bad("the subscription is listed twice"));
        }
    }
    let mut groups = std::collections::HashSet::new();
    for (index, group) in doc.resource_groups.iter().enumerate() {
        let id = text(group, "id");
        let bad = |reason: String| EstateError::BadResourceGroup {
            index,
            id: id.unwrap_or("?").to_owned(),
            reason,
        };
        let id = id.ok_or_else(|| bad("id is missing".into()))?;
        let segments: Vec<&str> = id.trim_matches('/').split('/').collect();
        match segments.as_slice() {
            [s, sub, r, name]
                if s.eq_ignore_ascii_case("subscriptions")
                    && r.eq_ignore_ascii_case("resourceGroups") =>
            {
                if !subscriptions.contains(&key(sub)) {
                    return Err(bad(format!("subscription {sub} is not in subscriptions")));
                }
                if text(group, "name").is_none_or(|n| !n.eq_ignore_ascii_case(name)) {
                    return Err(bad(format!(
                        "name must be '{name}', the last segment of its id"
                    )));
                }
            }
            _ => {
                return Err(bad(
                    "id must be /subscriptions/{s}/resourceGroups/{name}".into()
                ));
            }
        }
        if !groups.insert(key(id)) {
            return Err(bad("the resource group is listed twice".into()));
        }
    }
    let mut ids = std::collections::HashSet::new();
    for (index, resource) in doc.resources.iter().enumerate() {
        let id = text(resource, "id");
        let bad = |reason: String| EstateError::BadResource {
            index,
            id: id.unwrap_or("?").to_owned(),
            reason,
        };
        let id = id.ok_or_else(|| bad("id is missing".into()))?;
        let parsed = crate::path::ResourcePath::parse(id).ok_or_else(|| {
            bad("id must be /subscriptions/{s}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}…]".into())
        })?;
        if !subscriptions.contains(&key(&parsed.subscription)) {
            return Err(bad(format!(
                "subscription {} is not in subscriptions",
                parsed.subscription
            )));
        }
        let group_id = format!(
            "/subscriptions/{}/resourceGroups/{}",
            parsed.subscription, parsed.resource_group
        );
        if !groups.contains(&key(&group_id)) {
            return Err(bad(format!(
                "resource group {} is not in resourceGroups",
                parsed.resource_group
            )));
        }
        let name = text(resource, "name").ok_or_else(|| bad("name is missing".into()))?;
        if !name.eq_ignore_ascii_case(&parsed.name) {
            return Err(bad(format!(
                "name '{name}' differs from the last segment of its id '{}'",
                parsed.name
            )));
        }
        let kind = text(resource, "type").ok_or_else(|| bad("type is missing".into()))?;
        if !kind.eq_ignore_ascii_case(&parsed.type_name) {
            return Err(bad(format!(
                "type '{kind}' differs from the type in its id '{}'",
                parsed.type_name
            )));
        }
        if resource.get("properties").is_some_and(|p| !p.is_object()) {
            return Err(bad("properties must be an object".into()));
        }
        if !ids.insert(key(id)) {
            return Err(bad("the id is used twice (ids ignore case)".into()));
        }
    }
    Ok(())
}

fn text<'a>(value: &'a Value, field: &str) -> Option<&'a str> {
    value
        .get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests;
