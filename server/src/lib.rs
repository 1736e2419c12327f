//! The `linkcenter` server: configuration, telemetry, auth, the web layer, the ARM actions with
//! their audit store, and the `Backend` the UI reads.

pub mod actions;
pub mod arm;
pub mod auth;
pub mod backend;
pub mod chain;
pub mod cli;
pub mod config;
pub mod doctor;
pub mod emulator_host;
pub mod error_text;
pub mod events;
pub mod history;
pub mod inventory;
pub mod limits;
pub mod notifications;
pub mod oidc;
pub mod policies;
pub mod service;
pub mod shutdown;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod views;
pub mod web;
