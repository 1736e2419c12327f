//! What the dashboard is looking at: the built-in demo estate, real Azure, or another ARM endpoint.

use serde::{Deserialize, Serialize};

/// Where the inventory comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnvironmentKind {
    /// The built-in ARM emulator with its demo estate.
    #[default]
    Demo,
    /// Azure Resource Manager, with azure_identity credentials.
    Azure,
    /// Any ARM-compatible endpoint with a static token (emulators, fixtures).
    ArmEndpoint,
}

/// The environment shown in the header badge.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    /// Where the data comes from.
    pub kind: EnvironmentKind,
    /// The label in the badge, e.g. "Demo estate" or an operator-chosen "Production".
    pub label: String,
    /// A longer description for the badge's tooltip, e.g. the ARM endpoint.
    pub detail: String,
}

impl EnvironmentKind {
    /// The CSS modifier for the badge of this kind.
    pub fn css_class(self) -> &'static str {
        match self {
            Self::Demo => "badge badge-demo",
            Self::Azure => "badge badge-azure",
            Self::ArmEndpoint => "badge badge-endpoint",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_own_badge_class() {
        let classes = [
            EnvironmentKind::Demo.css_class(),
            EnvironmentKind::Azure.css_class(),
            EnvironmentKind::ArmEndpoint.css_class(),
        ];
        assert_ne!(classes[0], classes[1]);
        assert_ne!(classes[1], classes[2]);
        assert_ne!(classes[0], classes[2]);
    }
}
