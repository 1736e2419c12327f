//! `Cidr`: an IPv4 or IPv6 network (`10.0.0.0/8`, `::1/128`, or a bare address for one host),
//! parsed with a message naming the bad part, and whether it holds an address.

use std::net::IpAddr;
use std::str::FromStr;

/// A network: address and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

/// Why a text is not a network.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    /// The address part does not parse.
    #[error("'{0}' is not an IP address or network (e.g. 10.0.0.0/8, 127.0.0.1, ::1/128)")]
    Address(String),
    /// The prefix is not a number within the address's bits.
    #[error("'{text}': the prefix must be a number from 0 to {max}")]
    Prefix {
        /// The text given.
        text: String,
        /// 32 or 128.
        max: u8,
    },
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let (address, prefix) = match trimmed.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (trimmed, None),
        };
        let network: IpAddr = address
            .parse()
            .map_err(|_| CidrError::Address(text.to_owned()))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => {
                p.parse::<u8>()
                    .ok()
                    .filter(|p| *p <= max)
                    .ok_or_else(|| CidrError::Prefix {
                        text: text.to_owned(),
                        max,
                    })?
            }
        };
        Ok(Self { network, prefix })
    }
}

impl Cidr {
    /// Whether `address` is in this network. An IPv4 address written as IPv6
    /// (`::ffff:10.0.0.1`) counts as the IPv4 one.
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, address) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }

    /// Whether any of `networks` holds `address`.
    pub fn any_contains(networks: &[Self], address: IpAddr) -> bool {
        networks.iter().any(|net| net.contains(address))
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}
