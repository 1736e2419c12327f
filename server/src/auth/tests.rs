//! Networks, identities from each mode, spoofed and malformed headers, roles from groups, the
//! client's address behind proxies, and the rate limit.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderValue};

use super::*;

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    map
}

fn peer(ip: &str) -> Option<IpAddr> {
    Some(ip.parse().unwrap())
}

/// Headers as raw bytes, repeats kept: what a proxy may really send.
fn raw_headers(pairs: &[(&'static str, &[u8])]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, HeaderValue::from_bytes(value).unwrap());
    }
    map
}

/// A proxy trusted at 10.0.0.0/8 whose approvers are `platform-approvers`.
fn ingress() -> AuthMode {
    AuthMode::Proxy(ProxySettings {
        trusted: vec!["10.0.0.0/8".parse().unwrap()],
        approver_groups: vec!["platform-approvers".into()],
        viewer_groups: Vec::new(),
        default_role: Role::None,
    })
}

fn proxy() -> AuthMode {
    AuthMode::Proxy(ProxySettings {
        trusted: vec!["10.1.0.0/16".parse().unwrap(), "::1".parse().unwrap()],
        approver_groups: vec!["platform-approvers".into()],
        viewer_groups: vec!["platform".into()],
        default_role: Role::None,
    })
}

#[test]
fn networks_hold_their_addresses_and_bad_ones_are_named() {
    let net: Cidr = "10.1.0.0/16".parse().unwrap();
    assert!(net.contains("10.1.200.3".parse().unwrap()));
    assert!(!net.contains("10.2.0.1".parse().unwrap()));
    assert!(
        net.contains("::ffff:10.1.0.9".parse().unwrap()),
        "IPv4-mapped IPv6"
    );
    let host: Cidr = "127.0.0.1".parse().unwrap();
    assert!(host.contains("127.0.0.1".parse().unwrap()));
    assert!(!host.contains("127.0.0.2".parse().unwrap()));
    let all: Cidr = "0.0.0.0/0".parse().unwrap();
    assert!(all.contains("203.0.113.9".parse().unwrap()));
    let v6: Cidr = "fd00::/8".parse().unwrap();
    assert!(v6.contains("fd12::1".parse().unwrap()));
    assert!(!v6.contains("10.0.0.1".parse().unwrap()));
    assert_eq!(
        "10.0.0.0/33".parse::<Cidr>().unwrap_err(),
        CidrError::Prefix {
            text: "10.0.0.0/33".into(),
            max: 32
        }
    );
    assert!(matches!(
        "proxy.local".parse::<Cidr>(),
        Err(CidrError::Address(_))
    ));
}

#[test]
fn local_mode_is_the_os_user_as_approver_whatever_the_headers_say() {
    let mode = AuthMode::Local {
        user: "alice".into(),
    };
    let actor = identify(
        &mode,
        peer("127.0.0.1"),
        &headers(&[("x-forwarded-user", "mallory")]),
    )
    .unwrap();
    assert_eq!(actor.name, "alice");
    assert_eq!(actor.role, Role::Approver);
    assert_eq!(actor.mode, "local");
}

#[test]
fn a_trusted_proxy_names_the_user_and_groups_give_the_role() {
    let approver = identify(
        &proxy(),
        peer("10.1.2.3"),
        &headers(&[
            ("x-forwarded-user", "bob"),
            ("x-forwarded-email", "bob@contoso.example"),
            ("x-forwarded-groups", "everyone, Platform-Approvers"),
        ]),
    )
    .unwrap();
    assert_eq!(approver.name, "bob");
    assert_eq!(approver.email.as_deref(), Some("bob@contoso.example"));
    assert_eq!(approver.groups, ["everyone", "Platform-Approvers"]);
    assert_eq!(approver.role, Role::Approver, "groups match in any case");
    assert!(approver.clone().approver().is_ok());

    let viewer = identify(
        &proxy(),
        peer("::1"),
        &headers(&[
            ("x-forwarded-email", "carol@contoso.example"),
            ("x-forwarded-groups", "platform"),
        ]),
    )
    .unwrap();
    assert_eq!(
        viewer.name, "carol@contoso.example",
        "the e-mail stands in for a missing user"
    );
    assert_eq!(viewer.role, Role::Viewer);
    let refused = viewer.approver().unwrap_err();
    assert_eq!(refused.status(), 403);
    assert!(refused.to_string().contains("only approvers"), "{refused}");

    let stranger = identify(
        &proxy(),
        peer("10.1.0.1"),
        &headers(&[("x-forwarded-user", "dave")]),
    )
    .unwrap();
    assert_eq!(stranger.role, Role::None);
    assert_eq!(stranger.reader().unwrap_err().status(), 403);
}

#[test]
fn identity_headers_from_anywhere_else_are_refused() {
    let spoofed = identify(
        &proxy(),
        peer("192.0.2.7"),
        &headers(&[
            ("x-forwarded-user", "admin"),
            ("x-forwarded-groups", "platform-approvers"),
        ]),
    )
    .unwrap_err();
    assert_eq!(
        spoofed,
        AuthError::UntrustedPeer {
            peer: "192.0.2.7".into()
        }
    );
    assert_eq!(spoofed.status(), 401);
    let direct = identify(&proxy(), peer("192.0.2.7"), &HeaderMap::new()).unwrap_err();
    assert_eq!(direct, AuthError::NotThroughProxy);
    let anonymous = identify(&proxy(), peer("10.1.0.1"), &HeaderMap::new()).unwrap_err();
    assert_eq!(anonymous, AuthError::NoUser);
    let unknown = identify(&proxy(), None, &headers(&[("x-forwarded-user", "admin")])).unwrap_err();
    assert_eq!(
        unknown.status(),
        401,
        "a peer of unknown address is not trusted"
    );
}

#[test]
fn a_user_named_in_utf8_keeps_her_name_intact() {
    let actor = identify(
        &ingress(),
        peer("10.0.0.5"),
        &raw_headers(&[
            ("x-forwarded-user", "élise".as_bytes()),
            ("x-forwarded-email", "élise@contoso.example".as_bytes()),
            ("x-forwarded-groups", b"platform-approvers"),
        ]),
    )
    .unwrap();
    assert_eq!(actor.name, "élise");
    assert_eq!(actor.email.as_deref(), Some("élise@contoso.example"));
    assert_eq!(actor.role, Role::Approver);
}

#[test]
fn a_non_ascii_group_keeps_the_others_and_the_role_comes_from_the_ascii_one() {
    let actor = identify(
        &ingress(),
        peer("10.0.0.5"),
        &raw_headers(&[
            ("x-forwarded-user", b"elise"),
            (
                "x-forwarded-groups",
                " équipe-réseau , platform-approvers".as_bytes(),
            ),
        ]),
    )
    .unwrap();
    assert_eq!(actor.groups, ["équipe-réseau", "platform-approvers"]);
    assert_eq!(actor.role, Role::Approver);
}

#[test]
fn identity_headers_that_are_not_utf8_are_refused_naming_the_header() {
    let refused = identify(
        &ingress(),
        peer("10.0.0.5"),
        &raw_headers(&[("x-forwarded-user", b"\xe9lise")]),
    )
    .unwrap_err();
    assert_eq!(
        refused,
        AuthError::NotUtf8 {
            header: "X-Forwarded-User"
        }
    );
    assert_eq!(refused.status(), 400);
    let refused = identify(
        &ingress(),
        peer("10.0.0.5"),
        &raw_headers(&[
            ("x-forwarded-user", b"elise"),
            ("x-forwarded-groups", b"\xff"),
        ]),
    )
    .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("X-Forwarded-Groups is not UTF-8"),
        "{refused}"
    );
}

#[test]
fn a_repeated_identity_header_is_refused_not_first_wins() {
    for header in [
        "x-forwarded-user",
        "x-forwarded-email",
        "x-forwarded-groups",
    ] {
        let refused = identify(
            &ingress(),
            peer("10.0.0.5"),
            &raw_headers(&[
                ("x-forwarded-user", b"elise"),
                (header, b"platform-approvers"),
                (header, b"platform-approvers"),
            ]),
        );
        let refused = refused.unwrap_err();
        assert_eq!(refused.status(), 400, "{header}: {refused}");
        assert!(
            refused
                .to_string()
                .ends_with("sent more than once: the proxy must send it once"),
            "{refused}"
        );
    }
}

#[test]
fn a_user_or_email_over_256_bytes_is_refused_with_the_limit() {
    let long = "é".repeat(128);
    assert_eq!(long.len(), 256);
    let at_limit = identify(
        &ingress(),
        peer("10.0.0.5"),
        &raw_headers(&[("x-forwarded-user", long.as_bytes())]),
    )
    .unwrap();
    assert_eq!(at_limit.name, long, "256 bytes are allowed");

    let over = format!("{long}e");
    for header in ["x-forwarded-user", "x-forwarded-email"] {
        let refused = identify(
            &ingress(),
            peer("10.0.0.5"),
            &raw_headers(&[(header, over.as_bytes())]),
        )
        .unwrap_err();
        assert_eq!(refused.status(), 400);
        assert!(
            refused
                .to_string()
                .contains("is 257 bytes long, over its limit of 256 bytes"),
            "{refused}"
        );
    }
}

#[test]
fn groups_over_16_kb_are_refused_with_the_limit() {
    let groups = format!("platform-approvers,{}", "g".repeat(16 * 1024 - 19));
    assert_eq!(groups.len(), 16_384);
    identify(
        &ingress(),
        peer("10.0.0.5"),
        &raw_headers(&[
            ("x-forwarded-user", b"elise"),
            ("x-forwarded-groups", groups.as_bytes()),
        ]),
    )
    .expect("16 KB of groups are allowed");
    let over = format!("{groups}g");
    let refused = identify(
        &ingress(),
        peer("10.0.0.5"),
        &raw_headers(&[
            ("x-forwarded-user", b"elise"),
            ("x-forwarded-groups", over.as_bytes()),
        ]),
    )
    .unwrap_err();
    assert_eq!(
        refused,
        AuthError::TooLong {
            header: "X-Forwarded-Groups",
            length: 16_385,
            limit: 16_384
        }
    );
    assert_eq!(refused.status(), 400);
}

#[test]
fn control_characters_in_a_user_or_email_are_refused() {
    for (header, value) in [
        ("x-forwarded-user", "eli\tse"),
        ("x-forwarded-email", "elise\u{85}@contoso.example"),
    ] {
        let refused = identify(
            &ingress(),
            peer("10.0.0.5"),
            &raw_headers(&[(header, value.as_bytes())]),
        )
        .unwrap_err();
        assert_eq!(refused.status(), 400, "{value:?}");
        assert!(
            refused.to_string().contains("control character"),
            "{refused}"
        );
    }
}

fn address(peer_ip: &str, forwarded_for: &[&'static str]) -> Option<IpAddr> {
    let mut map = raw_headers(&[("x-forwarded-user", b"elise")]);
    for line in forwarded_for {
        map.append("x-forwarded-for", HeaderValue::from_static(line));
    }
    identify(&ingress(), peer(peer_ip), &map).unwrap().address
}

#[test]
fn the_client_address_is_the_first_untrusted_hop_of_x_forwarded_for_from_a_trusted_proxy() {
    assert_eq!(
        address("10.0.0.5", &["203.0.113.7, 10.0.0.5"]),
        peer("203.0.113.7")
    );
    assert_eq!(
        address("10.0.0.5", &["198.51.100.1, 203.0.113.7"]),
        peer("203.0.113.7"),
        "entries left of the first untrusted one were written by the client: not believed"
    );
    assert_eq!(
        address("10.0.0.5", &["203.0.113.7", "10.2.0.1"]),
        peer("203.0.113.7"),
        "repeated header lines continue the list"
    );
    assert_eq!(
        address("10.0.0.5", &["[2001:db8::7]:51234, 203.0.113.7:4431"]),
        peer("203.0.113.7"),
        "ports as Application Gateway writes them"
    );
    assert_eq!(
        address("10.0.0.5", &[]),
        peer("10.0.0.5"),
        "no header: the peer"
    );
    assert_eq!(
        address("10.0.0.5", &["10.3.0.1, 10.0.0.9"]),
        peer("10.3.0.1"),
        "all trusted: the leftmost"
    );
    assert_eq!(
        address("10.0.0.5", &["203.0.113.7, unknown, 10.0.0.9"]),
        peer("10.0.0.9"),
        "an unparsable entry stops the walk at the last trusted hop"
    );
    assert_eq!(
        address("10.0.0.5", &["203.0.113.7, garbage"]),
        peer("10.0.0.5"),
        "garbage right behind the peer: the peer"
    );
    assert_eq!(
        address("::ffff:10.0.0.5", &[]),
        peer("10.0.0.5"),
        "an IPv4-mapped peer is recorded as IPv4"
    );
}

#[test]
fn x_forwarded_for_from_an_untrusted_peer_is_not_believed() {
    let spoofed = identify(
        &ingress(),
        peer("192.0.2.7"),
        &headers(&[
            ("x-forwarded-user", "elise"),
            ("x-forwarded-for", "203.0.113.7"),
        ]),
    )
    .unwrap_err();
    assert_eq!(
        spoofed.status(),
        401,
        "refused as identity headers from there are"
    );
    let local = identify(
        &AuthMode::Local {
            user: "alice".into(),
        },
        peer("127.0.0.1"),
        &headers(&[("x-forwarded-for", "203.0.113.7")]),
    )
    .unwrap();
    assert_eq!(local.address, peer("127.0.0.1"), "local mode: the peer");
}

#[test]
fn each_actor_has_its_own_bucket_which_refills_over_time() {
    let limiter = RateLimiter::new(3);
    let start = Instant::now();
    for _ in 0..3 {
        limiter.take("alice", 1, start).unwrap();
    }
    let wait = limiter.take("Alice", 1, start).unwrap_err();
    assert_eq!(
        wait,
        Duration::from_secs(20),
        "one action refills in 60 s / 3"
    );
    limiter
        .take("bob", 1, start)
        .expect("bob has his own bucket");
    limiter
        .take("alice", 1, start + Duration::from_secs(20))
        .expect("refilled after the wait it named");
    assert!(
        limiter.take("carol", 4, start).is_err(),
        "more than a minute's worth at once"
    );
}
