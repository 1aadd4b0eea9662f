//! Reads a WordPress export (WXR, "WordPress eXtended RSS") into found posts.
//!
//! Steps: stream the XML once (an export can be hundreds of megabytes, so no
//! tree of the whole file is built), keeping each `<item>` that is a post or
//! an attachment; then give every post its author's display name, its cover
//! and its attachments, which may come before or after it in the file. An
//! XML error costs the item it is in, never the items around it.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

use super::source::{Attachment, Body, Found, Kind, Problem, Source};
use crate::{Error, Result};

/// Reads the export at `path`. XML errors become [`Problem`]s; only a file
/// that cannot be opened is an error.
pub fn read(path: &Path) -> Result<Source> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = NsReader::from_reader(BufReader::with_capacity(1 << 16, file));
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    // `Walk::close` checks end tags itself, so that an unclosed tag costs
    // one item instead of confusing every end tag after it.
    config.check_end_names = false;
    config.allow_unmatched_ends = true;

    let mut walk = Walk::new(path);
    let mut buf = Vec::new();
    let mut last_error = None;
    loop {
        let at = reader.buffer_position();
        let (tag, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok((ns, event)) => (classify(&ns, &event), Ok(event)),
            Err(e) => (Tag::Other, Err(e)),
        };
        match event {
            Ok(Event::Start(e)) => walk.open(tag, &e, at),
            Ok(Event::End(e)) => walk.close(e.name().as_ref(), at),
            Ok(Event::Text(t)) => walk.text(t.xml10_content().map_err(|e| e.to_string()), at),
            Ok(Event::CData(t)) => walk.text(t.xml10_content().map_err(|e| e.to_string()), at),
            Ok(Event::GeneralRef(r)) => walk.entity(&r, at),
            Ok(Event::Eof) => {
                walk.eof();
                break;
            }
            Ok(_) => {}
            Err(e) => {
                let at = reader.error_position();
                walk.fail(format!("not well-formed XML: {e}"), at);
                // Syntax and I/O errors leave nothing to read; a second
                // error at the same place would repeat forever.
                let fatal = matches!(e, quick_xml::Error::Syntax(_) | quick_xml::Error::Io(_));
                if fatal || last_error == Some(at) {
                    break;
                }
                last_error = Some(at);
            }
        }
        buf.clear();
    }
    Ok(walk.finish(path))
}

/// The elements the reader looks at; every other one is [`Tag::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Channel,
    Item,
    Link,
    Title,
    Category,
    BaseBlogUrl,
    Author,
    AuthorLogin,
    AuthorDisplayName,
    PostId,
    PostName,
    PostType,
    Status,
    PostDate,
    PostDateGmt,
    PostModified,
    PostModifiedGmt,
    PostParent,
    AttachmentUrl,
    PostMeta,
    MetaKey,
    MetaValue,
    Creator,
    Content,
    Excerpt,
    Other,
}

/// Names a start tag by its namespace, not its prefix, falling back to the
/// usual prefixes when a hand-edited file forgot to declare them.
fn classify(ns: &ResolveResult, event: &Event) -> Tag {
    let Event::Start(e) = event else {
        return Tag::Other;
    };
    let space: &[u8] = match ns {
        ResolveResult::Unbound => b"",
        ResolveResult::Bound(Namespace(uri)) if uri.ends_with(b"/excerpt/") => b"excerpt",
        ResolveResult::Bound(Namespace(uri))
            if uri.starts_with(b"http://wordpress.org/export/") =>
        {
            b"wp"
        }
        ResolveResult::Bound(Namespace(b"http://purl.org/rss/1.0/modules/content/")) => b"content",
        ResolveResult::Bound(Namespace(b"http://purl.org/dc/elements/1.1/")) => b"dc",
        ResolveResult::Bound(_) => return Tag::Other,
        ResolveResult::Unknown(prefix) => prefix,
    };
    match (space, e.local_name().as_ref()) {
        (b"", b"channel") => Tag::Channel,
        (b"", b"item") => Tag::Item,
        (b"", b"link") => Tag::Link,
        (b"", b"title") => Tag::Title,
        (b"", b"category") => Tag::Category,
        (b"wp", b"base_blog_url") => Tag::BaseBlogUrl,
        (b"wp", b"author") => Tag::Author,
        (b"wp", b"author_login") => Tag::AuthorLogin,
        (b"wp", b"author_display_name") => Tag::AuthorDisplayName,
        (b"wp", b"post_id") => Tag::PostId,
        (b"wp", b"post_name") => Tag::PostName,
        (b"wp", b"post_type") => Tag::PostType,
        (b"wp", b"status") => Tag::Status,
        (b"wp", b"post_date") => Tag::PostDate,
        (b"wp", b"post_date_gmt") => Tag::PostDateGmt,
        (b"wp", b"post_modified") => Tag::PostModified,
        (b"wp", b"post_modified_gmt") => Tag::PostModifiedGmt,
        (b"wp", b"post_parent") => Tag::PostParent,
        (b"wp", b"attachment_url") => Tag::AttachmentUrl,
        (b"wp", b"postmeta") => Tag::PostMeta,
        (b"wp", b"meta_key") => Tag::MetaKey,
        (b"wp", b"meta_value") => Tag::MetaValue,
        (b"dc", b"creator") => Tag::Creator,
        (b"content", b"encoded") => Tag::Content,
        (b"excerpt", b"encoded") => Tag::Excerpt,
        _ => Tag::Other,
    }
}

/// One `<item>` as the file gives it, before it becomes a [`Found`].
#[derive(Default)]
struct Item {
    id: String,
    title: String,
    link: String,
    name: String,
    kind: String,
    status: String,
    date: String,
    date_gmt: String,
    modified: String,
    modified_gmt: String,
    parent: String,
    attachment_url: String,
    creator: String,
    content: String,
    excerpt: String,
    tags: Vec<String>,
    categories: Vec<String>,
    /// The open `<category>`'s `domain` and `nicename`.
    category: (String, String),
    meta: (String, String),
    thumbnail: String,
    /// `_wp_attached_file`: an attachment's path inside `uploads/`.
    attached_file: String,
    /// An XML error inside it: it is dropped, its problem already told.
    broken: bool,
}

/// An element open at the current point of the file.
struct Open {
    tag: Tag,
    name: Vec<u8>,
    at: u64,
}

/// The state of the one pass over the file.
#[derive(Default)]
struct Walk {
    file: String,
    lines: Lines,
    stack: Vec<Open>,
    text: String,
    base_url: String,
    base_blog_url: String,
    /// Login to display name, from the channel's `<wp:author>`s.
    authors: HashMap<String, String>,
    author: (String, String),
    item: Option<Item>,
    items: usize,
    /// A `<channel>` was seen: the file is an RSS feed at least.
    channel: bool,
    posts: Vec<Item>,
    attachments: Vec<Item>,
    problems: Vec<Problem>,
}

impl Walk {
    fn new(path: &Path) -> Walk {
        let file = path.file_name().unwrap_or(path.as_os_str());
        Walk {
            file: file.to_string_lossy().into_owned(),
            lines: Lines::new(path),
            ..Walk::default()
        }
    }

    fn parent(&self) -> Tag {
        self.stack.last().map_or(Tag::Other, |o| o.tag)
    }

    fn open(&mut self, tag: Tag, e: &BytesStart, at: u64) {
        self.channel |= tag == Tag::Channel;
        if tag == Tag::Item {
            // An `<item>` inside an unclosed one starts the next post: close
            // what is open down to the channel.
            if let Some(channel) = self.stack.iter().rposition(|o| o.tag == Tag::Channel) {
                self.unclosed(channel + 1);
                self.item = Some(Item::default());
                self.items += 1;
            }
        }
        if let (Tag::Category, Tag::Item, Some(item)) = (tag, self.parent(), &mut self.item) {
            let attr = |name: &str| match e.try_get_attribute(name) {
                Ok(Some(a)) => a
                    .unescape_value()
                    .map(|v| v.into_owned())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            item.category = (attr("domain"), attr("nicename"));
        }
        self.text.clear();
        let name = e.name().as_ref().to_vec();
        self.stack.push(Open { tag, name, at });
    }

    /// Closes the innermost element named `name`, telling of every element
    /// inside it left open.
    fn close(&mut self, name: &[u8], at: u64) {
        let Some(depth) = self.stack.iter().rposition(|o| o.name == name) else {
            let name = String::from_utf8_lossy(name);
            self.fail(format!("</{name}> closes no open element"), at);
            return;
        };
        self.unclosed(depth + 1);
        let Some(open) = self.stack.pop() else { return };
        let text = std::mem::take(&mut self.text);
        self.end(open.tag, text);
    }

    /// Drops the elements from `depth` up, each one a problem.
    fn unclosed(&mut self, depth: usize) {
        for open in self.stack.split_off(depth) {
            let name = String::from_utf8_lossy(&open.name).into_owned();
            self.fail(format!("<{name}> is never closed"), open.at);
        }
    }

    fn end(&mut self, tag: Tag, text: String) {
        let parent = self.parent();
        if parent == Tag::Channel {
            match tag {
                Tag::Link => self.base_url = text.trim().to_owned(),
                Tag::BaseBlogUrl => self.base_blog_url = text.trim().to_owned(),
                Tag::Author => {
                    let (login, name) = std::mem::take(&mut self.author);
                    self.authors.insert(login, name);
                }
                Tag::Item => self.end_item(),
                _ => {}
            }
            return;
        }
        if parent == Tag::Author {
            match tag {
                Tag::AuthorLogin => self.author.0 = text.trim().to_owned(),
                Tag::AuthorDisplayName => self.author.1 = text.trim().to_owned(),
                _ => {}
            }
            return;
        }
        let Some(item) = &mut self.item else { return };
        let trimmed = || text.trim().to_owned();
        match (parent, tag) {
            (Tag::Item, Tag::Title) => item.title = unescape_html(text.trim()),
            (Tag::Item, Tag::Link) => item.link = trimmed(),
            (Tag::Item, Tag::PostId) => item.id = trimmed(),
            (Tag::Item, Tag::PostName) => item.name = trimmed(),
            (Tag::Item, Tag::PostType) => item.kind = trimmed(),
            (Tag::Item, Tag::Status) => item.status = trimmed(),
            (Tag::Item, Tag::PostDate) => item.date = trimmed(),
            (Tag::Item, Tag::PostDateGmt) => item.date_gmt = trimmed(),
            (Tag::Item, Tag::PostModified) => item.modified = trimmed(),
            (Tag::Item, Tag::PostModifiedGmt) => item.modified_gmt = trimmed(),
            (Tag::Item, Tag::PostParent) => item.parent = trimmed(),
            (Tag::Item, Tag::AttachmentUrl) => item.attachment_url = trimmed(),
            (Tag::Item, Tag::Creator) => item.creator = trimmed(),
            (Tag::Item, Tag::Content) => item.content = text,
            (Tag::Item, Tag::Excerpt) => item.excerpt = trimmed(),
            (Tag::Item, Tag::Category) => {
                let (domain, nicename) = std::mem::take(&mut item.category);
                let name = unescape_html(text.trim());
                let list = match domain.as_str() {
                    "post_tag" => &mut item.tags,
                    // WordPress files every post without a category here.
                    "category" if nicename != "uncategorized" => &mut item.categories,
                    _ => return,
                };
                if !name.is_empty() && !list.contains(&name) {
                    list.push(name);
                }
            }
            (Tag::PostMeta, Tag::MetaKey) => item.meta.0 = trimmed(),
            (Tag::PostMeta, Tag::MetaValue) => item.meta.1 = trimmed(),
            (Tag::Item, Tag::PostMeta) => {
                let (key, value) = std::mem::take(&mut item.meta);
                match key.as_str() {
                    "_thumbnail_id" => item.thumbnail = value,
                    "_wp_attached_file" => item.attached_file = value,
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn end_item(&mut self) {
        let Some(item) = self.item.take() else { return };
        if item.broken {
            return;
        }
        match item.kind.as_str() {
            "post" if item.status == "trash" => {}
            "post" if item.id.is_empty() => {
                let n = self.items;
                let message = format!("item {n} has no <wp:post_id>; it is skipped");
                self.problems.push(Problem::new(&self.file, None, message));
            }
            "post" => self.posts.push(item),
            "attachment" if !item.attachment_url.is_empty() => self.attachments.push(item),
            _ => {}
        }
    }

    fn text(&mut self, text: std::result::Result<std::borrow::Cow<str>, String>, at: u64) {
        match text {
            Ok(text) => self.text.push_str(&text),
            Err(e) => self.fail(format!("not UTF-8 text: {e}"), at),
        }
    }

    /// `&name;` or `&#N;`: XML knows five names, not HTML's (`&nbsp;`).
    fn entity(&mut self, entity: &quick_xml::events::BytesRef, at: u64) {
        if let Ok(Some(c)) = entity.resolve_char_ref() {
            self.text.push(c);
            return;
        }
        let name = String::from_utf8_lossy(entity);
        match quick_xml::escape::resolve_xml_entity(&name) {
            Some(s) => self.text.push_str(s),
            None => self.fail(format!("&{name}; is not an XML entity"), at),
        }
    }

    /// Tells of an error at byte `at`; the item holding it is dropped.
    fn fail(&mut self, what: String, at: u64) {
        let message = match &mut self.item {
            Some(item) => {
                item.broken = true;
                format!("item {}: {what}; the item is skipped", self.items)
            }
            None => what,
        };
        let line = self.lines.at(at);
        self.problems.push(Problem::new(&self.file, line, message));
    }

    fn eof(&mut self) {
        let open = self
            .stack
            .iter()
            .find(|o| o.tag == Tag::Item)
            .or(self.stack.last());
        if let Some(Open { name, at, .. }) = open {
            let name = String::from_utf8_lossy(name);
            let what = format!("the file ends inside <{name}>: the export looks cut short");
            self.fail(what, *at);
        }
        self.item = None;
        if !self.channel {
            let what = "no <channel>: this is not a WordPress export".to_owned();
            self.problems.push(Problem::new(&self.file, None, what));
        }
    }

    /// Turns the posts kept into [`Found`]s, now that every author and
    /// attachment is known.
    fn finish(self, path: &Path) -> Source {
        let uploads = Uploads::next_to(path);
        let by_id: HashMap<&str, &Item> = self
            .attachments
            .iter()
            .map(|a| (a.id.as_str(), a))
            .collect();
        let by_path: HashMap<&str, &Item> = self
            .attachments
            .iter()
            .map(|a| (url_path(&a.attachment_url), a))
            .collect();
        let mut by_parent: HashMap<&str, Vec<&Item>> = HashMap::new();
        for a in &self.attachments {
            by_parent.entry(a.parent.as_str()).or_default().push(a);
        }
        let found = self.posts.into_iter().map(|item| {
            let mut files = Files {
                uploads: &uploads,
                seen: HashSet::new(),
                list: Vec::new(),
            };
            let cover = by_id.get(item.thumbnail.as_str()).map(|a| {
                files.add(&a.attachment_url, Some(a));
                a.attachment_url.clone()
            });
            for a in by_parent.get(item.id.as_str()).into_iter().flatten() {
                files.add(&a.attachment_url, Some(a));
            }
            for token in urls(&item.content) {
                if let Some(a) = by_path.get(url_path(token)) {
                    files.add(token, Some(a));
                } else if token.contains(UPLOADS) {
                    files.add(token, None);
                }
            }
            let author = self.authors.get(&item.creator).filter(|n| !n.is_empty());
            let date = wp_date(&item.date_gmt, &item.date);
            Found {
                origin: format!("wxr:{}", item.id),
                title: item.title,
                slug: Some(percent_decode(&item.name)).filter(|s| !s.is_empty()),
                date,
                created: date,
                updated: wp_date(&item.modified_gmt, &item.modified),
                draft: matches!(
                    item.status.as_str(),
                    "draft" | "pending" | "private" | "auto-draft"
                ),
                tags: item.tags,
                categories: item.categories,
                author: author.cloned().unwrap_or(item.creator),
                summary: item.excerpt,
                body: Some(Body::Html(item.content)),
                url: Some(item.link).filter(|l| !l.is_empty()),
                cover,
                attachments: files.list,
                ..Found::default()
            }
        });
        let found = found.collect();
        let base_url = [self.base_url, self.base_blog_url]
            .into_iter()
            .find(|u| !u.is_empty());
        Source {
            kind: Kind::Wxr,
            root: path.to_path_buf(),
            base_url,
            found,
            problems: self.problems,
        }
    }
}

/// A post's attachments, each reference once.
struct Files<'a> {
    uploads: &'a Uploads,
    seen: HashSet<String>,
    list: Vec<Attachment>,
}

impl Files<'_> {
    fn add(&mut self, reference: &str, attachment: Option<&Item>) {
        if !self.seen.insert(reference.to_owned()) {
            return;
        }
        let path = attachment
            .and_then(|a| self.uploads.file(&a.attached_file))
            .or_else(|| self.uploads.for_url(reference));
        self.list.push(Attachment {
            reference: reference.to_owned(),
            path,
        });
    }
}

const UPLOADS: &str = "/wp-content/uploads/";

/// The `uploads/` or `wp-content/uploads/` folder copied next to the export,
/// where WordPress keeps the bytes WXR only names.
struct Uploads(Vec<PathBuf>);

impl Uploads {
    fn next_to(path: &Path) -> Uploads {
        let dir = path.parent().unwrap_or(Path::new("."));
        let roots = [dir.join("wp-content").join("uploads"), dir.join("uploads")];
        Uploads(roots.into_iter().filter(|r| r.is_dir()).collect())
    }

    /// `2019/05/a.jpg` inside a root, when it is a file there; a path
    /// climbing out of the root with `..` is never followed.
    fn file(&self, relative: &str) -> Option<PathBuf> {
        let relative = Path::new(relative);
        let plain = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain || relative.as_os_str().is_empty() {
            return None;
        }
        self.0
            .iter()
            .map(|root| root.join(relative))
            .find(|p| p.is_file())
    }

    fn for_url(&self, url: &str) -> Option<PathBuf> {
        let rest = &url[url.find(UPLOADS)? + UPLOADS.len()..];
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        self.file(&percent_decode(rest))
    }
}

/// The URLs written in a post's HTML: attribute values and bare links.
fn urls(html: &str) -> impl Iterator<Item = &str> {
    html.split(|c: char| c.is_whitespace() || "\"'<>()[]".contains(c))
        .map(|t| t.trim_end_matches([',', '.', ';', ':', '!', '?']))
        .filter(|t| t.starts_with("http://") || t.starts_with("https://") || t.starts_with('/'))
}

/// `/path` for `https://host/path`: attachments are found by path, so that
/// the `http://` links of a blog since moved to HTTPS, and links written
/// without a host, still find theirs.
fn url_path(url: &str) -> &str {
    match url
        .strip_prefix("//")
        .or(url.find("://").map(|i| &url[i + 3..]))
    {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    }
}

/// A `wp:post_date_gmt`, or the local `wp:post_date` read as UTC when the
/// GMT one is WordPress's `0000-00-00 00:00:00` (drafts never published).
fn wp_date(gmt: &str, local: &str) -> Option<DateTime<Utc>> {
    let parse = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok();
    parse(gmt).or_else(|| parse(local)).map(|d| d.and_utc())
}

/// `caf%c3%a9` → `café`: WordPress stores non-ASCII slugs percent-encoded.
/// Text that does not decode to UTF-8 is kept as it was.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex
            .filter(|_| bytes[i] == b'%')
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// WordPress keeps titles and term names as HTML (`Tips &amp; tricks`,
/// `Don&#8217;t`): the references a plain-text field needs decoded.
fn unescape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        match end.and_then(|e| html_entity(&rest[1..e]).map(|c| (c, e))) {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn html_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Byte offsets to line numbers, for problems. The file is read again only
/// when a problem needs a line, and from where the last one stopped.
#[derive(Default)]
struct Lines {
    path: PathBuf,
    reader: Option<BufReader<File>>,
    offset: u64,
    line: usize,
}

impl Lines {
    fn new(path: &Path) -> Lines {
        Lines {
            path: path.to_path_buf(),
            reader: None,
            offset: 0,
            line: 1,
        }
    }

    fn at(&mut self, offset: u64) -> Option<usize> {
        if offset < self.offset || self.reader.is_none() {
            self.reader = Some(BufReader::new(File::open(&self.path).ok()?));
            (self.offset, self.line) = (0, 1);
        }
        let reader = self.reader.as_mut()?;
        while self.offset < offset {
            let buf = reader.fill_buf().ok()?;
            if buf.is_empty() {
                break;
            }
            let n = buf
                .len()
                .min(usize::try_from(offset - self.offset).unwrap_or(usize::MAX));
            self.line += buf[..n].iter().filter(|&&b| b == b'\n').count();
            reader.consume(n);
            self.offset += n as u64;
        }
        Some(self.line)
    }
}
