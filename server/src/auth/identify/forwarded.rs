//! The client's address behind trusted proxies: `X-Forwarded-For` walked from the right,
//! believed only as far as the hops that wrote it are trusted. Pure; uses `Cidr`.

use std::net::{IpAddr, SocketAddr};

use http::HeaderMap;

use crate::auth::Cidr;

const FORWARDED_FOR: &str = "X-Forwarded-For";

/// The address of the client behind `peer`.
///
/// Each proxy appends the address it received the request from, so the list is read from the
/// right: the peer wrote the last entry; while an entry is a trusted proxy, the entry before it
/// was written by that proxy and is believed too. The first untrusted entry is the client. An
/// entry that is not an address (`unknown`, a name, garbage) stops the walk: the client is then
/// the last trusted hop reached, as nothing it forwarded can be checked. When every entry is
/// trusted, the client is the leftmost (a caller inside the trusted network). From a peer that is
/// not trusted, the header is ignored: the peer is the client. `None` when the peer is unknown.
pub(super) fn client_address(
    trusted: &[Cidr],
    peer: Option<IpAddr>,
    headers: &HeaderMap,
) -> Option<IpAddr> {
    let is_trusted = |ip: IpAddr| Cidr::any_contains(trusted, ip);
    let mut client = peer?;
    if !is_trusted(client) {
        return Some(client.to_canonical());
    }
    // Later header lines continue the list to the right; a line that is not text is one
    // unreadable entry.
    let entries: Vec<Option<&str>> = headers
        .get_all(FORWARDED_FOR)
        .iter()
        .flat_map(|line| match line.to_str() {
            Ok(text) => text.split(',').map(Some).collect::<Vec<_>>(),
            Err(_) => vec![None],
        })
        .collect();
    for entry in entries.into_iter().rev() {
        let Some(hop) = entry.and_then(parse_entry) else {
            break;
        };
        client = hop;
        if !is_trusted(hop) {
            break;
        }
    }
    Some(client.to_canonical())
}

/// One entry: `203.0.113.7`, `2001:db8::7`, or with a port as Azure Application Gateway writes
/// it (`203.0.113.7:51234`, `[2001:db8::7]:51234`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .and_then(|e| e.parse().ok())
        })
}
