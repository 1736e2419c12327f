//! `linkcenter`: parse the command line, start tracing, and run the chosen subcommand.

use std::process::ExitCode;

use clap::Parser;
use server::{
    config::{Cli, Command, Config, EmulatorSettings},
    emulator_host, shutdown,
    startup::Application,
    telemetry,
};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.log_format);
    match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => serve(args).await,
        Command::Emulator(args) => emulator(args).await,
        Command::Token(args) => server::cli::token(args).await,
        Command::Connections(args) => server::cli::connections(args).await,
        Command::Findings(args) => server::cli::findings(args).await,
        Command::Audit(args) => server::cli::audit(args).await,
        Command::Doctor(args) => server::doctor::run(args).await,
    }
}

async fn emulator(args: server::config::EmulatorArgs) -> ExitCode {
    let settings = match EmulatorSettings::try_from(args) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match emulator_host::run_standalone(settings, shutdown::signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: server::config::ServeArgs) -> ExitCode {
    let config = match Config::try_from(args) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(error = %error, "could not start");
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match app.run_until_stopped(shutdown::signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = %error, "server failed");
            ExitCode::FAILURE
        }
    }
}
