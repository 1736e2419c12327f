//! The deterministic large estate of `--scale N`: N generated subscriptions publishing AKS
//! Services through PLSs, consumed by private endpoints in other subscriptions (and outside the
//! estate) and by Front Door Premium origins. A constant-seeded SplitMix64 drives every choice,
//! so the same N always gives the same estate. Builders are shared with `demo`.

use serde_json::Value;

use super::EstateDocument;
use super::demo::builders::{
    Audit, Cluster, Connection, Endpoint, FrontDoor, Frontend, Origin, Paas, PaasKind, Pls, State,
    Zone, afd_endpoint, dns_zone_group, front_door_origin, front_door_profile, frontend_name, guid,
    guid_from, internal_load_balancer, kube_apiserver_endpoint, managed_cluster, mix64, network_id,
    origin_group, owner_tags, paas_id, paas_resource, private_dns_zone, private_endpoint,
    private_link_service, resource_group, subnet_id, subscription, virtual_network_links,
};

/// The generator's fixed seed ("LINKCENT"): change it and every scaled estate changes.
const SEED: u64 = 0x4C49_4E4B_4345_4E54;
const TENANT_ID: &str = "0f3e5d7c-9b1a-4c2e-8d4f-6a8b0c2e4f61";
const REGIONS: [&str; 6] = [
    "westeurope",
    "eastus",
    "northeurope",
    "westus2",
    "southeastasia",
    "uksouth",
];
const UNITS: [&str; 8] = [
    "payments", "orders", "catalog", "identity", "search", "billing", "shipping", "media",
];
const ENVIRONMENTS: [&str; 3] = ["Prod", "Staging", "Dev"];
const SERVICES: [&str; 5] = [
    "web-api",
    "orders-api",
    "ledger-api",
    "search-api",
    "events-api",
];
/// Where every generated subscription keeps the endpoints it consumes through.
const CONSUMER_RG: &str = "rg-private-endpoints";
const DAY: u64 = 24 * 60;

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and plenty for picking demo data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// Uniform-enough in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// In `lo..=hi`.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn guid(&mut self) -> String {
        let (hi, lo) = (self.next(), self.next());
        guid_from(hi, lo)
    }

    /// Roughly 10% Pending, 75% Approved, 10% Rejected, 5% Disconnected.
    fn state(&mut self) -> State {
        match self.below(100) {
            0..10 => State::Pending,
            10..85 => State::Approved,
            85..95 => State::Rejected,
            _ => State::Disconnected,
        }
    }

    /// A creation age: pending requests are recent (up to two weeks), the rest up to ~13 months.
    fn audit(&mut self, unit: &str, state: State) -> Audit {
        let minutes = match state {
            State::Pending => self.between(5, 14 * DAY),
            _ => self.between(DAY, 400 * DAY),
        };
        let minutes = i64::try_from(minutes).unwrap_or_default();
        Audit {
            by: format!("dev{:02}@{unit}.contoso.com", self.below(40)),
            by_type: "User",
            created_minutes_ago: minutes,
            modified_minutes_ago: minutes,
        }
    }
}

/// A generated subscription.
struct Sub {
    id: String,
    index: usize,
    unit: &'static str,
    regions: Vec<&'static str>,
}

impl Sub {
    fn new(index: usize) -> Self {
        Sub {
            id: guid(&format!("linkcenter-scale-subscription-{index}")),
            index,
            unit: UNITS[index % UNITS.len()],
            regions: (0..2 + index % 2)
                .map(|k| REGIONS[(index + k) % REGIONS.len()])
                .collect(),
        }
    }

    fn display_name(&self) -> String {
        let mut unit = self.unit.to_owned();
        unit[..1].make_ascii_uppercase();
        format!(
            "{unit} {} {:03}",
            ENVIRONMENTS[self.index % ENVIRONMENTS.len()],
            self.index
        )
    }

    /// Where its consumer and edge resource groups live: the last of its regions, so a third
    /// region hosts endpoints even though clusters use the first two.
    fn spare_region(&self) -> &'static str {
        self.regions.last().copied().unwrap_or(REGIONS[0])
    }
}

/// A PLS being generated, with the subscription that publishes it and its Service name.
struct Published {
    owner: usize,
    service: &'static str,
    pls: Pls,
}

/// A deterministic estate of `subscriptions` generated subscriptions (see the module docs).
pub fn scaled(subscriptions: u32) -> EstateDocument {
    let subs: Vec<Sub> = (0..subscriptions as usize).map(Sub::new).collect();
    let mut rng = SplitMix64(SEED);
    let mut doc = EstateDocument {
        tenant_id: TENANT_ID.into(),
        ..EstateDocument::default()
    };
    let mut published = Vec::new();
    let mut endpoints = Vec::new();
    for s in &subs {
        doc.subscriptions
            .push(subscription(TENANT_ID, &s.id, &s.display_name()));
        doc.resource_groups
            .push(resource_group(&s.id, CONSUMER_RG, s.spare_region(), None));
        for mut p in publish(&mut rng, &mut doc, s, subs.len()) {
            p.pls.connections = connections(&mut rng, &subs, &p, &mut endpoints);
            published.push(p);
        }
    }
    for s in subs.iter().step_by(3) {
        front_door(&mut rng, &mut doc, s, &mut published);
    }
    doc.resources
        .extend(published.iter().map(|p| private_link_service(&p.pls)));
    doc.resources.append(&mut endpoints);
    paas_and_dns(&mut doc, &subs);
    doc
}

/// Every fourth subscription keeps a Storage account reached from its own spoke through a blob
/// endpoint with a zone group; the first subscription is the DNS hub: one blob zone, linked to
/// those spokes. Appended last, without the generator's seed, so the rest of the estate is
/// what it was before PaaS resources were generated.
fn paas_and_dns(doc: &mut EstateDocument, subs: &[Sub]) {
    let Some(hub) = subs.first() else {
        return;
    };
    let mut blob = Zone {
        sub: hub.id.clone(),
        rg: "rg-dns".into(),
        name: "privatelink.blob.core.windows.net".into(),
        links: Vec::new(),
        records: 0,
    };
    doc.resource_groups
        .push(resource_group(&hub.id, "rg-dns", hub.spare_region(), None));
    let mut groups = Vec::new();
    for s in subs.iter().step_by(4) {
        let name = format!("st{}{:03}", s.unit, s.index);
        let storage = paas_id(PaasKind::Storage, &s.id, "rg-data", &name);
        let endpoint = Endpoint {
            sub: s.id.clone(),
            rg: CONSUMER_RG.into(),
            name: format!("pe-{name}-blob"),
            location: s.spare_region().into(),
            subnet_id: subnet_id(&s.id, CONSUMER_RG, "vnet-spoke", "snet-private-endpoints"),
            target_id: storage,
            group_ids: vec!["blob".into()],
            request_message: String::new(),
            state: State::Approved,
            description: "Auto-Approved".into(),
            manual: false,
            audit: Audit {
                by: "platform@example.com".into(),
                by_type: "User",
                created_minutes_ago: 90 * DAY as i64,
                modified_minutes_ago: 90 * DAY as i64,
            },
            fqdn: Some(format!("{name}.privatelink.blob.core.windows.net")),
        };
        doc.resource_groups
            .push(resource_group(&s.id, "rg-data", s.spare_region(), None));
        doc.resources.push(paas_resource(&Paas {
            kind: PaasKind::Storage,
            sub: s.id.clone(),
            rg: "rg-data".into(),
            name,
            location: s.spare_region().into(),
            public_access: "Disabled",
            connections: vec![endpoint.connection()],
        }));
        doc.resources.push(private_endpoint(&endpoint));
        blob.links.push(network_id(
            &s.id,
            CONSUMER_RG,
            "virtualNetworks",
            "vnet-spoke",
        ));
        blob.records += 1;
        groups.push(endpoint);
    }
    for endpoint in &groups {
        doc.resources.push(dns_zone_group(endpoint, &[&blob]));
    }
    doc.resources.push(private_dns_zone(&blob));
    doc.resources.extend(virtual_network_links(&blob));
}

/// One subscription's clusters and load balancers; returns its 2–5 PLSs, connections to come.
/// About 70% of PLSs auto-approve the next of the `n` subscriptions.
fn publish(rng: &mut SplitMix64, doc: &mut EstateDocument, s: &Sub, n: usize) -> Vec<Published> {
    let clusters: Vec<Cluster> = (0..1 + rng.below(2) as usize)
        .map(|c| Cluster {
            sub: s.id.clone(),
            rg: format!("rg-aks-{}-{}", s.unit, c + 1),
            name: format!("aks-{}-{:03}-{}", s.unit, s.index, c + 1),
            location: s.regions[c % s.regions.len()].to_owned(),
            private: rng.percent(20),
        })
        .collect();
    let services = rng.between(2, 5) as usize;
    let mut frontends: Vec<Vec<Frontend>> = vec![Vec::new(); clusters.len()];
    let mut out = Vec::new();
    for (k, service) in SERVICES.iter().take(services).enumerate() {
        let c = &clusters[k % clusters.len()];
        let owner_service = format!("{}/{service}", s.unit);
        let fe = frontend_name(&format!("{}/{owner_service}", c.id()));
        let (port, target_port) = if k % 2 == 0 { (443, 8443) } else { (80, 8080) };
        let node_port = 30_000 + (rng.below(2_700) as u16);
        let nat_ip = format!("10.224.10.{}", 10 + k);
        let mut pls = Pls {
            sub: s.id.clone(),
            rg: c.node_rg(),
            name: format!("pls-{fe}"),
            location: c.location.clone(),
            frontend_id: c.frontend_id(&fe),
            nat_subnet_id: c.subnet_id(),
            nat_ip,
            visibility: vec!["*".into()],
            auto_approval: vec![],
            proxy_protocol: false,
            tags: owner_tags(&owner_service),
            connections: vec![],
        };
        if n > 1 && rng.percent(70) {
            pls.auto_approval = vec![Sub::new((s.index + 1) % n).id];
        }
        let ip = format!("10.224.0.{}", 10 + k);
        frontends[k % clusters.len()].push(Frontend {
            name: fe,
            ip,
            port,
            target_port,
            node_port,
        });
        out.push(Published {
            owner: s.index,
            service,
            pls,
        });
    }
    for (c, fes) in clusters.iter().zip(&frontends) {
        doc.resource_groups
            .push(resource_group(&s.id, &c.rg, &c.location, None));
        doc.resource_groups.push(resource_group(
            &s.id,
            &c.node_rg(),
            &c.location,
            Some(&c.id()),
        ));
        doc.resources.push(managed_cluster(c));
        doc.resources.push(internal_load_balancer(c, fes));
        if c.private {
            doc.resources.push(kube_apiserver_endpoint(c));
        }
    }
    out
}

/// 10–40 connections (now and then ~150) from other subscriptions and from outside the estate;
/// endpoints inside the estate are rendered into `endpoints`.
fn connections(
    rng: &mut SplitMix64,
    subs: &[Sub],
    p: &Published,
    endpoints: &mut Vec<Value>,
) -> Vec<Connection> {
    let count = if rng.percent(8) {
        rng.between(140, 160)
    } else {
        rng.between(10, 40)
    };
    let n = subs.len();
    // The auto-approved partner is the next subscription; manual consumers are any other one.
    let partner = (n > 1 && !p.pls.auto_approval.is_empty()).then(|| (p.owner + 1) % n);
    let pls_id = p.pls.id();
    let mut out = Vec::with_capacity(count as usize);
    for j in 0..count {
        let state = rng.state();
        let roll = rng.below(100);
        let name = format!("pe-{}-{:03}-{j:03}", p.service, p.owner);
        let description = match state {
            State::Approved => "Approved by platform on-call",
            State::Rejected => "Rejected: no approval ticket on file",
            State::Disconnected => "Removed by the service owner",
            State::Pending => "",
        };
        let (consumer, manual) = match partner {
            Some(partner) if state == State::Approved && roll < 30 => (partner, false),
            _ if roll >= 75 => {
                let pe_id = network_id(&rng.guid(), "rg-consumer", "privateEndpoints", &name);
                let description = if description.is_empty() {
                    "Requested from another tenant"
                } else {
                    description
                };
                out.push(Connection {
                    pe_id,
                    pe_location: p.pls.location.clone(),
                    state,
                    description: description.into(),
                });
                continue;
            }
            _ if n > 2 => ((p.owner + 2 + rng.below(n as u64 - 2) as usize) % n, true),
            _ => (p.owner, true),
        };
        let c = &subs[consumer];
        let e = Endpoint {
            sub: c.id.clone(),
            rg: CONSUMER_RG.into(),
            name,
            location: c.spare_region().into(),
            subnet_id: subnet_id(&c.id, CONSUMER_RG, "vnet-spoke", "snet-private-endpoints"),
            target_id: pls_id.clone(),
            group_ids: vec![],
            request_message: format!(
                "{} team requests {}/{}",
                c.unit,
                UNITS[p.owner % UNITS.len()],
                p.service
            ),
            state,
            description: if manual {
                description.into()
            } else {
                "Auto-Approved".into()
            },
            manual,
            audit: rng.audit(c.unit, state),
            fqdn: None,
        };
        out.push(e.connection());
        endpoints.push(private_endpoint(&e));
    }
    out
}

/// A Front Door Premium profile in `s` with origins to about half the PLSs of `s` and the next
/// two subscriptions; each origin adds its Front Door connection to the PLS.
fn front_door(
    rng: &mut SplitMix64,
    doc: &mut EstateDocument,
    s: &Sub,
    published: &mut [Published],
) {
    let fd = FrontDoor {
        sub: s.id.clone(),
        rg: "rg-edge".into(),
        profile: format!("afd-{}-{:03}", s.unit, s.index),
    };
    doc.resource_groups
        .push(resource_group(&s.id, &fd.rg, s.spare_region(), None));
    doc.resources.push(front_door_profile(&fd));
    doc.resources
        .push(afd_endpoint(&fd, &format!("{}-web", s.unit)));
    for p in published
        .iter_mut()
        .filter(|p| (s.index..s.index + 3).contains(&p.owner))
    {
        if !rng.percent(50) {
            continue;
        }
        let state = rng.state();
        let group = format!("og-{:03}-{}", p.owner, p.service);
        let origin = Origin {
            name: format!("{}-{}", p.service, p.pls.location),
            host_name: format!("{}.{}.internal", p.service, UNITS[p.owner % UNITS.len()]),
            pls_id: p.pls.id(),
            pls_location: p.pls.location.clone(),
            request_message: format!("Front Door {}: {group} ({})", fd.profile, p.pls.location),
            state,
            pe_guid: rng.guid(),
            audit: rng.audit(s.unit, state),
            group,
        };
        p.pls.connections.push(origin.connection());
        doc.resources.push(origin_group(&fd, &origin.group));
        doc.resources.push(front_door_origin(&fd, &origin));
    }
}

#[cfg(test)]
mod tests;
