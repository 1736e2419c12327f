//! The command line of `linkcenter token …`, `linkcenter connections …`, `linkcenter findings`
//! and `linkcenter audit`, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::auth::Role;

/// `linkcenter token …`: API tokens in the store a server uses.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: TokenCommand,
    /// The store (SQLite file) the server runs with. Default: `linkcenter.db` in --data-dir.
    #[arg(long, global = true, env = "LINKCENTER_DATABASE")]
    pub database: Option<PathBuf>,
    /// The server's data directory. Default: `$XDG_DATA_HOME/linkcenter`, else
    /// `~/.local/share/linkcenter`.
    #[arg(long, global = true, env = "LINKCENTER_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

/// The token subcommands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token and print it once (the store keeps only its hash).
    Create(TokenCreate),
    /// List the tokens (never their secrets).
    List {
        /// Output format.
        #[arg(short = 'o', long, value_enum, default_value_t = Output::Table)]
        output: Output,
    },
    /// Revoke a token by name; a running server refuses it from the next request.
    Revoke {
        /// The token's name.
        name: String,
    },
}

/// `linkcenter token create`.
#[derive(Debug, Args)]
pub struct TokenCreate {
    /// Its name, as the audit records it (`token:NAME`).
    #[arg(long)]
    pub name: String,
    /// What it may do.
    #[arg(long, value_enum)]
    pub role: TokenRole,
    /// How long it works (`30d`, `12h`, …, up to 400d), or `never`.
    #[arg(long, default_value = "90d")]
    pub expires: String,
    /// A subscription (GUID) it is limited to; repeatable. Without any: every subscription.
    #[arg(long = "subscription")]
    pub subscriptions: Vec<String>,
}

/// A token's role (a token always has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenRole {
    /// Read only.
    Viewer,
    /// Read, approve, reject and remove.
    Approver,
}

impl From<TokenRole> for Role {
    fn from(role: TokenRole) -> Self {
        match role {
            TokenRole::Viewer => Role::Viewer,
            TokenRole::Approver => Role::Approver,
        }
    }
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Aligned columns for a terminal.
    Table,
    /// The API's JSON.
    Json,
    /// Comma-separated values with a header row.
    Csv,
}

/// Where the server is, and how loud to be.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// The Link Center server's URL. The token is read from `LINKCENTER_TOKEN`.
    #[arg(
        long,
        global = true,
        env = "LINKCENTER_SERVER",
        default_value = "http://127.0.0.1:3000"
    )]
    pub server: String,
    /// Print only what a script needs (ids), and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// `linkcenter connections …`.
#[derive(Debug, Args)]
pub struct ConnectionsArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ConnectionsCommand,
    /// The server.
    #[command(flatten)]
    pub server: ServerArgs,
}

/// The connections subcommands.
#[derive(Debug, Subcommand)]
pub enum ConnectionsCommand {
    /// List connections (every page).
    List(ListArgs),
    /// Approve connections by id.
    Approve(ActArgs),
    /// Reject connections by id.
    Reject(ActArgs),
    /// Remove connections by id.
    Remove(ActArgs),
    /// Wait for a Front Door request to arrive Pending on a service and print its id.
    Wait(WaitArgs),
}

/// `linkcenter connections list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this state (Pending, Approved, Rejected, Disconnected).
    #[arg(long)]
    pub state: Option<String>,
    /// Only this subscription (GUID); repeatable.
    #[arg(long = "subscription")]
    pub subscriptions: Vec<String>,
    /// Only rows whose names, ids or descriptions hold this text.
    #[arg(long = "search")]
    pub search: Option<String>,
    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// `linkcenter connections approve|reject|remove`.
#[derive(Debug, Args)]
pub struct ActArgs {
    /// Connection resource ids.
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// The justification (required to approve or reject; sent to Azure and kept in the audit).
    #[arg(long, default_value = "")]
    pub description: String,
}

/// `linkcenter connections wait`.
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// The private link service's name.
    #[arg(long)]
    pub service: String,
    /// The Front Door profile's name.
    #[arg(long = "consumer-front-door")]
    pub front_door: String,
    /// Only the request of this origin (its name).
    #[arg(long)]
    pub origin: Option<String>,
    /// How long to wait, e.g. `10m`.
    #[arg(long, default_value = "10m")]
    pub timeout: String,
    /// How often to ask the server, e.g. `5s`.
    #[arg(long, default_value = "5s")]
    pub interval: String,
}

/// `linkcenter findings`.
#[derive(Debug, Args)]
pub struct FindingsArgs {
    /// Only this severity: critical, warning or info.
    #[arg(long)]
    pub severity: Option<String>,
    /// Only this subscription (GUID).
    #[arg(long)]
    pub subscription: Option<String>,
    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
    /// The server.
    #[command(flatten)]
    pub server: ServerArgs,
}

/// `linkcenter audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only records of this actor (`token:NAME` for a token).
    #[arg(long)]
    pub actor: Option<String>,
    /// The newest N records.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
    /// The server.
    #[command(flatten)]
    pub server: ServerArgs,
}
