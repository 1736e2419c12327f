//! Times as the database holds them: RFC 3339 in UTC with nine fraction digits, a fixed width
//! so that text order is time order (range filters and `ORDER BY at` compare text).

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use super::StoreError;

/// Writes `at` as fixed-width RFC 3339 UTC, e.g. `2024-05-01T12:00:00.000000000Z`.
pub(crate) fn to_text(at: OffsetDateTime) -> Result<String, StoreError> {
    let utc = at.to_offset(UtcOffset::UTC);
    if !(0..=9999).contains(&utc.year()) {
        return Err(StoreError::TimeOutOfRange(at));
    }
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.nanosecond()
    ))
}

/// Reads a stored time; any RFC 3339 text is accepted, not only what `to_text` writes.
pub(crate) fn from_text(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|at| at.to_offset(UtcOffset::UTC))
        .map_err(|error| format!("the time {text:?} is not RFC 3339: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_utc_with_a_fixed_width() {
        let at = OffsetDateTime::UNIX_EPOCH
            .replace_offset(UtcOffset::from_hms(2, 0, 0).unwrap())
            .replace_nanosecond(500_000_000)
            .unwrap();
        assert_eq!(to_text(at).unwrap(), "1969-12-31T22:00:00.500000000Z");
    }

    #[test]
    fn text_order_is_time_order() {
        let earlier = OffsetDateTime::UNIX_EPOCH
            .replace_nanosecond(510_000_000)
            .unwrap();
        let later = OffsetDateTime::UNIX_EPOCH
            .replace_nanosecond(500_000_000)
            .unwrap()
            + time::Duration::seconds(1);
        assert!(to_text(earlier).unwrap() < to_text(later).unwrap());
    }

    #[test]
    fn a_written_time_reads_back_to_the_nanosecond() {
        let at = OffsetDateTime::now_utc();
        assert_eq!(from_text(&to_text(at).unwrap()), Ok(at));
    }

    #[test]
    fn a_time_that_is_not_rfc_3339_is_refused() {
        let error = from_text("yesterday").unwrap_err();
        assert!(error.contains("\"yesterday\""), "{error}");
    }

    #[test]
    fn years_before_0_cannot_be_stored() {
        let far = OffsetDateTime::UNIX_EPOCH.replace_year(-1).unwrap();
        assert!(matches!(to_text(far), Err(StoreError::TimeOutOfRange(_))));
    }
}
