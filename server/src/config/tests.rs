//! Tests of command-line parsing and validation.

use std::time::Duration;

use clap::Parser;

use super::*;

fn config(args: &[&str]) -> Result<Config, ConfigError> {
    let cli = Cli::try_parse_from(std::iter::once("linkcenter").chain(args.iter().copied()))
        .expect("arguments parse");
    let serve = match cli.command {
        Some(Command::Serve(args)) => args,
        None => cli.serve,
        Some(_) => panic!("expected serve"),
    };
    Config::try_from(serve)
}

#[test]
fn no_azure_settings_means_the_demo_estate_on_loopback() {
    let config = config(&[]).unwrap();
    assert_eq!(config.source, Source::Demo);
    assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
    assert_eq!(config.environment_label, "Demo estate");
}

#[test]
fn serve_flags_work_with_and_without_the_subcommand() {
    let bare = config(&["--addr", "127.0.0.1:8081"]).unwrap();
    let explicit = config(&["serve", "--addr", "127.0.0.1:8081"]).unwrap();
    assert_eq!(bare.addr, explicit.addr);
}

#[test]
fn a_bad_address_is_named_in_the_error() {
    let error = config(&["--addr", "localhost"]).unwrap_err();
    assert_eq!(
        error,
        ConfigError::BadAddress {
            value: "localhost".into()
        }
    );
    assert!(error.to_string().contains("expected IP:PORT"));
}

#[test]
fn an_unknown_auth_mode_is_refused_with_the_choices() {
    let error = Cli::try_parse_from(["linkcenter", "--azure-auth", "password"]).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("password"), "{message}");
    assert!(message.contains("workload"), "{message}");
}

#[test]
fn azure_auth_selects_real_azure() {
    let config = config(&["--azure-auth", "workload"]).unwrap();
    assert_eq!(config.source, Source::Azure(AzureAuth::Workload));
    assert_eq!(config.environment_label, "Azure");
}

#[test]
fn arm_endpoint_needs_a_token_and_a_token_needs_an_endpoint() {
    assert_eq!(
        config(&["--arm-endpoint", "http://127.0.0.1:9000"]).unwrap_err(),
        ConfigError::EndpointWithoutToken
    );
    assert_eq!(
        config(&["--arm-token", "t"]).unwrap_err(),
        ConfigError::TokenWithoutEndpoint
    );
}

#[test]
fn arm_endpoint_must_be_an_http_url() {
    for bad in ["ftp://host", "not a url", "http://host/?x=1"] {
        let error = config(&["--arm-endpoint", bad, "--arm-token", "t"]).unwrap_err();
        assert!(
            matches!(error, ConfigError::BadArmEndpoint { .. }),
            "{bad}: {error}"
        );
    }
    let ok = config(&[
        "--arm-endpoint",
        "http://127.0.0.1:9000",
        "--arm-token",
        "t",
    ])
    .unwrap();
    assert!(matches!(ok.source, Source::ArmEndpoint { .. }));
}

#[test]
fn azure_and_another_endpoint_cannot_both_be_chosen() {
    let error = config(&[
        "--azure-auth",
        "cli",
        "--arm-endpoint",
        "http://127.0.0.1:9000",
        "--arm-token",
        "t",
    ])
    .unwrap_err();
    assert_eq!(error, ConfigError::ConflictingSources);
}

#[test]
fn environment_labels_are_checked() {
    assert_eq!(
        config(&["--environment-label", " Prod "])
            .unwrap()
            .environment_label,
        "Prod"
    );
    let long = "x".repeat(MAX_LABEL_CHARS + 1);
    assert!(matches!(
        config(&["--environment-label", &long]).unwrap_err(),
        ConfigError::BadLabel(_)
    ));
    assert!(matches!(
        config(&["--environment-label", "a\u{7}b"]).unwrap_err(),
        ConfigError::BadLabel(_)
    ));
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let config = config(&[
        "--arm-endpoint",
        "http://127.0.0.1:9000",
        "--arm-token",
        "s3cr3t",
    ])
    .unwrap();
    assert!(!format!("{config:?}").contains("s3cr3t"));
}

#[test]
fn refresh_intervals_take_units_and_refuse_nonsense() {
    assert_eq!(parse_interval("300").unwrap(), Duration::from_secs(300));
    assert_eq!(parse_interval("90s").unwrap(), Duration::from_secs(90));
    assert_eq!(parse_interval("5m").unwrap(), Duration::from_secs(300));
    assert_eq!(parse_interval("1h").unwrap(), Duration::from_secs(3600));
    for bad in ["", "5x", "m", "3s", "-5m", "99999999999999999999h"] {
        assert!(
            matches!(parse_interval(bad), Err(ConfigError::BadInterval(_))),
            "{bad}"
        );
    }
    let error = config(&["--refresh-interval", "soon"]).unwrap_err();
    assert!(error.to_string().contains("--refresh-interval 'soon'"));
}

#[test]
fn concurrency_flags_are_bounded() {
    assert!(matches!(
        config(&["--max-in-flight", "0"]).unwrap_err(),
        ConfigError::OutOfRange { .. }
    ));
    assert!(matches!(
        config(&["--sync-concurrency", "1000"]).unwrap_err(),
        ConfigError::OutOfRange { .. }
    ));
    let ok = config(&["--inventory", "resource-graph", "--sync-concurrency", "1"]).unwrap();
    assert_eq!(ok.inventory, InventoryMode::ResourceGraph);
}

#[test]
fn local_auth_listens_on_loopback_only() {
    let error = config(&["--addr", "0.0.0.0:3000"]).unwrap_err();
    assert_eq!(
        error,
        ConfigError::LocalNotLoopback("0.0.0.0:3000".parse().unwrap())
    );
    let text = error.to_string();
    assert!(
        text.contains("use --auth oidc") && text.contains("--auth proxy"),
        "{text}"
    );
    let local = config(&["--addr", "[::1]:3000"]).unwrap();
    assert!(matches!(local.auth.mode, AuthMode::Local { .. }));
}

#[test]
fn proxy_auth_needs_believable_proxies_and_reads_groups() {
    assert_eq!(
        config(&["--auth", "proxy", "--addr", "0.0.0.0:3000"]).unwrap_err(),
        ConfigError::NoTrustedProxy
    );
    let bad = config(&["--auth", "proxy", "--trusted-proxy", "10.0.0.0/40"]).unwrap_err();
    assert!(
        bad.to_string()
            .contains("prefix must be a number from 0 to 32"),
        "{bad}"
    );
    let proxy = config(&[
        "--auth",
        "proxy",
        "--addr",
        "0.0.0.0:3000",
        "--trusted-proxy",
        "10.0.0.0/8,fd00::/8",
        "--approver-group",
        "approvers",
        "--default-role",
        "viewer",
    ])
    .unwrap();
    let AuthMode::Proxy(settings) = proxy.auth.mode else {
        panic!("proxy mode");
    };
    assert_eq!(settings.trusted.len(), 2);
    assert_eq!(settings.approver_groups, ["approvers"]);
    assert_eq!(settings.default_role, Role::Viewer);
}

#[test]
fn oidc_mode_needs_an_https_issuer_a_client_and_an_https_public_url() {
    let base = [
        "--auth",
        "oidc",
        "--addr",
        "0.0.0.0:8080",
        "--oidc-issuer",
        "https://login.microsoftonline.com/4e7a2c1b-8d3f-4b6a-9c5e-2f1a0b7d6c38/v2.0",
        "--oidc-client-id",
        "app-id",
        "--public-url",
        "https://linkcenter.example.com",
        "--approver-group",
        "LinkCenter.Approver",
        "--session-idle",
        "2h",
    ];
    let parsed = config(&base).unwrap();
    let AuthMode::Oidc(settings) = parsed.auth.mode else {
        panic!("oidc mode");
    };
    assert_eq!(settings.client_id, "app-id");
    assert_eq!(settings.approver_groups, ["LinkCenter.Approver"]);
    assert_eq!(settings.session_idle, Duration::from_secs(7200));
    assert_eq!(settings.session_max, Duration::from_secs(86_400));
    assert!(settings.secure_cookie());

    let without = |flag: &str| {
        let at = base.iter().position(|a| *a == flag).unwrap();
        let mut args = base.to_vec();
        args.drain(at..at + 2);
        config(&args).unwrap_err().to_string()
    };
    assert!(without("--oidc-issuer").contains("--oidc-issuer"));
    assert!(without("--oidc-client-id").contains("--oidc-client-id"));
    assert!(without("--public-url").contains("--public-url"));
    let with = |flag: &str, value: &str| {
        let at = base.iter().position(|a| *a == flag).unwrap();
        let mut args = base.to_vec();
        args[at + 1] = value;
        config(&args)
    };
    assert!(
        with("--oidc-issuer", "http://login.example.com")
            .unwrap_err()
            .to_string()
            .contains("https")
    );
    assert!(
        with("--oidc-issuer", "http://127.0.0.1:4000").is_ok(),
        "http on loopback, for tests"
    );
    assert!(
        with("--public-url", "http://linkcenter.example.com")
            .unwrap_err()
            .to_string()
            .contains("https")
    );
    let AuthMode::Oidc(plain) = with("--public-url", "http://127.0.0.1:8080")
        .unwrap()
        .auth
        .mode
    else {
        panic!("oidc mode");
    };
    assert!(!plain.secure_cookie());
}

#[test]
fn the_database_goes_where_asked_or_into_the_data_directory() {
    let explicit = config(&["--database", "/tmp/x/audit.db"]).unwrap();
    assert_eq!(explicit.database, PathBuf::from("/tmp/x/audit.db"));
    let in_dir = config(&[
        "--data-dir",
        "/var/lib/linkcenter",
        "--azure-auth",
        "workload",
    ])
    .unwrap();
    assert_eq!(
        in_dir.database,
        PathBuf::from("/var/lib/linkcenter/linkcenter.db")
    );
}

#[test]
fn the_demo_keeps_its_audit_apart_from_a_real_deployment_s() {
    let demo = config(&["--data-dir", "/var/lib/linkcenter"]).unwrap();
    assert_eq!(demo.database, PathBuf::from("/var/lib/linkcenter/demo.db"));
}

#[test]
fn a_policies_file_is_read_at_start_and_a_broken_one_is_refused_with_its_line() {
    let dir = std::env::temp_dir().join(format!("linkcenter-policies-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.yaml");
    std::fs::write(
        &good,
        "mode: enforce\npolicies:\n  - name: edge\n    action: hold\n    when:\n      service: { name: \"my*\" }\n",
    )
    .unwrap();
    let read = config(&["--policies", good.to_str().unwrap()]).unwrap();
    let policies = read.policies.expect("the policies were read");
    assert_eq!(policies.policies[0].name, "edge");
    assert!(
        read.policies_enforce,
        "enforcing is allowed unless switched off"
    );
    let off = config(&[
        "--policies",
        good.to_str().unwrap(),
        "--policies-enforce",
        "false",
    ])
    .unwrap();
    assert!(!off.policies_enforce);

    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "policies:\n  - name: edge\n    actoin: hold\n").unwrap();
    let error = config(&["--policies", bad.to_str().unwrap()])
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(&format!("{}:3:5: ", bad.display())),
        "{error}"
    );
    assert!(error.contains("unknown field `actoin`"), "{error}");
    assert!(
        config(&[]).unwrap().policies.is_none(),
        "no file, no policies"
    );
}

#[test]
fn history_settings_have_their_defaults_and_bounds() {
    let defaults = config(&[]).unwrap();
    assert_eq!(defaults.loss_threshold, 20);
    assert_eq!(
        defaults.history_retention,
        Duration::from_secs(400 * 86_400)
    );
    let chosen = config(&["--loss-threshold", "50", "--history-retention", "90d"]).unwrap();
    assert_eq!(
        (chosen.loss_threshold, chosen.history_retention),
        (50, Duration::from_secs(90 * 86_400))
    );
    let short = config(&["--history-retention", "12h"])
        .unwrap_err()
        .to_string();
    assert!(short.contains("--history-retention"), "{short}");
    let cli = Cli::try_parse_from(["linkcenter", "--loss-threshold", "0"]);
    assert!(cli.is_err(), "a threshold of 0% is refused");
}

#[test]
fn posture_settings_have_defaults_and_a_tenant_that_is_not_a_guid_is_named() {
    let defaults = config(&[]).unwrap();
    assert_eq!(defaults.nat_connections_warn, 200);
    assert!(defaults.trusted_tenants.is_empty());
    let tenant = "4E7A2C1B-8D3F-4B6A-9C5E-2F1A0B7D6C38";
    let other = "2c7e9a1b-3d5f-4a6b-8c0d-e1f2a3b4c5d6";
    let chosen = config(&[
        "--trusted-tenant",
        tenant,
        "--trusted-tenant",
        other,
        "--nat-connections-warn",
        "50",
    ])
    .unwrap();
    assert_eq!(
        chosen.trusted_tenants,
        [tenant.to_ascii_lowercase(), other.to_owned()]
    );
    assert_eq!(chosen.nat_connections_warn, 50);
    let error = config(&["--trusted-tenant", "contoso.onmicrosoft.com"]).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("--trusted-tenant 'contoso.onmicrosoft.com'"),
        "{error}"
    );
    let cli = Cli::try_parse_from(["linkcenter", "--nat-connections-warn", "0"]);
    assert!(cli.is_err(), "0 is out of range");
}

fn emulator_settings(args: &[&str]) -> Result<EmulatorSettings, ConfigError> {
    let cli = Cli::try_parse_from(
        ["linkcenter", "emulator"]
            .into_iter()
            .chain(args.iter().copied()),
    )
    .expect("arguments parse");
    match cli.command {
        Some(Command::Emulator(args)) => EmulatorSettings::try_from(args),
        _ => panic!("expected emulator"),
    }
}

#[test]
fn arrivals_take_a_rate_and_a_bound_and_a_bad_rate_is_named() {
    let settings = emulator_settings(&["--arrivals", "2/min", "--arrivals-limit", "5"]).unwrap();
    assert_eq!(
        settings.config.arrivals,
        Some(emulator::store::Arrivals {
            every: Duration::from_secs(30),
            limit: 5
        })
    );
    assert_eq!(emulator_settings(&[]).unwrap().config.arrivals, None);
    let error = emulator_settings(&["--arrivals", "2/day"]).unwrap_err();
    assert!(
        error.to_string().contains("--arrivals takes COUNT/UNIT")
            && error.to_string().contains("2/day"),
        "{error}"
    );
}
