//! Character references in text (`&lt;`, `&#42;`), decoded before the HTML
//! parser sees them when they name a character that can be Markdown syntax
//! (it then travels as a placeholder, see [`super::text`]) or one Quire
//! refuses (a control character, which becomes a space). Every other
//! reference is left for the parser, which knows all 2,231 names.

use super::text::{is_noncharacter, placeholder, push_text};

/// References to the characters of [`super::text`]'s special set, plus `(`
/// (harmless, and cheaper decoded here than looked up twice).
const SPECIAL_NAMES: [(&str, char); 31] = [
    ("amp", '&'),
    ("AMP", '&'),
    ("ast", '*'),
    ("bsol", '\\'),
    ("DiacriticalGrave", '`'),
    ("equals", '='),
    ("excl", '!'),
    ("grave", '`'),
    ("gt", '>'),
    ("GT", '>'),
    ("lbrace", '{'),
    ("lbrack", '['),
    ("lcub", '{'),
    ("lowbar", '_'),
    ("lpar", '('),
    ("lsqb", '['),
    ("lt", '<'),
    ("LT", '<'),
    ("midast", '*'),
    ("num", '#'),
    ("period", '.'),
    ("plus", '+'),
    ("rbrace", '}'),
    ("rbrack", ']'),
    ("rcub", '}'),
    ("rpar", ')'),
    ("rsqb", ']'),
    ("UnderBar", '_'),
    ("verbar", '|'),
    ("vert", '|'),
    ("VerticalLine", '|'),
];

/// Names the parser also accepts without `;` (`&amp` in `AT&ampT`).
const LEGACY: [(&str, char); 6] = [
    ("amp", '&'),
    ("AMP", '&'),
    ("lt", '<'),
    ("LT", '<'),
    ("gt", '>'),
    ("GT", '>'),
];

/// Longer names that start like a legacy one: `&ltcir;` is ⩹, not `<cir;`.
const LONGER: [&str; 23] = [
    "ltcc",
    "ltcir",
    "ltdot",
    "lthree",
    "ltimes",
    "ltlarr",
    "ltquest",
    "ltri",
    "ltrie",
    "ltrif",
    "ltrPar",
    "gtcc",
    "gtcir",
    "gtdot",
    "gtlPar",
    "gtquest",
    "gtrapprox",
    "gtrarr",
    "gtrdot",
    "gtreqless",
    "gtreqqless",
    "gtrless",
    "gtrsim",
];

/// Windows-1252's characters for references to U+0080–U+009F, as the HTML
/// parser maps them; `None` where it keeps the control character.
const WINDOWS_1252: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Appends `raw` (the source of a text node, references undecoded) to
/// `out` with special characters as placeholders, whether written as
/// themselves or as references.
pub(super) fn decode_text(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(at) = rest.find(|c: char| c.is_ascii_punctuation()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            rest = reference(rest, out);
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            push_text(out, c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.push_str(rest);
}

/// Decodes the reference at the start of `s` (which starts with `&`) onto
/// `out`, or copies what the parser should decode; returns what follows.
fn reference<'a>(s: &'a str, out: &mut String) -> &'a str {
    let after = &s[1..];
    if let Some(number) = after.strip_prefix('#') {
        return numeric(number, out).unwrap_or_else(|| {
            push_text(out, '&');
            after
        });
    }
    let name_len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &after[..name_len];
    let terminated = after[name_len..].starts_with(';');
    if terminated {
        if let Some(&(_, c)) = SPECIAL_NAMES.iter().find(|(n, _)| *n == name) {
            push_text(out, c);
            return &after[name_len + 1..];
        }
        if LONGER.contains(&name) {
            out.push_str(&s[..name_len + 2]);
            return &after[name_len + 1..];
        }
    }
    if let Some(&(legacy, c)) = LEGACY.iter().find(|(n, _)| name.starts_with(n)) {
        push_text(out, c);
        return &after[legacy.len()..];
    }
    if name.is_empty() {
        push_text(out, '&');
    } else {
        // Maybe a name the parser knows, maybe not: either way the result
        // is no special character (an unknown one stays `&name;`, which
        // CommonMark does not decode either).
        out.push('&');
    }
    after
}

/// Decodes `&#…` after the `#`; `None` when no digits follow.
fn numeric<'a>(s: &'a str, out: &mut String) -> Option<&'a str> {
    let (digits, radix) = match s.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (s, 10),
    };
    let len = digits
        .bytes()
        .take_while(|b| (*b as char).is_digit(radix))
        .count();
    if len == 0 {
        return None;
    }
    let value = digits[..len].chars().fold(0u32, |v, d| {
        v.saturating_mul(radix)
            .saturating_add(d.to_digit(radix).unwrap_or(0))
            .min(0x11_0000)
    });
    let c = match value {
        0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{FFFD}',
        0x80..=0x9F => WINDOWS_1252[(value - 0x80) as usize].unwrap_or(' '),
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    };
    let c = if c.is_control() && c != '\t' && c != '\n' {
        ' '
    } else if is_noncharacter(c) {
        '\u{FFFD}'
    } else {
        c
    };
    match placeholder(c) {
        Some(p) => out.push(p),
        // The character itself is safe in text: `<` and `&` are special.
        None => out.push(c),
    }
    let rest = &digits[len..];
    Some(rest.strip_prefix(';').unwrap_or(rest))
}
