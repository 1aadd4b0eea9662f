//! A publish date as an editor types it: `2026-12-04 09:30` (or with a `T`,
//! or seconds), `2026-12-04` alone (at [`DEFAULT_HOUR`]), or a full RFC 3339
//! time. Typed times are wall-clock times in the zone the caller gives (the
//! editor's own); the answer is the instant the store keeps. Parsing is
//! chrono's; the rules here are which forms count and what a clock change
//! does to a typed time.

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};

/// The hour a date typed without a time publishes at (a morning post).
pub const DEFAULT_HOUR: u32 = 9;

/// The forms a date with a time may take (besides RFC 3339).
const DATE_TIME_FORMATS: [&str; 4] = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
];

/// Why typed text is not a publish date, in words for the editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateInputError {
    #[error(
        "“{0}” is not a date Quire can read: write it as 2026-12-04 09:30 (year-month-day, 24-hour time), or pick a day"
    )]
    Unreadable(String),
    #[error(
        "{0} does not exist here: the clocks skip that hour. Pick a time an hour later or earlier"
    )]
    SkippedByClockChange(String),
}

/// The instant `text` names in `zone`, or `None` for empty text (no date).
/// A wall-clock time the clocks pass twice is the first of the two.
pub fn parse_date_input<Tz: TimeZone>(
    text: &str,
    zone: &Tz,
) -> Result<Option<DateTime<Utc>>, DateInputError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let unreadable = || DateInputError::Unreadable(text.to_string());
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        let t = t.with_timezone(&Utc);
        return Ok(Some(t.with_nanosecond(0).unwrap_or(t)));
    }
    let naive = DATE_TIME_FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
            Some(day.and_time(NaiveTime::from_hms_opt(DEFAULT_HOUR, 0, 0)?))
        })
        .ok_or_else(unreadable)?;
    // RFC 3339 (the stored form) has four-digit years.
    if !(1..=9999).contains(&naive.year()) {
        return Err(unreadable());
    }
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(Some(t.with_timezone(&Utc))),
        LocalResult::None => Err(DateInputError::SkippedByClockChange(
            naive.format("%Y-%m-%d %H:%M").to_string(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use chrono_tz::Europe::Berlin;

    fn utc(text: &str) -> Option<String> {
        parse_date_input(text, &Utc)
            .unwrap()
            .map(|t| crate::model::format_time(&t))
    }

    #[test]
    fn reads_the_forms_an_editor_types() {
        let t = Some("2026-12-04T09:30:00Z".to_string());
        assert_eq!(utc("2026-12-04 09:30"), t);
        assert_eq!(utc("2026-12-04T09:30"), t);
        assert_eq!(utc("  2026-12-04 09:30:00 "), t);
        assert_eq!(
            utc("2026-12-04"),
            t.as_ref().map(|_| "2026-12-04T09:00:00Z".to_string())
        );
        assert_eq!(
            utc("2026-12-04T09:30:00+01:00").as_deref(),
            Some("2026-12-04T08:30:00Z")
        );
        assert_eq!(
            utc("2026-12-04T09:30:00.750Z").as_deref(),
            Some("2026-12-04T09:30:00Z")
        );
        assert_eq!(utc(""), None, "an empty field is no date");
        assert_eq!(utc("   "), None);
    }

    #[test]
    fn a_typed_time_is_the_editors_wall_clock() {
        let east = FixedOffset::east_opt(2 * 3600).unwrap();
        let t = parse_date_input("2026-12-04 09:30", &east)
            .unwrap()
            .unwrap();
        assert_eq!(crate::model::format_time(&t), "2026-12-04T07:30:00Z");
        // Summer and winter time each get their own offset.
        let summer = parse_date_input("2026-07-01 12:00", &Berlin)
            .unwrap()
            .unwrap();
        let winter = parse_date_input("2026-01-01 12:00", &Berlin)
            .unwrap()
            .unwrap();
        assert_eq!(crate::model::format_time(&summer), "2026-07-01T10:00:00Z");
        assert_eq!(crate::model::format_time(&winter), "2026-01-01T11:00:00Z");
    }

    #[test]
    fn clock_changes_are_said_in_words() {
        // Berlin skips 02:00–03:00 on 29 March 2026 and passes 02:30 twice on 25 October.
        let err = parse_date_input("2026-03-29 02:30", &Berlin).unwrap_err();
        assert_eq!(
            err,
            DateInputError::SkippedByClockChange("2026-03-29 02:30".into())
        );
        assert!(err.to_string().contains("clocks skip"));
        let twice = parse_date_input("2026-10-25 02:30", &Berlin)
            .unwrap()
            .unwrap();
        assert_eq!(
            crate::model::format_time(&twice),
            "2026-10-25T00:30:00Z",
            "the first of the two"
        );
    }

    #[test]
    fn anything_else_is_unreadable_in_words() {
        for bad in [
            "tomorrow",
            "2026-13-01",
            "2026-02-30",
            "2026-12-04 25:00",
            "2026-12-04 09:30 and more",
            "04/12/2026",
            "2026-12",
            "12026-12-04",
        ] {
            let err = parse_date_input(bad, &Utc).unwrap_err();
            assert_eq!(err, DateInputError::Unreadable(bad.to_string()), "{bad}");
            assert!(
                err.to_string().contains("2026-12-04 09:30"),
                "the message shows the form"
            );
        }
    }
}
