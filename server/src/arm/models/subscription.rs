//! A subscription as `GET /subscriptions` lists it.

use serde_json::Value;

use super::decode::{DecodeError, FromArm, Identity, text_at};
use crate::arm::ResourceId;

/// A subscription the principal can see.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Subscription {
    /// `/subscriptions/{guid}`.
    pub id: ResourceId,
    /// The GUID (from `subscriptionId`, else the id).
    pub subscription_id: String,
    /// The display name (the GUID when there is none).
    pub display_name: String,
    /// `Enabled`, `Disabled`, `Warned`… (empty when missing).
    pub state: String,
    /// The home tenant.
    pub tenant_id: Option<String>,
}

impl FromArm for Subscription {
    const KIND: &'static str = "subscription";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::of(Self::KIND, value)?;
        if identity.id.parent().is_some() {
            return Err(identity.invalid(Self::KIND, "the id is not a subscription id".into()));
        }
        let subscription_id = text_at(value, &["subscriptionId"])
            .unwrap_or_else(|| identity.id.subscription().to_owned());
        Ok(Self {
            display_name: text_at(value, &["displayName"])
                .unwrap_or_else(|| subscription_id.clone()),
            subscription_id,
            state: text_at(value, &["state"]).unwrap_or_default(),
            tenant_id: text_at(value, &["tenantId"]),
            id: identity.id,
        })
    }
}
