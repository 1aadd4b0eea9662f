//! Front matter of a Markdown post (YAML between `---`, TOML between `+++`,
//! a JSON object at the top for Hugo): split from the body, parsed into JSON
//! values, then mapped field by field onto a [`Found`]. Steps:
//! [`split`] → [`apply`], with [`parse_date`] for every date form real
//! sites write.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde_json::Value;

use super::source::{Found, Kind, Problem};

/// Keys to values, as JSON: what every front-matter format becomes.
pub type Map = serde_json::Map<String, Value>;

/// A file split into its front matter and its body.
#[derive(Debug)]
pub struct Split<'a> {
    pub map: Map,
    /// The front matter as written, to find a key's line for a message.
    pub raw: &'a str,
    /// The file's line (1-based) where `raw` starts.
    pub first_line: usize,
    pub body: &'a str,
    /// The file's line where `body` starts.
    pub body_line: usize,
}

/// Why a front matter could not be read, at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub line: Option<usize>,
    pub message: String,
}

/// A format a front matter (or a site's config file) is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

/// Splits `text` (byte-order mark and CRLF accepted) into front matter and
/// body. JSON front matter is only looked for when `json` is set (Hugo):
/// elsewhere a body may well start with `{% raw %}`.
pub fn split(text: &str, json: bool) -> Result<Split<'_>, Malformed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (first, rest_at) = match text.find('\n') {
        Some(i) => (&text[..i], i + 1),
        None => (text, text.len()),
    };
    let format = match first.trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ if json && starts_json_object(text) => return split_json(text),
        _ => {
            return Ok(Split {
                map: Map::new(),
                raw: "",
                first_line: 1,
                body: text,
                body_line: 1,
            });
        }
    };
    let delimiter = if format == Format::Yaml { "---" } else { "+++" };
    let mut at = rest_at;
    let mut line = 2;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let trimmed = text[at..end].trim_end();
        if trimmed == delimiter || (format == Format::Yaml && trimmed == "...") {
            let raw = &text[rest_at..at];
            let map = parse(format, raw, 2)?;
            return Ok(Split {
                map,
                raw,
                first_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        at = end;
        line += 1;
    }
    Err(Malformed {
        line: Some(1),
        message: format!("the front matter opened here is never closed by a `{delimiter}` line"),
    })
}

/// `{` then `"` or `}`: a JSON object, not a `{{< shortcode >}}`.
fn starts_json_object(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    chars.next() == Some('{') && matches!(chars.find(|c| !c.is_whitespace()), Some('"') | Some('}'))
}

fn split_json(text: &str) -> Result<Split<'_>, Malformed> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Map>();
    match stream.next() {
        Some(Ok(map)) => {
            let end = stream.byte_offset();
            let end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            let body_line = text[..end].matches('\n').count() + 1;
            Ok(Split {
                map,
                raw: &text[..end],
                first_line: 1,
                body: &text[end..],
                body_line,
            })
        }
        Some(Err(e)) => Err(json_error(&e, 0)),
        None => Err(Malformed {
            line: Some(1),
            message: "malformed JSON front matter: empty".into(),
        }),
    }
}

/// Parses a whole document (a front matter, or a site's config file) that
/// starts on the file's line `first_line` into a map.
pub fn parse(format: Format, raw: &str, first_line: usize) -> Result<Map, Malformed> {
    let offset = first_line - 1;
    let value = match format {
        Format::Yaml => match yaml_serde::from_str::<yaml_serde::Value>(raw) {
            Ok(mut v) => {
                // `<<: *anchor` merge keys, as YAML tools apply them.
                let _ = v.apply_merge();
                yaml_to_json(v)
            }
            Err(e) => {
                return Err(Malformed {
                    line: e.location().map(|l| l.line() + offset),
                    message: format!("malformed YAML: {}", shift_lines(&e.to_string(), offset)),
                });
            }
        },
        Format::Toml => match toml::from_str::<toml::Table>(raw) {
            Ok(t) => toml_to_json(toml::Value::Table(t)),
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| raw[..s.start].matches('\n').count() + first_line);
                return Err(Malformed {
                    line,
                    message: format!("malformed TOML: {}", e.message().trim()),
                });
            }
        },
        Format::Json => serde_json::from_str(raw).map_err(|e| json_error(&e, offset))?,
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(Malformed {
            line: Some(first_line),
            message: "the front matter is not a mapping of keys to values".into(),
        }),
    }
}

fn json_error(e: &serde_json::Error, offset: usize) -> Malformed {
    Malformed {
        line: Some(e.line() + offset),
        message: format!("malformed JSON: {}", shift_lines(&e.to_string(), offset)),
    }
}

/// Rewrites the parser's "line N" (counted from the front matter's first
/// line) into the file's line, so the message agrees with [`Malformed::line`].
fn shift_lines(message: &str, offset: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(n) = rest[..digits].parse::<usize>() {
            out.push_str(&(n + offset).to_string());
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

fn yaml_to_json(v: yaml_serde::Value) -> Value {
    use yaml_serde::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(u) = n.as_u64() {
                u.into()
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f).map_or_else(|| n.to_string().into(), Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        Y::Bool(b) => b.to_string(),
                        Y::Number(n) => n.to_string(),
                        Y::Null => "null".into(),
                        _ => return None,
                    };
                    Some((key, yaml_to_json(v)))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// TOML datetimes become strings, in TOML's own notation.
fn toml_to_json(v: toml::Value) -> Value {
    use toml::Value as T;
    match v {
        T::String(s) => Value::String(s),
        T::Integer(i) => i.into(),
        T::Float(f) => {
            serde_json::Number::from_f64(f).map_or_else(|| f.to_string().into(), Value::Number)
        }
        T::Boolean(b) => Value::Bool(b),
        T::Datetime(d) => Value::String(d.to_string()),
        T::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        T::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// Reads every date form sites write: RFC 3339 (also with a space),
/// `YYYY-MM-DD`, Jekyll's `YYYY-MM-DD HH:MM:SS +ZZZZ`, a date and time
/// without a zone (taken as UTC), TOML dates, RFC 2822 and Astro's
/// starter `Jul 08 2022`.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    parse_zoned(s).map(|d| d.to_utc())
}

/// [`parse_date`] keeping the zone as written: permalinks use the date on
/// the author's calendar, not in UTC.
fn parse_zoned(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    const ZONED: [&str; 4] = [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M%z",
    ];
    const LOCAL: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    const DAYS: [&str; 8] = [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%b %d %Y",
        "%B %d %Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
    ];
    let utc = |d: NaiveDateTime| d.and_utc().fixed_offset();
    if s.starts_with(|c: char| c.is_ascii_digit()) && s.len() > 10 {
        if let Some(d) = ZONED
            .iter()
            .find_map(|f| DateTime::parse_from_str(s, f).ok())
        {
            return Some(d);
        }
        if let Some(d) = LOCAL
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        {
            return Some(utc(d));
        }
    }
    if let Some(d) = DAYS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
    {
        return Some(utc(d.and_time(NaiveTime::MIN)));
    }
    DateTime::parse_from_rfc2822(s).ok()
}

/// Where a problem with a key is reported: its line in the file.
struct Lines<'a> {
    raw: &'a str,
    first_line: usize,
    origin: &'a str,
}

impl Lines<'_> {
    fn of(&self, key: &str) -> Option<usize> {
        self.raw
            .lines()
            .position(|l| {
                let l = l.trim_start().trim_start_matches(['"', '\'']);
                l.get(..key.len())
                    .is_some_and(|k| k.eq_ignore_ascii_case(key))
                    && l[key.len()..]
                        .trim_start_matches(['"', '\'', ' '])
                        .starts_with([':', '='])
            })
            .map(|i| i + self.first_line)
    }
}

/// The front matter as it is consumed: keys are matched without regard to
/// case (Hugo's `publishdate` is `publishDate`), and a key is removed only
/// when its value is used, so a value of an unexpected shape stays in
/// `extra` instead of being lost.
struct Keys(Map);

impl Keys {
    fn key(&self, name: &str) -> Option<String> {
        self.0
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
    }

    fn take<T>(&mut self, names: &[&str], read: impl Fn(&Value) -> Option<T>) -> Option<T> {
        names.iter().find_map(|name| {
            let key = self.key(name)?;
            let value = read(&self.0[&key])?;
            self.0.remove(&key);
            Some(value)
        })
    }

    /// The first of `names` present; an unreadable date is a problem and
    /// stays in `extra`.
    fn date(
        &mut self,
        names: &[&str],
        lines: &Lines,
        problems: &mut Vec<Problem>,
    ) -> Option<DateTime<FixedOffset>> {
        let key = names.iter().find_map(|n| self.key(n))?;
        let value = &self.0[&key];
        let parsed = text(value).as_deref().and_then(parse_zoned);
        // `date:` left empty says nothing.
        if parsed.is_some()
            || value.is_null()
            || value.as_str().is_some_and(|s| s.trim().is_empty())
        {
            self.0.remove(&key);
        } else {
            let message = format!(
                "`{key}` is not a date this reader knows: {}; kept as it is",
                self.0[&key]
            );
            problems.push(Problem::new(lines.origin, lines.of(&key), message));
        }
        parsed
    }
}

/// A scalar as text (numbers and booleans too); empty is none.
pub fn text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
            Some(s.eq_ignore_ascii_case("true"))
        }
        _ => None,
    }
}

/// A list, or one string split on commas (on spaces too for Jekyll, whose
/// `tags: a b` is two tags).
fn list(v: &Value, spaces: bool) -> Option<Vec<String>> {
    match v {
        Value::Array(items) => Some(items.iter().filter_map(text).collect()),
        Value::String(s) if s.contains(',') => Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        ),
        Value::String(s) if spaces => Some(s.split_whitespace().map(String::from).collect()),
        _ => text(v).map(|s| vec![s]),
    }
}

fn strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(items) => items.iter().map(|i| i.as_str().map(String::from)).collect(),
        _ => None,
    }
}

/// `author: Ann`, `author: {name: Ann}`, `authors: [Ann]`.
fn person(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => o.get("name").and_then(text),
        Value::Array(a) => a.first().and_then(person),
        _ => text(v),
    }
}

/// `cover: a.jpg`, `cover: {image: a.jpg, alt: …}`, `images: [a.jpg]`.
fn image(v: &Value) -> Option<(String, String)> {
    match v {
        Value::Object(o) => {
            let src = ["image", "src", "url", "path"]
                .iter()
                .find_map(|k| o.get(*k).and_then(text))?;
            Some((src, o.get("alt").and_then(text).unwrap_or_default()))
        }
        Value::Array(a) => a.first().and_then(image),
        _ => text(v).map(|s| (s, String::new())),
    }
}

fn push_unique(into: &mut Vec<String>, items: Vec<String>) {
    for item in items {
        if !item.is_empty() && !into.contains(&item) {
            into.push(item);
        }
    }
}

/// Maps a front matter onto `found`: the fields Quire has, then every other
/// key into `extra`. The `url` is left as written (the caller knows the
/// generator's rules); a bad date is a problem, not a skipped file.
/// Gives the `date` on the author's clock, which permalinks use.
pub fn apply(
    split: Split,
    kind: Kind,
    origin: &str,
    found: &mut Found,
    problems: &mut Vec<Problem>,
) -> Option<NaiveDateTime> {
    let lines = Lines {
        raw: split.raw,
        first_line: split.first_line,
        origin,
    };
    let mut keys = Keys(split.map);
    let jekyll = kind == Kind::Jekyll;
    found.title = keys.take(&["title"], text).unwrap_or_default();
    found.slug = keys.take(&["slug"], text);
    let published = keys.date(&["publishDate", "pubDate"], &lines, problems);
    let date = keys.date(&["date"], &lines, problems);
    found.date = published.or(date).map(|d| d.to_utc());
    found.created = date.or(published).map(|d| d.to_utc());
    found.updated = keys
        .date(
            &["lastmod", "updated", "last_modified_at", "updatedDate"],
            &lines,
            problems,
        )
        .map(|d| d.to_utc());
    found.draft = keys.take(&["draft"], flag).unwrap_or(false);
    if jekyll && keys.take(&["published"], flag) == Some(false) {
        found.draft = true;
    }
    found.tags = keys
        .take(&["tags"], |v| list(v, jekyll))
        .unwrap_or_default();
    for name in ["categories", "category"] {
        let spaces = jekyll && name == "categories";
        push_unique(
            &mut found.categories,
            keys.take(&[name], |v| list(v, spaces)).unwrap_or_default(),
        );
    }
    taxonomies(&mut keys, found);
    found.author = keys.take(&["author"], person).unwrap_or_default();
    if found.author.is_empty() {
        let single = |v: &Value| v.as_array().is_none_or(|a| a.len() == 1);
        // Co-authors have no field: more than one stays in `extra`.
        found.author = match keys.take(&["authors"], |v| single(v).then(|| person(v)).flatten()) {
            Some(a) => a,
            None => keys
                .key("authors")
                .and_then(|k| person(&keys.0[&k]))
                .unwrap_or_default(),
        };
    }
    // Generators (and Quire's own exports) write the summary under two or
    // three of these names at once: the first that says something is it,
    // the others go when they say the same or nothing.
    let summary_keys = ["description", "summary", "excerpt"];
    found.summary = summary_keys
        .iter()
        .find_map(|k| keys.take(&[k], text).filter(|s| !s.trim().is_empty()))
        .unwrap_or_default();
    for name in summary_keys {
        let same = |v: &Value| {
            v.as_str().map(str::trim) == Some(found.summary.trim())
                || text(v).is_some_and(|t| t.trim() == found.summary.trim())
        };
        if let Some(key) = keys.key(name)
            && (keys.0[&key].is_null() || same(&keys.0[&key]))
        {
            keys.0.remove(&key);
        }
    }
    found.language = keys.take(&["lang", "language", "locale"], text);
    if kind == Kind::Zola && found.author.is_empty() {
        found.author = extra_text(&mut keys, "author").unwrap_or_default();
    }
    if kind == Kind::Zola && found.language.is_none() {
        // Zola has no `lang` for a page outside a multilingual site: Quire's
        // export keeps it in `[extra]`.
        found.language = extra_text(&mut keys, "lang");
    }
    if jekyll {
        // What Quire's Jekyll export writes itself: Liquid off (the text is
        // shown as written) and the default layout.
        if keys
            .key("render_with_liquid")
            .is_some_and(|k| keys.0[&k] == Value::Bool(false))
        {
            keys.0.remove("render_with_liquid");
        }
        if keys.key("layout").is_some_and(|k| keys.0[&k] == "post") {
            keys.0.remove("layout");
        }
    }
    let cover = ["image", "cover", "images", "featured_image", "heroImage"];
    let cover = keys.take(&cover, image).or_else(|| extra_image(&mut keys));
    if let Some((src, alt)) = cover {
        found.cover = Some(src);
        found.cover_alt = alt;
    }
    if found.cover_alt.is_empty() {
        found.cover_alt = keys
            .take(&["cover_alt", "image_alt", "heroImageAlt"], text)
            .unwrap_or_default();
    }
    for name in ["aliases", "redirect_from"] {
        push_unique(
            &mut found.aliases,
            keys.take(&[name], |v| list(v, false)).unwrap_or_default(),
        );
    }
    found.related = keys.take(&["related"], strings).unwrap_or_default();
    let url_keys: &[&str] = if kind == Kind::Zola {
        &["path"]
    } else {
        &["url", "permalink"]
    };
    found.url = keys.take(url_keys, text);
    found.extra = keys.0;
    date.or(published).map(|d| d.naive_local())
}

/// Zola's `[taxonomies] tags = […]`, `categories = […]`; other taxonomies
/// stay in `extra`.
fn taxonomies(keys: &mut Keys, found: &mut Found) {
    let Some(key) = keys.key("taxonomies") else {
        return;
    };
    let Some(table) = keys.0.get_mut(&key).and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(tags) = table.get("tags").and_then(|v| list(v, false)) {
        push_unique(&mut found.tags, tags);
        table.remove("tags");
    }
    if let Some(categories) = table.get("categories").and_then(|v| list(v, false)) {
        push_unique(&mut found.categories, categories);
        table.remove("categories");
    }
    if table.is_empty() {
        keys.0.remove(&key);
    }
}

/// A text under Zola's `[extra]`, taken out of it.
fn extra_text(keys: &mut Keys, name: &str) -> Option<String> {
    let key = keys.key("extra")?;
    let table = keys.0.get_mut(&key)?.as_object_mut()?;
    let found = table.get(name).and_then(text)?;
    table.remove(name);
    if table.is_empty() {
        keys.0.remove(&key);
    }
    Some(found)
}

/// Zola's `[extra] image = "…"`; the rest of `[extra]` stays.
fn extra_image(keys: &mut Keys) -> Option<(String, String)> {
    let key = keys.key("extra")?;
    let table = keys.0.get_mut(&key)?.as_object_mut()?;
    let found = table.get("image").and_then(image)?;
    table.remove("image");
    if table.is_empty() {
        keys.0.remove(&key);
    }
    Some(found)
}
