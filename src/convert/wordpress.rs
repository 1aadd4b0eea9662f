//! WordPress's own conventions in a post's `content:encoded`, turned into
//! the HTML WordPress would have shown:
//!
//! - Block editor posts (`<!-- wp:… -->` comments) are already HTML; the
//!   comments go, nothing else changes (WordPress no longer applies
//!   `wpautop` to them either).
//! - `[caption …]<img …> Text[/caption]` is a figure with a caption.
//! - Classic posts go through [`autop`]: text separated by a blank line is
//!   a paragraph, a single line break is a `<br>`.
//!
//! Other shortcodes (`[gallery]`, `[embed]`) stay as written.

/// Block-level tags, as `wpautop` lists them.
const BLOCKS: [&str; 46] = [
    "address",
    "area",
    "article",
    "aside",
    "blockquote",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "map",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "style",
];

/// Elements whose content `wpautop` leaves alone (and comments).
const UNTOUCHED: [&str; 9] = [
    "pre", "script", "style", "textarea", "svg", "math", "video", "audio", "object",
];

/// `content` as the HTML WordPress would show.
pub(super) fn to_html(content: &str) -> String {
    let has_blocks = content.contains("<!-- wp:");
    let content = without_block_comments(content);
    let content = captions(&content);
    if has_blocks { content } else { autop(&content) }
}

/// Drops `<!-- wp:… -->` and `<!-- /wp:… -->`.
fn without_block_comments(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(at) = rest.find("<!--") {
        let comment = &rest[at..];
        let body = comment[4..].trim_start();
        let end = comment.find("-->").map(|e| e + 3);
        match end {
            Some(end) if body.starts_with("wp:") || body.starts_with("/wp:") => {
                out.push_str(&rest[..at]);
                rest = &rest[at + end..];
            }
            _ => {
                let keep = at + end.unwrap_or(4);
                out.push_str(&rest[..keep]);
                rest = &rest[keep..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `[caption attrs]image text[/caption]` (or `[wp_caption]`) as
/// `<figure>image<figcaption>text</figcaption></figure>`; the caption may
/// also be the `caption="…"` attribute.
fn captions(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(at) = [rest.find("[caption"), rest.find("[wp_caption")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..at]);
        let shortcode = &rest[at..];
        let name = if shortcode.starts_with("[caption") {
            "caption"
        } else {
            "wp_caption"
        };
        let close = format!("[/{name}]");
        let named =
            shortcode[1 + name.len()..].starts_with(|c: char| c == ']' || c.is_whitespace());
        let parsed = tag_end(shortcode).filter(|_| named).and_then(|open_end| {
            let inner_end = shortcode[open_end..].find(&close)? + open_end;
            Some((open_end, inner_end))
        });
        let Some((open_end, inner_end)) = parsed else {
            out.push_str(&shortcode[..1]);
            rest = &shortcode[1..];
            continue;
        };
        let attrs = &shortcode[1 + name.len()..open_end - 1];
        let inner = shortcode[open_end..inner_end].trim();
        let (image, text) = split_image(inner);
        let caption = attribute(attrs, "caption").unwrap_or(text.trim());
        out.push_str("<figure>");
        out.push_str(image);
        if !caption.is_empty() {
            out.push_str("<figcaption>");
            out.push_str(caption);
            out.push_str("</figcaption>");
        }
        out.push_str("</figure>");
        rest = &shortcode[inner_end + close.len()..];
    }
    out.push_str(rest);
    out
}

/// The index after the `]` that ends the shortcode opening `s`, quotes
/// respected.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (at, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if q == c => quote = None,
            (None, ']') => return Some(at + 1),
            _ => {}
        }
    }
    None
}

/// `name="value"` (or single quotes) in a shortcode's attributes.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    while let Some(at) = rest.find(name) {
        let after = rest[at + name.len()..].trim_start();
        let boundary = at == 0 || rest[..at].ends_with(char::is_whitespace);
        if boundary && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &value[1..];
                return value.find(quote).map(|end| &value[..end]);
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// A caption's leading image (`<img …>`, or a link around one) and the
/// text after it.
fn split_image(inner: &str) -> (&str, &str) {
    let lower = inner.to_ascii_lowercase();
    let end = if lower.starts_with("<a") {
        lower.find("</a>").map(|e| e + 4)
    } else if lower.starts_with("<img") {
        tag_close(inner)
    } else {
        None
    };
    match end {
        Some(end) => (&inner[..end], &inner[end..]),
        None => ("", inner),
    }
}

/// The index after the `>` ending the tag that opens `s`, quotes
/// respected.
fn tag_close(s: &str) -> Option<usize> {
    let mut quote = None;
    for (at, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if q == c => quote = None,
            (None, '>') => return Some(at + 1),
            _ => {}
        }
    }
    None
}

/// A piece of a classic post.
enum Piece<'a> {
    Text(&'a str),
    /// A tag; `block` if it is one of [`BLOCKS`].
    Tag {
        source: &'a str,
        block: bool,
        br: bool,
    },
    /// A comment, or an element of [`UNTOUCHED`] with its content.
    Untouched {
        source: &'a str,
        block: bool,
    },
}

fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = html;
    let mut text_start = 0;
    let mut at = 0;
    while let Some(found) = rest[at..].find('<') {
        let lt = at + found;
        let tail = &rest[lt..];
        let (len, piece) = if tail.starts_with("<!--") {
            let len = tail.find("-->").map_or(tail.len(), |e| e + 3);
            (
                len,
                Piece::Untouched {
                    source: &tail[..len],
                    block: false,
                },
            )
        } else if let Some((name, closing)) = tag_name(tail) {
            let open_len = tag_close(tail).unwrap_or(tail.len());
            let lower = name.to_ascii_lowercase();
            let block = BLOCKS.contains(&lower.as_str());
            if !closing && UNTOUCHED.contains(&lower.as_str()) {
                let close = format!("</{lower}");
                let end = find_ignoring_case(&tail[open_len..], &close)
                    .and_then(|e| tag_close(&tail[open_len + e..]).map(|c| open_len + e + c))
                    .unwrap_or(tail.len());
                (
                    end,
                    Piece::Untouched {
                        source: &tail[..end],
                        block,
                    },
                )
            } else {
                let br = lower == "br";
                (
                    open_len,
                    Piece::Tag {
                        source: &tail[..open_len],
                        block,
                        br,
                    },
                )
            }
        } else {
            at = lt + 1;
            continue;
        };
        if text_start < lt {
            pieces.push(Piece::Text(&rest[text_start..lt]));
        }
        pieces.push(piece);
        rest = &rest[lt + len..];
        text_start = 0;
        at = 0;
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// Where `needle` (ASCII) first occurs in `hay`, whatever the case.
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    hay.match_indices('<').map(|(at, _)| at).find(|&at| {
        hay.get(at..at + needle.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(needle))
    })
}

/// The name of the tag `s` starts with, and whether it is an end tag.
fn tag_name(s: &str) -> Option<(&str, bool)> {
    let body = s.strip_prefix('<')?;
    let (body, closing) = match body.strip_prefix('/') {
        Some(b) => (b, true),
        None => (body, false),
    };
    let len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    (len > 0 && body.as_bytes()[0].is_ascii_alphabetic()).then(|| (&body[..len], closing))
}

/// WordPress's `wpautop`: runs of text and inline tags between blank lines
/// and block tags become paragraphs (unless a block tag encloses them
/// directly, as `<li>text</li>`), line breaks inside them `<br>`s.
pub(super) fn autop(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut run = Run::default();
    for piece in pieces(html) {
        match piece {
            Piece::Text(text) => {
                let mut parts = text.split('\n').peekable();
                let mut first = true;
                let mut blank_lines = 0;
                while let Some(part) = parts.next() {
                    if !first {
                        if part.trim().is_empty() && parts.peek().is_some() {
                            blank_lines += 1;
                            continue;
                        }
                        if blank_lines > 0 {
                            run.flush(&mut out, false);
                            blank_lines = 0;
                        } else {
                            run.newline();
                        }
                    }
                    first = false;
                    run.push(part);
                }
                if blank_lines > 0 {
                    run.flush(&mut out, false);
                }
            }
            Piece::Tag { br: true, .. } if run.ends_with_br() => {
                run.drop_br();
                run.flush(&mut out, false);
            }
            Piece::Tag {
                source,
                block: false,
                br,
            } => {
                run.push_tag(source, br);
            }
            Piece::Untouched {
                source,
                block: false,
            } => run.push_tag(source, false),
            Piece::Tag {
                source,
                block: true,
                ..
            }
            | Piece::Untouched {
                source,
                block: true,
            } => {
                run.flush(&mut out, true);
                out.push_str(source);
                run.after_block = true;
            }
        }
    }
    run.flush(&mut out, false);
    out
}

/// Text and inline tags since the last paragraph break.
#[derive(Default)]
struct Run {
    html: String,
    /// The run follows a block tag with no blank line between.
    after_block: bool,
    /// Offset in `html` of each line break still to become a `<br>`.
    newlines: Vec<usize>,
    /// The run ends with a `<br>` tag (and maybe whitespace).
    last_br: Option<usize>,
}

impl Run {
    fn push(&mut self, text: &str) {
        if !text.trim().is_empty() {
            self.last_br = None;
        }
        self.html.push_str(text);
    }

    fn push_tag(&mut self, source: &str, br: bool) {
        self.last_br = br.then_some(self.html.len());
        self.html.push_str(source);
    }

    fn newline(&mut self) {
        if self.last_br.is_none() {
            self.newlines.push(self.html.len());
        }
        self.html.push('\n');
    }

    fn ends_with_br(&self) -> bool {
        self.last_br.is_some()
    }

    fn drop_br(&mut self) {
        if let Some(at) = self.last_br.take() {
            self.html.truncate(at);
            self.newlines.retain(|&n| n < at);
        }
    }

    /// Writes the run as a paragraph; `before_block` when a block tag
    /// follows directly.
    fn flush(&mut self, out: &mut String, before_block: bool) {
        let html = std::mem::take(&mut self.html);
        let newlines = std::mem::take(&mut self.newlines);
        let after_block = std::mem::replace(&mut self.after_block, false);
        self.last_br = None;
        let start = html.len() - html.trim_start().len();
        let end = html.trim_end().len();
        if start >= end {
            out.push_str(&html);
            return;
        }
        let wrap = !(after_block && before_block);
        out.push_str(&html[..start]);
        if wrap {
            out.push_str("<p>");
        }
        let mut from = start;
        for n in newlines.into_iter().filter(|&n| n > start && n < end) {
            out.push_str(&html[from..n]);
            out.push_str("<br>");
            from = n;
        }
        out.push_str(&html[from..end]);
        if wrap {
            out.push_str("</p>");
        }
        out.push_str(&html[end..]);
    }
}
