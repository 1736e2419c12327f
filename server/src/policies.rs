//! Approval policies: which Pending connections Link Center approves, rejects or holds on its
//! own, read from a YAML file the platform team keeps in git (`file`), their conditions
//! compiled once (`conditions`), the first-match verdict over one Pending connection with the
//! evidence for it (`matching`), over a whole snapshot (`evaluate`), and each policy in words
//! (`words`) — all pure — and the file kept in force, reloaded when it changes (`in_force`).
//! The dry-run display and enforcing through the action path build on these.

pub mod conditions;
pub mod evaluate;
pub mod file;
pub mod in_force;
pub mod matching;
mod words;

pub use conditions::{Action, Mode};
pub use evaluate::{ConnectionVerdict, evaluate};
pub use file::{Policy, PolicyFileError, PolicySet};
pub use in_force::{PoliciesInForce, PolicyFile, ReloadStatus, Reloaded};
pub use matching::{Candidate, ConsumerFacts, Verdict, verdict};
