//! The policies over the demo estate: Front Door's Pending request to myPLS is the one a Front
//! Door policy matches; nothing else is; an ambiguous pairing holds; `perSync` lets the oldest
//! requests go first.

use emulator::estate::demo::{CONTOSO_EDGE, PENDING_ORIGIN_ID};

use super::*;
use crate::inventory::join::tests::demo_now;
use crate::inventory::offline;

fn demo() -> Snapshot {
    offline::snapshot(&emulator::estate::demo::demo(), demo_now())
}

fn front_door_policy(per_sync: &str) -> PolicySet {
    PolicySet::parse(
        "p.yaml",
        &format!(
            "policies:\n  - name: afd\n    action: approve\n    description: \"Front Door {{profile}} origin {{origin}} (policy {{policy}})\"\n    when:\n      service: {{ name: myPLS }}\n      consumer:\n        frontDoor: {{ profile: \"/subscriptions/{CONTOSO_EDGE}/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-contoso\" }}\n    {per_sync}\n"
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_front_door_policy_matches_the_pending_front_door_request_and_nothing_else() {
    let snapshot = demo();
    let verdicts = evaluate(&front_door_policy(""), &snapshot);
    let [only] = verdicts.as_slice() else {
        panic!("one verdict: {verdicts:#?}")
    };
    assert_eq!(
        (only.policy.as_str(), only.action),
        ("afd", Action::Approve)
    );
    assert!(!only.waiting && only.held_because.is_none());
    let origin = ResourceId::parse(PENDING_ORIGIN_ID).unwrap();
    assert!(
        only.evidence.iter().any(|e| e.contains(origin.name())),
        "the evidence names the origin: {:?}",
        only.evidence
    );
    assert_eq!(
        only.description,
        format!(
            "Front Door afd-contoso origin {} (policy afd)",
            origin.name()
        )
    );
}

#[test]
fn a_catch_all_policy_acts_on_its_oldest_requests_first_within_per_sync() {
    let snapshot = demo();
    let set = PolicySet::parse(
        "p.yaml",
        "policies:\n  - name: all\n    action: reject\n    when:\n      service: { name: \"*\" }\n    limits: { perSync: 1 }\n",
    )
    .unwrap();
    let verdicts = evaluate(&set, &snapshot);
    assert!(
        verdicts.len() >= 3,
        "every Pending connection: {verdicts:#?}"
    );
    assert!(!verdicts[0].waiting, "the oldest goes first");
    assert!(verdicts[1..].iter().all(|v| v.waiting), "the rest wait");
    assert_eq!(verdicts[0].description, "reject by policy all");
}

#[test]
fn two_pending_requests_paired_with_one_origin_are_both_held() {
    let mut snapshot = demo();
    let service = snapshot
        .chains
        .chains
        .iter()
        .find(|c| {
            c.connections.iter().any(|l| {
                matches!(l.consumer, Consumer::FrontDoor { .. })
                    && l.status == ConnectionStatus::Pending
            })
        })
        .expect("a service with Front Door's Pending request")
        .service
        .clone();
    snapshot
        .chains
        .chains
        .update(service.subscription(), |chains| {
            let chain = chains.iter_mut().find(|c| c.service == service).unwrap();
            let mut imitation = chain
                .connections
                .iter()
                .find(|l| {
                    matches!(l.consumer, Consumer::FrontDoor { .. })
                        && l.status == ConnectionStatus::Pending
                })
                .unwrap()
                .clone();
            imitation.connection = service.child("privateEndpointConnections", "imitation");
            chain.connections.push(imitation);
        });
    let verdicts = evaluate(&front_door_policy(""), &snapshot);
    assert_eq!(verdicts.len(), 2, "{verdicts:#?}");
    for held in &verdicts {
        assert_eq!(held.action, Action::Hold);
        assert!(
            held.held_because.as_deref().unwrap().contains("imitating"),
            "{held:?}"
        );
    }
}

#[test]
fn front_door_requests_the_join_cannot_pair_are_held_while_an_origin_waits() {
    // A second endpoint in a resource group named like Front Door's, asking with the origin's
    // words: the join pairs neither with the origin, and the policy holds both.
    let woodgrove = emulator::estate::demo::WOODGROVE;
    let text = serde_json::to_string(&emulator::estate::demo::demo())
        .unwrap()
        .replace(
            "UAT access for the Woodgrove partner portal (WG-5521)",
            "Contoso Edge Front Door: super-api (westeurope)",
        )
        .replace(
            "resourceGroups/rg-woodgrove-integration/providers/Microsoft.Network/privateEndpoints/pe-woodgrove-super-api-uat",
            "resourceGroups/eafd-Prod-westeurope/providers/Microsoft.Network/privateEndpoints/pe-woodgrove-super-api-uat",
        );
    let doc: emulator::EstateDocument = serde_json::from_str(&text).unwrap();
    let snapshot = offline::snapshot(&doc, demo_now());
    let verdicts = evaluate(&front_door_policy(""), &snapshot);
    assert_eq!(verdicts.len(), 2, "{verdicts:#?}");
    assert!(
        verdicts.iter().all(|v| v.action == Action::Hold
            && v.held_because.as_deref().unwrap().contains("imitating")),
        "{verdicts:#?}"
    );
    assert!(
        verdicts
            .iter()
            .any(|v| v.connection.as_str().contains("pe-woodgrove-super-api-uat")),
        "{woodgrove}'s imitation is one of them"
    );
}

#[test]
fn no_policies_no_verdicts() {
    let set = PolicySet::parse("p.yaml", "policies: []\n").unwrap();
    assert!(evaluate(&set, &demo()).is_empty());
}
