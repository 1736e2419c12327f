//! How the typed resources read ARM JSON: the `FromArm` trait, `DecodeError`, the list decoder
//! that reports failures beside the items, and tolerant readers over `serde_json::Value`.
//! Optional fields that are missing, `null` or of an unexpected type read as absent; only a
//! resource's own `id` and its embedded lists (connections, frontends…) are strict, so a bad
//! one is reported instead of vanishing.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::arm::{ResourceId, ResourceIdError};

/// A type decoded from one ARM JSON object.
pub trait FromArm: Sized {
    /// What the type is called in messages, e.g. `private link service`.
    const KIND: &'static str;

    /// Decodes one ARM JSON object.
    fn from_arm(value: &Value) -> Result<Self, DecodeError>;
}

/// Why one ARM object could not be decoded; names the resource's id when it has one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The value is not a JSON object.
    #[error("{kind}: expected a JSON object, found {found}")]
    NotAnObject {
        /// What was being decoded.
        kind: &'static str,
        /// What the value is instead, e.g. `a string`.
        found: &'static str,
    },
    /// The object has no string `id`.
    #[error("{kind}{}: missing field `id`", named(.name))]
    MissingId {
        /// What was being decoded.
        kind: &'static str,
        /// Its `name`, when it has one.
        name: Option<String>,
    },
    /// The object's own `id` is not a resource id.
    #[error("{kind}: {reason}")]
    BadId {
        /// What was being decoded.
        kind: &'static str,
        /// The `id` as written.
        id: String,
        /// What the parser said.
        reason: ResourceIdError,
    },
    /// The id is fine but something else is not (its type, an embedded list or item).
    #[error("{kind} '{id}': {message}")]
    Invalid {
        /// What was being decoded.
        kind: &'static str,
        /// The resource's id.
        id: String,
        /// What is wrong, with the JSON path of the part.
        message: String,
    },
}

fn named(name: &Option<String>) -> String {
    name.as_ref()
        .map(|name| format!(" '{name}'"))
        .unwrap_or_default()
}

impl DecodeError {
    /// The id of the resource that failed, as written, when it has one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::BadId { id, .. } | Self::Invalid { id, .. } => Some(id),
            Self::NotAnObject { .. } | Self::MissingId { .. } => None,
        }
    }

    /// What was being decoded, e.g. `private link service`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotAnObject { kind, .. }
            | Self::MissingId { kind, .. }
            | Self::BadId { kind, .. }
            | Self::Invalid { kind, .. } => kind,
        }
    }
}

/// The outcome of decoding a list: what decoded, and a failure for each object that did not.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded<T> {
    /// The objects that decoded, in input order.
    pub items: Vec<T>,
    /// One error per object that did not, in input order.
    pub failures: Vec<DecodeError>,
}

impl<T> Default for Decoded<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            failures: Vec::new(),
        }
    }
}

/// Decodes every object; one that fails is reported in `failures`, never dropped or fatal.
pub fn decode_all<T: FromArm>(values: &[Value]) -> Decoded<T> {
    let mut decoded = Decoded::default();
    for value in values {
        match T::from_arm(value) {
            Ok(item) => decoded.items.push(item),
            Err(error) => decoded.failures.push(error),
        }
    }
    decoded
}

/// A decoded object's own id and name (`name` falls back to the id's last segment).
pub(crate) struct Identity {
    pub id: ResourceId,
    pub name: String,
}

impl Identity {
    /// Reads `id` (strict) and `name` (tolerant) of an object.
    pub(crate) fn of(kind: &'static str, value: &Value) -> Result<Self, DecodeError> {
        object(kind, value)?;
        let Some(text) = value.get("id").and_then(Value::as_str) else {
            return Err(DecodeError::MissingId {
                kind,
                name: text_at(value, &["name"]),
            });
        };
        let id = super::id_pool::parse(text).map_err(|reason| DecodeError::BadId {
            kind,
            id: text.to_owned(),
            reason,
        })?;
        let name = text_at(value, &["name"]).unwrap_or_else(|| id.name().to_owned());
        Ok(Self { id, name })
    }

    /// Like [`Identity::of`], and the id must be of `full_type` (ignoring case).
    pub(crate) fn typed(
        kind: &'static str,
        value: &Value,
        full_type: &str,
    ) -> Result<Self, DecodeError> {
        let identity = Self::of(kind, value)?;
        if identity.id.is_type(full_type) {
            Ok(identity)
        } else {
            Err(identity.wrong_type(kind, full_type))
        }
    }

    /// The error for an id of another type than `expected`.
    pub(crate) fn wrong_type(&self, kind: &'static str, expected: &str) -> DecodeError {
        let found = self
            .id
            .resource_type()
            .unwrap_or_else(|| "subscription or resource group".into());
        self.invalid(kind, format!("the id is a {found}, not a {expected}"))
    }

    /// An error about this object.
    pub(crate) fn invalid(&self, kind: &'static str, message: String) -> DecodeError {
        DecodeError::Invalid {
            kind,
            id: self.id.to_string(),
            message,
        }
    }

    /// Decodes the list at `path` with `T`; missing or `null` is empty, anything else that is
    /// not a list of decodable objects fails the whole object.
    pub(crate) fn embedded<T: FromArm>(
        &self,
        kind: &'static str,
        value: &Value,
        path: &[&str],
    ) -> Result<Vec<T>, DecodeError> {
        let Some(list) = at(value, path) else {
            return Ok(Vec::new());
        };
        let Some(items) = list.as_array() else {
            let found = describe(list);
            return Err(self.invalid(kind, format!("{} is {found}, not a list", path.join("."))));
        };
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                T::from_arm(item).map_err(|error| {
                    self.invalid(kind, format!("{}[{index}]: {error}", path.join(".")))
                })
            })
            .collect()
    }
}

/// Checks that `value` is an object.
pub(crate) fn object(kind: &'static str, value: &Value) -> Result<(), DecodeError> {
    if value.is_object() {
        Ok(())
    } else {
        Err(DecodeError::NotAnObject {
            kind,
            found: describe(value),
        })
    }
}

/// What a JSON value is, for messages.
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The value at `path` (object keys); `None` when missing or `null`.
pub(crate) fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter()
        .try_fold(value, |current, key| current.get(key))
        .filter(|found| !found.is_null())
}

/// The string at `path`.
pub(crate) fn text_at(value: &Value, path: &[&str]) -> Option<String> {
    at(value, path).and_then(Value::as_str).map(str::to_owned)
}

/// The strings of the list at `path`; other items are skipped.
pub(crate) fn texts_at(value: &Value, path: &[&str]) -> Vec<String> {
    list_at(value, path)
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The list at `path`, or an empty one (for lists that are not connections).
pub(crate) fn list_at<'a>(value: &'a Value, path: &[&str]) -> &'a [Value] {
    at(value, path)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The boolean at `path`; `false` when missing or not a boolean.
pub(crate) fn flag_at(value: &Value, path: &[&str]) -> bool {
    at(value, path).and_then(Value::as_bool).unwrap_or(false)
}

/// The port number at `path`, if it is an integer in range.
pub(crate) fn port_at(value: &Value, path: &[&str]) -> Option<u16> {
    at(value, path)
        .and_then(Value::as_u64)
        .and_then(|port| u16::try_from(port).ok())
}

/// The resource id at `path` (the string itself, e.g. `properties.subnet.id`), if it parses.
pub(crate) fn id_at(value: &Value, path: &[&str]) -> Option<ResourceId> {
    at(value, path)
        .and_then(Value::as_str)
        .and_then(|text| super::id_pool::parse(text).ok())
}

/// The ids of a list of `{ "id": … }` references at `path`; unparsable ones are skipped.
pub(crate) fn ids_at(value: &Value, path: &[&str]) -> Vec<ResourceId> {
    list_at(value, path)
        .iter()
        .filter_map(|reference| id_at(reference, &["id"]))
        .collect()
}

/// The `tags` object; values that are not strings are skipped.
pub(crate) fn tags_at(value: &Value) -> BTreeMap<String, String> {
    at(value, &["tags"])
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(key, tag)| Some((key.clone(), tag.as_str()?.to_owned())))
        .collect()
}
