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
    if let Some(at) = fixed_width(text) {
        return Ok(at);
    }
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|at| at.to_offset(UtcOffset::UTC))
        .map_err(|error| format!("the time {text:?} is not RFC 3339: {error}"))
}

/// What `to_text` writes, read without the general parser (a chart of a year reads thousands).
fn fixed_width(text: &str) -> Option<OffsetDateTime> {
    let b = text.as_bytes();
    if b.len() != 30
        || (b[4], b[7], b[10], b[13], b[16], b[19], b[29])
            != (b'-', b'-', b'T', b':', b':', b'.', b'Z')
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = time::Date::from_calendar_date(
        i32::try_from(number(0..4)?).ok()?,
        time::Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?,
        u8::try_from(number(8..10)?).ok()?,
    )
    .ok()?;
    let clock = time::Time::from_hms_nano(
        u8::try_from(number(11..13)?).ok()?,
        u8::try_from(number(14..16)?).ok()?,
        u8::try_from(number(17..19)?).ok()?,
        number(20..29)?,
    )
    .ok()?;
    Some(time::PrimitiveDateTime::new(date, clock).assume_utc())
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
    fn the_fixed_width_reader_agrees_with_rfc_3339_and_leaves_other_texts_to_it() {
        for text in [
            "2026-02-28T23:59:59.999999999Z",
            "2024-02-29T00:00:00.000000000Z",
        ] {
            assert_eq!(
                fixed_width(text),
                OffsetDateTime::parse(text, &Rfc3339).ok()
            );
        }
        for other in [
            "2026-02-30T00:00:00.000000000Z",
            "2026-11-20T09:00:00Z",
            "2026-11-20T09:00:00.000000000+01:00",
        ] {
            assert_eq!(fixed_width(other), None, "{other}");
        }
        assert_eq!(
            from_text("2026-11-20T10:00:00+01:00").unwrap(),
            OffsetDateTime::parse("2026-11-20T09:00:00Z", &Rfc3339).unwrap()
        );
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
