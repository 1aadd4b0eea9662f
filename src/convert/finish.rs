//! The last step: htmd's output (text as placeholders, marks where the
//! element rules left a decision) to the Markdown Quire stores. Line by
//! line: placeholders back to characters, with a backslash where the line
//! makes one syntax ([`super::escape`]); emphasis delimiters
//! ([`super::emphasis`]); a `<br>` as a backslash hard break, the next line
//! under the same containers, except at either end of its block (where
//! CommonMark would print the backslash); checkboxes as task markers; code
//! and raw HTML copied as is. Then no trailing blanks, no runs of blank
//! lines, one final newline.

use std::collections::HashMap;

use super::emphasis::delimiters;
use super::escape::{Line, line, needs_backslash};
use super::text::literal;
use super::text::mark::{
    BREAK, DEL, DEL_END, EM, EM_END, STRONG, STRONG_END, TASK_DONE, TASK_OPEN, VERBATIM,
    VERBATIM_END,
};

pub(super) fn finish(md: &str) -> String {
    let chars: Vec<char> = md.chars().collect();
    let mut writer = Writer {
        chars: &chars,
        delimiters: delimiters(&chars),
        out: String::with_capacity(md.len() + md.len() / 8),
        line: String::new(),
        verbatim: false,
        last_blank: None,
    };
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            writer.write_line(start, i);
            start = i + 1;
        }
    }
    writer.write_line(start, chars.len());
    let mut out = writer.out;
    // No blank lines at the end, a quote's (`>`) included.
    loop {
        let body = out.trim_end_matches('\n');
        let last = body.rsplit('\n').next().unwrap_or("");
        if body.is_empty() || !last.chars().all(|c| c == ' ' || c == '>') {
            let kept = body.len();
            out.truncate(kept);
            break;
        }
        let kept = body.len() - last.len();
        out.truncate(kept);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The prefix that continues `prefix`'s containers on the next line of the
/// same paragraph: quote markers kept, list markers as spaces.
fn continuation(prefix: &[char]) -> String {
    prefix
        .iter()
        .map(|&c| if c == '>' { '>' } else { ' ' })
        .collect()
}

struct Writer<'a> {
    chars: &'a [char],
    delimiters: HashMap<usize, &'static str>,
    out: String,
    /// The line being written.
    line: String,
    /// Inside code or raw HTML, which may span lines.
    verbatim: bool,
    /// The last line written, if it was blank (collapses runs of them; a
    /// quote's blank line, `>`, counts).
    last_blank: Option<String>,
}

impl Writer<'_> {
    fn write_line(&mut self, start: usize, end: usize) {
        let chars = self.chars;
        self.line.clear();
        let started_verbatim = self.verbatim;
        let info = if started_verbatim {
            Line {
                content_start: usize::MAX,
                after_list_marker: false,
                heading: false,
                table_row: false,
            }
        } else {
            line(chars, start, end)
        };
        let next_line = match info.content_start {
            usize::MAX => String::new(),
            content => continuation(&chars[start..content]),
        };
        // Where the current line's content starts: after the prefix, or
        // after the last hard break.
        let mut content_start = info.content_start;
        let mut broken = false;
        let mut at = start;
        while at < end {
            let c = chars[at];
            if self.verbatim || c == VERBATIM {
                at = self.copy_verbatim(at + usize::from(c == VERBATIM), end);
                continue;
            }
            match c {
                BREAK => {
                    let rest = &chars[at + 1..end];
                    // Nothing shows after it on this line (a checkbox not
                    // starting an item shows nothing either).
                    let trailing = rest.iter().all(|&c| {
                        matches!(
                            c,
                            BREAK
                                | ' '
                                | '\t'
                                | EM_END
                                | STRONG_END
                                | DEL_END
                                | TASK_DONE
                                | TASK_OPEN
                        )
                    });
                    let leading = !broken
                        && chars.get(info.content_start..at).is_some_and(|before| {
                            before.iter().all(|&c| matches!(c, EM | STRONG | DEL))
                        });
                    if trailing {
                        at += 1;
                        continue;
                    }
                    if !leading {
                        let kept = self.line.trim_end_matches([' ', '\t']).len();
                        self.line.truncate(kept);
                        self.line.push_str("\\\n");
                        self.line.push_str(&next_line);
                        broken = true;
                    }
                    at += 1 + rest.iter().take_while(|&&c| c == ' ').count();
                    if broken {
                        content_start = at;
                    }
                    continue;
                }
                TASK_DONE | TASK_OPEN => {
                    if info.after_list_marker && at == info.content_start {
                        self.line
                            .push_str(if c == TASK_DONE { "[x]" } else { "[ ]" });
                        if chars.get(at + 1).is_none_or(|&next| next != ' ') {
                            self.line.push(' ');
                        }
                    } else if (self.line.is_empty() || self.line.ends_with(' '))
                        && chars.get(at + 1) == Some(&' ')
                    {
                        // Not a task: the checkbox goes, and a blank with it.
                        at += 1;
                    }
                }
                EM | EM_END | STRONG | STRONG_END | DEL | DEL_END => {
                    self.line
                        .push_str(self.delimiters.get(&at).copied().unwrap_or(""));
                }
                c => match literal(c) {
                    Some(text) => {
                        let before = self.line.chars().next_back();
                        let info = Line {
                            content_start,
                            ..info
                        };
                        if needs_backslash(text, at, end, &info, chars, before) {
                            self.line.push('\\');
                        }
                        self.line.push(text);
                    }
                    None if c.is_control() && c != '\t' => self.line.push(' '),
                    None => self.line.push(c),
                },
            }
            at += 1;
        }
        self.end_line(started_verbatim);
    }

    /// Copies code or raw HTML from `at` up to its end mark or the line's
    /// end; returns where to go on.
    fn copy_verbatim(&mut self, mut at: usize, end: usize) -> usize {
        self.verbatim = true;
        while at < end {
            if self.chars[at] == VERBATIM_END {
                self.verbatim = false;
                return at + 1;
            }
            self.line.push(self.chars[at]);
            at += 1;
        }
        at
    }

    fn end_line(&mut self, started_verbatim: bool) {
        if !self.verbatim {
            let kept = self.line.trim_end_matches([' ', '\t']).len();
            self.line.truncate(kept);
        }
        let blank =
            !started_verbatim && !self.verbatim && self.line.chars().all(|c| c == ' ' || c == '>');
        if blank {
            if self.out.is_empty() {
                return;
            }
            // Of blank lines in a row, the one in the fewest quotes stays:
            // the others only open or close a quote with a blank line.
            let depth = |line: &str| line.matches('>').count();
            if let Some(last) = &self.last_blank {
                if depth(last) <= depth(&self.line) {
                    return;
                }
                let kept = self.out.len() - last.len() - 1;
                self.out.truncate(kept);
            }
            self.last_blank = Some(self.line.clone());
        } else {
            self.last_blank = None;
        }
        self.out.push_str(&self.line);
        self.out.push('\n');
    }
}
