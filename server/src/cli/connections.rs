//! `linkcenter connections list|approve|reject|remove|wait` over a server's `/api/v1`: every
//! page of a list; one action per id with a line each and a non-zero exit when any failed; and
//! `wait`, which asks until a Front Door profile's request is Pending on a service (the step
//! between deploying an origin and approving it in a pipeline). Between syncs the server sees a
//! new request arrive (its Pending poll) before it has read the origin that names the profile;
//! `wait` then asks for a sync (approvers may, every 30 s) rather than wait for the next one.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use app::model::{ConnectionRow, ConsumerView, Page, age_label};

use super::args::{ActArgs, ConnectionsArgs, ConnectionsCommand, ListArgs, Output, WaitArgs};
use super::client::{CliError, Client};
use super::output::{Table, colour};

/// Rows asked for per page (the API's largest page).
const PAGE: usize = 1000;
/// The longest `wait`.
const MAX_WAIT: Duration = Duration::from_secs(24 * 3600);
/// How often `wait` asks for a sync while a Front Door request it cannot name yet is Pending.
const SYNC_EVERY: Duration = Duration::from_secs(30);

/// Runs a connections subcommand.
pub async fn run(args: ConnectionsArgs) -> Result<ExitCode, CliError> {
    let client = Client::new(&args.server)?;
    let quiet = args.server.quiet;
    match args.command {
        ConnectionsCommand::List(list) => {
            let rows = every_row(&client, &query(&list)).await?;
            print!("{}", listing(&rows, list.output, quiet)?);
            Ok(ExitCode::SUCCESS)
        }
        ConnectionsCommand::Approve(act) => run_actions(&client, "approve", &act, quiet).await,
        ConnectionsCommand::Reject(act) => run_actions(&client, "reject", &act, quiet).await,
        ConnectionsCommand::Remove(act) => run_actions(&client, "remove", &act, quiet).await,
        ConnectionsCommand::Wait(wait) => {
            let row = self::wait(&client, &wait, quiet).await?;
            println!("{}", row.id);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The query string of `list` (without paging).
fn query(list: &ListArgs) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(state) = &list.state {
        query.append_pair("state", state);
    }
    for subscription in &list.subscriptions {
        query.append_pair("subscription", subscription);
    }
    if let Some(text) = &list.search {
        query.append_pair("q", text);
    }
    query.finish()
}

/// Every row of a Connections query, page after page.
async fn every_row(client: &Client, query: &str) -> Result<Vec<ConnectionRow>, CliError> {
    let mut rows = Vec::new();
    loop {
        let separator = if query.is_empty() { "" } else { "&" };
        let path = format!(
            "/api/v1/connections?{query}{separator}offset={}&limit={PAGE}",
            rows.len()
        );
        let page: Page<ConnectionRow> = client.get(&path).await?;
        let got = page.items.len();
        rows.extend(page.items);
        if got == 0 || rows.len() >= page.total {
            return Ok(rows);
        }
    }
}

/// The rows as `output` prints them; `quiet` prints ids only.
fn listing(rows: &[ConnectionRow], output: Output, quiet: bool) -> Result<String, CliError> {
    if quiet && output == Output::Table {
        return Ok(rows.iter().map(|r| format!("{}\n", r.id)).collect());
    }
    if output == Output::Json {
        return serde_json::to_string_pretty(rows)
            .map(|text| text + "\n")
            .map_err(|e| CliError::Output(e.to_string()));
    }
    let table = Table {
        headers: vec![
            "NAME",
            "STATE",
            "SERVICE",
            "SUBSCRIPTION",
            "CONSUMER",
            "AGE",
            "ID",
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.state.clone(),
                    r.resource_name.clone(),
                    r.subscription_id.clone(),
                    r.consumer.label(),
                    r.age_seconds.map(age_label).unwrap_or_default(),
                    r.id.clone(),
                ]
            })
            .collect(),
    };
    match output {
        Output::Csv => table.csv().map_err(|e| CliError::Output(e.to_string())),
        _ => Ok(table.aligned(colour())),
    }
}

/// One action per id, a line each; failure when any item failed.
async fn run_actions(
    client: &Client,
    action: &str,
    act: &ActArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let mut failed = 0;
    for id in &act.ids {
        let body = serde_json::json!({ "id": id, "description": act.description });
        let path = format!("/api/v1/connections/{action}");
        match client.post::<serde_json::Value>(&path, &body).await {
            Ok(outcome) => {
                if !quiet {
                    println!("{}", outcome_line(&outcome, id));
                }
            }
            Err(CliError::Unreachable { url, reason }) => {
                return Err(CliError::Unreachable { url, reason });
            }
            Err(error) => {
                failed += 1;
                eprintln!("failed    {id}: {error}");
            }
        }
    }
    if failed > 0 {
        eprintln!("{failed} of {} failed", act.ids.len());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `succeeded ID: Pending → Approved (message)` from an action's answer.
fn outcome_line(outcome: &serde_json::Value, id: &str) -> String {
    let text = |key: &str| outcome[key].as_str().unwrap_or_default().to_owned();
    let state = outcome["state"].as_str().unwrap_or("gone");
    format!(
        "{:<9} {id}: {} → {state} ({})",
        text("result"),
        text("previousState"),
        text("message")
    )
}

/// Asks every `--interval` until a Pending Front Door request of `--consumer-front-door` is on
/// `--service` (and from `--origin`, when given); refuses after `--timeout`.
async fn wait(client: &Client, wait: &WaitArgs, quiet: bool) -> Result<ConnectionRow, CliError> {
    let duration = |flag: &str, text: &str, max: Duration| {
        crate::config::parse_duration(text)
            .filter(|d| !d.is_zero() && *d <= max)
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "{flag} '{text}' is not usable: give seconds or a number with s, m or h, e.g. 10m"
                ))
            })
    };
    let timeout = duration("--timeout", &wait.timeout, MAX_WAIT)?;
    let interval = duration("--interval", &wait.interval, Duration::from_secs(600))?;
    let started = Instant::now();
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("state", "Pending");
    query.append_pair("q", &wait.service);
    let query = query.finish();
    if !quiet {
        eprintln!(
            "waiting up to {} for Front Door {} to ask {} …",
            wait.timeout, wait.front_door, wait.service
        );
    }
    let mut asked_sync: Option<Instant> = None;
    loop {
        let rows = every_row(client, &query).await?;
        let unnamed = rows.iter().any(|row| is_unnamed_front_door(row, wait));
        if let Some(row) = rows.into_iter().find(|row| is_awaited(row, wait)) {
            return Ok(row);
        }
        if unnamed && asked_sync.is_none_or(|at| at.elapsed() >= SYNC_EVERY) {
            // Refused (a viewer, a limited token, asked too recently): the next sync will do.
            let _ = client
                .post::<serde_json::Value>("/api/v1/sync", &serde_json::json!({}))
                .await;
            asked_sync = Some(Instant::now());
        }
        let waited = started.elapsed();
        if waited >= timeout {
            return Err(CliError::TimedOut(format!(
                "no Pending request from Front Door {}{} on {} within {}: check that the origin \
                 is deployed with a private link to this service, and that Link Center reads \
                 the profile's subscription",
                wait.front_door,
                wait.origin
                    .as_ref()
                    .map(|o| format!(" origin {o}"))
                    .unwrap_or_default(),
                wait.service,
                wait.timeout
            )));
        }
        tokio::time::sleep(interval.min(timeout - waited)).await;
    }
}

/// Whether `row` is a Front Door request on the service whose profile the server has not read
/// yet (it arrived after the last sync).
fn is_unnamed_front_door(row: &ConnectionRow, wait: &WaitArgs) -> bool {
    matches!(row.consumer, ConsumerView::FrontDoorHidden { .. })
        && row.resource_name.eq_ignore_ascii_case(&wait.service)
}

/// Whether `row` is the request `wait` waits for.
fn is_awaited(row: &ConnectionRow, wait: &WaitArgs) -> bool {
    let ConsumerView::FrontDoor {
        profile, origin_id, ..
    } = &row.consumer
    else {
        return false;
    };
    row.state.eq_ignore_ascii_case("Pending")
        && row.resource_name.eq_ignore_ascii_case(&wait.service)
        && profile.eq_ignore_ascii_case(&wait.front_door)
        && wait.origin.as_ref().is_none_or(|origin| {
            origin_id
                .rsplit('/')
                .next()
                .is_some_and(|name| name.eq_ignore_ascii_case(origin))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: &str, service: &str, consumer: ConsumerView) -> ConnectionRow {
        ConnectionRow {
            id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/p/privateEndpointConnections/c".into(),
            name: "c".into(),
            resource_id: String::new(),
            resource_name: service.into(),
            subscription_id: "s".into(),
            resource_group: "rg".into(),
            location: "westeurope".into(),
            state: state.into(),
            description: String::new(),
            consumer,
            requested_at: None,
            age_seconds: Some(7200),
            policy: None,
        }
    }

    fn front_door(profile: &str, origin: &str) -> ConsumerView {
        ConsumerView::FrontDoor {
            profile: profile.into(),
            profile_id: format!(
                "/subscriptions/e/resourceGroups/rg/providers/Microsoft.Cdn/profiles/{profile}"
            ),
            origin_id: format!(
                "/subscriptions/e/resourceGroups/rg/providers/Microsoft.Cdn/profiles/{profile}/originGroups/g/origins/{origin}"
            ),
            endpoint_hosts: Vec::new(),
        }
    }

    fn waiting(origin: Option<&str>) -> WaitArgs {
        WaitArgs {
            service: "myPLS".into(),
            front_door: "afd-contoso".into(),
            origin: origin.map(str::to_owned),
            timeout: "10m".into(),
            interval: "5s".into(),
        }
    }

    #[test]
    fn wait_finds_the_profiles_pending_request_on_the_service() {
        let asked = row("Pending", "MYPLS", front_door("AFD-contoso", "api"));
        assert!(is_awaited(&asked, &waiting(None)));
        assert!(is_awaited(&asked, &waiting(Some("API"))));
        assert!(!is_awaited(&asked, &waiting(Some("web"))));
        assert!(!is_awaited(
            &row("Approved", "myPLS", front_door("afd-contoso", "api")),
            &waiting(None)
        ));
        assert!(!is_awaited(
            &row("Pending", "otherPLS", front_door("afd-contoso", "api")),
            &waiting(None)
        ));
        assert!(!is_awaited(
            &row("Pending", "myPLS", front_door("afd-fabrikam", "api")),
            &waiting(None)
        ));
        let hidden = ConsumerView::FrontDoorHidden {
            region: "westeurope".into(),
        };
        assert!(!is_awaited(
            &row("Pending", "myPLS", hidden),
            &waiting(None)
        ));
    }

    #[test]
    fn a_list_prints_as_a_table_ids_or_csv() {
        let rows = vec![row("Pending", "myPLS", front_door("afd-contoso", "api"))];
        let table = listing(&rows, Output::Table, false).unwrap();
        let mut lines = table.lines();
        assert!(lines.next().unwrap().starts_with("NAME  STATE    SERVICE"));
        let line = lines.next().unwrap();
        assert!(
            line.contains("Pending") && line.contains("myPLS") && line.contains("2 h"),
            "{line}"
        );
        assert_eq!(
            listing(&rows, Output::Table, true).unwrap(),
            format!("{}\n", rows[0].id)
        );
        let csv = listing(&rows, Output::Csv, false).unwrap();
        assert!(
            csv.starts_with("NAME,STATE,SERVICE,SUBSCRIPTION,CONSUMER,AGE,ID\nc,Pending,myPLS,s,"),
            "{csv}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&listing(&rows, Output::Json, false).unwrap()).unwrap();
        assert_eq!(json[0]["state"], "Pending");
    }

    #[test]
    fn an_outcome_reads_as_one_line() {
        let outcome = serde_json::json!({"result": "succeeded", "previousState": "Pending", "state": "Approved", "message": "approved"});
        assert_eq!(
            outcome_line(&outcome, "ID"),
            "succeeded ID: Pending → Approved (approved)"
        );
    }
}
