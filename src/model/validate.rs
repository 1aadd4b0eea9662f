//! The rules a post must satisfy before it is stored. The store calls
//! [`Post::normalize`] then [`Post::validate`]; shells never re-implement them.

use super::{Post, Status, slug};
use crate::{Error, Result};

/// Size limits, so that a pasted blob cannot wedge the app.
pub mod limits {
    /// Title, in characters.
    pub const TITLE_CHARS: usize = 300;
    /// One-line fields (author, category, a tag, a section heading), in characters.
    pub const LINE_CHARS: usize = 300;
    /// The summary, in characters.
    pub const SUMMARY_CHARS: usize = 5_000;
    /// One takeaway, in characters.
    pub const TAKEAWAY_CHARS: usize = 2_000;
    /// All the text of one post together, in bytes.
    pub const POST_BYTES: usize = 2 * 1024 * 1024;
    pub const TAGS: usize = 50;
    pub const SECTIONS: usize = 1_000;
    pub const TAKEAWAYS: usize = 100;
    pub const RELATED: usize = 50;
    /// Old addresses of one post.
    pub const ALIASES: usize = 50;
    /// One alias (a URL path), in bytes.
    pub const ALIAS_BYTES: usize = 1_000;
    /// The kept front matter of one post, as JSON, in bytes.
    pub const EXTRA_BYTES: usize = 64 * 1024;
}

impl Post {
    /// Tidies what an editor would not mean literally: surrounding blanks on
    /// one-line fields, empty and repeated tags (compared case-insensitively).
    /// The slug is never rewritten here.
    pub fn normalize(&mut self) {
        for field in [
            &mut self.title,
            &mut self.author,
            &mut self.category,
            &mut self.slug,
        ] {
            let trimmed = field.trim();
            if trimmed.len() != field.len() {
                *field = trimmed.to_string();
            }
        }
        self.summary = unix_lines(self.summary.trim());
        let mut seen = std::collections::HashSet::new();
        self.tags = std::mem::take(&mut self.tags)
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && seen.insert(t.to_lowercase()))
            .collect();
        for section in &mut self.sections {
            section.heading = section.heading.trim().to_string();
            if section.body.contains('\r') {
                section.body = unix_lines(&section.body);
            }
        }
        self.takeaways = std::mem::take(&mut self.takeaways)
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        if let Some(language) = &mut self.language {
            *language = language.trim().to_string();
        }
        if self.language.as_deref() == Some("") {
            self.language = None;
        }
        if let Some(cover) = &mut self.cover {
            cover.src = cover.src.trim().to_string();
            cover.alt = cover.alt.trim().to_string();
            cover.caption = cover.caption.trim().to_string();
            if cover.src.is_empty() {
                self.cover = None;
            }
        }
        self.related.retain(|r| !r.trim().is_empty());
        for r in &mut self.related {
            *r = r.trim().to_string();
        }
        let mut aliases: Vec<String> = Vec::with_capacity(self.aliases.len());
        for alias in &self.aliases {
            let path = super::alias_path(alias);
            if !path.is_empty() && !aliases.contains(&path) {
                aliases.push(path);
            }
        }
        self.aliases = aliases;
        self.extra.retain(|_, keys| !keys.is_empty());
    }

    /// Checks every rule that needs nothing but the post itself (slug
    /// uniqueness is the store's). An empty slug is allowed: the store derives it.
    pub fn validate(&self) -> Result<()> {
        use limits::*;
        self.refuse_control_characters()?;
        if self.title.trim().is_empty() {
            return invalid("a post needs a title");
        }
        check_line("title", &self.title, TITLE_CHARS)?;
        if !self.slug.is_empty() {
            slug::validate(&self.slug)?;
        }
        check_chars("summary", &self.summary, SUMMARY_CHARS)?;
        check_line("author", &self.author, LINE_CHARS)?;
        check_line("category", &self.category, LINE_CHARS)?;
        if self.status == Status::Scheduled && self.publish_at.is_none() {
            // Said in words first: the window shows it as it is.
            return invalid(
                "Pick a publish date: a scheduled post needs one (publish_at, an RFC 3339 time \
                 such as 2026-05-01T09:00:00Z)",
            );
        }
        if let Some(at) = self.publish_at {
            use chrono::Datelike;
            if !(1..=9999).contains(&at.year()) {
                return invalid("publish_at must fall between the years 1 and 9999 (in UTC)");
            }
        }
        if let Some(language) = &self.language {
            super::language_tag(language)?;
        }
        if let Some(cover) = &self.cover {
            if super::media_name(&cover.src).is_none() {
                return invalid(&format!(
                    "the cover must be an image added to Quire (media/NAME), not `{}`",
                    cover.src
                ));
            }
            check_line("the cover's alternative text", &cover.alt, LINE_CHARS)?;
            check_line("the cover's caption", &cover.caption, TAKEAWAY_CHARS)?;
        }
        check_count("aliases", self.aliases.len(), ALIASES)?;
        if !self.extra.is_empty() && serde_json::to_string(&self.extra)?.len() > EXTRA_BYTES {
            return invalid(&format!(
                "the kept front matter (extra) is over {} KB; keep less of it",
                EXTRA_BYTES / 1024
            ));
        }
        for alias in &self.aliases {
            super::check_alias(alias)?;
        }
        check_count("tags", self.tags.len(), TAGS)?;
        for tag in &self.tags {
            check_line("a tag", tag, LINE_CHARS)?;
        }
        check_count("sections", self.sections.len(), SECTIONS)?;
        for (i, section) in self.sections.iter().enumerate() {
            check_line(
                &format!("the heading of section {}", i + 1),
                &section.heading,
                LINE_CHARS,
            )?;
        }
        check_count("takeaways", self.takeaways.len(), TAKEAWAYS)?;
        for (i, takeaway) in self.takeaways.iter().enumerate() {
            check_line(&format!("takeaway {}", i + 1), takeaway, TAKEAWAY_CHARS)?;
        }
        check_count("related posts", self.related.len(), RELATED)?;
        for related in &self.related {
            slug::validate(related).map_err(|_| {
                Error::Validation(format!("related post `{related}` is not a slug"))
            })?;
            if !self.slug.is_empty() && *related == self.slug {
                return invalid("a post cannot be related to itself");
            }
        }
        let bytes = self.text_bytes();
        if bytes > POST_BYTES {
            // Rounded up: a post just over the limit must not read as at it.
            return invalid(&format!(
                "the post holds {} KB of text; the limit is {} KB ({} MB): \
                 shorten it or split it into two posts",
                bytes.div_ceil(1024),
                POST_BYTES / 1024,
                POST_BYTES / (1024 * 1024)
            ));
        }
        Ok(())
    }

    /// Bytes of text in the post, all fields together.
    pub fn text_bytes(&self) -> usize {
        let one_line =
            self.title.len() + self.summary.len() + self.author.len() + self.category.len();
        let cover = self
            .cover
            .as_ref()
            .map_or(0, |c| c.src.len() + c.alt.len() + c.caption.len());
        let lists: usize = self
            .tags
            .iter()
            .chain(&self.takeaways)
            .chain(&self.related)
            .chain(&self.aliases)
            .map(String::len)
            .sum();
        let sections: usize = self
            .sections
            .iter()
            .map(|s| s.heading.len() + s.body.len())
            .sum();
        one_line + lists + sections + cover
    }
}

impl Post {
    /// Control characters (other than tab and line feed), C1 controls and
    /// Unicode noncharacters mean nothing in a post and make its feeds
    /// ill-formed XML (which readers reject whole) and its pages invalid
    /// HTML: refused, naming the field and where.
    fn refuse_control_characters(&self) -> Result<()> {
        // Names are only spelled out for the field at fault: this runs on
        // every autosave.
        let mut fields: Vec<(&str, usize, &str)> = vec![
            ("the title", 0, &self.title),
            ("the summary", 0, &self.summary),
            ("the author", 0, &self.author),
            ("the category", 0, &self.category),
            ("the slug", 0, &self.slug),
        ];
        for (i, s) in self.sections.iter().enumerate() {
            fields.push(("the heading of section", i + 1, &s.heading));
            fields.push(("the body of section", i + 1, &s.body));
        }
        for (i, t) in self.takeaways.iter().enumerate() {
            fields.push(("takeaway", i + 1, t));
        }
        for (i, t) in self.tags.iter().enumerate() {
            fields.push(("tag", i + 1, t));
        }
        for (i, r) in self.related.iter().enumerate() {
            fields.push(("related post", i + 1, r));
        }
        for (i, a) in self.aliases.iter().enumerate() {
            fields.push(("alias", i + 1, a));
        }
        if let Some(cover) = &self.cover {
            fields.push(("the cover's alternative text", 0, &cover.alt));
            fields.push(("the cover's caption", 0, &cover.caption));
        }
        for (what, n, text) in fields {
            if let Some((line, column, c)) = find_forbidden(text) {
                let what = if n == 0 {
                    what.to_string()
                } else {
                    format!("{what} {n}")
                };
                return Err(Error::Validation(format!(
                    "{what} holds the control character U+{:04X} (line {line}, column \
                     {column}); remove it",
                    c as u32
                )));
            }
        }
        Ok(())
    }
}

/// Whether `c` may not appear in a post: C0 controls but tab and line
/// feed, DEL, C1 controls, and noncharacters (U+FDD0–U+FDEF, U+xFFFE/F).
pub fn is_forbidden_char(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && c != '\t' && c != '\n')
        || (0x7f..=0x9f).contains(&n)
        || (0xfdd0..=0xfdef).contains(&n)
        || n & 0xfffe == 0xfffe
}

/// The first forbidden character of `text`, with its line and column (from 1).
fn find_forbidden(text: &str) -> Option<(usize, usize, char)> {
    // Most text has none: look at bytes first. Every forbidden character
    // starts with a control byte, 0xC2 (C1), 0xEF (U+Fxxx) or 0xF0–0xF4.
    let suspect = text
        .bytes()
        .any(|b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2 || b >= 0xef);
    if !suspect {
        return None;
    }
    let (mut line, mut column) = (1, 0);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
            continue;
        }
        column += 1;
        if is_forbidden_char(c) {
            return Some((line, column, c));
        }
    }
    None
}

/// Text as a post may hold it: line ends as line feeds, every other
/// character [`is_forbidden_char`] refuses (and tabs and line breaks too,
/// when `one_line`) as a space. The window passes pasted text through this,
/// so a paste never brings in what [`Post::validate`] would refuse.
pub fn clean_text(text: &str, one_line: bool) -> String {
    unix_lines(text)
        .chars()
        .map(|c| {
            if is_forbidden_char(c) || (one_line && (c == '\n' || c == '\t')) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// `text` with Windows (CR LF) and old Mac (CR) line ends as line feeds.
fn unix_lines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

fn invalid(message: &str) -> Result<()> {
    Err(Error::Validation(message.to_string()))
}

fn check_chars(what: &str, value: &str, max: usize) -> Result<()> {
    let n = value.chars().count();
    if n > max {
        return Err(Error::Validation(format!(
            "{what} has {n} characters; the limit is {max}"
        )));
    }
    Ok(())
}

fn check_line(what: &str, value: &str, max: usize) -> Result<()> {
    if value.contains(['\n', '\r']) {
        return Err(Error::Validation(format!("{what} must be one line")));
    }
    check_chars(what, value, max)
}

fn check_count(what: &str, n: usize, max: usize) -> Result<()> {
    if n > max {
        return Err(Error::Validation(format!("{n} {what}; the limit is {max}")));
    }
    Ok(())
}
