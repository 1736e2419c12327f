//! Integration tests: the ARM client, the inventory sync and `/api/v1` against the emulator over loopback.

mod actions;
mod alert_rules;
mod api;
mod arm_client;
mod doctor;
mod events;
mod hardening;
mod history;
mod inventory;
mod notifications;
mod pages;
mod policies;
mod support;
mod tokens;
