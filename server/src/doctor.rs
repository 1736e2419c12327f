//! `linkcenter doctor`: with the same Azure settings as `serve`, signs in, lists the
//! subscriptions the identity sees, asks Azure what it may do in each
//! (`GET /subscriptions/{s}/providers/Microsoft.Authorization/permissions`), and says per
//! subscription whether reading the inventory, approving and reading the Activity Log can work
//! (`report`), and whether Resource Graph answers. Exits 0 only when every feature the
//! configuration uses can work everywhere, so a deployment pipeline can run it first.

mod grants;
mod needs;
mod report;

use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, ValueEnum};
use futures::StreamExt;
use serde_json::json;

use crate::arm::ArmClient;
use crate::config::{Config, InventoryMode, ServeArgs, Source};

pub use grants::{Grant, allowed, matches};
pub use needs::{Feature, Need};
pub use report::{GraphProbe, Report, SubscriptionReport, Verdict, evaluate};

/// The api-version of the permissions API.
pub const PERMISSIONS_API: &str = "2022-04-01";
/// Subscriptions asked about at once.
const CONCURRENCY: usize = 8;

/// Flags of `linkcenter doctor`: `serve`'s, and how to report.
#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// This deployment only looks (a reader role): approving is not required.
    #[arg(long)]
    pub read_only: bool,
    /// How to print the report.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = DoctorOutput::Table)]
    pub output: DoctorOutput,
    /// The same settings as `linkcenter serve`.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DoctorOutput {
    /// A table for a terminal.
    Table,
    /// JSON, for a script.
    Json,
}

/// Why the doctor could not finish a report.
#[derive(Debug, thiserror::Error)]
pub enum DoctorError {
    /// The flags are not valid for `serve`.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The demo emulator or the client could not start.
    #[error(transparent)]
    Startup(#[from] crate::startup::StartupError),
    /// Signing in or listing subscriptions failed.
    #[error("cannot list the identity's subscriptions: {0}")]
    Subscriptions(String),
}

/// Runs `linkcenter doctor`.
pub async fn run(args: DoctorArgs) -> ExitCode {
    match check(args).await {
        Ok((report, output)) => {
            match output {
                DoctorOutput::Table => print!("{}", report.text()),
                DoctorOutput::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                ),
            }
            ExitCode::from(report.exit_code())
        }
        Err(DoctorError::Config(error)) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn check(args: DoctorArgs) -> Result<(Report, DoctorOutput), DoctorError> {
    let config = Config::try_from(args.serve)?;
    let emulator = match config.source {
        Source::Demo => Some(
            crate::emulator_host::launch_demo()
                .await
                .map_err(crate::startup::StartupError::from)?,
        ),
        _ => None,
    };
    let url = emulator.as_ref().map(emulator::RunningEmulator::url);
    let client = crate::startup::arm_client(&config, url.as_deref())?;
    let (subscriptions, _) = crate::inventory::fetch::subscriptions(&client)
        .await
        .map_err(|e| DoctorError::Subscriptions(crate::error_text::chain(&e)))?;
    let needs = needs::all();
    let reports: Vec<SubscriptionReport> = futures::stream::iter(&subscriptions)
        .map(|s| subscription(&client, &s.subscription_id, &s.display_name, &needs))
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let ids: Vec<String> = subscriptions
        .iter()
        .map(|s| s.subscription_id.clone())
        .collect();
    let graph = probe_graph(
        &client,
        &ids,
        config.inventory == InventoryMode::ResourceGraph,
    )
    .await;
    let mut required = vec![Feature::Inventory, Feature::ActivityLog];
    if !args.read_only {
        required.push(Feature::Approve);
    }
    if let Some(running) = emulator {
        running.stop().await;
    }
    Ok((Report::new(reports, graph, &required), args.output))
}

/// What the identity may do in one subscription.
async fn subscription(
    client: &ArmClient,
    id: &str,
    name: &str,
    needs: &[Need],
) -> SubscriptionReport {
    let path = format!("/subscriptions/{id}/providers/Microsoft.Authorization/permissions");
    let answer = client.list(&path, PERMISSIONS_API).await;
    let grants = answer
        .map_err(|e| crate::error_text::chain(&e))
        .and_then(|values| {
            values
                .into_iter()
                .map(serde_json::from_value::<Grant>)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("an answer that is not a list of permissions: {e}"))
        });
    let (error, verdicts) = match grants {
        Ok(grants) => (None, evaluate(&grants, needs)),
        Err(error) => (Some(error), Vec::new()),
    };
    SubscriptionReport {
        id: id.to_owned(),
        name: name.to_owned(),
        error,
        verdicts,
    }
}

/// Asks Resource Graph for one row of the inventory's query.
async fn probe_graph(client: &ArmClient, subscriptions: &[String], required: bool) -> GraphProbe {
    if subscriptions.is_empty() {
        return GraphProbe {
            reachable: false,
            detail: "not asked: no subscription".into(),
            required,
        };
    }
    let body = json!({
        "subscriptions": subscriptions,
        "query": crate::inventory::resource_graph::query(),
        "options": { "$top": 1, "resultFormat": "objectArray" },
    });
    let started = Instant::now();
    let answer = client
        .post(
            "/providers/Microsoft.ResourceGraph/resources",
            crate::inventory::resource_graph::GRAPH_API,
            body,
        )
        .await;
    match answer {
        Ok(_) => GraphProbe {
            reachable: true,
            detail: format!("answered in {} ms", started.elapsed().as_millis()),
            required,
        },
        Err(error) => GraphProbe {
            reachable: false,
            detail: crate::error_text::chain(&error),
            required,
        },
    }
}
