//! Rules for block elements whose Markdown htmd writes differently from
//! Quire's: code blocks (fence and language), headings (one line), rules.

use htmd::Element;
use htmd::element_handler::{HandlerResult, Handlers};

use super::context::{Frame, within};
use super::inline::{attr, one_line, without_marks};
use super::table::note_block;
use super::text::mark::{BREAK, LANG, VERBATIM, VERBATIM_END};
use super::text::restore;

/// The language a code element's attributes name: `class="language-x"`,
/// `lang-x`, SyntaxHighlighter's `brush: x`, or `data-lang`.
pub(super) fn language(element: &Element) -> Option<String> {
    let class = attr(element, "class").unwrap_or("");
    let separator = |c: char| c.is_whitespace() || c == ';';
    let from_class = class
        .split_whitespace()
        .find_map(|word| {
            word.strip_prefix("language-")
                .or_else(|| word.strip_prefix("lang-"))
        })
        .or_else(|| {
            let after = &class[class.find("brush:")? + "brush:".len()..];
            after.trim_start().split(separator).next()
        });
    let lang = from_class
        .or_else(|| attr(element, "data-lang"))
        .or_else(|| attr(element, "data-language"))?;
    // The language is the info string's first word.
    let lang: String = lang
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    (!lang.is_empty()).then_some(lang)
}

/// `<pre>`: a fenced code block, its fence longer than any run of the
/// fence's character inside.
pub(super) fn code_block(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    note_block();
    let (content, _) = within(Frame::Code { block: true }, || {
        handlers.walk_children(element.node).content
    });
    let mut lang = language(&element);
    let mut code = String::with_capacity(content.len());
    let mut parts = content.split(LANG);
    code.push_str(parts.next().unwrap_or(""));
    while let (Some(named), Some(text)) = (parts.next(), parts.next()) {
        if lang.is_none() && !named.is_empty() {
            lang = Some(named.to_string());
        }
        code.push_str(text);
    }
    let mut code = restore(&without_marks(&code));
    if !code.is_empty() && !code.ends_with('\n') {
        code.push('\n');
    }
    let lang = lang.unwrap_or_default();
    // A backtick fence's info string cannot hold a backtick.
    let mark = if lang.contains('`') { '~' } else { '`' };
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == mark { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = mark.to_string().repeat((longest + 1).max(3));
    Some(format!("\n\n{VERBATIM}{fence}{lang}\n{code}{fence}{VERBATIM_END}\n\n").into())
}

/// `<h1>`–`<h6>`: an ATX heading, on one line; none when empty.
pub(super) fn heading(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    note_block();
    let level = element.tag[1..].parse::<usize>().unwrap_or(1).clamp(1, 6);
    let content = handlers.walk_children(element.node).content;
    let content = one_line(&content.replace(BREAK, " "));
    let content = content.trim_matches(|c: char| c.is_ascii_whitespace());
    if content.is_empty() {
        return None;
    }
    Some(format!("\n\n{} {content}\n\n", "#".repeat(level)).into())
}

pub(super) fn rule(_: &dyn Handlers, _: Element) -> Option<HandlerResult> {
    note_block();
    Some("\n\n---\n\n".into())
}

/// An element Markdown cannot express, as raw HTML.
pub(super) fn raw_block(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if super::context::in_code().is_some() {
        return Some(handlers.walk_children(element.node));
    }
    note_block();
    Some(super::raw::block(element.node).into())
}
