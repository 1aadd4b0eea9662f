//! Emphasis delimiters. `**Note:**text` is no emphasis in CommonMark (a
//! closing `**` after punctuation needs a space or punctuation after it),
//! and `*a***b**` is ambiguous, so each emphasis is written with `*`, `**`
//! or `~~` only where the delimiters work, and as its HTML element
//! (`<strong>`) elsewhere.

use std::collections::HashMap;

use super::text::mark::{BREAK, DEL, DEL_END, EM, EM_END, STRONG, STRONG_END};
use super::text::{is_mark, literal};

#[derive(PartialEq, Clone, Copy)]
enum Class {
    Space,
    Punct,
    Other,
}

/// What a neighbour of a delimiter counts as. Marks and placeholders are
/// punctuation in every form they are written in.
fn class(chars: &[char], at: Option<usize>) -> Class {
    match at.and_then(|i| chars.get(i)) {
        None | Some('\n') => Class::Space,
        Some(&c) if is_mark(c) || literal(c).is_some() => Class::Punct,
        Some(&c) if c.is_whitespace() => Class::Space,
        Some(&c) if c.is_alphanumeric() => Class::Other,
        Some(_) => Class::Punct,
    }
}

/// CommonMark's flanking rules for a delimiter between `prev` and `next`.
fn flanking(prev: Class, next: Class) -> (bool, bool) {
    let left = next != Class::Space && (next != Class::Punct || prev != Class::Other);
    let right = prev != Class::Space && (prev != Class::Punct || next != Class::Other);
    (left, right)
}

/// Whether an opening delimiter at `at` can only open: one that could
/// also close might pair with an earlier delimiter instead.
fn can_open(chars: &[char], at: usize) -> bool {
    let (left, right) = flanking(class(chars, at.checked_sub(1)), class(chars, Some(at + 1)));
    left && !right
}

/// Whether a hard break at `at` ends its line (so [`super::finish`] drops
/// it): nothing but blanks, breaks and closing delimiters follow.
fn break_dropped(chars: &[char], at: usize) -> bool {
    chars[at + 1..]
        .iter()
        .take_while(|&&c| c != '\n')
        .all(|&c| matches!(c, BREAK | ' ' | '\t' | EM_END | STRONG_END | DEL_END))
}

/// Whether a closing delimiter at `at` can only close. A hard break
/// before it puts it at the start of a line: after whitespace.
fn can_close(chars: &[char], at: usize) -> bool {
    let mut before = at.checked_sub(1);
    while let Some(b) = before.filter(|&b| chars[b] == BREAK) {
        if !break_dropped(chars, b) {
            return false;
        }
        before = b.checked_sub(1);
    }
    let (left, right) = flanking(class(chars, before), class(chars, Some(at + 1)));
    right && !left
}

fn end_of(open: char) -> char {
    match open {
        EM => EM_END,
        STRONG => STRONG_END,
        _ => DEL_END,
    }
}

fn written(open: char, markdown: bool) -> (&'static str, &'static str) {
    match (open, markdown) {
        (EM, true) => ("*", "*"),
        (STRONG, true) => ("**", "**"),
        (_, true) => ("~~", "~~"),
        (EM, false) => ("<em>", "</em>"),
        (STRONG, false) => ("<strong>", "</strong>"),
        (_, false) => ("<del>", "</del>"),
    }
}

/// What to write for each emphasis mark in `chars`, by index.
pub(super) fn delimiters(chars: &[char]) -> HashMap<usize, &'static str> {
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut pairs = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            EM | STRONG | DEL => open.push((i, c)),
            EM_END | STRONG_END | DEL_END => {
                if let Some(at) = open.iter().rposition(|&(_, o)| end_of(o) == c) {
                    pairs.push((open[at].0, i, open[at].1));
                    open.truncate(at);
                }
            }
            _ => {}
        }
    }
    pairs.sort_unstable();
    let mut out = HashMap::with_capacity(pairs.len() * 2);
    let mut as_markdown: HashMap<usize, bool> = HashMap::with_capacity(pairs.len() * 2);
    // The pairs around the current one: (end, kind, written as Markdown).
    let mut enclosing: Vec<(usize, char, bool)> = Vec::new();
    for (start, end, kind) in pairs {
        while enclosing.last().is_some_and(|&(e, _, _)| e < start) {
            enclosing.pop();
        }
        // Right after a closing delimiter, the delimiter runs would merge;
        // inside a delimiter of the same kind, they could pair up wrongly.
        let after_closer = start.checked_sub(1).is_some_and(|before| {
            as_markdown.get(&before).copied().unwrap_or(false)
                && matches!(chars[before], EM_END | STRONG_END | DEL_END)
        });
        let nested = enclosing.iter().any(|&(_, k, md)| md && k == kind);
        let markdown = !after_closer && !nested && can_open(chars, start) && can_close(chars, end);
        as_markdown.insert(start, markdown);
        as_markdown.insert(end, markdown);
        enclosing.push((end, kind, markdown));
        let (open, close) = written(kind, markdown);
        out.insert(start, open);
        out.insert(end, close);
    }
    out
}
