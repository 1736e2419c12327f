//! Tests of the typed resources: the published ARM examples (copied to `tests/fixtures/arm`),
//! the emulator's demo estate, failures that are reported and never silent, and decoding of
//! arbitrary JSON.

mod estate;
mod examples;
mod robustness;

use serde_json::Value;

use super::*;
use crate::arm::ResourceId;

/// `(name, text)` of a fixture in `server/tests/fixtures/arm`.
macro_rules! example {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../../tests/fixtures/arm/", $name, ".json")),
        )
    };
}

/// Every example payload the tests use.
const EXAMPLES: &[(&str, &str)] = &[
    example!("PrivateLinkServiceGet"),
    example!("PrivateLinkServiceListAll"),
    example!("PrivateLinkServiceGetPrivateEndpointConnection"),
    example!("PrivateLinkServiceListPrivateEndpointConnection"),
    example!("PrivateLinkServiceUpdatePrivateEndpointConnection"),
    example!("PrivateEndpointGet"),
    example!("PrivateEndpointGetForManualApproval"),
    example!("PrivateEndpointListAll"),
    example!("LoadBalancerGet"),
    example!("ManagedClustersGet"),
    example!("ManagedClustersCreate_PrivateClusterFQDNSubdomain"),
    example!("Profiles_Get"),
    example!("AFDEndpoints_Get"),
    example!("AFDOrigins_Get"),
    example!("Origins_Create"),
    example!("GetSubscriptions"),
    example!("PrivateEndpointConnectionUpdate"),
    example!("StorageAccountPutPrivateEndpointConnection"),
    example!("Sql_PrivateEndpointConnectionList"),
    example!("StorageAccountCreateEnablePublicNetworkAccess"),
    example!("StorageAccountListPrivateEndpointConnections"),
    example!("StorageAccountGetProperties"),
    example!("getVault"),
    example!("listPrivateEndpointConnection"),
    example!("CosmosDBPrivateEndpointConnectionGet"),
    example!("ContainerRegistry_PrivateEndpointConnectionGet"),
    example!("GetSitePrivateEndpointConnection"),
    example!("PrivateEndpointConnectionsList"),
    example!("PrivateZoneGet"),
    example!("VirtualNetworkLinkGet"),
    example!("VirtualNetworkLinkList"),
    example!("PrivateEndpointDnsZoneGroupGet"),
    example!("PrivateEndpointDnsZoneGroupList"),
];

/// The body of response `status` in example `name`.
fn body(name: &str, status: &str) -> Value {
    let Some((_, text)) = EXAMPLES.iter().find(|(known, _)| *known == name) else {
        panic!("no example {name}");
    };
    let example: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    example["responses"][status]["body"].clone()
}

/// The `value` list of a list response.
fn listed(name: &str) -> Vec<Value> {
    match body(name, "200")["value"].as_array() {
        Some(values) => values.clone(),
        None => panic!("{name} has no value list"),
    }
}

/// Decodes or fails the test with the decoder's message.
fn decoded<T: FromArm>(value: &Value) -> T {
    T::from_arm(value).unwrap_or_else(|error| panic!("{} should decode: {error}", T::KIND))
}

/// Decodes a whole list and insists nothing failed.
fn all<T: FromArm>(values: &[Value]) -> Vec<T> {
    let decoded = decode_all::<T>(values);
    assert_eq!(decoded.failures, vec![], "{} failures", T::KIND);
    decoded.items
}

fn id(text: &str) -> ResourceId {
    ResourceId::parse(text).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn every_example_is_a_json_payload_with_a_response() {
    for (name, _) in EXAMPLES {
        let responses = body(name, "200");
        assert!(responses.is_object(), "{name} has a 200 body");
    }
}
