//! ARM JSON builders shared by the demo and the scaled estate: one function per resource kind,
//! each returning the resource as an ARM GET returns it. Plain data in, `serde_json::Value` out;
//! stable GUIDs, ETags and timestamps come from hashing, so every build is identical.

use serde_json::{Value, json};

mod afd;
mod aks;
mod dns;
mod network;
mod paas;

pub(crate) use afd::{
    FrontDoor, Origin, afd_endpoint, front_door_origin, front_door_profile, origin_group,
};
pub(crate) use aks::{
    Cluster, Frontend, internal_load_balancer, kube_apiserver_endpoint, managed_cluster,
};
pub(crate) use dns::{Zone, dns_zone_group, private_dns_zone, virtual_network_links};
pub(crate) use network::{Endpoint, Pls, owner_tags, private_endpoint, private_link_service};
pub(crate) use paas::{Paas, PaasKind, paas_id, paas_resource};

/// The Microsoft-owned subscription that holds Azure Front Door's managed private endpoints.
pub(crate) const AFD_SUBSCRIPTION: &str = "c1bc5dd7-ea97-469c-89fa-8f26624902fd";
/// An AKS-managed subscription holding private clusters' API-server PLSs (never in an estate).
pub(crate) const AKS_SUBSCRIPTION: &str = "7d3f9b21-0c4e-4a8d-b6f2-19e5c7a3d840";
/// Unix time of the fixed 'now' generated timestamps count back from: 2026-11-20T09:00:00Z.
pub(crate) const NOW_UNIX: i64 = 1_795_165_200;

/// A connection's state as `privateLinkServiceConnectionState.status` spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    Pending,
    Approved,
    Rejected,
    Disconnected,
}

impl State {
    /// The wire spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Pending => "Pending",
            State::Approved => "Approved",
            State::Rejected => "Rejected",
            State::Disconnected => "Disconnected",
        }
    }
}

/// The output step of SplitMix64: a bijective 64-bit mixer.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over a string: the seed for name-derived GUIDs.
pub(crate) fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// A GUID-shaped string (version-4 layout) from two 64-bit values.
pub(crate) fn guid_from(hi: u64, lo: u64) -> String {
    let hi = (hi & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000;
    let lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

/// A stable GUID for a seed string: the same seed always gives the same GUID.
pub(crate) fn guid(seed: &str) -> String {
    salted_guid(seed, 0)
}

/// A GUID for a seed and a purpose, so one id can seed several unrelated GUIDs.
fn salted_guid(seed: &str, salt: u64) -> String {
    let h = fnv1a(seed) ^ salt.wrapping_mul(0xD1B5_4A32_D192_ED03);
    guid_from(mix64(h), mix64(h ^ 0x9E37_79B9_7F4A_7C15))
}

/// A weak ETag as the network RP writes it, stable for a seed (and unlike `guid(seed)`).
pub(crate) fn etag(seed: &str) -> String {
    format!("W/\"{}\"", salted_guid(seed, 1))
}

/// 32 hex characters starting with `a`, like cloud-provider-azure's frontend names
/// (`"a"` + the Service UID without dashes, truncated to 32).
pub(crate) fn frontend_name(seed: &str) -> String {
    let hex: String = guid(seed).chars().filter(|c| *c != '-').take(31).collect();
    format!("a{hex}")
}

/// `n` lower-case letters and digits, stable for a seed (AFD host names, AKS FQDN suffixes).
pub(crate) fn label(seed: &str, n: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut h = fnv1a(seed);
    (0..n)
        .map(|_| {
            h = mix64(h.wrapping_add(0x9E37_79B9_7F4A_7C15));
            char::from(ALPHABET[(h % ALPHABET.len() as u64) as usize])
        })
        .collect()
}

/// RFC 3339 UTC time `minutes` before the fixed 'now'.
pub(crate) fn minutes_ago(minutes: i64) -> String {
    rfc3339(NOW_UNIX - minutes * 60)
}

/// RFC 3339 UTC for Unix seconds (Howard Hinnant's civil-from-days).
pub(crate) fn rfc3339(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

/// Who created and last changed a resource, and how long ago (ARM `systemData`).
#[derive(Clone, Debug)]
pub(crate) struct Audit {
    pub by: String,
    pub by_type: &'static str,
    pub created_minutes_ago: i64,
    pub modified_minutes_ago: i64,
}

/// ARM `systemData` for an [`Audit`].
pub(crate) fn system_data(a: &Audit) -> Value {
    json!({
        "createdBy": a.by, "createdByType": a.by_type, "createdAt": minutes_ago(a.created_minutes_ago),
        "lastModifiedBy": a.by, "lastModifiedByType": a.by_type,
        "lastModifiedAt": minutes_ago(a.modified_minutes_ago),
    })
}

/// `/subscriptions/{sub}/resourceGroups/{rg}`.
pub(crate) fn rg_id(sub: &str, rg: &str) -> String {
    format!("/subscriptions/{sub}/resourceGroups/{rg}")
}

/// `.../providers/Microsoft.Network/{kind}/{name}` in a resource group.
pub(crate) fn network_id(sub: &str, rg: &str, kind: &str, name: &str) -> String {
    format!(
        "{}/providers/Microsoft.Network/{kind}/{name}",
        rg_id(sub, rg)
    )
}

/// A subnet id; virtual networks themselves are not part of an estate.
pub(crate) fn subnet_id(sub: &str, rg: &str, vnet: &str, subnet: &str) -> String {
    format!(
        "{}/subnets/{subnet}",
        network_id(sub, rg, "virtualNetworks", vnet)
    )
}

/// The id of the private endpoint Front Door creates for a Private Link origin in `region`.
pub(crate) fn afd_private_endpoint_id(region: &str, pe_guid: &str) -> String {
    network_id(
        AFD_SUBSCRIPTION,
        &format!("eafd-Prod-{region}"),
        "privateEndpoints",
        pe_guid,
    )
}

/// A subscription as `GET /subscriptions` lists it.
pub(crate) fn subscription(tenant: &str, sub: &str, display_name: &str) -> Value {
    json!({
        "id": format!("/subscriptions/{sub}"), "subscriptionId": sub, "tenantId": tenant,
        "displayName": display_name, "state": "Enabled",
        "subscriptionPolicies": {
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": "EnterpriseAgreement_2014-09-01", "spendingLimit": "Off"
        },
        "authorizationSource": "RoleBased", "managedByTenants": [], "tags": {}
    })
}

/// A resource group; `managed_by` is set on AKS node resource groups.
pub(crate) fn resource_group(
    sub: &str,
    name: &str,
    location: &str,
    managed_by: Option<&str>,
) -> Value {
    let mut rg = json!({
        "id": rg_id(sub, name), "name": name, "type": "Microsoft.Resources/resourceGroups",
        "location": location, "tags": {}, "properties": { "provisioningState": "Succeeded" }
    });
    if let (Some(owner), Some(map)) = (managed_by, rg.as_object_mut()) {
        map.insert("managedBy".into(), json!(owner));
    }
    rg
}

/// A private endpoint connection as the provider side (PLS, SQL server) lists it.
#[derive(Clone, Debug)]
pub(crate) struct Connection {
    pub pe_id: String,
    pub pe_location: String,
    pub state: State,
    pub description: String,
}

impl Connection {
    pub(crate) fn pe_name(&self) -> &str {
        self.pe_id.rsplit('/').next().unwrap_or_default()
    }

    pub(crate) fn state_json(&self) -> Value {
        json!({ "status": self.state.as_str(), "description": self.description, "actionsRequired": "None" })
    }
}

/// Moves `value` into the object at `pointer` (`""` for the root) under `key`. `json!` would
/// deep-copy an interpolated `Value`; large arrays are put in afterwards with this instead.
pub(crate) fn put(target: &mut Value, pointer: &str, key: &str, value: Value) {
    if let Some(map) = target.pointer_mut(pointer).and_then(Value::as_object_mut) {
        map.insert(key.to_owned(), value);
    }
}

/// A private IPv4 address stable for a seed, inside `10.{base}.0.0/16`.
pub(crate) fn private_ip(seed: &str, base: u8) -> String {
    let h = mix64(fnv1a(seed));
    format!("10.{base}.{}.{}", (h >> 8) % 256, 4 + (h >> 16) % 250)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_renders_the_fixed_now() {
        assert_eq!(minutes_ago(0), "2026-11-20T09:00:00Z");
        assert_eq!(minutes_ago(60 * 24 * 20 + 90), "2026-10-31T07:30:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn guids_are_stable_and_well_formed() {
        let g = guid("myPLS");
        assert_eq!(g, guid("myPLS"));
        assert_ne!(g, guid("myPLS2"));
        assert!(!etag("myPLS").contains(&g));
        let groups: Vec<usize> = g.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn frontend_names_look_like_cloud_provider_azure() {
        let name = frontend_name("default/super-api");
        assert_eq!(name.len(), 32);
        assert!(name.starts_with('a') && name.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
