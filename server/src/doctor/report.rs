//! The doctor's findings: per subscription, whether each feature can work (from the identity's
//! grants there, `grants`, against what the feature needs, `needs`) and what is missing; whether
//! Resource Graph answered; and the exit code — 0 only when every feature the configuration
//! uses can work in every subscription. Pure: evaluation and printing take data, not Azure.

use serde::Serialize;

use super::grants::{Grant, allowed};
use super::needs::{Feature, Need};

/// What one feature can do in one subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// The feature.
    pub feature: &'static str,
    /// Whether everything it needs is allowed.
    pub ok: bool,
    /// The types or providers it works for.
    pub can: Vec<String>,
    /// The types or providers it does not.
    pub cannot: Vec<String>,
    /// The actions not allowed.
    pub missing: Vec<String>,
}

/// One subscription's findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionReport {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Why its permissions could not be read (then every feature fails), or none.
    pub error: Option<String>,
    /// Each feature's verdict (none when `error`).
    pub verdicts: Vec<Verdict>,
}

/// Whether Resource Graph answered a query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphProbe {
    /// It answered.
    pub reachable: bool,
    /// What it said, or how long it took.
    pub detail: String,
    /// The configuration reads the inventory through it (`--inventory resource-graph`).
    pub required: bool,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Each subscription the identity can see.
    pub subscriptions: Vec<SubscriptionReport>,
    /// Resource Graph.
    pub resource_graph: GraphProbe,
    /// The features the configuration uses.
    pub required: Vec<&'static str>,
    /// Every required feature works everywhere.
    pub ok: bool,
}

/// Each feature's verdict under `grants`.
pub fn evaluate(grants: &[Grant], needs: &[Need]) -> Vec<Verdict> {
    Feature::ALL
        .iter()
        .map(|&feature| {
            let mut can: Vec<String> = Vec::new();
            let mut cannot: Vec<String> = Vec::new();
            let mut missing = Vec::new();
            for need in needs.iter().filter(|n| n.feature == feature) {
                if allowed(grants, &need.action) {
                    if !can.contains(&need.about) {
                        can.push(need.about.clone());
                    }
                } else {
                    missing.push(need.action.clone());
                    if !cannot.contains(&need.about) {
                        cannot.push(need.about.clone());
                    }
                }
            }
            // A type with one action missing is one it cannot do.
            can.retain(|about| !cannot.contains(about));
            Verdict {
                feature: feature.heading(),
                ok: missing.is_empty(),
                can,
                cannot,
                missing,
            }
        })
        .collect()
}

impl Report {
    /// The report over `subscriptions`, requiring `required` features (and Resource Graph when
    /// the probe says it is required).
    pub fn new(
        subscriptions: Vec<SubscriptionReport>,
        resource_graph: GraphProbe,
        required: &[Feature],
    ) -> Self {
        let headings: Vec<&'static str> = required.iter().map(|f| f.heading()).collect();
        let works = |s: &SubscriptionReport| {
            s.error.is_none()
                && s.verdicts
                    .iter()
                    .filter(|v| headings.contains(&v.feature))
                    .all(|v| v.ok)
        };
        let ok = !subscriptions.is_empty()
            && subscriptions.iter().all(works)
            && (resource_graph.reachable || !resource_graph.required);
        Self {
            subscriptions,
            resource_graph,
            required: headings,
            ok,
        }
    }

    /// The exit code: 0 when everything required works, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.ok)
    }

    /// The report for a terminal: a table of subscriptions × features, then what is missing.
    pub fn text(&self) -> String {
        let mut table = crate::cli::output::Table {
            headers: std::iter::once("SUBSCRIPTION")
                .chain(Feature::ALL.iter().map(|f| column(*f)))
                .collect(),
            rows: Vec::new(),
        };
        let mut notes = Vec::new();
        for s in &self.subscriptions {
            let mut row = vec![format!("{} ({})", s.name, s.id)];
            match &s.error {
                Some(error) => {
                    row.extend(Feature::ALL.iter().map(|_| "no".to_owned()));
                    notes.push(format!(
                        "{}: its permissions cannot be read: {error}",
                        s.name
                    ));
                }
                None => {
                    for verdict in &s.verdicts {
                        row.push(cell(verdict));
                        if !verdict.ok {
                            let optional = if self.required.contains(&verdict.feature) {
                                ""
                            } else {
                                " (not required by this configuration)"
                            };
                            notes.push(format!(
                                "{}: {} needs{optional}:\n  {}",
                                s.name,
                                verdict.feature,
                                verdict.missing.join("\n  ")
                            ));
                        }
                    }
                }
            }
            table.rows.push(row);
        }
        let mut text = table.aligned(false);
        text.push('\n');
        let graph = if self.resource_graph.reachable {
            "reachable"
        } else {
            "not reachable"
        };
        let needed = if self.resource_graph.required {
            " (required: --inventory resource-graph)"
        } else {
            ""
        };
        text.push_str(&format!(
            "Resource Graph: {graph}{needed}: {}\n",
            self.resource_graph.detail
        ));
        for note in &notes {
            text.push_str(note);
            text.push('\n');
        }
        text.push_str(if self.ok {
            "Everything this configuration uses can work.\n"
        } else if self.subscriptions.is_empty() {
            "The identity sees no subscription: assign it a role in each subscription to watch.\n"
        } else {
            "Not everything this configuration uses can work: see above.\n"
        });
        text
    }
}

fn column(feature: Feature) -> &'static str {
    match feature {
        Feature::Inventory => "READ INVENTORY",
        Feature::Approve => "APPROVE",
        Feature::ActivityLog => "ACTIVITY LOG",
    }
}

/// `yes`, `no`, or `only Microsoft.Network` when part of it works.
fn cell(verdict: &Verdict) -> String {
    if verdict.ok {
        "yes".to_owned()
    } else if verdict.can.is_empty() {
        "no".to_owned()
    } else {
        format!("only {}", verdict.can.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(actions: &[&str]) -> Grant {
        Grant {
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            not_actions: Vec::new(),
        }
    }

    fn subscription(name: &str, grants: &[Grant]) -> SubscriptionReport {
        SubscriptionReport {
            id: format!("{name}-id"),
            name: name.to_owned(),
            error: None,
            verdicts: evaluate(grants, &super::super::needs::all()),
        }
    }

    fn graph(reachable: bool, required: bool) -> GraphProbe {
        GraphProbe {
            reachable,
            detail: "answered".into(),
            required,
        }
    }

    #[test]
    fn a_reader_can_read_but_not_approve_and_says_which_actions_are_missing() {
        let reader = subscription("apps", &[grant(&["*/read"])]);
        let verdicts: Vec<(&str, bool)> =
            reader.verdicts.iter().map(|v| (v.feature, v.ok)).collect();
        assert_eq!(
            verdicts,
            [
                ("read inventory", true),
                ("approve", false),
                ("Activity Log", true)
            ]
        );
        let approve = &reader.verdicts[1];
        assert!(approve.can.is_empty());
        assert!(approve.cannot.contains(&"Microsoft.Network".to_owned()));
        assert!(approve.missing.contains(
            &"Microsoft.Network/privateLinkServices/privateEndpointConnections/write".to_owned()
        ));

        let report = Report::new(vec![reader.clone()], graph(true, false), &Feature::ALL);
        assert_eq!(report.exit_code(), 1);
        let text = report.text();
        assert!(text.contains("apps (apps-id)"), "{text}");
        assert!(
            text.contains(
                "apps: approve needs:\n  Microsoft.Network/privateLinkServices/privateEndpointConnections/write\n"
            ),
            "{text}"
        );
        // Meant to look only: a reader is enough.
        let looking = Report::new(
            vec![reader],
            graph(true, false),
            &[Feature::Inventory, Feature::ActivityLog],
        );
        assert_eq!(looking.exit_code(), 0, "{}", looking.text());
    }

    #[test]
    fn part_of_a_feature_shows_what_works() {
        let network_only = subscription(
            "hub",
            &[grant(&[
                "*/read",
                "Microsoft.Network/privateLinkServices/privateEndpointConnections/*",
            ])],
        );
        let approve = &network_only.verdicts[1];
        assert_eq!(approve.can, ["Microsoft.Network"]);
        assert_eq!(cell(approve), "only Microsoft.Network");
    }

    #[test]
    fn an_unreadable_subscription_no_subscription_or_a_required_graph_fails() {
        let owner = subscription("platform", &[grant(&["*"])]);
        assert_eq!(
            Report::new(vec![owner.clone()], graph(false, false), &Feature::ALL).exit_code(),
            0
        );
        assert_eq!(
            Report::new(vec![owner.clone()], graph(false, true), &Feature::ALL).exit_code(),
            1
        );
        let refused = SubscriptionReport {
            error: Some("ARM answered 403 AuthorizationFailed".into()),
            verdicts: Vec::new(),
            ..subscription("denied", &[])
        };
        let report = Report::new(vec![owner, refused], graph(true, false), &Feature::ALL);
        assert_eq!(report.exit_code(), 1);
        assert!(
            report
                .text()
                .contains("denied: its permissions cannot be read")
        );
        let none = Report::new(Vec::new(), graph(true, false), &Feature::ALL);
        assert_eq!(none.exit_code(), 1);
        assert!(none.text().contains("sees no subscription"));
    }
}
