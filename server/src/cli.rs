//! The commands of the `linkcenter` binary beside `serve` and `emulator`: `token` (API tokens
//! in the store a server runs with) and the API client commands `connections`, `findings` and
//! `audit`, which talk to a server's `/api/v1` with the token in `LINKCENTER_TOKEN`. Each
//! prints for a terminal (aligned tables, colour only on a TTY) or for a script (`-o json`,
//! `-o csv`, `--quiet`), and exits non-zero when anything failed.

pub mod args;
mod client;
mod connections;
pub(crate) mod output;
mod reports;
mod tokens;

use std::process::ExitCode;

pub use args::{AuditArgs, ConnectionsArgs, FindingsArgs, TokenArgs};
pub use client::CliError;

/// Runs `linkcenter token …`.
pub async fn token(args: TokenArgs) -> ExitCode {
    finish(tokens::run(args).await)
}

/// Runs `linkcenter connections …`.
pub async fn connections(args: ConnectionsArgs) -> ExitCode {
    finish(connections::run(args).await)
}

/// Runs `linkcenter findings`.
pub async fn findings(args: FindingsArgs) -> ExitCode {
    finish(reports::findings(args).await)
}

/// Runs `linkcenter audit`.
pub async fn audit(args: AuditArgs) -> ExitCode {
    finish(reports::audit(args).await)
}

/// The exit code of a command: its own, or 2 for a bad flag, 1 for anything else, with the
/// error on stderr.
fn finish(result: Result<ExitCode, CliError>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            match error {
                CliError::Usage(_) => ExitCode::from(2),
                CliError::TimedOut(_) => ExitCode::from(3),
                _ => ExitCode::FAILURE,
            }
        }
    }
}
