//! `ViewCache`: the list rows built once per inventory snapshot, so a page request filters and
//! sorts ready rows instead of re-joining 50,000 connections. Rebuilt lazily when the sync
//! swaps in a new snapshot, or a reload puts other policies in force; readers never wait for
//! each other.

use std::sync::Arc;

use std::collections::HashMap;

use app::model::{PolicyVerdictView, ServiceRow};
use arc_swap::ArcSwapOption;

use super::{ConnectionRecord, EndpointRecord, Table, records, rows};
use crate::arm::ResourceId;
use crate::inventory::{InventoryService, Snapshot};
use crate::policies::{ConnectionVerdict, PoliciesInForce, PolicyFile, evaluate};

/// The rows of every list for one snapshot, and the policies' verdicts on it.
#[derive(Debug)]
pub struct Views {
    /// The snapshot they were built from.
    pub snapshot: Arc<Snapshot>,
    /// Private link services.
    pub services: Table<ServiceRow>,
    /// Private endpoints.
    pub endpoints: Table<EndpointRecord>,
    /// Connections, as typed records (wire rows are made per page).
    pub connections: Table<ConnectionRecord>,
    /// The approval policies in force, if any.
    pub policies: Option<Arc<PoliciesInForce>>,
    /// Their verdicts on the snapshot's Pending connections, oldest request first.
    pub verdicts: Vec<ConnectionVerdict>,
    /// Where each connection's verdict is in `verdicts`.
    verdict_of: HashMap<ResourceId, usize>,
}

impl Views {
    /// Builds every list from `snapshot`.
    pub fn build(snapshot: Arc<Snapshot>) -> Self {
        Self::build_with(snapshot, None)
    }

    /// Builds every list from `snapshot`, and the verdicts of `policies` on it.
    pub fn build_with(snapshot: Arc<Snapshot>, policies: Option<Arc<PoliciesInForce>>) -> Self {
        let verdicts = policies
            .as_ref()
            .map(|p| evaluate(&p.set, &snapshot))
            .unwrap_or_default();
        let verdict_of = verdicts
            .iter()
            .enumerate()
            .map(|(at, v)| (v.connection.clone(), at))
            .collect();
        Self {
            services: Table::new(rows::services(&snapshot)),
            endpoints: Table::new(records::endpoints(&snapshot)),
            connections: Table::new(records::connections(&snapshot)),
            snapshot,
            policies,
            verdicts,
            verdict_of,
        }
    }

    /// The policies' verdict on `connection`, as the pages and the API show it.
    pub fn verdict(&self, connection: &ResourceId) -> Option<PolicyVerdictView> {
        let verdict = &self.verdicts[*self.verdict_of.get(connection)?];
        Some(verdict_view(
            verdict,
            self.policies.as_ref().is_none_or(|p| p.dry_run),
        ))
    }
}

/// A verdict as the pages and the API show it.
pub fn verdict_view(verdict: &ConnectionVerdict, dry_run: bool) -> PolicyVerdictView {
    PolicyVerdictView {
        connection: verdict.connection.to_string(),
        policy: verdict.policy.clone(),
        action: verdict.action.as_str().to_owned(),
        dry_run,
        evidence: verdict.evidence.clone(),
        held_because: verdict.held_because.clone(),
        waiting: verdict.waiting,
        second_approver: verdict.second_approver,
    }
}

/// The rows of the current snapshot, built on first use after each sync.
pub struct ViewCache {
    inventory: Arc<InventoryService>,
    policies: Option<Arc<PolicyFile>>,
    cached: ArcSwapOption<Views>,
}

impl ViewCache {
    /// A cache over `inventory`'s snapshots.
    pub fn new(inventory: Arc<InventoryService>) -> Arc<Self> {
        Self::with_policies(inventory, None)
    }

    /// A cache over `inventory`'s snapshots, with the verdicts on each of the policies in
    /// force in `policies` (rebuilt when a reload changes them).
    pub fn with_policies(
        inventory: Arc<InventoryService>,
        policies: Option<Arc<PolicyFile>>,
    ) -> Arc<Self> {
        Arc::new(Self {
            inventory,
            policies,
            cached: ArcSwapOption::empty(),
        })
    }

    /// The inventory behind the views.
    pub fn inventory(&self) -> &Arc<InventoryService> {
        &self.inventory
    }

    /// The policies file in force, when one is given.
    pub fn policy_file(&self) -> Option<&Arc<PolicyFile>> {
        self.policies.as_ref()
    }

    /// The rows of the current snapshot.
    pub fn current(&self) -> Arc<Views> {
        let snapshot = self.inventory.snapshot();
        let policies = self.policies.as_ref().map(|file| file.current());
        if let Some(views) = self.cached.load_full()
            && Arc::ptr_eq(&views.snapshot, &snapshot)
            && match (&views.policies, &policies) {
                (Some(built), Some(now)) => Arc::ptr_eq(built, now),
                (None, None) => true,
                _ => false,
            }
        {
            return views;
        }
        let views = Arc::new(Views::build_with(snapshot, policies));
        self.cached.store(Some(views.clone()));
        views
    }
}
