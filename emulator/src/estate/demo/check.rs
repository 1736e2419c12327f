//! Test-only consistency rules every built-in estate obeys (demo and scaled): scopes exist, ids
//! are unique, both sides of a connection agree, Front Door connections look like Azure's, and
//! references are shaped like real ARM ids. Returns problems instead of panicking.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::super::EstateDocument;
use super::builders::AFD_SUBSCRIPTION;

const FRONTEND: &str = "/subscriptions/{guid}/resourceGroups/*/providers/Microsoft.Network/loadBalancers/*/frontendIPConfigurations/*";
const PLS_IP_CONFIG: &str = "/subscriptions/{guid}/resourceGroups/*/providers/Microsoft.Network/privateLinkServices/*/ipConfigurations/*";
const SUBNET: &str = "/subscriptions/{guid}/resourceGroups/*/providers/Microsoft.Network/virtualNetworks/*/subnets/*";
const PRIVATE_ENDPOINT: &str =
    "/subscriptions/{guid}/resourceGroups/*/providers/Microsoft.Network/privateEndpoints/*";

/// The string at a JSON pointer, or `""`.
pub(crate) fn text<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The array at a JSON pointer, or an empty slice.
pub(crate) fn list<'a>(v: &'a Value, pointer: &str) -> &'a [Value] {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Resources of one type (compared case-insensitively).
pub(crate) fn of_type<'a>(
    doc: &'a EstateDocument,
    ty: &'a str,
) -> impl Iterator<Item = &'a Value> + 'a {
    doc.resources
        .iter()
        .filter(move |r| text(r, "/type").eq_ignore_ascii_case(ty))
}

/// `8-4-4-4-12` hex digits.
pub(crate) fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether `id` matches a pattern where `*` is any non-empty segment and `{guid}` a GUID.
fn shaped(id: &str, pattern: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (id.split('/').collect(), pattern.split('/').collect());
    a.len() == b.len()
        && a.iter().zip(&b).all(|(s, p)| match *p {
            "*" => !s.is_empty(),
            "{guid}" => is_guid(s),
            _ => s.eq_ignore_ascii_case(p),
        })
}

/// Segment `i` of an id (`1` = `subscriptions`, `2` = the subscription, `4` = the resource group).
fn segment(id: &str, i: usize) -> &str {
    id.split('/').nth(i).unwrap_or_default()
}

/// Every rule violated by `doc`, one line each.
pub(crate) fn problems(doc: &EstateDocument) -> Vec<String> {
    let mut out = Vec::new();
    scopes_and_ids(doc, &mut out);
    connections_agree(doc, &mut out);
    front_door(doc, &mut out);
    for pls in of_type(doc, "Microsoft.Network/privateLinkServices") {
        pls_shape(pls, &mut out);
    }
    out
}

fn scopes_and_ids(doc: &EstateDocument, out: &mut Vec<String>) {
    let subs: HashSet<String> = doc
        .subscriptions
        .iter()
        .map(|s| text(s, "/subscriptionId").to_lowercase())
        .collect();
    let rgs: HashSet<String> = doc
        .resource_groups
        .iter()
        .map(|g| text(g, "/id").to_lowercase())
        .collect();
    for denied in &doc.denied_subscriptions {
        if !subs.contains(&denied.to_lowercase()) {
            out.push(format!("denied subscription {denied} is not listed"));
        }
    }
    let mut seen = HashSet::new();
    let mut unique = |id: &str, out: &mut Vec<String>| {
        if !seen.insert(id.to_lowercase()) {
            out.push(format!("duplicate id {id}"));
        }
    };
    for s in &doc.subscriptions {
        unique(text(s, "/id"), out);
    }
    for g in &doc.resource_groups {
        unique(text(g, "/id"), out);
        if !subs.contains(&segment(text(g, "/id"), 2).to_lowercase()) {
            out.push(format!(
                "resource group {} is in an unknown subscription",
                text(g, "/id")
            ));
        }
    }
    for r in &doc.resources {
        let id = text(r, "/id");
        unique(id, out);
        for c in list(r, "/properties/privateEndpointConnections") {
            unique(text(c, "/id"), out);
        }
        let rg = format!(
            "/subscriptions/{}/resourceGroups/{}",
            segment(id, 2),
            segment(id, 4)
        )
        .to_lowercase();
        if !segment(id, 3).eq_ignore_ascii_case("resourceGroups") || !rgs.contains(&rg) {
            out.push(format!("{id} is not in a listed resource group"));
        }
        if !subs.contains(&segment(id, 2).to_lowercase()) {
            out.push(format!("{id} is not in a listed subscription"));
        }
        if text(r, "/name") != id.rsplit('/').next().unwrap_or_default()
            || text(r, "/type").is_empty()
        {
            out.push(format!("{id} has a wrong name or no type"));
        }
    }
}

/// The connections a private endpoint holds, auto-approved and manual.
fn endpoint_connections(pe: &Value) -> impl Iterator<Item = &Value> {
    list(pe, "/properties/privateLinkServiceConnections")
        .iter()
        .chain(list(pe, "/properties/manualPrivateLinkServiceConnections"))
}

fn connections_agree(doc: &EstateDocument, out: &mut Vec<String>) {
    let endpoints: HashMap<String, &Value> = of_type(doc, "Microsoft.Network/privateEndpoints")
        .map(|pe| (text(pe, "/id").to_lowercase(), pe))
        .collect();
    let providers: HashMap<String, &Value> = doc
        .resources
        .iter()
        .filter(|r| {
            r.pointer("/properties/privateEndpointConnections")
                .is_some()
        })
        .map(|r| (text(r, "/id").to_lowercase(), r))
        .collect();
    for (provider_id, provider) in &providers {
        for c in list(provider, "/properties/privateEndpointConnections") {
            let pe_id = text(c, "/properties/privateEndpoint/id");
            if !shaped(pe_id, PRIVATE_ENDPOINT) {
                out.push(format!(
                    "{} names a malformed endpoint {pe_id}",
                    text(c, "/id")
                ));
            }
            let Some(pe) = endpoints.get(&pe_id.to_lowercase()) else {
                continue;
            };
            let state = text(c, "/properties/privateLinkServiceConnectionState/status");
            // A private cluster's API-server endpoint points at AKS's hidden PLS, which the
            // cluster names among its private link resources.
            let hidden: Vec<&str> = list(provider, "/properties/privateLinkResources")
                .iter()
                .map(|r| text(r, "/privateLinkServiceID"))
                .collect();
            let back = endpoint_connections(pe).find(|pc| {
                let target = text(pc, "/properties/privateLinkServiceId");
                target.eq_ignore_ascii_case(provider_id)
                    || hidden.iter().any(|h| h.eq_ignore_ascii_case(target))
            });
            match back {
                None => out.push(format!("{pe_id} does not point back at {provider_id}")),
                Some(pc)
                    if text(pc, "/properties/privateLinkServiceConnectionState/status")
                        != state =>
                {
                    out.push(format!("{pe_id} and {provider_id} disagree on state"));
                }
                Some(_) => {}
            }
        }
    }
    for (pe_id, pe) in &endpoints {
        for pc in endpoint_connections(pe) {
            let target = text(pc, "/properties/privateLinkServiceId").to_lowercase();
            let Some(provider) = providers.get(&target) else {
                continue;
            };
            let listed = list(provider, "/properties/privateEndpointConnections")
                .iter()
                .any(|c| text(c, "/properties/privateEndpoint/id").eq_ignore_ascii_case(pe_id));
            if !listed {
                out.push(format!("{target} does not list the connection of {pe_id}"));
            }
        }
    }
}

fn front_door(doc: &EstateDocument, out: &mut Vec<String>) {
    let origins: Vec<&Value> = of_type(doc, "Microsoft.Cdn/profiles/origingroups/origins")
        .filter(|o| {
            o.pointer("/properties/sharedPrivateLinkResource/privateLink/id")
                .is_some()
        })
        .collect();
    let in_estate: HashSet<String> = doc
        .resources
        .iter()
        .map(|r| text(r, "/id").to_lowercase())
        .collect();
    let matches = |o: &Value, pls_id: &str, c: &Value| {
        let spl = "/properties/sharedPrivateLinkResource";
        let pe_id = text(c, "/properties/privateEndpoint/id");
        text(o, &format!("{spl}/privateLink/id")).eq_ignore_ascii_case(pls_id)
            && text(o, &format!("{spl}/requestMessage"))
                == text(
                    c,
                    "/properties/privateLinkServiceConnectionState/description",
                )
            && text(o, &format!("{spl}/status"))
                == text(c, "/properties/privateLinkServiceConnectionState/status")
            && segment(pe_id, 4).eq_ignore_ascii_case(&format!(
                "eafd-Prod-{}",
                text(o, &format!("{spl}/privateLinkLocation"))
            ))
    };
    let mut afd_connections = Vec::new();
    for provider in doc.resources.iter() {
        for c in list(provider, "/properties/privateEndpointConnections") {
            let pe_id = text(c, "/properties/privateEndpoint/id");
            if !segment(pe_id, 2).eq_ignore_ascii_case(AFD_SUBSCRIPTION) {
                continue;
            }
            let pls_id = text(provider, "/id");
            afd_connections.push((pls_id, c));
            if !segment(pe_id, 4).starts_with("eafd-Prod-")
                || !is_guid(pe_id.rsplit('/').next().unwrap_or_default())
            {
                out.push(format!(
                    "Front Door endpoint {pe_id} is not shaped like Azure's"
                ));
            }
            if in_estate.contains(&pe_id.to_lowercase()) {
                out.push(format!(
                    "Front Door endpoint {pe_id} must not be in the estate"
                ));
            }
            if !origins.iter().any(|o| matches(o, pls_id, c)) {
                out.push(format!("no origin asks for {}", text(c, "/id")));
            }
        }
    }
    for o in origins {
        let pls_id = text(o, "/properties/sharedPrivateLinkResource/privateLink/id");
        let known = in_estate.contains(&pls_id.to_lowercase());
        if known && !afd_connections.iter().any(|(p, c)| matches(o, p, c)) {
            out.push(format!(
                "origin {} has no matching connection",
                text(o, "/id")
            ));
        }
    }
}

fn pls_shape(pls: &Value, out: &mut Vec<String>) {
    let id = text(pls, "/id");
    if list(pls, "/properties/privateEndpointConnections").len() > 1000 {
        out.push(format!("{id} holds more than 1,000 connections"));
    }
    let fe = list(pls, "/properties/loadBalancerFrontendIpConfigurations");
    if fe.is_empty() || !fe.iter().all(|f| shaped(text(f, "/id"), FRONTEND)) {
        out.push(format!(
            "{id} has a malformed load balancer frontend reference"
        ));
    }
    let ip = list(pls, "/properties/ipConfigurations");
    let ok = ip.first().is_some_and(|c| {
        let cid = text(c, "/id");
        shaped(cid, PLS_IP_CONFIG)
            && cid
                .to_lowercase()
                .starts_with(&format!("{}/ipconfigurations/", id.to_lowercase()))
            && shaped(text(c, "/properties/subnet/id"), SUBNET)
            && !text(c, "/properties/privateIPAddress").is_empty()
    });
    if !ok {
        out.push(format!("{id} has a malformed NAT ipConfiguration"));
    }
}

/// PLSs whose load balancer frontend is not in the estate.
pub(crate) fn broken_chains(doc: &EstateDocument) -> Vec<String> {
    let frontends: HashSet<String> = of_type(doc, "Microsoft.Network/loadBalancers")
        .flat_map(|lb| list(lb, "/properties/frontendIPConfigurations"))
        .map(|f| text(f, "/id").to_lowercase())
        .collect();
    of_type(doc, "Microsoft.Network/privateLinkServices")
        .filter(|p| {
            list(p, "/properties/loadBalancerFrontendIpConfigurations")
                .iter()
                .any(|f| !frontends.contains(&text(f, "/id").to_lowercase()))
        })
        .map(|p| text(p, "/name").to_owned())
        .collect()
}

/// Every PLS connection's state, across the estate.
pub(crate) fn pls_states(doc: &EstateDocument) -> Vec<&str> {
    of_type(doc, "Microsoft.Network/privateLinkServices")
        .flat_map(|p| list(p, "/properties/privateEndpointConnections"))
        .map(|c| text(c, "/properties/privateLinkServiceConnectionState/status"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::demo;
    use super::*;

    fn status_mut<'a>(v: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
        v.pointer_mut(&format!("{pointer}/status"))
    }

    #[test]
    fn a_disagreeing_endpoint_is_reported() {
        let mut doc = demo();
        let pe = doc
            .resources
            .iter_mut()
            .find(|r| text(r, "/name") == "pe-woodgrove-super-api");
        let state = pe.and_then(|pe| {
            status_mut(pe, "/properties/manualPrivateLinkServiceConnections/0/properties/privateLinkServiceConnectionState")
        });
        assert!(state.map(|s| *s = "Approved".into()).is_some());
        assert_eq!(problems(&doc).len(), 1, "{:?}", problems(&doc));
    }

    #[test]
    fn an_origin_out_of_step_with_its_connection_is_reported() {
        let mut doc = demo();
        let origin = doc
            .resources
            .iter_mut()
            .find(|r| text(r, "/name") == "super-api-weu");
        let state = origin.and_then(|o| status_mut(o, "/properties/sharedPrivateLinkResource"));
        assert!(state.map(|s| *s = "Approved".into()).is_some());
        assert_eq!(problems(&doc).len(), 2, "{:?}", problems(&doc));
    }

    #[test]
    fn a_missing_resource_group_and_a_duplicate_id_are_reported() {
        let mut doc = demo();
        doc.resource_groups
            .retain(|g| text(g, "/name") != "rg-batch");
        let first = doc.resources[0].clone();
        doc.resources.push(first);
        let found = problems(&doc);
        assert!(
            found
                .iter()
                .any(|p| p.contains("pe-batch-super-api is not in a listed resource group")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.starts_with("duplicate id")),
            "{found:?}"
        );
    }

    #[test]
    fn malformed_pls_references_are_reported() {
        let mut doc = demo();
        let pls = doc
            .resources
            .iter_mut()
            .find(|r| text(r, "/name") == "myPLS");
        let fe = pls
            .and_then(|p| p.pointer_mut("/properties/loadBalancerFrontendIpConfigurations/0/id"));
        assert!(
            fe.map(|id| *id = "/subscriptions/subid/frontend".into())
                .is_some()
        );
        assert_eq!(
            problems(&doc),
            [
                "/subscriptions/6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51/resourceGroups/MC_rg-aks-prod_aks-prod-weu_westeurope/providers/Microsoft.Network/privateLinkServices/myPLS has a malformed load balancer frontend reference"
            ]
        );
    }
}
