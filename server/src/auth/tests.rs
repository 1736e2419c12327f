//! Networks, identities from each mode, spoofed headers, roles from groups, the origin check and
//! the rate limit.

use std::net::SocketAddr;
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

fn peer(ip: &str) -> SocketAddr {
    SocketAddr::new(ip.parse().unwrap(), 40_000)
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
}

#[test]
fn cross_site_posts_are_refused_and_same_origin_or_tools_pass() {
    let host = ("host", "127.0.0.1:3000");
    assert!(
        check_origin(&headers(&[
            host,
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://127.0.0.1:3000")
        ]))
        .is_ok()
    );
    assert!(
        check_origin(&headers(&[host])).is_ok(),
        "curl sends neither"
    );
    assert_eq!(
        check_origin(&headers(&[host, ("sec-fetch-site", "cross-site")])).unwrap_err(),
        OriginError::CrossSite("cross-site".into())
    );
    assert!(matches!(
        check_origin(&headers(&[host, ("origin", "https://evil.example")])),
        Err(OriginError::OtherOrigin { .. })
    ));
    assert!(check_origin(&headers(&[host, ("sec-fetch-site", "same-site")])).is_err());
    assert!(check_origin(&headers(&[host, ("origin", "null")])).is_err());
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
