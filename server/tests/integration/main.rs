//! Integration tests: the ARM client and the inventory sync against the emulator over loopback.

mod arm_client;
mod inventory;
mod support;
