//! Tests of `ResourceId`: the forms Azure returns, case-insensitive identity, navigation, errors
//! that name the input, and property tests for round trips and case changes.

use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};

use proptest::prelude::*;

use super::*;

const PLS: &str = "/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateLinkServices/testPls";
const CONNECTION: &str = "/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/\
    privateLinkServices/testPls/privateEndpointConnections/pec1";

fn id(text: &str) -> ResourceId {
    match ResourceId::parse(text) {
        Ok(id) => id,
        Err(error) => panic!("{text} should parse: {error}"),
    }
}

fn error(text: &str) -> ResourceIdError {
    match ResourceId::parse(text) {
        Ok(id) => panic!("{text} should not parse, got {id:?}"),
        Err(error) => error,
    }
}

#[test]
fn resource_id_equality_ignores_case() {
    let upper = id(PLS);
    let lower = id(&PLS.to_lowercase());
    assert_eq!(upper, lower);
    assert_eq!(upper.cmp(&lower), Ordering::Equal);
    let set: HashSet<ResourceId> = [upper.clone()].into();
    assert!(set.contains(&lower));
    assert_ne!(upper, id(CONNECTION));
}

#[test]
fn display_and_as_str_keep_the_text_as_written() {
    let pls = id(PLS);
    assert_eq!(pls.to_string(), PLS);
    assert_eq!(pls.as_str(), PLS);
    assert_eq!(format!("{pls:?}"), format!("ResourceId({PLS:?})"));
}

#[test]
fn a_resource_id_exposes_its_parts_as_written() {
    let connection = id(CONNECTION);
    assert_eq!(connection.subscription(), "subId");
    assert_eq!(connection.resource_group(), Some("rg1"));
    assert_eq!(connection.provider(), Some("Microsoft.Network"));
    assert_eq!(
        connection.resource_type().as_deref(),
        Some("Microsoft.Network/privateLinkServices/privateEndpointConnections")
    );
    assert!(connection.is_type("microsoft.network/privatelinkservices/privateendpointconnections"));
    assert!(!connection.is_type("Microsoft.Network/privateLinkServices"));
    assert_eq!(connection.name(), "pec1");
}

#[test]
fn subscription_and_resource_group_ids_parse_in_any_casing() {
    let subscription = id("/subscriptions/291bba3f-e0a5-47bc-a099-3bdcb2a50a05");
    assert_eq!(subscription.name(), "291bba3f-e0a5-47bc-a099-3bdcb2a50a05");
    assert_eq!(subscription.resource_group(), None);
    assert_eq!(subscription.provider(), None);
    assert_eq!(subscription.resource_type(), None);
    for text in [
        "/subscriptions/s/resourceGroups/RG",
        "/SUBSCRIPTIONS/s/resourcegroups/RG",
    ] {
        let group = id(text);
        assert_eq!(group.resource_group(), Some("RG"));
        assert_eq!(group.name(), "RG");
        assert_eq!(group.resource_type(), None);
    }
}

#[test]
fn subscription_level_resources_have_no_resource_group() {
    let pls = id("/subscriptions/s/providers/Microsoft.Network/privateLinkServices/p");
    assert_eq!(pls.resource_group(), None);
    assert!(pls.is_type("Microsoft.Network/privateLinkServices"));
    assert_eq!(pls.parent(), Some(id("/subscriptions/s")));
}

#[test]
fn parse_trims_white_space_and_one_trailing_slash() {
    assert_eq!(id(&format!("  {PLS}/ \n")).as_str(), PLS);
    assert!(matches!(
        error(&format!("{PLS}//")),
        ResourceIdError::EmptySegment { position: 9, .. }
    ));
}

#[test]
fn parent_walks_up_to_the_subscription_and_keeps_the_casing() {
    let connection = id(CONNECTION);
    let pls = connection.parent().expect("a connection has a parent");
    assert_eq!(pls.as_str(), PLS);
    assert_eq!(
        pls.resource_type().as_deref(),
        Some("Microsoft.Network/privateLinkServices")
    );
    let group = pls.parent().expect("a resource has a group");
    assert_eq!(group.as_str(), "/subscriptions/subId/resourceGroups/rg1");
    let subscription = group.parent().expect("a group has a subscription");
    assert_eq!(subscription.as_str(), "/subscriptions/subId");
    assert_eq!(subscription.parent(), None);
    assert_eq!(connection.subscription_id(), subscription);
    assert_eq!(connection.resource_group_id(), Some(group));
    assert_eq!(subscription.resource_group_id(), None);
}

#[test]
fn child_appends_a_type_and_name() {
    let pls = id(PLS);
    assert_eq!(
        pls.child("privateEndpointConnections", "pec1").as_str(),
        CONNECTION
    );
    let group = id("/subscriptions/s/resourceGroups/rg");
    let made = group.child("Microsoft.Network/privateLinkServices", "p");
    assert_eq!(
        made,
        id("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/p")
    );
    let subscription = id("/subscriptions/s");
    assert_eq!(subscription.child("resourceGroups", "rg"), group);
}

#[test]
fn child_cleans_what_try_child_refuses() {
    let pls = id(PLS);
    assert!(pls.try_child("privateEndpointConnections", "a/b").is_err());
    assert!(matches!(
        pls.try_child("privateEndpointConnections", "a/b/c"),
        Err(ResourceIdError::NotAChild { .. })
    ));
    assert!(pls.try_child("privateEndpointConnections", "").is_err());
    assert!(pls.try_child("providers", "x").is_err());
    assert_eq!(pls.child("privateEndpointConnections", "a/b").name(), "a_b");
    assert_eq!(pls.child("privateEndpointConnections", "").name(), "_");
    let odd = pls.child("providers", "x\u{7}");
    assert_eq!(odd.parent(), Some(pls));
    assert_eq!(odd.name(), "x_");
    let group = id("/subscriptions/s/resourceGroups/rg");
    assert_eq!(group.child("nonsense", "n").parent(), Some(group));
}

#[test]
fn each_malformed_id_is_refused_with_a_message_naming_it() {
    let cases: [(&str, &str); 11] = [
        (
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network",
            "has no resource type",
        ),
        (
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices",
            "'privateLinkServices' has no name",
        ),
        (
            "/subscriptions/s/resourceGroups",
            "'resourceGroups' has no name",
        ),
        ("/subscriptions", "'subscriptions' has no name"),
        ("/subscriptions/s//resourceGroups/rg", "segment 3 is empty"),
        (
            "/subscriptions/s/locations/westeurope",
            "expected 'resourceGroups' or 'providers' at segment 3",
        ),
        (
            "/subscriptions/subId/resourceGroups/rg1/provders/Microsoft.Network/networkInterfaces/nic",
            "expected 'providers' at segment 5, found 'provders'",
        ),
        (
            "/providers/Microsoft.Management/managementGroups/mg",
            "tenant-level",
        ),
        (
            "https://management.azure.com/subscriptions/s",
            "does not start with /subscriptions/",
        ),
        (
            "/subscriptions/s/resourceGroups/rg/providers/A.B/t/n/providers/Microsoft.Authorization/locks/l",
            "extension resource",
        ),
        (
            "/subscriptions/s/resourceGroups/rg?api-version=1",
            "contains '?'",
        ),
    ];
    for (text, expected) in cases {
        let message = error(text).to_string();
        assert!(message.contains(text), "{message:?} should name {text:?}");
        assert!(
            message.contains(expected),
            "{message:?} should say {expected:?}"
        );
    }
    assert_eq!(error(""), ResourceIdError::Empty);
    assert_eq!(error(" / "), ResourceIdError::Empty);
}

#[test]
fn serde_writes_a_string_and_refuses_a_bad_one() {
    let pls = id(PLS);
    assert_eq!(
        serde_json::to_value(&pls).ok(),
        Some(serde_json::json!(PLS))
    );
    let back: Result<ResourceId, _> = serde_json::from_value(serde_json::json!(PLS.to_lowercase()));
    assert_eq!(back.ok(), Some(pls));
    let bad = serde_json::from_value::<ResourceId>(serde_json::json!("/subscriptions//x"));
    let message = bad.map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("segment 2 is empty"), "{message}");
    assert_eq!(
        "/subscriptions/s".parse::<ResourceId>(),
        Ok(id("/subscriptions/S"))
    );
}

/// A segment of the characters Azure names use; never the `providers` keyword.
fn segment() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.()-]{1,12}".prop_filter("not a keyword", |s| !is_keyword(s, "providers"))
}

/// A generated id and the parts it was made of.
#[derive(Clone, Debug)]
struct Generated {
    text: String,
    subscription: String,
    group: Option<String>,
    /// The namespace and the `(type, name)` pairs under it.
    provider: Option<(String, Vec<(String, String)>)>,
}

/// Generated ids: subscription, optional group, optional provider with 1–3 type/name pairs.
fn generated() -> impl Strategy<Value = Generated> {
    let pairs = prop::collection::vec((segment(), segment()), 1..4);
    (
        segment(),
        prop::option::of(segment()),
        prop::option::of((segment(), pairs)),
    )
        .prop_map(|(subscription, group, provider)| {
            let mut text = format!("/subscriptions/{subscription}");
            if let Some(group) = &group {
                text.push_str(&format!("/resourceGroups/{group}"));
            }
            if let Some((namespace, pairs)) = &provider {
                text.push_str(&format!("/providers/{namespace}"));
                for (kind, name) in pairs {
                    text.push_str(&format!("/{kind}/{name}"));
                }
            }
            Generated {
                text,
                subscription,
                group,
                provider,
            }
        })
}

proptest! {
    #[test]
    fn formatted_ids_parse_back_to_their_parts(generated in generated()) {
        let Generated { text, subscription, group, provider } = generated;
        let parsed = ResourceId::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.as_str(), text.as_str());
        prop_assert_eq!(parsed.to_string(), text.clone());
        prop_assert_eq!(parsed.subscription(), subscription.as_str());
        prop_assert_eq!(parsed.resource_group(), group.as_deref());
        let expected_type = provider.as_ref().map(|(namespace, pairs)| {
            pairs.iter().fold(namespace.clone(), |full, (kind, _)| format!("{full}/{kind}"))
        });
        prop_assert_eq!(parsed.resource_type(), expected_type);
        let last = provider.as_ref().and_then(|(_, pairs)| pairs.last()).map(|(_, name)| name);
        let expected_name = last.or(group.as_ref()).unwrap_or(&subscription);
        prop_assert_eq!(parsed.name(), expected_name.as_str());
        prop_assert_eq!(ResourceId::parse(parsed.as_str()).ok(), Some(parsed.clone()));
        let steps = provider.as_ref().map_or(0, |(_, pairs)| pairs.len()) + usize::from(group.is_some());
        let mut current = parsed;
        for _ in 0..steps {
            let parent = current.parent().ok_or_else(|| TestCaseError::fail("parent missing"))?;
            prop_assert!(current.as_str().starts_with(parent.as_str()));
            prop_assert_eq!(ResourceId::parse(parent.as_str()).ok(), Some(parent.clone()));
            current = parent;
        }
        prop_assert_eq!(current.as_str(), format!("/subscriptions/{subscription}"));
        prop_assert_eq!(current.parent(), None);
    }

    #[test]
    fn any_change_of_ascii_case_parses_to_an_equal_id_with_the_same_hash(
        Generated { text, .. } in generated(),
        flips in prop::collection::vec(any::<bool>(), 0..200),
    ) {
        let changed: String = text
            .chars()
            .zip(flips.iter().chain(std::iter::repeat(&false)))
            .map(|(c, flip)| match (flip, c.is_ascii_lowercase()) {
                (false, _) => c,
                (true, true) => c.to_ascii_uppercase(),
                (true, false) => c.to_ascii_lowercase(),
            })
            .collect();
        let original = ResourceId::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let other = ResourceId::parse(&changed).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let hasher = RandomState::new();
        prop_assert_eq!(hasher.hash_one(&original), hasher.hash_one(&other));
        prop_assert_eq!(original.cmp(&other), Ordering::Equal);
        prop_assert_eq!(other.as_str(), changed.as_str());
        prop_assert_eq!(original, other);
    }

    #[test]
    fn parse_never_panics_on_arbitrary_text(text in "\\PC*") {
        let _ = ResourceId::parse(&text);
    }

    #[test]
    fn parse_never_panics_on_id_shaped_junk(
        parts in prop::collection::vec(
            prop_oneof![
                Just("subscriptions"), Just("resourceGroups"), Just("providers"), Just(""),
                Just("Microsoft.Network"), Just("x"), Just(" "), Just("\u{0}"), Just("é"),
            ],
            0..10,
        ),
        lead in any::<bool>(),
    ) {
        let text = format!("{}{}", if lead { "/" } else { "" }, parts.join("/"));
        if let Ok(parsed) = ResourceId::parse(&text) {
            let _ = (parsed.parent(), parsed.resource_type(), parsed.resource_group_id());
            let child = parsed.child("t/x", "n");
            prop_assert_eq!(child.parent(), Some(parsed));
        }
    }
}

#[test]
fn an_id_is_small_and_one_too_long_for_it_is_refused_by_its_length() {
    assert_eq!(std::mem::size_of::<ResourceId>(), 32);
    let long = format!(
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{}",
        "a".repeat(MAX_ID_LENGTH)
    );
    match ResourceId::parse(&long) {
        Err(ResourceIdError::TooLong { length, start }) => {
            assert_eq!(length, long.len());
            assert!(start.starts_with("/subscriptions/s/"));
        }
        other => panic!("expected TooLong, got {other:?}"),
    }
    let longest = &long[..MAX_ID_LENGTH];
    let id = ResourceId::parse(longest).expect("an id of exactly the limit");
    assert_eq!(id.resource_group(), Some("rg"));
    let prefix = long.len() - MAX_ID_LENGTH;
    assert_eq!(
        id.name().len(),
        MAX_ID_LENGTH - prefix,
        "nothing cut at the limit"
    );
}
