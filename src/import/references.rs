//! The files a post's text refers to: images (`![](x)`, `<img src>`,
//! Hugo's `{{< figure src >}}`) and links or reference definitions to
//! files, found line by line outside code, with Liquid and Hugo templates
//! in a destination taken whole — what a Markdown parser would not keep
//! (its events drop the line and the template around a destination).

use std::path::PathBuf;

/// Tags and shortcodes whose `src=` is a file the post shows.
const SRC_TAGS: [&str; 7] = [
    "img", "video", "audio", "source", "figure", "image", "gallery",
];

pub(super) enum Target {
    Skip,
    Remote,
    Local(Option<PathBuf>),
    Outside,
}

/// A reference in a post's text, with its line in the file.
pub(super) struct Ref<'a> {
    pub text: &'a str,
    pub line: Option<usize>,
    pub image: bool,
}

/// Collects images (`![](x)`, `<img src>`, `{{< figure src >}}`) and links
/// or reference definitions to files, outside code.
pub(super) fn references<'a>(body: &'a str, first_line: usize, out: &mut Vec<Ref<'a>>) {
    let mut fence: Option<&str> = None;
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        if let Some(close) = fence {
            if t.starts_with(close) {
                fence = None;
            }
            continue;
        }
        fence = [
            ("```", "```"),
            ("~~~", "~~~"),
            ("{% highlight", "{% endhighlight"),
            ("{{< highlight", "{{< /highlight"),
        ]
        .into_iter()
        .find(|(open, _)| t.starts_with(open))
        .map(|(_, close)| close);
        if fence.is_some() {
            continue;
        }
        let line_no = Some(first_line + i);
        let masked = mask_code(line);
        let m: &str = &masked;
        let mut add = |at: usize, end: usize, image: bool| {
            let text = line[at..end].trim();
            if !text.is_empty() {
                out.push(Ref {
                    text,
                    line: line_no,
                    image,
                });
            }
        };
        let lead = m.len() - m.trim_start().len();
        if m[lead..].starts_with('[')
            && !m[lead..].starts_with("[^")
            && lead < 4
            && let Some(colon) = m.find("]:")
        {
            let at = colon + 2 + (m[colon + 2..].len() - m[colon + 2..].trim_start().len());
            let (s, e) = destination(m, at);
            add(s, e, false);
        }
        for (p, _) in m.match_indices("](") {
            let image = opening_bracket(m, p).is_some_and(|o| o > 0 && m.as_bytes()[o - 1] == b'!');
            let (s, e) = destination(m, p + 2);
            add(s, e, image);
        }
        for (p, _) in m.match_indices("src=") {
            if p > 0 && !matches!(m.as_bytes()[p - 1], b' ' | b'\t' | b'(' | b',')
                || !src_tag(&m[..p])
            {
                continue;
            }
            let v = p + 4;
            let (s, e) = match m.as_bytes().get(v) {
                Some(q @ (b'"' | b'\'')) => (
                    v + 1,
                    m[v + 1..].find(*q as char).map_or(m.len(), |j| v + 1 + j),
                ),
                _ => (
                    v,
                    m[v..].find([' ', '>', '}', ')']).map_or(m.len(), |j| v + j),
                ),
            };
            add(s, e, true);
        }
    }
}

/// Whether the tag or shortcode around a `src=` shows a file.
fn src_tag(before: &str) -> bool {
    let name = match (before.rfind('<'), before.rfind("{{")) {
        (a, Some(b)) if a.is_none_or(|a| a <= b + 2) => {
            before[b + 2..].trim_start_matches(['<', '%', '-', ' '])
        }
        (Some(a), _) => &before[a + 1..],
        _ => return false,
    };
    let name: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    SRC_TAGS.contains(&name.to_ascii_lowercase().as_str())
}

/// The `[` that the `]` at `close` ends.
fn opening_bracket(line: &str, close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in line.as_bytes()[..close].iter().enumerate().rev() {
        match b {
            b']' => depth += 1,
            b'[' if depth == 0 => return Some(i),
            b'[' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A link destination starting at `at`: `<…>`, or up to a space or an
/// unmatched `)`, with `{{ … }}` (Liquid, Hugo) taken whole.
fn destination(line: &str, at: usize) -> (usize, usize) {
    let b = line.as_bytes();
    let at = at + line[at..].len() - line[at..].trim_start().len();
    if b.get(at) == Some(&b'<') {
        return (at + 1, line[at..].find('>').map_or(line.len(), |j| at + j));
    }
    let (mut i, mut depth) = (at, 0usize);
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => {
                i = line[i..].find("}}").map_or(b.len(), |j| i + j + 1)
            }
            b' ' | b'\t' => break,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    (at, i.min(b.len()))
}

/// The line with inline code spans blanked, so `![x](y)` in code is no
/// reference; positions stay those of the line.
fn mask_code(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('`') {
        return line.into();
    }
    let b = line.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|c| **c == b'`').count();
        let mut j = i + run;
        let close = loop {
            match b[j.min(b.len())..].iter().position(|c| *c == b'`') {
                None => break None,
                Some(k) => {
                    let start = j + k;
                    let len = b[start..].iter().take_while(|c| **c == b'`').count();
                    if len == run {
                        break Some(start + len);
                    }
                    j = start + len;
                }
            }
        };
        match close {
            Some(end) => {
                out[i..end].fill(b' ');
                i = end;
            }
            None => i += run,
        }
    }
    String::from_utf8(out).map_or(line.into(), Into::into)
}

/// `{{ site.baseurl }}/a.png` → `/a.png`; `{{ "/a.png" | relative_url }}` → `/a.png`.
pub(super) fn strip_templates(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find("}}") else { break };
        let inner = rest[i + 2..i + j].trim();
        if inner.contains('|')
            && let Some(q) = inner.chars().next().filter(|c| matches!(c, '"' | '\''))
            && let Some(end) = inner[1..].find(q)
        {
            out.push_str(&inner[1..1 + end]);
        }
        rest = &rest[i + j + 2..];
    }
    out.push_str(rest);
    out
}

/// The extension of a URL's last segment, lower-cased.
pub(super) fn url_ext(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    match last.rsplit_once('.') {
        Some((_, e))
            if !e.is_empty() && e.len() <= 5 && e.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            e.to_ascii_lowercase()
        }
        _ => String::new(),
    }
}

pub(super) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%')
            .then(|| s.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
