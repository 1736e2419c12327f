//! Approval policies: which Pending connections Link Center approves, rejects or holds on its
//! own, read from a YAML file the platform team keeps in git (`file`), their conditions
//! compiled once (`conditions`), and the first-match verdict over one Pending connection with
//! the evidence for it (`matching`). Pure: the evaluation after each sync, the dry-run display
//! and enforcing through the action path build on these.

pub mod conditions;
pub mod evaluate;
pub mod file;
pub mod matching;

pub use conditions::{Action, Mode};
pub use evaluate::{ConnectionVerdict, evaluate};
pub use file::{Policy, PolicyFileError, PolicySet};
pub use matching::{Candidate, ConsumerFacts, Verdict, verdict};

/// The policies as the server runs them: the file read at start, and whether they only show
/// their verdicts (the file's `dry-run`, or `--policies-enforce false`).
#[derive(Clone, Debug, PartialEq)]
pub struct PoliciesInForce {
    /// The file's policies.
    pub set: PolicySet,
    /// Whether verdicts are only shown.
    pub dry_run: bool,
}

impl PoliciesInForce {
    /// `set` as run with `--policies-enforce enforce`.
    pub fn new(set: PolicySet, enforce: bool) -> Self {
        let dry_run = !enforce || set.mode == Mode::DryRun;
        Self { set, dry_run }
    }
}
