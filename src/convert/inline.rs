//! Rules for elements inside a paragraph: links, images, emphasis, code,
//! line breaks, checkboxes.

use htmd::Element;
use htmd::element_handler::{HandlerResult, Handlers};

use super::context::{Frame, in_cell, in_code, within};
use super::figure::{note_link, note_media};
use super::text::mark::{
    BREAK, DEL, DEL_END, EM, EM_END, LANG, STRONG, STRONG_END, TASK_DONE, TASK_OPEN, VERBATIM,
    VERBATIM_END,
};
use super::text::{is_mark, is_noncharacter, protect, restore};
use crate::render::markdown::is_script_url;

/// `content` without [`super::text::mark`]s: code is its text, whatever
/// rule wrote inside it.
pub(super) fn without_marks(content: &str) -> String {
    content.chars().filter(|&c| !is_mark(c)).collect()
}

/// The value of attribute `name`, if present.
pub(super) fn attr<'a>(element: &'a Element, name: &str) -> Option<&'a str> {
    element
        .attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

/// An attribute value on one line, without control characters or
/// noncharacters (which would read as [`super::text`]'s placeholders).
fn clean_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split(|c: char| c.is_whitespace() || c.is_control()) {
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(
                word.chars()
                    .map(|c| if is_noncharacter(c) { '\u{FFFD}' } else { c }),
            );
        }
    }
    out
}

/// `content` with blocks joined into one line (a link or emphasis cannot
/// span paragraphs); hard breaks stay.
pub(super) fn one_line(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for c in content.chars() {
        let c = if c == '\n' { ' ' } else { c };
        if c != ' ' || !out.ends_with(' ') {
            out.push(c);
        }
    }
    out
}

/// `open` + `content` + `close`, with the whitespace at either end of
/// `content` moved outside; nothing around blank content.
pub(super) fn wrap_trimmed(content: &str, open: &str, close: &str) -> String {
    wrap_trimmed_by(content, open, close, char::is_whitespace)
}

/// [`wrap_trimmed`], with `blank` saying what whitespace is.
fn wrap_trimmed_by(content: &str, open: &str, close: &str, blank: fn(char) -> bool) -> String {
    let inner = content.trim_matches(blank);
    if inner.is_empty() {
        return content.to_string();
    }
    let start = content.len() - content.trim_start_matches(blank).len();
    let end = start + inner.len();
    [&content[..start], open, inner, close, &content[end..]].concat()
}

/// A link destination: `<…>` when it holds spaces, backslash escapes where
/// Markdown would read something else.
fn destination(url: &str) -> String {
    let url = clean_value(url);
    let angle = url.contains(' ') || url.is_empty();
    let mut out = String::with_capacity(url.len() + 2);
    if angle {
        out.push('<');
    }
    for (at, c) in url.char_indices() {
        let escape = match c {
            '\\' | '(' | ')' | '<' | '>' => true,
            '&' => entity_like(&url[at + 1..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    if angle {
        out.push('>');
    }
    out
}

/// A link or image title, `"`-quoted, or nothing.
fn title(element: &Element) -> String {
    let Some(title) = attr(element, "title").map(clean_value) else {
        return String::new();
    };
    if title.is_empty() {
        return String::new();
    }
    let mut out = String::from(" \"");
    for (at, c) in title.char_indices() {
        if matches!(c, '\\' | '"') || (c == '&' && entity_like(&title[at + 1..])) {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Whether `rest` (what follows a `&`) would make it a character reference.
pub(super) fn entity_like(rest: &str) -> bool {
    let (body, min, max, digit): (&str, usize, usize, fn(&u8) -> bool) =
        if let Some(hex) = rest.strip_prefix("#x").or_else(|| rest.strip_prefix("#X")) {
            (hex, 1, 6, u8::is_ascii_hexdigit)
        } else if let Some(dec) = rest.strip_prefix('#') {
            (dec, 1, 7, u8::is_ascii_digit)
        } else if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            (rest, 2, 32, u8::is_ascii_alphanumeric)
        } else {
            return false;
        };
    let len = body.bytes().take_while(digit).count();
    (min..=max).contains(&len) && body[len..].starts_with(';')
}

pub(super) fn link(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if in_code().is_some() {
        return Some(handlers.walk_children(element.node));
    }
    let content = one_line(&handlers.walk_children(element.node).content);
    let Some(href) = attr(&element, "href") else {
        return Some(content.into());
    };
    // A no-break space is link text a reader can click; only blanks that
    // HTML collapses are not.
    let blank = |c: char| c.is_ascii_whitespace();
    if is_script_url(href) || content.trim_matches(blank).is_empty() {
        return Some(content.into());
    }
    let close = format!("]({}{})", destination(href), title(&element));
    let md = wrap_trimmed_by(&content, "[", &close, blank);
    note_link(&md);
    Some(md.into())
}

/// An image's address: `src`, or where lazy-loading scripts keep it.
fn image_source<'a>(element: &'a Element) -> Option<&'a str> {
    let src = attr(element, "src").filter(|s| !s.trim().is_empty());
    let lazy = ["data-src", "data-lazy-src", "data-original"]
        .iter()
        .find_map(|name| attr(element, name))
        .filter(|s| !s.trim().is_empty());
    let srcset = attr(element, "srcset")
        .and_then(|s| s.split_whitespace().next())
        .filter(|s| !s.is_empty());
    match (src, lazy) {
        (Some(src), Some(lazy)) if src.trim_start().starts_with("data:") => Some(lazy),
        (Some(src), _) => Some(src),
        (None, lazy) => lazy.or(srcset),
    }
}

pub(super) fn image(_: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if in_code().is_some() {
        return None;
    }
    let src = image_source(&element)?;
    let is_data_image = src
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("data:image/");
    if is_script_url(src) && !is_data_image {
        return None;
    }
    let alt = protect(&clean_value(attr(&element, "alt").unwrap_or("")));
    let md = format!("![{alt}]({}{})", destination(src), title(&element));
    note_media(&md);
    Some(md.into())
}

pub(super) fn em(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    emphasis(handlers, element, EM, EM_END)
}

pub(super) fn strong(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    emphasis(handlers, element, STRONG, STRONG_END)
}

pub(super) fn strikethrough(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    emphasis(handlers, element, DEL, DEL_END)
}

/// Emphasis (`<em>`, `<strong>`, `<del>`) between marks; [`super::finish`]
/// picks the delimiters once it sees the characters around them.
fn emphasis(
    handlers: &dyn Handlers,
    element: Element,
    open: char,
    close: char,
) -> Option<HandlerResult> {
    let content = handlers.walk_children(element.node).content;
    if content.contains("\n\n") || in_code().is_some() {
        return Some(content.into());
    }
    let md = wrap_trimmed(
        &content,
        open.encode_utf8(&mut [0; 4]),
        close.encode_utf8(&mut [0; 4]),
    );
    Some(md.into())
}

/// A `<code>`: inside a `<pre>`, its text and the language its class names
/// (for the code block); elsewhere, a code span.
pub(super) fn code(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    match in_code() {
        Some(true) => {
            let content = handlers.walk_children(element.node).content;
            let lang = super::blocks::language(&element).unwrap_or_default();
            return Some(format!("{LANG}{lang}{LANG}{content}").into());
        }
        Some(false) => return Some(handlers.walk_children(element.node)),
        None => {}
    }
    let (content, _) = within(Frame::Code { block: false }, || {
        handlers.walk_children(element.node).content
    });
    let code = restore(&without_marks(&content)).replace('\n', " ");
    if code.is_empty() {
        return None;
    }
    let mut longest = 0;
    let mut runs = Vec::new();
    let mut run = 0;
    for c in code.chars().chain(std::iter::once(' ')) {
        if c == '`' {
            run += 1;
        } else if run > 0 {
            runs.push(run);
            longest = longest.max(run);
            run = 0;
        }
    }
    let ticks = (1..=longest + 1).find(|n| !runs.contains(n)).unwrap_or(1);
    let fence = "`".repeat(ticks);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty());
    let pad = if pad { " " } else { "" };
    Some(format!("{VERBATIM}{fence}{pad}{code}{pad}{fence}{VERBATIM_END}").into())
}

pub(super) fn line_break(_: &dyn Handlers, _: Element) -> Option<HandlerResult> {
    match in_code() {
        Some(true) => return Some("\n".into()),
        Some(false) => return Some(" ".into()),
        None => {}
    }
    if in_cell() {
        return Some("<br>".into());
    }
    Some(BREAK.to_string().into())
}

pub(super) fn checkbox(_: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if in_code().is_some()
        || !attr(&element, "type").is_some_and(|t| t.eq_ignore_ascii_case("checkbox"))
    {
        return None;
    }
    let task = if attr(&element, "checked").is_some() {
        TASK_DONE
    } else {
        TASK_OPEN
    };
    Some(task.to_string().into())
}

/// `<q>`: the quotation marks a browser shows.
pub(super) fn quote(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if in_code().is_some() {
        return Some(handlers.walk_children(element.node));
    }
    let content = one_line(&handlers.walk_children(element.node).content);
    Some(wrap_trimmed(&content, "\u{201C}", "\u{201D}").into())
}

/// A `<span>` is its content (htmd would turn some into `$math$`).
pub(super) fn span(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    Some(handlers.walk_children(element.node))
}
