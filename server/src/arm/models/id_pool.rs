//! Decoding with an `IdPool` in force: ids read while `decoding_with` runs share the text of an
//! equal id read before them, so a subscription's lists never hold the same id text twice
//! (a connection names its endpoint, which the endpoint list names again; every endpoint names
//! its subnet). The pool lives in a thread-local for the synchronous decode of one page; the
//! caller keeps it between pages.

use std::cell::RefCell;

use crate::arm::{IdPool, ResourceId, ResourceIdError};

thread_local! {
    static POOL: RefCell<Option<IdPool>> = const { RefCell::new(None) };
}

/// Runs `decode` with `pool` in force for the ids it parses.
pub fn decoding_with<R>(pool: &mut IdPool, decode: impl FnOnce() -> R) -> R {
    POOL.with(|current| *current.borrow_mut() = Some(std::mem::take(pool)));
    let decoded = decode();
    *pool = POOL
        .with(|current| current.borrow_mut().take())
        .unwrap_or_default();
    decoded
}

/// Parses an id, sharing its text with the pool in force, if any.
pub(crate) fn parse(text: &str) -> Result<ResourceId, ResourceIdError> {
    let mut id = ResourceId::parse(text)?;
    POOL.with(|current| {
        if let Some(pool) = current.borrow_mut().as_mut() {
            id.share_with(pool);
        }
    });
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUBNET: &str = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a";

    #[test]
    fn ids_decoded_with_a_pool_share_their_text_and_others_do_not() {
        let mut pool = IdPool::default();
        let (a, b) = decoding_with(&mut pool, || (parse(SUBNET), parse(SUBNET)));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a.shares_text(&b));
        let later = decoding_with(&mut pool, || parse(SUBNET)).unwrap();
        assert!(later.shares_text(&a), "the pool is kept between pages");
        let outside = parse(SUBNET).unwrap();
        assert!(!outside.shares_text(&a), "no pool in force afterwards");
    }
}
