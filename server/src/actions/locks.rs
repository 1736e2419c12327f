//! `ConnectionLocks`: one action at a time per connection. Without it, two requests for the same
//! connection both re-read it as Pending and both write (ARM offers no If-Match for these
//! PUTs): the later one silently rewrites the earlier. Held across re-read → decide → write →
//! read-back, keyed by `ResourceId` (which ignores case, as Azure does); waiters are served in
//! the order they came (tokio's mutex is fair) and then see the state the earlier one left.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OwnedMutexGuard;

use crate::arm::ResourceId;

/// A lock per connection that has an action running or waiting.
#[derive(Debug, Default)]
pub struct ConnectionLocks {
    held: Mutex<HashMap<ResourceId, Arc<tokio::sync::Mutex<()>>>>,
}

/// The right to act on one connection, until dropped.
#[derive(Debug)]
pub struct Held<'a> {
    locks: &'a ConnectionLocks,
    id: ResourceId,
    guard: Option<OwnedMutexGuard<()>>,
}

impl ConnectionLocks {
    /// Waits until no other action holds `id`, then holds it.
    pub async fn hold(&self, id: &ResourceId) -> Held<'_> {
        let lock = {
            let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
            held.entry(id.clone()).or_default().clone()
        };
        let guard = lock.lock_owned().await;
        Held {
            locks: self,
            id: id.clone(),
            guard: Some(guard),
        }
    }

    /// How many connections have an action running or waiting.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.held.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether no action runs or waits.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut held = self.locks.held.lock().unwrap_or_else(|p| p.into_inner());
        // Only the map still refers to it: nobody waits, so the entry goes (waiters hold a
        // clone, and a new one needs the map's lock, held here).
        if held
            .get(&self.id)
            .is_some_and(|lock| Arc::strong_count(lock) == 1)
        {
            held.remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn id(text: &str) -> ResourceId {
        ResourceId::parse(text).unwrap()
    }

    const ONE: &str = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/p/privateEndpointConnections/c1";

    #[tokio::test]
    async fn a_second_action_on_the_same_connection_waits_whatever_the_case() {
        let locks = ConnectionLocks::default();
        let first = locks.hold(&id(ONE)).await;
        let upper = id(&ONE.to_uppercase());
        let waiting = tokio::time::timeout(Duration::from_millis(50), locks.hold(&upper)).await;
        assert!(waiting.is_err(), "the same connection in upper case waits");
        let other = id(&ONE.replace("c1", "c2"));
        let _other = tokio::time::timeout(Duration::from_secs(5), locks.hold(&other))
            .await
            .expect("another connection does not wait");
        drop(first);
        let _second = tokio::time::timeout(Duration::from_secs(5), locks.hold(&upper))
            .await
            .expect("held once the first is done");
    }

    #[tokio::test]
    async fn locks_are_forgotten_when_nobody_holds_or_waits() {
        let locks = ConnectionLocks::default();
        {
            let _held = locks.hold(&id(ONE)).await;
            assert_eq!(locks.len(), 1);
        }
        assert!(locks.is_empty());
    }
}
