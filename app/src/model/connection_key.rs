//! A connection's short key (`k-` and 16 hex digits): what the list rows' forms carry instead
//! of the ~230-character id, twice per row (the row's actions and its bulk checkbox), which
//! kept a page of 50 Pending rows over 150 KB. The server resolves a key against the current
//! inventory and refuses one that names no connection, or more than one; the confirmation
//! page then shows the connection in full, and everything after it uses the id. Pure.

/// The prefix that tells a key from an id.
pub const KEY_PREFIX: &str = "k-";

/// The key of the connection `id`: FNV-1a (64 bits) of the id in ASCII lower case, as Azure
/// ids compare ignoring case.
pub fn connection_key(id: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.trim().trim_end_matches('/').bytes() {
        hash ^= u64::from(byte.to_ascii_lowercase());
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{KEY_PREFIX}{hash:016x}")
}

/// Whether `text` is written as a key (not whether it names anything).
pub fn is_key(text: &str) -> bool {
    text.strip_prefix(KEY_PREFIX)
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_short_ignores_case_and_tells_ids_apart() {
        let id = "/subscriptions/S/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/p/privateEndpointConnections/c1";
        let key = connection_key(id);
        assert_eq!(key.len(), 18);
        assert!(is_key(&key) && !is_key(id) && !is_key("k-xyz"));
        assert_eq!(key, connection_key(&id.to_uppercase()), "ids ignore case");
        assert_eq!(
            key,
            connection_key(&format!("{id}/")),
            "a trailing slash is the same id"
        );
        assert_ne!(key, connection_key(&id.replace("c1", "c2")));
    }
}
