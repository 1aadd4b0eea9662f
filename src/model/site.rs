//! The site's settings: what the article page and the exports need to know
//! about the website the posts belong to.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// What export does with raw HTML written inside a post's Markdown.
/// (The preview always sanitises it, whatever this says.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    #[default]
    Keep,
    Strip,
}

/// Site settings. Field names are the keys of `quire settings KEY VALUE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Site {
    pub site_name: String,
    /// `https://example.com/blog`, no trailing slash; empty when unknown.
    pub base_url: String,
    pub default_author: String,
    /// A chrono `strftime` pattern; the default gives "Friday - 06 October 2023".
    pub date_format: String,
    /// A BCP 47 language tag such as `en` or `pt-BR`.
    pub language: String,
    pub raw_html: RawHtml,
    /// The IANA time zone dates are shown in and date-derived file names
    /// use (`Europe/Berlin`); empty: the system's.
    pub timezone: String,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            site_name: "My Blog".into(),
            base_url: String::new(),
            default_author: String::new(),
            date_format: Site::DEFAULT_DATE_FORMAT.into(),
            language: "en".into(),
            raw_html: RawHtml::Keep,
            timezone: String::new(),
        }
    }
}

impl Site {
    pub const DEFAULT_DATE_FORMAT: &'static str = "%A - %d %B %Y";

    /// Every settings key, in the order `quire settings` lists them.
    pub const KEYS: [&'static str; 7] = [
        "site_name",
        "base_url",
        "default_author",
        "date_format",
        "language",
        "raw_html",
        "timezone",
    ];

    /// The value of one setting, as text.
    pub fn get(&self, key: &str) -> Result<String> {
        Ok(match key {
            "site_name" => self.site_name.clone(),
            "base_url" => self.base_url.clone(),
            "default_author" => self.default_author.clone(),
            "date_format" => self.date_format.clone(),
            "language" => self.language.clone(),
            "raw_html" => match self.raw_html {
                RawHtml::Keep => "keep".into(),
                RawHtml::Strip => "strip".into(),
            },
            "timezone" => self.timezone.clone(),
            other => return Err(unknown_key(other)),
        })
    }

    /// Sets one setting from text, validating it; on error `self` is unchanged.
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        let value = value.trim();
        match key {
            "site_name" => self.site_name = one_line(key, value, 200)?,
            "default_author" => self.default_author = one_line(key, value, 200)?,
            "base_url" => self.base_url = base_url(value)?,
            "date_format" => self.date_format = date_format(value)?,
            "language" => self.language = language(value)?,
            "timezone" => self.timezone = timezone(value)?,
            "raw_html" => {
                self.raw_html = match value {
                    "keep" => RawHtml::Keep,
                    "strip" => RawHtml::Strip,
                    _ => {
                        return Err(Error::Validation(format!(
                            "raw_html must be `keep` or `strip`, not `{value}`"
                        )));
                    }
                }
            }
            other => return Err(unknown_key(other)),
        }
        Ok(())
    }

    /// Checks every setting (used when a whole `Site` arrives at once).
    pub fn validate(&self) -> Result<()> {
        let mut copy = Site::default();
        for key in Site::KEYS {
            copy.set(key, &self.get(key)?)?;
        }
        Ok(())
    }
}

fn unknown_key(key: &str) -> Error {
    Error::NotFound(format!(
        "no setting `{key}`; the settings are {}",
        Site::KEYS.join(", ")
    ))
}

fn one_line(key: &str, value: &str, max: usize) -> Result<String> {
    if value.contains(['\n', '\r']) {
        return Err(Error::Validation(format!("{key} must be one line")));
    }
    if value.chars().count() > max {
        return Err(Error::Validation(format!(
            "{key} is longer than {max} characters"
        )));
    }
    Ok(value.to_string())
}

fn base_url(value: &str) -> Result<String> {
    let value = value.trim_end_matches('/');
    if value.is_empty() {
        return Ok(String::new());
    }
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty()
                && !host.contains(|c: char| c.is_whitespace() || "\"'<>`".contains(c)) =>
        {
            Ok(value.to_string())
        }
        _ => Err(Error::Validation(format!(
            "base_url must be an http:// or https:// address such as https://example.com/blog, not `{value}`"
        ))),
    }
}

fn date_format(value: &str) -> Result<String> {
    use chrono::format::{Item, StrftimeItems};
    if value.is_empty() {
        return Ok(Site::DEFAULT_DATE_FORMAT.to_string());
    }
    if value.len() > 100 || StrftimeItems::new(value).any(|item| matches!(item, Item::Error)) {
        return Err(Error::Validation(format!(
            "date_format `{value}` is not a valid strftime pattern (e.g. \"%A - %d %B %Y\")"
        )));
    }
    Ok(value.to_string())
}

fn timezone(value: &str) -> Result<String> {
    if value.is_empty() || value.parse::<chrono_tz::Tz>().is_ok() {
        Ok(value.to_string())
    } else {
        Err(Error::Validation(format!(
            "timezone must be an IANA time zone such as Europe/Berlin or America/New_York \
             (empty: the system's), not `{value}`"
        )))
    }
}

impl Site {
    /// The time zone dates are shown in: the setting, else the system's,
    /// else UTC.
    pub fn tz(&self) -> chrono_tz::Tz {
        let name = if self.timezone.is_empty() {
            iana_time_zone::get_timezone().unwrap_or_default()
        } else {
            self.timezone.clone()
        };
        name.parse().unwrap_or(chrono_tz::UTC)
    }

    /// `t` in the site's time zone.
    pub fn local(&self, t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono_tz::Tz> {
        t.with_timezone(&self.tz())
    }
}

/// Whether a language tag's script runs right to left (Arabic, Hebrew,
/// Persian, Urdu, …): the page then says `dir="rtl"`.
pub fn is_rtl(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    matches!(
        primary.to_ascii_lowercase().as_str(),
        "ar" | "arc"
            | "ckb"
            | "dv"
            | "fa"
            | "he"
            | "iw"
            | "ji"
            | "ks"
            | "ku"
            | "ps"
            | "sd"
            | "syr"
            | "ug"
            | "ur"
            | "yi"
    ) && !language.to_ascii_lowercase().contains("-latn")
}

/// Checks a language tag (BCP 47 shape: `en`, `pt-BR`, `zh-Hant-TW`).
pub fn language_tag(value: &str) -> Result<String> {
    language(value)
}

fn language(value: &str) -> Result<String> {
    let mut parts = value.split('-');
    let primary = parts.next().unwrap_or_default();
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(value.to_string())
    } else {
        Err(Error::Validation(format!(
            "language must be a language tag such as `en` or `pt-BR`, not `{value}`"
        )))
    }
}
