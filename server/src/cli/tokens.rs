//! `linkcenter token create|list|revoke`: API tokens in the store a server runs with (the same
//! `--database`/`--data-dir`). `create` prints the secret once on stdout (so a script can keep
//! it) and what it made on stderr; the store keeps only its SHA-256.

use std::process::ExitCode;
use std::time::Duration;

use time::OffsetDateTime;

use super::args::{Output, TokenArgs, TokenCommand, TokenCreate};
use super::client::CliError;
use super::output::{Table, colour};
use app::model::TokenView;

use crate::auth::{AuthMode, AuthSettings, TokenScope, TokenSecret};
use crate::service::tokens::view;
use crate::store::{NewToken, Store, TokenRecord};

/// The longest life a token may be given.
const MAX_LIFE: Duration = Duration::from_secs(400 * 86_400);
/// The longest token name.
const MAX_NAME: usize = 64;

/// Runs a token subcommand.
pub async fn run(args: TokenArgs) -> Result<ExitCode, CliError> {
    let path = crate::config::store_path(args.database.as_deref(), args.data_dir.as_deref())
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let store = Store::open(&path).await?;
    let now = OffsetDateTime::now_utc();
    let code = match args.command {
        TokenCommand::Create(create) => {
            let (token, record) = self::create(&store, &create, &os_user(), now).await?;
            println!("{}", token.expose());
            eprintln!(
                "made the {} token '{}' for {}, {}; it is shown only now, keep it in a secret store",
                record.grant.role,
                record.grant.name,
                record.grant.scope,
                record.grant.expires_at.map_or_else(
                    || "never expiring".to_owned(),
                    |at| format!("expiring {}", day(at))
                )
            );
            ExitCode::SUCCESS
        }
        TokenCommand::List { output } => {
            let tokens = store.tokens().await?;
            print!("{}", listing(&tokens, output, now)?);
            ExitCode::SUCCESS
        }
        TokenCommand::Revoke { name } => {
            if store.revoke_token(&name, now).await? {
                eprintln!("revoked the token '{name}': the server refuses it from now on");
                ExitCode::SUCCESS
            } else {
                eprintln!("error: no token named '{name}' that is not revoked already");
                ExitCode::FAILURE
            }
        }
    };
    store.close().await;
    Ok(code)
}

/// Makes the token `create` asks for, by `user` at `now`.
pub async fn create(
    store: &Store,
    create: &TokenCreate,
    user: &str,
    now: OffsetDateTime,
) -> Result<(TokenSecret, TokenRecord), CliError> {
    let name = create.name.trim();
    let name_ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !name_ok {
        return Err(CliError::Usage(format!(
            "--name '{name}' is not usable: 1 to {MAX_NAME} letters, digits, '-', '_' or '.'"
        )));
    }
    let expires_at = match create.expires.trim() {
        "never" => None,
        text => {
            let life = crate::config::parse_duration(text)
                .filter(|life| (Duration::from_secs(60)..=MAX_LIFE).contains(life))
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "--expires '{text}' is not usable: give 1m to 400d (e.g. 30d, 12h) or never"
                    ))
                })?;
            Some(now + life)
        }
    };
    for subscription in &create.subscriptions {
        if !is_guid(subscription) {
            return Err(CliError::Usage(format!(
                "--subscription '{subscription}' is not a subscription id (a GUID)"
            )));
        }
    }
    let scope = TokenScope::from_stored(&create.subscriptions.join(","));
    let secret = TokenSecret::generate();
    let record = store
        .create_token(&NewToken {
            name: name.to_owned(),
            secret_sha256: secret.sha256(),
            role: create.role.into(),
            scope,
            created_at: now,
            created_by: user.to_owned(),
            expires_at,
        })
        .await?;
    Ok((secret, record))
}

/// The tokens as `output` prints them at `now`.
pub fn listing(
    tokens: &[TokenRecord],
    output: Output,
    now: OffsetDateTime,
) -> Result<String, CliError> {
    let views: Vec<TokenView> = tokens.iter().map(|t| view(t, now)).collect();
    if output == Output::Json {
        return serde_json::to_string_pretty(&views)
            .map(|text| text + "\n")
            .map_err(|e| CliError::Output(e.to_string()));
    }
    let table = Table {
        headers: vec![
            "NAME",
            "ROLE",
            "SCOPE",
            "CREATED BY",
            "CREATED",
            "LAST USED",
            "EXPIRES",
            "STATUS",
        ],
        rows: views
            .into_iter()
            .map(|t| {
                vec![
                    t.name,
                    t.role,
                    t.scope,
                    t.created_by,
                    t.created_at,
                    t.last_used_at.unwrap_or_else(|| "never".into()),
                    t.expires_at.unwrap_or_else(|| "never".into()),
                    t.status,
                ]
            })
            .collect(),
    };
    match output {
        Output::Csv => table.csv().map_err(|e| CliError::Output(e.to_string())),
        _ => Ok(table.aligned(colour())),
    }
}

/// Whether `text` is a GUID (8-4-4-4-12 hex digits).
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Who runs this command, as the token's maker.
fn os_user() -> String {
    match AuthSettings::local().mode {
        AuthMode::Local { user } => user,
        _ => "unknown".to_owned(),
    }
}

/// The day of `at` (`2026-12-03`).
fn day(at: OffsetDateTime) -> String {
    let date = at.date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::TokenRole;

    fn asked(name: &str, expires: &str, subscriptions: &[&str]) -> TokenCreate {
        TokenCreate {
            name: name.into(),
            role: TokenRole::Approver,
            expires: expires.into(),
            subscriptions: subscriptions.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[tokio::test]
    async fn a_token_is_made_listed_and_revoked_and_its_secret_is_not_stored() {
        let store = Store::in_memory().await.unwrap();
        let now = OffsetDateTime::now_utc();
        let (secret, record) = create(&store, &asked("deploy-pipeline", "30d", &[]), "elise", now)
            .await
            .unwrap();
        assert_eq!(
            record.grant.expires_at,
            Some(now + Duration::from_secs(30 * 86_400))
        );
        let found = store
            .token_by_secret(&secret.sha256())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.grant.name, "deploy-pipeline");
        assert_eq!(found.created_by, "elise");
        let table = listing(&store.tokens().await.unwrap(), Output::Table, now).unwrap();
        assert!(
            table.contains("deploy-pipeline") && table.contains("active"),
            "{table}"
        );
        assert!(!table.contains(secret.expose()), "{table}");
        let json = listing(&store.tokens().await.unwrap(), Output::Json, now).unwrap();
        assert!(!json.contains(&secret.expose()[3..]) && !json.contains(&secret.sha256()));

        let again = create(
            &store,
            &asked("DEPLOY-pipeline", "never", &[]),
            "elise",
            now,
        )
        .await;
        assert!(matches!(
            again,
            Err(CliError::Store(crate::store::StoreError::TokenNameTaken(_)))
        ));
        assert!(store.revoke_token("Deploy-Pipeline", now).await.unwrap());
        assert!(
            !store.revoke_token("deploy-pipeline", now).await.unwrap(),
            "once"
        );
        let table = listing(&store.tokens().await.unwrap(), Output::Table, now).unwrap();
        assert!(table.contains("revoked"), "{table}");
        create(
            &store,
            &asked("deploy-pipeline", "never", &[]),
            "elise",
            now,
        )
        .await
        .expect("the name is free again once revoked");
    }

    #[tokio::test]
    async fn bad_names_lives_and_subscriptions_are_refused_by_flag() {
        let store = Store::in_memory().await.unwrap();
        let now = OffsetDateTime::now_utc();
        for (request, flag) in [
            (asked("has space", "30d", &[]), "--name"),
            (asked("ok", "3y", &[]), "--expires"),
            (asked("ok", "500d", &[]), "--expires"),
            (asked("ok", "30d", &["not-a-guid"]), "--subscription"),
        ] {
            let error = create(&store, &request, "elise", now).await.unwrap_err();
            assert!(error.to_string().starts_with(flag), "{error}");
        }
        assert!(store.tokens().await.unwrap().is_empty());
    }

    #[test]
    fn guids_are_recognised() {
        assert!(is_guid("6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51"));
        assert!(!is_guid("6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5"));
        assert!(!is_guid("6f1c2d3e4a5b4c6d8e7f0a1b2c3d4e51"));
    }
}
