//! Wire types the pages show: plain serde data, safe to compile to wasm.

mod environment;

pub use environment::{Environment, EnvironmentKind};
