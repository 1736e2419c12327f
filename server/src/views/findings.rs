//! The findings as pages and the API show them: each with its severity, title, sentence,
//! documentation and resources (`FindingView`), most serious first; the Findings page's filters
//! (severity, kind, subscription) and its counts by kind. Pure; `export` writes them as CSV.

use app::model::{FindingCount, FindingQuery, FindingView, FindingsPage};

use crate::arm::ResourceId;
use crate::auth::TokenScope;
use crate::inventory::Snapshot;
use crate::inventory::join::Finding;

/// Every kind a finding can be, most serious first within a severity: the order lists keep.
pub const KINDS: [&str; 18] = [
    "recreated",
    "connectionsLost",
    "missingFrontend",
    "untrustedTenant",
    "dnsZoneMismatch",
    "frontDoorPending",
    "unreadable",
    "publicAccessEnabled",
    "noDnsZoneGroup",
    "dnsZoneNotLinked",
    "allDisconnected",
    "nearLimit",
    "oneNatIp",
    "autoApprovalNotVisible",
    "orphanEndpoint",
    "longPending",
    "openVisibility",
    "proxyProtocol",
];

/// A finding ready to show.
pub fn view(finding: &Finding) -> FindingView {
    let resources: Vec<String> = finding
        .resources()
        .iter()
        .map(ToString::to_string)
        .collect();
    FindingView {
        kind: finding.kind().to_owned(),
        title: finding.title().to_owned(),
        severity: finding.severity().key().to_owned(),
        message: finding.message(),
        doc_url: finding.doc_url().to_owned(),
        resource_id: resources.first().cloned(),
        resources,
        subscriptions: finding.subscriptions(),
    }
}

/// Where a kind sorts.
fn rank(kind: &str) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len())
}

/// Every finding of the snapshot, most serious first (severity, then kind, then as found).
pub fn sorted(snapshot: &Snapshot) -> Vec<FindingView> {
    ranked(snapshot).into_iter().map(|(_, v)| v).collect()
}

/// The findings naming `id` (ids compared ignoring case), most serious first.
pub fn naming(snapshot: &Snapshot, id: &ResourceId) -> Vec<FindingView> {
    ranked(snapshot)
        .into_iter()
        .filter(|(f, _)| f.resources().contains(&id))
        .map(|(_, v)| v)
        .collect()
}

/// `(kind, count)` of sorted findings, in their order.
pub fn counts(findings: &[FindingView]) -> Vec<(String, usize)> {
    by_kind(findings)
        .into_iter()
        .map(|c| (c.kind, c.count))
        .collect()
}

fn by_kind(findings: &[FindingView]) -> Vec<FindingCount> {
    let mut counts: Vec<FindingCount> = Vec::new();
    for finding in findings {
        match counts.iter_mut().find(|c| c.kind == finding.kind) {
            Some(count) => count.count += 1,
            None => counts.push(FindingCount {
                kind: finding.kind.clone(),
                title: finding.title.clone(),
                severity: finding.severity.clone(),
                count: 1,
            }),
        }
    }
    counts
}

/// A kind the query names that no finding can have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown finding kind '{0}': use {kinds}", kinds = KINDS.join(", "))]
pub struct UnknownKind(pub String);

/// Every finding with its view, most serious first.
fn ranked(snapshot: &Snapshot) -> Vec<(&Finding, FindingView)> {
    let mut findings: Vec<(&Finding, FindingView)> = snapshot
        .chains
        .findings
        .iter()
        .map(|f| (f, view(f)))
        .collect();
    findings.sort_by_key(|(f, v)| (f.severity(), rank(&v.kind)));
    findings
}

/// Whether `query` keeps a finding; refuses a kind no finding can have.
fn keeps<'a>(
    query: &'a FindingQuery,
    scope: &'a TokenScope,
) -> Result<impl Fn(&FindingView) -> bool + 'a, UnknownKind> {
    if let Some(kind) = &query.kind
        && !KINDS.contains(&kind.as_str())
    {
        return Err(UnknownKind(kind.clone()));
    }
    Ok(move |f: &FindingView| {
        query.severity.is_none_or(|s| f.severity == s.key())
            && query.kind.as_ref().is_none_or(|k| &f.kind == k)
            && query
                .subscription
                .as_ref()
                .is_none_or(|s| f.subscriptions.contains(s))
            // A limited actor sees a finding only when every subscription it concerns is theirs.
            && (!scope.is_limited()
                || (!f.subscriptions.is_empty() && f.subscriptions.iter().all(|s| scope.allows(s))))
    })
}

/// The Findings page for `query`.
pub fn page(snapshot: &Snapshot, query: &FindingQuery) -> Result<FindingsPage, UnknownKind> {
    let keep = keeps(query, &TokenScope::All)?;
    let all = sorted(snapshot);
    let by_kind = by_kind(&all);
    let total = all.len();
    let findings = all.into_iter().filter(|f| keep(f)).collect();
    Ok(FindingsPage {
        findings,
        total,
        by_kind,
    })
}

/// The findings `query` keeps as the API answers them: each finding's own fields (`kind`, the
/// ids, counts…) with its view's (`severity`, `title`, `message`, `docUrl`, `resources`,
/// `subscriptions`) beside them.
pub fn api(
    snapshot: &Snapshot,
    query: &FindingQuery,
    scope: &TokenScope,
) -> Result<Vec<serde_json::Value>, UnknownKind> {
    let keep = keeps(query, scope)?;
    Ok(ranked(snapshot)
        .into_iter()
        .filter(|(_, v)| keep(v))
        .map(|(finding, v)| {
            let mut value = serde_json::to_value(finding).unwrap_or_default();
            if let (Some(map), Ok(serde_json::Value::Object(extra))) =
                (value.as_object_mut(), serde_json::to_value(&v))
            {
                for (key, field) in extra {
                    map.entry(key).or_insert(field);
                }
            }
            value
        })
        .collect())
}

/// The views of the findings `query` keeps (the CSV export's rows).
pub fn views(
    snapshot: &Snapshot,
    query: &FindingQuery,
    scope: &TokenScope,
) -> Result<Vec<FindingView>, UnknownKind> {
    let keep = keeps(query, scope)?;
    Ok(sorted(snapshot).into_iter().filter(|f| keep(f)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::join::Severity;
    use crate::inventory::join::tests::demo_now;
    use crate::inventory::offline;

    fn demo() -> Snapshot {
        offline::snapshot(&emulator::estate::demo::demo(), demo_now())
    }

    #[test]
    fn a_limited_scope_keeps_the_findings_wholly_in_it() {
        let platform = emulator::estate::demo::CONTOSO_PLATFORM;
        let scope = TokenScope::from_stored(platform);
        let all = api(&demo(), &FindingQuery::default(), &TokenScope::All).unwrap();
        let mine = views(&demo(), &FindingQuery::default(), &scope).unwrap();
        assert!(!mine.is_empty() && mine.len() < all.len(), "{mine:?}");
        assert!(mine.iter().all(|f| f.subscriptions == [platform]));
        let json = api(&demo(), &FindingQuery::default(), &scope).unwrap();
        assert_eq!(json.len(), mine.len());
        // Woodgrove's endpoints are in findings that concern the platform's services too.
        let woodgrove = TokenScope::from_stored(emulator::estate::demo::WOODGROVE);
        assert_eq!(
            views(&demo(), &FindingQuery::default(), &woodgrove).unwrap(),
            []
        );
    }

    #[test]
    fn every_kind_is_ranked_and_findings_come_most_serious_first() {
        let all = sorted(&demo());
        assert!(!all.is_empty());
        for f in &all {
            assert!(KINDS.contains(&f.kind.as_str()), "{} has no rank", f.kind);
            assert!(f.doc_url.starts_with("https://"), "{}", f.kind);
        }
        let severities: Vec<Severity> = all
            .iter()
            .map(|f| Severity::parse(&f.severity).unwrap())
            .collect();
        assert!(severities.is_sorted(), "{severities:?}");
    }

    #[test]
    fn the_page_filters_by_severity_kind_and_subscription_and_counts_them_all() {
        let snapshot = demo();
        let everything = page(&snapshot, &FindingQuery::default()).unwrap();
        let counted: usize = everything.by_kind.iter().map(|c| c.count).sum();
        assert_eq!(counted, everything.total);
        let orphans = FindingQuery {
            kind: Some("orphanEndpoint".into()),
            ..FindingQuery::default()
        };
        let kept = page(&snapshot, &orphans).unwrap();
        assert!(!kept.findings.is_empty());
        assert!(kept.findings.iter().all(|f| f.kind == "orphanEndpoint"));
        assert_eq!(kept.total, everything.total);
        let info = FindingQuery {
            severity: Some(app::model::Severity::Info),
            ..FindingQuery::default()
        };
        assert!(
            page(&snapshot, &info)
                .unwrap()
                .findings
                .iter()
                .all(|f| f.severity == "info")
        );
        let woodgrove = FindingQuery {
            subscription: Some(emulator::estate::demo::WOODGROVE.into()),
            ..FindingQuery::default()
        };
        let theirs = page(&snapshot, &woodgrove).unwrap().findings;
        assert!(!theirs.is_empty() && theirs.len() < everything.total);
        let unknown = FindingQuery {
            kind: Some("dnsMagic".into()),
            ..FindingQuery::default()
        };
        assert!(
            page(&snapshot, &unknown)
                .unwrap_err()
                .to_string()
                .contains("orphanEndpoint")
        );
    }

    #[test]
    fn csv_has_a_line_per_finding_with_its_documentation() {
        use crate::views::export::{Format, write};
        let all = sorted(&demo());
        let text = String::from_utf8(write(&all, Format::Csv).unwrap()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), all.len());
        assert!(records[0][5].starts_with("https://learn.microsoft.com"));
    }
}
