//! A connection's status and state (`privateLinkServiceConnectionState`), shared by private link
//! services, private endpoints, Front Door origins and PaaS resources.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use super::decode::{DecodeError, FromArm, at, object, text_at};

/// A connection's status; Azure's free string, with the four values it uses named.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConnectionStatus {
    /// Waiting for the provider's decision.
    Pending,
    /// Approved: traffic flows.
    Approved,
    /// Rejected by the provider; final (the consumer must recreate its endpoint).
    Rejected,
    /// Removed by the provider.
    Disconnected,
    /// Any other value as written (e.g. Front Door's `Timeout`; empty when Azure gave none).
    Other(String),
}

impl ConnectionStatus {
    /// Reads a status ignoring ASCII case and surrounding white space.
    pub fn parse(text: &str) -> Self {
        let trimmed = text.trim();
        [
            Self::Pending,
            Self::Approved,
            Self::Rejected,
            Self::Disconnected,
        ]
        .into_iter()
        .find(|known| known.as_str().eq_ignore_ascii_case(trimmed))
        .unwrap_or_else(|| Self::Other(text.to_owned()))
    }

    /// The canonical word (`Pending`, `Approved`…), or the other value as written.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "Pending",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
            Self::Disconnected => "Disconnected",
            Self::Other(text) => text,
        }
    }
}

impl fmt::Display for ConnectionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ConnectionStatus {
    type Err = Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(text))
    }
}

impl From<&str> for ConnectionStatus {
    fn from(text: &str) -> Self {
        Self::parse(text)
    }
}

impl serde::Serialize for ConnectionStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ConnectionStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(deserializer).map(|text| Self::parse(&text))
    }
}

/// A connection's state: `privateLinkServiceConnectionState`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConnectionState {
    /// The status.
    pub status: ConnectionStatus,
    /// The provider's description (for a new request: the consumer's request message).
    pub description: String,
    /// `actionsRequired` (Storage spells it `actionRequired`).
    pub actions_required: Option<String>,
}

impl ConnectionState {
    /// The state at `path` of a connection; when Azure gave none, status `Other("")`.
    pub(crate) fn at(value: &Value, path: &[&str]) -> Result<Self, DecodeError> {
        match at(value, path) {
            Some(state) => Self::from_arm(state),
            None => Ok(Self {
                status: ConnectionStatus::Other(String::new()),
                description: String::new(),
                actions_required: None,
            }),
        }
    }
}

impl FromArm for ConnectionState {
    const KIND: &'static str = "connection state";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        object(Self::KIND, value)?;
        Ok(Self {
            status: text_at(value, &["status"]).map_or_else(
                || ConnectionStatus::Other(String::new()),
                |status| ConnectionStatus::parse(&status),
            ),
            description: text_at(value, &["description"]).unwrap_or_default(),
            actions_required: text_at(value, &["actionsRequired"])
                .or_else(|| text_at(value, &["actionRequired"])),
        })
    }
}
