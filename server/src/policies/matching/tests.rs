//! Matching, table-driven: service by id, name glob, resource group, subscription and tag;
//! Front Door by profile id in any case and origin; private endpoints by subscription and
//! tenant; unknown tenants; the request message as an extra condition; the first match wins.

use std::collections::BTreeMap;

use super::*;
use crate::policies::PolicySet;

const SUB: &str = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51";
const EDGE: &str = "8e2d4f6a-1b3c-4d5e-9f70-81a2b3c4d5e6";
const WOODGROVE: &str = "0b7e8a1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d";
const TENANT: &str = "11111111-2222-4333-8444-555555555555";

fn id(text: &str) -> ResourceId {
    ResourceId::parse(text).unwrap()
}

fn service() -> ResourceId {
    id(&format!(
        "/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.Network/privateLinkServices/myPLS"
    ))
}

fn profile() -> ResourceId {
    id(&format!(
        "/subscriptions/{EDGE}/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-contoso"
    ))
}

fn origin() -> ResourceId {
    profile()
        .child("originGroups", "og")
        .child("origins", "super-api-weu")
}

fn endpoint(subscription: &str) -> ResourceId {
    id(&format!(
        "/subscriptions/{subscription}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-1"
    ))
}

fn policies(yaml: &str) -> PolicySet {
    PolicySet::parse("p.yaml", yaml).unwrap_or_else(|e| panic!("{e}"))
}

/// One policy named `only` doing `action` when `when` (YAML, indented under `when:`).
fn one(action: &str, when: &str) -> PolicySet {
    policies(&format!(
        "policies:\n  - name: only\n    action: {action}\n    when:\n{}\n",
        when.lines()
            .map(|l| format!("      {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    ))
}

struct Case {
    what: &'static str,
    when: String,
    consumer: Kind,
    message: &'static str,
    tags: &'static [(&'static str, &'static str)],
    expected: Option<Action>,
}

#[derive(Clone, Copy)]
enum Kind {
    FrontDoor,
    FrontDoorAmbiguous,
    Hidden,
    Endpoint(&'static str, Option<&'static str>),
    External(&'static str),
}

fn run(case: &Case) -> Option<Verdict<'static>> {
    let set: &'static PolicySet = Box::leak(Box::new(one("approve", &case.when)));
    let service: &'static ResourceId = Box::leak(Box::new(service()));
    let profile: &'static ResourceId = Box::leak(Box::new(profile()));
    let origin: &'static ResourceId = Box::leak(Box::new(origin()));
    let tags: &'static BTreeMap<String, String> = Box::leak(Box::new(
        case.tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    ));
    let consumer = match case.consumer {
        Kind::FrontDoor | Kind::FrontDoorAmbiguous => ConsumerFacts::FrontDoor {
            profile,
            origin,
            ambiguous: matches!(case.consumer, Kind::FrontDoorAmbiguous),
        },
        Kind::Hidden => ConsumerFacts::FrontDoorHidden,
        Kind::Endpoint(subscription, tenant) => ConsumerFacts::Endpoint {
            endpoint: Box::leak(Box::new(endpoint(subscription))),
            tenant,
        },
        Kind::External(subscription) => ConsumerFacts::External {
            endpoint: Box::leak(Box::new(endpoint(subscription))),
        },
    };
    verdict(
        set,
        &Candidate {
            service,
            service_tags: tags,
            consumer,
            request_message: case.message,
        },
    )
}

fn front_door(profile_id: &str) -> String {
    format!("consumer:\n  frontDoor: {{ profile: \"{profile_id}\" }}")
}

#[test]
fn each_condition_matches_what_it_names_and_nothing_else() {
    let profile_id = profile().to_string();
    let upper = profile_id.to_uppercase();
    let cases = [
        Case {
            what: "service name glob",
            when: "service: { name: \"my*\" }".into(),
            consumer: Kind::FrontDoor,
            message: "",
            tags: &[],
            expected: Some(Action::Approve),
        },
        Case {
            what: "service name glob, other",
            when: "service: { name: \"your*\" }".into(),
            consumer: Kind::FrontDoor,
            message: "",
            tags: &[],
            expected: None,
        },
        Case {
            what: "service id in another case",
            when: format!(
                "service: {{ id: \"{}\" }}",
                service().to_string().to_lowercase()
            ),
            consumer: Kind::FrontDoor,
            message: "",
            tags: &[],
            expected: Some(Action::Approve),
        },
        Case {
            what: "resource group",
            when: "service: { resourceGroup: \"rg-a*\" }".into(),
            consumer: Kind::FrontDoor,
            message: "",
            tags: &[],
            expected: Some(Action::Approve),
        },
        Case {
            what: "subscription list",
            when: format!(
                "service: {{ subscription: [\"{EDGE}\", \"{}\"] }}",
                SUB.to_uppercase()
            ),
            consumer: Kind::FrontDoor,
            message: "",
            tags: &[],
            expected: Some(Action::Approve),
        },
        Case {
            what: "tag",
            when: "service: { tag: \"env=prod*\" }".into(),
            consumer: Kind::FrontDoor,
            message: "",
            tags: &[("Env", "production")],
            expected: Some(Action::Approve),
        },
        Case {
            what: "tag missing",
            when: "service: { tag: \"env=prod*\" }".into(),
            consumer: Kind::FrontDoor,
            message: "",
            tags: &[("team", "edge")],
            expected: None,
        },
        Case {
            what: "Front Door profile in any case",
            when: front_door(&upper),
            consumer: Kind::FrontDoor,
            message: "",
            tags: &[],
            expected: Some(Action::Approve),
        },
        Case {
            what: "Front Door, ambiguous pairing",
            when: front_door(&profile_id),
            consumer: Kind::FrontDoorAmbiguous,
            message: "",
            tags: &[],
            expected: Some(Action::Hold),
        },
        Case {
            what: "Front Door policy, endpoint imitating it",
            when: front_door(&profile_id),
            consumer: Kind::Endpoint(WOODGROVE, None),
            message: "Front Door request",
            tags: &[],
            expected: None,
        },
        Case {
            what: "Front Door policy, hidden origin",
            when: front_door(&profile_id),
            consumer: Kind::Hidden,
            message: "",
            tags: &[],
            expected: None,
        },
        Case {
            what: "Front Door origin glob",
            when: format!(
                "consumer:\n  frontDoor: {{ profile: \"{profile_id}\", origin: \"*-neu\" }}"
            ),
            consumer: Kind::FrontDoor,
            message: "",
            tags: &[],
            expected: None,
        },
        Case {
            what: "endpoint subscription",
            when: format!("consumer:\n  privateEndpoint: {{ subscription: [\"{WOODGROVE}\"] }}"),
            consumer: Kind::Endpoint(WOODGROVE, None),
            message: "",
            tags: &[],
            expected: Some(Action::Approve),
        },
        Case {
            what: "endpoint tenant",
            when: format!("consumer:\n  privateEndpoint: {{ tenant: \"{TENANT}\" }}"),
            consumer: Kind::Endpoint(WOODGROVE, Some(TENANT)),
            message: "",
            tags: &[],
            expected: Some(Action::Approve),
        },
        Case {
            what: "an unreadable subscription never matches a subscription condition",
            when: format!("consumer:\n  privateEndpoint: {{ subscription: [\"{WOODGROVE}\"] }}"),
            consumer: Kind::External(WOODGROVE),
            message: "",
            tags: &[],
            expected: None,
        },
        Case {
            what: "unknown tenant",
            when: "consumer: { unknownTenant: true }".into(),
            consumer: Kind::External(WOODGROVE),
            message: "",
            tags: &[],
            expected: Some(Action::Approve),
        },
        Case {
            what: "unknown tenant, readable endpoint",
            when: "consumer: { unknownTenant: true }".into(),
            consumer: Kind::Endpoint(WOODGROVE, None),
            message: "",
            tags: &[],
            expected: None,
        },
        Case {
            what: "message as an extra condition, matching",
            when: format!(
                "{}\nrequestMessage: \"^Front Door\"",
                front_door(&profile_id)
            ),
            consumer: Kind::FrontDoor,
            message: "Front Door for super-api",
            tags: &[],
            expected: Some(Action::Approve),
        },
        Case {
            what: "message as an extra condition, not matching",
            when: format!(
                "{}\nrequestMessage: \"^Front Door\"",
                front_door(&profile_id)
            ),
            consumer: Kind::FrontDoor,
            message: "please approve",
            tags: &[],
            expected: None,
        },
    ];
    for case in &cases {
        let got = run(case);
        assert_eq!(
            got.as_ref().map(|v| v.action),
            case.expected,
            "{}: {got:?}",
            case.what
        );
        if let Some(verdict) = got {
            assert!(!verdict.evidence.is_empty(), "{}: evidence", case.what);
            assert_eq!(
                verdict.held_because.is_some(),
                verdict.action == Action::Hold,
                "{}",
                case.what
            );
        }
    }
}

#[test]
fn the_first_matching_policy_wins_and_says_what_matched() {
    let set = policies(&format!(
        "policies:\n  - name: edge-hold\n    action: hold\n    when:\n      service: {{ name: \"other*\" }}\n  \
         - name: afd\n    action: approve\n    description: \"Front Door {{profile}} origin {{origin}} (policy {{policy}})\"\n    when:\n      \
         service: {{ name: \"my*\" }}\n      consumer:\n        frontDoor: {{ profile: \"{}\" }}\n  \
         - name: everything-else\n    action: reject\n    when:\n      service: {{ name: \"*\" }}\n",
        profile()
    ));
    let (service, profile, origin, tags) = (service(), profile(), origin(), BTreeMap::new());
    let consumer = ConsumerFacts::FrontDoor {
        profile: &profile,
        origin: &origin,
        ambiguous: false,
    };
    let candidate = Candidate {
        service: &service,
        service_tags: &tags,
        consumer,
        request_message: "",
    };
    let found = verdict(&set, &candidate).unwrap();
    assert_eq!(
        (found.policy.name.as_str(), found.action),
        ("afd", Action::Approve)
    );
    assert_eq!(
        found.evidence,
        [
            "service name 'myPLS' matches 'my*'",
            "Front Door profile afd-contoso asks through its origin super-api-weu"
        ]
    );
    assert_eq!(
        found.policy.description_for(&consumer),
        "Front Door afd-contoso origin super-api-weu (policy afd)"
    );
    let endpoint = endpoint(WOODGROVE);
    let other = Candidate {
        consumer: ConsumerFacts::Endpoint {
            endpoint: &endpoint,
            tenant: None,
        },
        ..candidate
    };
    let fallback = verdict(&set, &other).unwrap();
    assert_eq!(
        (fallback.policy.name.as_str(), fallback.action),
        ("everything-else", Action::Reject)
    );
}
