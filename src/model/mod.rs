//! The plain data an editor works with — posts, their sections, the site's
//! settings — and the rules they must satisfy. Pure: no I/O, no clock.

mod input;
mod post;
mod site;
pub mod slug;
mod validate;

pub use input::{PostInput, UPDATE_FIELDS};
pub use post::{Post, PostSummary, Section, Status};
pub use site::{RawHtml, Site, is_rtl, language_tag};
pub use validate::{clean_text, is_forbidden_char, limits};

/// Formats a timestamp the way every Quire interface writes one:
/// RFC 3339, UTC, whole seconds (`2023-10-06T09:00:00Z`).
pub fn format_time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Serde adapter for `Option<DateTime<Utc>>` in the format of [`format_time`].
pub(crate) mod time_opt {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&super::format_time(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        match raw.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => DateTime::parse_from_rfc3339(s)
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(|e| {
                    serde::de::Error::custom(format!("`{s}` is not an RFC 3339 time: {e}"))
                }),
        }
    }
}

/// Serde adapter for `DateTime<Utc>` in the format of [`format_time`].
pub(crate) mod time {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_time(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(s.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| serde::de::Error::custom(format!("`{s}` is not an RFC 3339 time: {e}")))
    }
}
