//! Moving an estate's `systemData` times so that ages stay as written: the demo is built around a
//! fixed 'now', and a request "38 minutes old" should read so whenever the demo runs.

use serde_json::Value;

use super::EstateDocument;
use super::demo::builders::rfc3339;

/// Unix seconds of an RFC 3339 UTC time such as `2026-11-20T09:00:00Z` (fractions ignored).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !text.ends_with('Z') || bytes[4] != b'-' || bytes[10] != b'T' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Howard Hinnant's days-from-civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Adds `offset` seconds to every time in every resource's `systemData`.
pub fn shift_system_data(doc: &mut EstateDocument, offset: i64) {
    for resource in &mut doc.resources {
        let Some(system) = resource
            .get_mut("systemData")
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for field in ["createdAt", "lastModifiedAt"] {
            if let Some(Value::String(time)) = system.get_mut(field)
                && let Some(secs) = parse_rfc3339(time)
            {
                *time = rfc3339(secs + offset);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_inverts_formatting() {
        for secs in [0, 1_795_165_200, 951_782_400, 1_709_164_800 + 86_399] {
            assert_eq!(parse_rfc3339(&rfc3339(secs)), Some(secs));
        }
        assert_eq!(parse_rfc3339("2026-11-20T09:00:00Z"), Some(1_795_165_200));
        assert_eq!(parse_rfc3339("2026-13-20T09:00:00Z"), None);
        assert_eq!(parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn shifting_keeps_ages() {
        let mut doc = super::super::demo::demo();
        let before: Vec<String> = doc
            .resources
            .iter()
            .filter_map(|r| r["systemData"]["createdAt"].as_str().map(str::to_owned))
            .collect();
        shift_system_data(&mut doc, 6 * 86_400);
        let after: Vec<String> = doc
            .resources
            .iter()
            .filter_map(|r| r["systemData"]["createdAt"].as_str().map(str::to_owned))
            .collect();
        assert!(!before.is_empty());
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(
                parse_rfc3339(a).unwrap() - parse_rfc3339(b).unwrap(),
                6 * 86_400
            );
        }
    }
}
