//! "What to Read Next": which posts an article points to, and the short
//! excerpt each link shows.

use std::cmp::Ordering;
use std::collections::HashSet;

use crate::{Post, PostSummary};

/// How many related posts an article lists.
pub const MAX_RELATED: usize = 6;
/// Related summaries are cut at a word boundary near this many characters…
pub const EXCERPT_CHARS: usize = 110;
/// …and never longer than this (before the "...").
pub const EXCERPT_MAX: usize = 120;

/// Picks the related posts of `post` among `candidates`: first the
/// hand-picked ones (in `post.related` order), then those sharing the most
/// tags with it, newest first (ties by slug); never `post` itself; at most `max`.
pub fn choose_related<'a>(
    post: &Post,
    candidates: &'a [PostSummary],
    max: usize,
) -> Vec<&'a PostSummary> {
    let is_self = |c: &PostSummary| c.slug == post.slug || (post.id == Some(c.id));
    let mut chosen: Vec<&PostSummary> = Vec::with_capacity(max);
    for slug in &post.related {
        if chosen.len() >= max {
            return chosen;
        }
        if let Some(c) = candidates
            .iter()
            .find(|c| &c.slug == slug && !is_self(c) && !chosen.iter().any(|x| x.id == c.id))
        {
            chosen.push(c);
        }
    }
    let tags: HashSet<String> = post.tags.iter().map(|t| tag_key(t)).collect();
    let mut by_tags: Vec<(usize, &PostSummary)> = candidates
        .iter()
        .filter(|c| !is_self(c) && !chosen.iter().any(|x| x.id == c.id))
        .map(|c| (shared(&tags, &c.tags), c))
        .filter(|(n, _)| *n > 0)
        .collect();
    by_tags.sort_by(|a, b| rank(a.0, a.1, b.0, b.1));
    chosen.extend(
        by_tags
            .into_iter()
            .map(|(_, c)| c)
            .take(max.saturating_sub(chosen.len())),
    );
    chosen
}

/// Tags compare without regard to case ("AI" and "ai" are one tag).
pub fn tag_key(tag: &str) -> String {
    tag.trim().to_lowercase()
}

fn shared(tags: &HashSet<String>, other: &[String]) -> usize {
    let mut seen = HashSet::new();
    other
        .iter()
        .map(|t| tag_key(t))
        .filter(|t| tags.contains(t) && seen.insert(t.clone()))
        .count()
}

/// The order of tag-related posts: more shared tags, then newer, then slug.
pub fn rank(n_a: usize, a: &PostSummary, n_b: usize, b: &PostSummary) -> Ordering {
    n_b.cmp(&n_a)
        .then_with(|| b.display_date().cmp(&a.display_date()))
        .then_with(|| a.slug.cmp(&b.slug))
}

/// A summary cut for a "What to Read Next" card: whole when it fits in
/// [`EXCERPT_MAX`] characters, else cut at the last word boundary within
/// them (so the cut lands near [`EXCERPT_CHARS`]), trailing punctuation
/// dropped, and "..." added. A summary without a usable boundary is cut at
/// [`EXCERPT_CHARS`] characters.
pub fn excerpt(summary: &str) -> String {
    let summary = summary.trim();
    // One pass over the first EXCERPT_MAX + 1 characters (no buffer: every
    // page of a site export shows six of these): the byte offsets of the
    // last blank (with its character count) and of character EXCERPT_CHARS.
    let mut count = 0;
    let mut last_blank: Option<(usize, usize)> = None;
    let mut hard_cut = summary.len();
    for (n, (i, c)) in summary.char_indices().take(EXCERPT_MAX + 1).enumerate() {
        count = n + 1;
        if n == EXCERPT_CHARS {
            hard_cut = i;
        }
        if c.is_whitespace() {
            last_blank = Some((n, i));
        }
    }
    if count <= EXCERPT_MAX {
        return summary.to_string();
    }
    let cut = last_blank
        .filter(|&(n, _)| n >= EXCERPT_CHARS * 3 / 4)
        .map_or(hard_cut, |(_, i)| i);
    let head = summary[..cut].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-' | '–' | '—' | '(' | '…')
    });
    format!("{head}...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_end_at_a_word_like_the_seed() {
        let s = "Discover the intriguing tale of Microsoft's acquisition of GitHub and the harmonious impact it's had on the tech industry and beyond.";
        assert_eq!(
            excerpt(s),
            "Discover the intriguing tale of Microsoft's acquisition of GitHub and the harmonious impact it's had on the tech..."
        );
        assert_eq!(excerpt("Short one."), "Short one.");
        assert_eq!(excerpt(&"b".repeat(300)), format!("{}...", "b".repeat(110)));
        let long_word = format!("{} {}", "a".repeat(100), "b".repeat(300));
        assert_eq!(excerpt(&long_word), format!("{}...", "a".repeat(100)));
    }

    /// The first version (it collected the characters), kept as the reference.
    fn collected(summary: &str) -> String {
        let summary = summary.trim();
        let chars: Vec<(usize, char)> = summary.char_indices().take(EXCERPT_MAX + 1).collect();
        if chars.len() <= EXCERPT_MAX {
            return summary.to_string();
        }
        let cut = chars
            .iter()
            .enumerate()
            .rev()
            .find(|(_, (_, c))| c.is_whitespace())
            .filter(|(n, _)| *n >= EXCERPT_CHARS * 3 / 4)
            .map_or(chars[EXCERPT_CHARS].0, |(_, (i, _))| *i);
        let head = summary[..cut].trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-' | '–' | '—' | '(' | '…')
        });
        format!("{head}...")
    }

    #[test]
    fn excerpts_cut_where_the_collecting_version_did() {
        let words = [
            "a",
            "bé",
            "ccc,",
            "—",
            "dddddddddddd",
            "ü€",
            " ",
            "e.",
            "fff",
        ];
        for seed in 0..2_000usize {
            let mut s = String::new();
            let mut x = seed;
            while s.chars().count() < 60 + seed % 120 {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push_str(words[(x >> 33) % words.len()]);
                if (x >> 20) % 3 != 0 {
                    s.push(' ');
                }
            }
            assert_eq!(excerpt(&s), collected(&s), "{s:?}");
        }
    }
}
