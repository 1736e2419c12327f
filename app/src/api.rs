//! `#[server]` functions, one area per file. Each takes the `Backend` from context and calls one method.

mod environment;

pub use environment::get_environment;
