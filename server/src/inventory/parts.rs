//! `Parts<T>`: one list of the snapshot split by subscription, each subscription's items behind
//! an `Arc`, so a new snapshot that changes one subscription copies only that subscription's
//! items and shares the rest (`Arc::ptr_eq`). Read as one list (`iter`, `len`, serialised as a
//! plain sequence) in id order: parts are ordered as their ids are (`{subscription}/` compared
//! ignoring ASCII case), each part in the order it was given. Uses only `ResourceId`.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::arm::ResourceId;
use crate::arm::models::{
    AfdEndpoint, FrontDoorProfile, LoadBalancer, ManagedCluster, Origin, OriginGroup, PaasResource,
    PrivateDnsZone, PrivateEndpoint, PrivateLinkService, Subscription,
};

/// An item that belongs to one subscription: the one its id names.
pub trait InSubscription {
    /// The id whose subscription the item belongs to.
    fn owner(&self) -> &ResourceId;
}

macro_rules! owned_by_id {
    ($($item:ty),*) => {$(
        impl InSubscription for $item {
            fn owner(&self) -> &ResourceId {
                &self.id
            }
        }
    )*};
}

owned_by_id!(
    Subscription,
    PrivateLinkService,
    PrivateEndpoint,
    LoadBalancer,
    ManagedCluster,
    FrontDoorProfile,
    AfdEndpoint,
    OriginGroup,
    Origin,
    PaasResource,
    PrivateDnsZone
);

/// One subscription's items.
struct Part<T> {
    /// The subscription GUID, lower-cased.
    key: Box<str>,
    items: Arc<Vec<T>>,
}

impl<T> Clone for Part<T> {
    fn clone(&self) -> Self {
        Self {
            key: self.key.clone(),
            items: Arc::clone(&self.items),
        }
    }
}

/// A list split by subscription (see the module docs).
pub struct Parts<T> {
    parts: Vec<Part<T>>,
}

impl<T> Clone for Parts<T> {
    fn clone(&self) -> Self {
        Self {
            parts: self.parts.clone(),
        }
    }
}

impl<T> Default for Parts<T> {
    fn default() -> Self {
        Self { parts: Vec::new() }
    }
}

/// Orders subscription keys as ids holding them order: `{key}/` byte by byte, ignoring case.
fn key_cmp(a: &str, b: &str) -> Ordering {
    fn folded(k: &str) -> impl Iterator<Item = u8> + '_ {
        k.bytes()
            .map(|b| b.to_ascii_lowercase())
            .chain(std::iter::once(b'/'))
    }
    folded(a).cmp(folded(b))
}

impl<T> Parts<T> {
    /// Every item, part after part.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.parts.iter().flat_map(|part| part.items.iter())
    }

    /// How many items in all.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|part| part.items.len()).sum()
    }

    /// Whether there is no item.
    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(|part| part.items.is_empty())
    }

    /// The items of `subscription` (any case); empty when it has none.
    pub fn of(&self, subscription: &str) -> &[T] {
        self.find(subscription)
            .ok()
            .map(|at| self.parts[at].items.as_slice())
            .unwrap_or_default()
    }

    /// Whether `self` and `other` hold the very same items of `subscription` (neither copied).
    pub fn shares(&self, other: &Self, subscription: &str) -> bool {
        match (self.find(subscription), other.find(subscription)) {
            (Ok(a), Ok(b)) => Arc::ptr_eq(&self.parts[a].items, &other.parts[b].items),
            _ => false,
        }
    }

    /// The subscriptions (lower-cased) that have a part, in order.
    pub fn subscriptions(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|part| &*part.key)
    }

    fn find(&self, subscription: &str) -> Result<usize, usize> {
        self.parts
            .binary_search_by(|part| key_cmp(&part.key, subscription))
    }

    /// Appends `other`'s parts: a subscription already here gets `other`'s items after its own.
    pub fn append(&mut self, other: Parts<T>)
    where
        T: Clone,
    {
        for part in other.parts {
            match self.find(&part.key) {
                Ok(at) => {
                    let items = Arc::unwrap_or_clone(part.items);
                    Arc::make_mut(&mut self.parts[at].items).extend(items);
                }
                Err(at) => self.parts.insert(at, part),
            }
        }
    }

    /// The parts of `subscription` only, shared with `self`.
    pub fn only(&self, subscription: &str) -> Parts<T> {
        Parts {
            parts: self
                .find(subscription)
                .ok()
                .map(|at| self.parts[at].clone())
                .into_iter()
                .collect(),
        }
    }

    /// Changes the items of `subscription` in place, copying them first if another snapshot
    /// shares them; nothing happens when it has none.
    pub fn update<R>(
        &mut self,
        subscription: &str,
        change: impl FnOnce(&mut Vec<T>) -> R,
    ) -> Option<R>
    where
        T: Clone,
    {
        let at = self.find(subscription).ok()?;
        Some(change(Arc::make_mut(&mut self.parts[at].items)))
    }

    /// Sorts each part (and so the whole list) by `compare`, which must order by id first.
    pub fn sort_by(&mut self, compare: impl Fn(&T, &T) -> Ordering)
    where
        T: Clone,
    {
        for part in &mut self.parts {
            // A part already in order (one shared with an earlier snapshot) is not copied.
            if !part
                .items
                .is_sorted_by(|a, b| compare(a, b) != Ordering::Greater)
            {
                Arc::make_mut(&mut part.items).sort_by(&compare);
            }
        }
    }
}

impl<T: InSubscription> Parts<T> {
    /// Adds one item at the end of its subscription's part.
    pub fn push(&mut self, item: T)
    where
        T: Clone,
    {
        let subscription = item.owner().subscription();
        match self.find(subscription) {
            Ok(at) => Arc::make_mut(&mut self.parts[at].items).push(item),
            Err(at) => self.parts.insert(
                at,
                Part {
                    key: subscription.to_ascii_lowercase().into_boxed_str(),
                    items: Arc::new(vec![item]),
                },
            ),
        }
    }
}

impl<T: InSubscription + Clone> Extend<T> for Parts<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for item in items {
            self.push(item);
        }
    }
}

impl<T: InSubscription + Clone> FromIterator<T> for Parts<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut parts = Parts::default();
        parts.extend(items);
        parts.shrink_to_fit();
        parts
    }
}

impl<T: InSubscription + Clone> From<Vec<T>> for Parts<T> {
    fn from(items: Vec<T>) -> Self {
        items.into_iter().collect()
    }
}

impl<T> Parts<T> {
    /// Gives back the room each part grew into while items were added.
    pub fn shrink_to_fit(&mut self)
    where
        T: Clone,
    {
        for part in &mut self.parts {
            if let Some(items) = Arc::get_mut(&mut part.items) {
                items.shrink_to_fit();
            }
        }
        self.parts.shrink_to_fit();
    }
}

impl<T: Clone> Parts<T> {
    /// Every item, to change in place; copies each part another snapshot shares.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.parts
            .iter_mut()
            .flat_map(|part| Arc::make_mut(&mut part.items).iter_mut())
    }

    /// The items of the parts no other snapshot shares, to change in place without copying.
    pub fn iter_unshared_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.parts
            .iter_mut()
            .filter_map(|part| Arc::get_mut(&mut part.items))
            .flat_map(|items| items.iter_mut())
    }

    /// Reverses the order within each subscription's part (the parts keep theirs).
    pub fn reverse(&mut self) {
        for part in &mut self.parts {
            Arc::make_mut(&mut part.items).reverse();
        }
    }
}

/// One item of a `Parts`, held by sharing its subscription's list: a pointer and an index
/// instead of a copy, for the read model's records.
pub struct Shared<T> {
    items: Arc<Vec<T>>,
    index: u32,
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self {
            items: Arc::clone(&self.items),
            index: self.index,
        }
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.items[self.index as usize]
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T> Parts<T> {
    /// Every item as a `Shared` handle, in the order of `iter`.
    pub fn shared(&self) -> impl Iterator<Item = Shared<T>> + '_ {
        self.parts.iter().flat_map(|part| {
            (0..part.items.len()).map(|at| Shared {
                items: Arc::clone(&part.items),
                index: u32::try_from(at).expect("fewer than 2^32 items in one subscription"),
            })
        })
    }
}

impl<T> Parts<T> {
    /// Drops every item.
    pub fn clear(&mut self) {
        self.parts.clear();
    }
}

impl<T> std::ops::Index<usize> for Parts<T> {
    type Output = T;

    /// The `at`th item of the whole list.
    fn index(&self, at: usize) -> &T {
        self.iter().nth(at).expect("an index within the list")
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut Parts<T> {
    type Item = &'a mut T;
    type IntoIter = Box<dyn Iterator<Item = &'a mut T> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter_mut())
    }
}

impl<'a, T> IntoIterator for &'a Parts<T> {
    type Item = &'a T;
    type IntoIter = Box<dyn Iterator<Item = &'a T> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<T: PartialEq> PartialEq for Parts<T> {
    /// The same items in the same order, however they are split.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: fmt::Debug> fmt::Debug for Parts<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for Parts<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Item(ResourceId);

    impl InSubscription for Item {
        fn owner(&self) -> &ResourceId {
            &self.0
        }
    }

    /// An endpoint `name` in subscription `sub`.
    fn item(sub: &str, name: &str) -> Item {
        let text = format!(
            "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{name}"
        );
        Item(ResourceId::parse(&text).unwrap())
    }

    #[test]
    fn a_list_split_by_subscription_reads_in_id_order() {
        let parts: Parts<Item> = [("b", "x"), ("a-1", "y"), ("A", "z"), ("a", "w")]
            .into_iter()
            .map(|(sub, name)| item(sub, name))
            .collect();
        assert_eq!(parts.len(), 4);
        // `a-1/` sorts before `a/` as the ids do (`-` < `/`); the two cases of `a` are one part.
        let names: Vec<&str> = parts.iter().map(|i| i.0.name()).collect();
        assert_eq!(names, ["y", "z", "w", "x"]);
        let mut parts = parts;
        parts.sort_by(|a, b| a.0.cmp(&b.0));
        let mut sorted: Vec<Item> = parts.iter().cloned().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(parts.iter().cloned().collect::<Vec<_>>(), sorted);
        assert_eq!(parts.of("A").len(), 2);
    }

    #[test]
    fn a_shared_item_reads_the_list_it_shares_without_copying_it() {
        let parts: Parts<Item> = [("b", "x"), ("a", "y"), ("a", "z")]
            .into_iter()
            .map(|(sub, name)| item(sub, name))
            .collect();
        let shared: Vec<Shared<Item>> = parts.shared().collect();
        let names: Vec<&str> = shared.iter().map(|i| i.0.name()).collect();
        assert_eq!(names, ["y", "z", "x"], "the order of iter");
        assert!(shared[0].0.shares_text(&parts.of("a")[0].0));
        let mut changed = parts.clone();
        changed.update("a", |items| items[0] = item("a", "w"));
        assert_eq!(
            shared[0].0.name(),
            "y",
            "a handle keeps the list it was made from"
        );
    }

    #[test]
    fn updating_one_subscription_copies_only_its_part() {
        let before: Parts<Item> = [("a", "1"), ("b", "2")]
            .into_iter()
            .map(|(sub, name)| item(sub, name))
            .collect();
        let mut after = before.clone();
        after.update("B", |items| items.push(item("b", "3")));
        assert!(
            after.shares(&before, "a"),
            "the other subscription is shared"
        );
        assert!(!after.shares(&before, "b"));
        assert_eq!(before.len(), 2, "the old list is untouched");
        assert_eq!(after.of("b").len(), 2);
        assert_eq!(
            after.update("c", |items| items.len()),
            None,
            "no part, no change"
        );
    }
}
