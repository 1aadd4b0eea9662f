//! When a character of the text needs a backslash: always for the few that
//! are syntax anywhere (`` ` ``, `*`, `[`…), and for the others only
//! where the line makes them syntax (`#` or `-` opening a line, `1.` before
//! a space at its start, `#` closing a heading). The markup the element
//! rules wrote is real characters, the text is placeholders, so a line's
//! containers (`> `, `- `, `1. `) are told from text that looks like them.

use super::inline::entity_like;
use super::text::{is_mark, literal};

/// A line's container prefix, as the element rules wrote it.
pub(super) struct Line {
    /// Where the line's content starts (after `> `, `- `, indentation);
    /// `usize::MAX` for a line that starts inside code.
    pub content_start: usize,
    /// The prefix ends with a list marker: a checkbox here is a task.
    pub after_list_marker: bool,
    /// The content is an ATX heading.
    pub heading: bool,
    /// The line is a table row (text elsewhere cannot start a table: that
    /// takes two lines, and a paragraph's lines here are hard-broken).
    pub table_row: bool,
}

/// The length of the list marker at `chars[at..end]` (`- `, `12. `),
/// space excluded; 0 if none.
pub(super) fn list_marker(chars: &[char], at: usize, end: usize) -> usize {
    let spaced = |i: usize| i == end || chars[i] == ' ';
    if at < end && matches!(chars[at], '-' | '*' | '+') && spaced(at + 1) {
        return 1;
    }
    let digits = chars[at..end]
        .iter()
        .take(10)
        .take_while(|c| c.is_ascii_digit())
        .count();
    let dot = at + digits;
    if (1..=9).contains(&digits) && dot < end && matches!(chars[dot], '.' | ')') && spaced(dot + 1)
    {
        return digits + 1;
    }
    0
}

pub(super) fn line(chars: &[char], start: usize, end: usize) -> Line {
    let mut at = start;
    let mut after_list_marker = false;
    loop {
        while at < end && chars[at] == ' ' {
            at += 1;
        }
        if at < end && chars[at] == '>' {
            at += 1;
            after_list_marker = false;
            continue;
        }
        let marker = list_marker(chars, at, end);
        if marker == 0 {
            break;
        }
        at += marker;
        after_list_marker = true;
    }
    let hashes = chars[at..end].iter().take_while(|&&c| c == '#').count();
    let heading = (1..=6).contains(&hashes) && (at + hashes == end || chars[at + hashes] == ' ');
    Line {
        content_start: at,
        after_list_marker,
        heading,
        table_row: chars.get(at) == Some(&'|'),
    }
}

/// Up to 40 characters from `at`, placeholders as their characters.
fn following(chars: &[char], at: usize, end: usize) -> String {
    chars[at.min(end)..end]
        .iter()
        .take(40)
        .map(|&c| literal(c).unwrap_or(c))
        .collect()
}

/// Whether the text character `c` (a placeholder's) at `chars[at]` needs a
/// backslash; `before` is the last character written.
pub(super) fn needs_backslash(
    c: char,
    at: usize,
    end: usize,
    line: &Line,
    chars: &[char],
    before: Option<char>,
) -> bool {
    let next = (at + 1 < end).then(|| literal(chars[at + 1]).unwrap_or(chars[at + 1]));
    let starts_content = at == line.content_start;
    match c {
        '\\' => next.is_none_or(|n| n.is_ascii_punctuation() || is_mark(n)),
        '`' | '*' | '[' | ']' | '~' => true,
        '|' => line.table_row,
        '_' => {
            !(before.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric))
        }
        '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
        '&' => entity_like(&following(chars, at + 1, end)),
        '>' | '-' | '+' | '=' => starts_content,
        '#' => starts_content || (line.heading && closes_heading(chars, at, end, before)),
        '{' | '}' => line.heading,
        '.' | ')' => {
            let digits = at.saturating_sub(line.content_start);
            (1..=9).contains(&digits)
                && chars[line.content_start..at]
                    .iter()
                    .all(char::is_ascii_digit)
                && next.is_none_or(|n| n == ' ' || n == '\t')
        }
        '!' => next == Some('['),
        _ => false,
    }
}

/// Whether the `#` at `at` starts a heading's closing sequence: after a
/// space, followed by nothing but `#`s and spaces.
fn closes_heading(chars: &[char], at: usize, end: usize, before: Option<char>) -> bool {
    matches!(before, Some(' ' | '\t'))
        && chars[at..end]
            .iter()
            .map(|&c| literal(c).unwrap_or(c))
            .all(|c| matches!(c, '#' | ' ' | '\t'))
}
