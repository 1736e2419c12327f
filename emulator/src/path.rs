//! ARM paths: resource ids and request paths, parsed ignoring case as ARM does.

use crate::estate::key;

/// The parts of an ARM resource id under a resource group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourcePath {
    /// Subscription id as written.
    pub subscription: String,
    /// Resource group name as written.
    pub resource_group: String,
    /// Provider namespace, e.g. `Microsoft.Network`.
    pub namespace: String,
    /// Full type, e.g. `Microsoft.Cdn/profiles/originGroups/origins`.
    pub type_name: String,
    /// Last name segment.
    pub name: String,
    /// The id of the parent resource for a child (`…/profiles/p` for an origin group).
    pub parent: Option<String>,
}

impl ResourcePath {
    /// Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}…]`.
    pub fn parse(id: &str) -> Option<Self> {
        let segments: Vec<&str> = id.trim_matches('/').split('/').collect();
        let [s, sub, r, rg, p, ns, rest @ ..] = segments.as_slice() else {
            return None;
        };
        let ok = s.eq_ignore_ascii_case("subscriptions")
            && r.eq_ignore_ascii_case("resourceGroups")
            && p.eq_ignore_ascii_case("providers");
        if !ok || rest.is_empty() || rest.len() % 2 != 0 || segments.iter().any(|s| s.is_empty()) {
            return None;
        }
        let types: Vec<&str> = rest.iter().step_by(2).copied().collect();
        let parent = (rest.len() > 2).then(|| {
            let prefix = &segments[..segments.len() - 2];
            format!("/{}", prefix.join("/"))
        });
        Some(Self {
            subscription: (*sub).to_owned(),
            resource_group: (*rg).to_owned(),
            namespace: (*ns).to_owned(),
            type_name: format!("{ns}/{}", types.join("/")),
            name: rest[rest.len() - 1].to_owned(),
            parent,
        })
    }
}

/// What a request path asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `GET /subscriptions`
    Subscriptions,
    /// `GET /subscriptions/{s}`
    Subscription { subscription: String },
    /// `GET /subscriptions/{s}/resourcegroups`
    ResourceGroups { subscription: String },
    /// `GET /subscriptions/{s}/resources` (Resources_List, generic shapes)
    Resources { subscription: String },
    /// `GET /subscriptions/{s}/resourcegroups/{rg}`
    ResourceGroup {
        subscription: String,
        resource_group: String,
    },
    /// A collection: top-level by subscription or resource group, or the children of a resource.
    List {
        /// Subscription of the scope.
        subscription: String,
        /// Resource group of the scope, if any.
        resource_group: Option<String>,
        /// Provider namespace (for api-version checks).
        namespace: String,
        /// Lower-cased full type of the items.
        type_key: String,
        /// Lower-cased id of the parent resource, for child collections.
        parent: Option<String>,
    },
    /// One resource (or an embedded child such as a private endpoint connection).
    Resource {
        /// Subscription of the resource.
        subscription: String,
        /// Provider namespace.
        namespace: String,
        /// Lower-cased id.
        key: String,
    },
    /// A long-running operation's status (`operations/{id}`) or result (`operationResults/{id}`).
    Operation {
        /// Subscription the operation ran in.
        subscription: String,
        /// Provider namespace.
        namespace: String,
        /// Operation id.
        id: String,
        /// `true` for `operationResults` (the `Location` header), `false` for `operations`.
        result: bool,
    },
    /// `POST /providers/Microsoft.ResourceGraph/resources`
    ResourceGraph,
    /// `GET /subscriptions/{s}/providers/Microsoft.Insights/eventtypes/management/values`
    ActivityLog { subscription: String },
    /// `GET {scope}/providers/Microsoft.Authorization/permissions`, the scope a subscription, a
    /// resource group or a resource.
    Permissions {
        /// The scope's subscription.
        subscription: String,
        /// The scope as written (`/subscriptions/{s}[/resourceGroups/{rg}[/providers/…]]`).
        scope: String,
    },
}

impl Target {
    /// Parses a request path; `None` when ARM would not know it.
    pub fn parse(path: &str) -> Option<Self> {
        let segments: Vec<&str> = path
            .trim_end_matches('/')
            .trim_start_matches('/')
            .split('/')
            .collect();
        if segments.iter().any(|s| s.is_empty()) {
            return None;
        }
        let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        if let [s, sub, .., p, ns, permissions] = segments.as_slice()
            && eq(s, "subscriptions")
            && eq(p, "providers")
            && eq(ns, "Microsoft.Authorization")
            && eq(permissions, "permissions")
        {
            return Some(Self::Permissions {
                subscription: (*sub).into(),
                scope: format!("/{}", segments[..segments.len() - 3].join("/")),
            });
        }
        match segments.as_slice() {
            [p, ns, r]
                if eq(p, "providers")
                    && eq(ns, "Microsoft.ResourceGraph")
                    && eq(r, "resources") =>
            {
                Some(Self::ResourceGraph)
            }
            [s] if eq(s, "subscriptions") => Some(Self::Subscriptions),
            [s, sub] if eq(s, "subscriptions") => Some(Self::Subscription {
                subscription: (*sub).into(),
            }),
            [s, sub, r] if eq(s, "subscriptions") && eq(r, "resourcegroups") => {
                Some(Self::ResourceGroups {
                    subscription: (*sub).into(),
                })
            }
            [s, sub, r] if eq(s, "subscriptions") && eq(r, "resources") => Some(Self::Resources {
                subscription: (*sub).into(),
            }),
            [s, sub, r, rg] if eq(s, "subscriptions") && eq(r, "resourcegroups") => {
                Some(Self::ResourceGroup {
                    subscription: (*sub).into(),
                    resource_group: (*rg).into(),
                })
            }
            [s, sub, p, ns, e, m, v]
                if eq(s, "subscriptions")
                    && eq(p, "providers")
                    && eq(ns, "Microsoft.Insights")
                    && eq(e, "eventtypes")
                    && eq(m, "management")
                    && eq(v, "values") =>
            {
                Some(Self::ActivityLog {
                    subscription: (*sub).into(),
                })
            }
            [s, sub, p, ns, rest @ ..] if eq(s, "subscriptions") && eq(p, "providers") => {
                provider_target(sub, None, ns, rest, &segments)
            }
            [s, sub, r, rg, p, ns, rest @ ..]
                if eq(s, "subscriptions") && eq(r, "resourcegroups") && eq(p, "providers") =>
            {
                provider_target(sub, Some(rg), ns, rest, &segments)
            }
            _ => None,
        }
    }
}

fn provider_target(
    sub: &str,
    rg: Option<&str>,
    ns: &str,
    rest: &[&str],
    all: &[&str],
) -> Option<Target> {
    if rest.is_empty() {
        return None;
    }
    if let (None, [l, _location, op, id]) = (rg, rest)
        && l.eq_ignore_ascii_case("locations")
    {
        let result = if op.eq_ignore_ascii_case("operationResults") {
            true
        } else if op.eq_ignore_ascii_case("operations")
            || op.eq_ignore_ascii_case("operationStatuses")
        {
            false
        } else {
            return None;
        };
        return Some(Target::Operation {
            subscription: sub.into(),
            namespace: ns.into(),
            id: (*id).into(),
            result,
        });
    }
    let types: Vec<&str> = rest.iter().step_by(2).copied().collect();
    let type_key = format!("{ns}/{}", types.join("/")).to_ascii_lowercase();
    if rest.len() % 2 == 1 {
        let parent = match (rest.len(), rg) {
            (1, _) => None,
            (_, Some(_)) => Some(key(&format!("/{}", all[..all.len() - 1].join("/")))),
            (_, None) => return None,
        };
        return Some(Target::List {
            subscription: sub.into(),
            resource_group: rg.map(str::to_owned),
            namespace: ns.into(),
            type_key,
            parent,
        });
    }
    rg?;
    Some(Target::Resource {
        subscription: sub.into(),
        namespace: ns.into(),
        key: key(&format!("/{}", all.join("/"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLS: &str = "/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateLinkServices/testPls";

    #[test]
    fn resource_ids_split_into_their_parts() {
        let origin = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/p/originGroups/g/origins/o";
        let path = ResourcePath::parse(origin).unwrap();
        assert_eq!(
            path.type_name,
            "Microsoft.Cdn/profiles/originGroups/origins"
        );
        assert_eq!(path.name, "o");
        assert_eq!(
            path.parent.as_deref(),
            Some(
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/p/originGroups/g"
            )
        );
        assert!(ResourcePath::parse("/subscriptions/s/resourceGroups/rg").is_none());
        assert!(ResourcePath::parse(&format!("{PLS}/privateEndpointConnections")).is_none());
    }

    #[test]
    fn request_paths_ignore_case() {
        let lower = Target::parse(&PLS.to_ascii_lowercase()).unwrap();
        let upper = Target::parse(&PLS.to_ascii_uppercase()).unwrap();
        assert_eq!(
            std::mem::discriminant(&lower),
            std::mem::discriminant(&upper)
        );
        let (Target::Resource { key: a, .. }, Target::Resource { key: b, .. }) = (lower, upper)
        else {
            panic!("expected resources");
        };
        assert_eq!(a, b);
    }

    #[test]
    fn collections_are_told_from_resources() {
        let by_sub =
            Target::parse("/subscriptions/s/providers/Microsoft.Network/privateLinkServices")
                .unwrap();
        assert!(matches!(
            by_sub,
            Target::List {
                resource_group: None,
                parent: None,
                ..
            }
        ));
        let children = Target::parse(&format!("{PLS}/privateEndpointConnections")).unwrap();
        let Target::List {
            type_key, parent, ..
        } = children
        else {
            panic!("expected a list")
        };
        assert_eq!(
            type_key,
            "microsoft.network/privatelinkservices/privateendpointconnections"
        );
        assert_eq!(parent.as_deref(), Some(key(PLS).as_str()));
        let op = Target::parse(
            "/subscriptions/s/providers/Microsoft.Network/locations/eastus/operations/abc",
        )
        .unwrap();
        assert!(matches!(op, Target::Operation { result: false, .. }));
        assert_eq!(
            Target::parse("/providers/microsoft.resourcegraph/resources"),
            Some(Target::ResourceGraph)
        );
        assert_eq!(
            Target::parse("/subscriptions/S/Resources"),
            Some(Target::Resources {
                subscription: "S".into()
            })
        );
        assert_eq!(Target::parse("/nothing/here"), None);
        assert_eq!(Target::parse("/subscriptions//resourcegroups"), None);
    }
}
