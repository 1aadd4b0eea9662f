//! The date line of an article: the site's strftime pattern, in the site's
//! language (month and day names, falling back to English) and time zone
//! (a post written at 23:30 in Berlin shows its own day).

use std::cell::RefCell;
use std::fmt::Write;

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Locale, Utc};

use crate::Site;

/// `t` as the article's date line, e.g. "Friday - 06 October 2023".
/// A broken pattern (a `Site` that skipped validation) falls back to the
/// default rather than failing the page.
pub fn format_date(t: DateTime<Utc>, site: &Site) -> String {
    thread_local! {
        /// The last site's formatter: a site export formats thousands of
        /// dates with one pattern and language, parsed once.
        static LAST: RefCell<Option<DateFormatter>> = const { RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| {
        let fresh = last.as_ref().is_none_or(|f| {
            f.pattern != site.date_format
                || f.language != site.language
                || f.timezone != site.timezone
        });
        if fresh {
            *last = Some(DateFormatter::new(site));
        }
        last.as_ref().map(|f| f.format(t)).unwrap_or_default()
    })
}

/// A site's date pattern, parsed, in its language.
struct DateFormatter {
    /// The site's settings it was made from.
    pattern: String,
    language: String,
    timezone: String,
    tz: chrono_tz::Tz,
    items: Vec<Item<'static>>,
    locale: Locale,
}

impl DateFormatter {
    fn new(site: &Site) -> Self {
        let locale = locale(&site.language);
        let items = StrftimeItems::new_with_locale(&site.date_format, locale)
            .parse_to_owned()
            .ok()
            .filter(|_| !site.date_format.is_empty())
            .unwrap_or_else(|| default_items(locale));
        DateFormatter {
            pattern: site.date_format.clone(),
            language: site.language.clone(),
            timezone: site.timezone.clone(),
            tz: site.tz(),
            items,
            locale,
        }
    }

    fn format(&self, t: DateTime<Utc>) -> String {
        let t = t.with_timezone(&self.tz);
        let mut out = String::with_capacity(32);
        if write!(
            out,
            "{}",
            t.format_localized_with_items(self.items.iter(), self.locale)
        )
        .is_err()
        {
            out.clear();
            let _ = write!(out, "{}", t.format(Site::DEFAULT_DATE_FORMAT));
        }
        out
    }
}

fn default_items(locale: Locale) -> Vec<Item<'static>> {
    StrftimeItems::new_with_locale(Site::DEFAULT_DATE_FORMAT, locale)
        .parse_to_owned()
        .unwrap_or_default()
}

/// The chrono locale for a BCP 47 tag: `fr` → fr_FR, `pt-BR` → pt_BR,
/// `en` → en_US; anything unknown → en_US.
pub fn locale(language: &str) -> Locale {
    let mut parts = language.split(['-', '_']);
    let primary = parts.next().unwrap_or_default().to_ascii_lowercase();
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    if let Some(region) = region
        && let Ok(l) = Locale::try_from(format!("{primary}_{region}").as_str())
    {
        return l;
    }
    let default_region = match primary.as_str() {
        "en" => "US",
        "da" => "DK",
        "sv" => "SE",
        "ja" => "JP",
        "zh" => "CN",
        "ko" => "KR",
        "cs" => "CZ",
        "el" => "GR",
        "uk" => "UA",
        "nb" | "nn" | "no" => "NO",
        "et" => "EE",
        "ca" => "ES",
        "he" => "IL",
        "hi" => "IN",
        "vi" => "VN",
        "sl" => "SI",
        "ga" => "IE",
        "fa" => "IR",
        "ar" => "EG",
        "sr" => "RS",
        _ => "",
    };
    let region = if default_region.is_empty() {
        primary.to_ascii_uppercase()
    } else {
        default_region.to_string()
    };
    let primary = if primary == "no" {
        "nb".into()
    } else {
        primary
    };
    Locale::try_from(format!("{primary}_{region}").as_str()).unwrap_or(Locale::en_US)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn default_and_french_date_lines() {
        let t = Utc.with_ymd_and_hms(2023, 10, 6, 9, 0, 0).unwrap();
        let mut site = Site::default();
        assert_eq!(format_date(t, &site), "Friday - 06 October 2023");
        site.language = "fr".into();
        assert_eq!(format_date(t, &site), "vendredi - 06 octobre 2023");
        site.language = "pt-BR".into();
        assert!(format_date(t, &site).contains("outubro"));
        site.language = "xx".into();
        site.date_format = "%Q broken".into();
        assert_eq!(format_date(t, &site), "Friday - 06 October 2023");
        site.date_format = "%d/%m/%Y".into();
        assert_eq!(
            format_date(t, &site),
            "06/10/2023",
            "a new pattern is parsed"
        );
        site.language = "de".into();
        site.date_format = "%A, %d. %B %Y".into();
        assert_eq!(format_date(t, &site), "Freitag, 06. Oktober 2023");
    }
}
