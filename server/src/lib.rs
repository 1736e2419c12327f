//! The `linkcenter` server: configuration, telemetry, the web layer and the `Backend` the UI reads.

pub mod arm;
pub mod backend;
pub mod config;
pub mod emulator_host;
pub mod graph;
pub mod inventory;
pub mod shutdown;
pub mod startup;
pub mod telemetry;
pub mod views;
pub mod web;
