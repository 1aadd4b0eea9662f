//! The characters the conversion steps pass to each other besides the text
//! itself.
//!
//! - **Placeholders** (Unicode noncharacters, which no input keeps: see
//!   [`clean_input`]): every ASCII character of the HTML's *text* that could
//!   mean Markdown syntax somewhere travels as a placeholder, so the last
//!   step tells text (escape if the line makes it syntax) from the markup
//!   the element rules wrote (never escape).
//! - **Marks** ([`mark`], control characters, which no input keeps either):
//!   what the element rules leave for the last step to decide, once the
//!   whole line is known.

/// ASCII characters that can be Markdown syntax in some position of a line.
const SPECIAL: [char; 20] = [
    '!', '#', '&', ')', '*', '+', '-', '.', '<', '=', '>', '[', '\\', ']', '_', '`', '{', '|', '}',
    '~',
];

/// The placeholder of `SPECIAL[i]` is `FIRST_PLACEHOLDER + i`: noncharacters,
/// "permanently reserved for internal use".
const FIRST_PLACEHOLDER: u32 = 0xFDD0;

/// Marks left in the Markdown by the element rules for [`super::finish`].
pub(super) mod mark {
    /// From here to [`VERBATIM_END`]: code or raw HTML, copied as is.
    pub const VERBATIM: char = '\u{1}';
    pub const VERBATIM_END: char = '\u{2}';
    /// A `<br>`: a backslash hard break, unless it starts or ends its block.
    pub const BREAK: char = '\u{3}';
    /// Encloses the language a `<code>` inside a `<pre>` names.
    pub const LANG: char = '\u{4}';
    /// A checkbox: `[x]`/`[ ]` when it starts a list item, else nothing.
    pub const TASK_DONE: char = '\u{5}';
    pub const TASK_OPEN: char = '\u{6}';
    /// Emphasis: `*`, `**`, `~~` where the delimiters would work, else the
    /// HTML element.
    pub const EM: char = '\u{7}';
    pub const EM_END: char = '\u{8}';
    pub const STRONG: char = '\u{e}';
    pub const STRONG_END: char = '\u{f}';
    pub const DEL: char = '\u{10}';
    pub const DEL_END: char = '\u{11}';
}

/// Whether `c` is one of the [`mark`]s.
pub(super) fn is_mark(c: char) -> bool {
    matches!(c, '\u{1}'..='\u{8}' | '\u{e}'..='\u{11}')
}

/// The placeholder standing for `c` in text, if `c` can be syntax.
pub(super) fn placeholder(c: char) -> Option<char> {
    if !c.is_ascii_punctuation() {
        return None;
    }
    let index = SPECIAL.iter().position(|&s| s == c)?;
    char::from_u32(FIRST_PLACEHOLDER + index as u32)
}

/// The character a placeholder stands for.
pub(super) fn literal(c: char) -> Option<char> {
    let index = (c as u32).checked_sub(FIRST_PLACEHOLDER)?;
    SPECIAL.get(index as usize).copied()
}

/// `c` as text: its placeholder, or itself.
pub(super) fn push_text(out: &mut String, c: char) {
    out.push(placeholder(c).unwrap_or(c));
}

/// `text` (an attribute such as an image's alt, or raw text) as text.
pub(super) fn protect(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_text(&mut out, c);
    }
    out
}

/// Placeholders back to their characters (code, whose text is never
/// escaped).
pub(super) fn restore(text: &str) -> String {
    text.chars().map(|c| literal(c).unwrap_or(c)).collect()
}

/// Placeholders back to characters as HTML text (`&lt;`, `&amp;`, `&gt;`),
/// for raw HTML kept as is.
pub(super) fn restore_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match literal(c) {
            Some('<') => out.push_str("&lt;"),
            Some('>') => out.push_str("&gt;"),
            Some('&') => out.push_str("&amp;"),
            Some(l) => out.push(l),
            None => out.push(c),
        }
    }
    out
}

/// Input as the steps expect it: `\n` line ends; control characters
/// (Quire refuses them in posts) as spaces; noncharacters (the
/// placeholders' range) as U+FFFD.
pub(super) fn clean_input(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push(' '),
            c if is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Unicode's noncharacters: U+FDD0–U+FDEF and the last two code points of
/// every plane.
pub(super) fn is_noncharacter(c: char) -> bool {
    let v = c as u32;
    (0xFDD0..=0xFDEF).contains(&v) || v & 0xFFFE == 0xFFFE
}
