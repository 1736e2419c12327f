//! Tests of estate validation: each kind of bad entry is named in the error.

use serde_json::json;

use super::*;

fn doc() -> EstateDocument {
    EstateDocument {
        tenant_id: "t".into(),
        subscriptions: vec![
            json!({"id": "/subscriptions/S1", "subscriptionId": "S1", "displayName": "One"}),
        ],
        resource_groups: vec![
            json!({"id": "/subscriptions/s1/resourceGroups/RG", "name": "RG", "location": "westeurope"}),
        ],
        resources: vec![json!({
            "id": "/subscriptions/S1/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls",
            "name": "pls", "type": "Microsoft.Network/privateLinkServices", "location": "westeurope", "properties": {}
        })],
        denied_subscriptions: vec![],
    }
}

#[test]
fn a_consistent_estate_passes_whatever_the_case_of_its_ids() {
    assert_eq!(validate(&doc()), Ok(()));
}

/// A change that breaks a document, and what the error must say.
type Case = (Box<dyn Fn(&mut EstateDocument)>, &'static str);

#[test]
fn each_bad_resource_is_named_with_its_position_and_reason() {
    let cases: Vec<Case> = vec![
        (
            Box::new(|d| d.resources[0]["type"] = json!("Microsoft.Network/privateEndpoints")),
            "differs from the type in its id",
        ),
        (
            Box::new(|d| d.resources[0]["name"] = json!("other")),
            "differs from the last segment",
        ),
        (
            Box::new(|d| {
                d.resources[0]["id"] = json!(
                    "/subscriptions/S2/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls"
                )
            }),
            "subscription S2 is not in subscriptions",
        ),
        (
            Box::new(|d| {
                d.resources[0]["id"] = json!(
                    "/subscriptions/S1/resourceGroups/nope/providers/Microsoft.Network/privateLinkServices/pls"
                )
            }),
            "resource group nope is not in resourceGroups",
        ),
        (
            Box::new(|d| d.resources[0]["id"] = json!("not-an-id")),
            "id must be",
        ),
        (
            Box::new(|d| {
                d.resources[0].as_object_mut().unwrap().remove("name");
            }),
            "name is missing",
        ),
        (
            Box::new(|d| d.resources[0]["properties"] = json!([1])),
            "properties must be an object",
        ),
        (
            Box::new(|d| {
                let copy = d.resources[0].clone();
                let mut upper = copy.clone();
                upper["id"] = json!(
                    copy["id"]
                        .as_str()
                        .unwrap()
                        .to_uppercase()
                        .replace("PLS", "pls")
                );
                upper["name"] = json!("pls");
                upper["type"] = json!("Microsoft.Network/privateLinkServices");
                d.resources.push(upper);
            }),
            "used twice",
        ),
    ];
    for (mutate, expected) in cases {
        let mut bad = doc();
        mutate(&mut bad);
        let error = validate(&bad).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(expected),
            "{message} should mention {expected}"
        );
        assert!(message.starts_with("resources["), "{message}");
    }
}

#[test]
fn bad_subscriptions_and_groups_are_named_too() {
    let mut bad = doc();
    bad.subscriptions[0]["id"] = json!("/subscriptions/other");
    assert!(matches!(
        validate(&bad),
        Err(EstateError::BadSubscription { index: 0, .. })
    ));
    let mut bad = doc();
    bad.resource_groups[0]["name"] = json!("different");
    assert!(matches!(
        validate(&bad),
        Err(EstateError::BadResourceGroup { index: 0, .. })
    ));
}

#[test]
fn text_that_is_not_an_estate_is_a_syntax_error() {
    assert!(matches!(
        parse_document("{\"resources\": 5}"),
        Err(EstateError::Syntax(_))
    ));
    assert!(matches!(
        parse_document("nope"),
        Err(EstateError::Syntax(_))
    ));
    assert!(parse_document("{}").is_ok());
}
