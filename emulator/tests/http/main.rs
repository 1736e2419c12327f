//! The emulator over real HTTP: wire shapes against Azure's published examples, paging, case,
//! state transitions on both sides, long-running removal, and each fault flag.

mod behaviour;
mod faults;
mod permissions;
mod support;
mod wire;
