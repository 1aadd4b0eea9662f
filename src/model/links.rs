//! Links between posts. A post links to another as `quire:post/ID`
//! (optionally `#fragment`): by id, so the link survives the target's slug
//! changing. The renderer turns each into the address the target has in
//! the output at hand; the importer writes them for links between the
//! posts it brings in.

/// The URL scheme and path prefix of an internal link.
pub const PREFIX: &str = "quire:post/";

/// An internal link's target: the post's id and the fragment, if any
/// (`quire:post/12#setup` → `(12, Some("setup"))`). `None` for any other URL.
pub fn parse(url: &str) -> Option<(i64, Option<&str>)> {
    let rest = url.strip_prefix(PREFIX)?;
    let (id, fragment) = match rest.split_once('#') {
        Some((id, f)) => (id, Some(f)),
        None => (rest, None),
    };
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((id.parse().ok()?, fragment))
}

/// The internal link to post `id`.
pub fn to(id: i64) -> String {
    format!("{PREFIX}{id}")
}

/// The ids of the posts `markdown` links to, in order of first appearance,
/// each once.
pub fn targets(markdown: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let mut rest = markdown;
    while let Some(i) = rest.find(PREFIX) {
        rest = &rest[i + PREFIX.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(id) = rest[..digits].parse::<i64>()
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_internal_links() {
        assert_eq!(parse("quire:post/12"), Some((12, None)));
        assert_eq!(parse("quire:post/12#setup"), Some((12, Some("setup"))));
        assert_eq!(parse("quire:post/"), None);
        assert_eq!(parse("quire:post/1x"), None);
        assert_eq!(parse("https://example.com/quire:post/1"), None);
    }

    #[test]
    fn finds_each_target_once() {
        let md = "[a](quire:post/3) [b](quire:post/12#x) [c](quire:post/3) quire:post/z";
        assert_eq!(targets(md), vec![3, 12]);
    }
}
