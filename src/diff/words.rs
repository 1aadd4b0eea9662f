//! Two texts compared word by word (Unicode word boundaries, so a comma or
//! an Arabic word is its own token): runs of equal, inserted and deleted
//! tokens, whitespace kept, so the equal and deleted runs spell the old
//! text and the equal and inserted runs the new one. A long equal run says
//! how to show it folded (its first and last words).

use std::time::Duration;

use similar::{ChangeTag, DiffableStr, TextDiff};

use super::{Fold, Op, OpKind};

/// An equal run longer than this many words is folded…
const FOLD_OVER: usize = 40;
/// …to this many words at each end that has a change beyond it.
const KEEP: usize = 12;
/// A pathological pair of texts gets an approximate (still exact to apply)
/// diff rather than a stalled window.
const TIMEOUT: Duration = Duration::from_millis(500);

/// The runs that turn `before` into `after`.
pub fn ops(before: &str, after: &str) -> Vec<Op> {
    if before == after {
        return if before.is_empty() {
            Vec::new()
        } else {
            finish(vec![(OpKind::Equal, vec![before])])
        };
    }
    let diff = TextDiff::configure()
        .timeout(TIMEOUT)
        .diff_unicode_words(before, after);
    let mut runs: Vec<(OpKind, Vec<&str>)> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => OpKind::Equal,
            ChangeTag::Insert => OpKind::Insert,
            ChangeTag::Delete => OpKind::Delete,
        };
        match runs.last_mut() {
            Some((last, tokens)) if *last == kind => tokens.push(change.value()),
            _ => runs.push((kind, vec![change.value()])),
        }
    }
    finish(runs)
}

/// How many of their words `before` and `after` share, 0 (none) to 1
/// (all; spaces and punctuation do not count).
pub fn likeness(before: &str, after: &str) -> f32 {
    let (old, new) = (word_list(before), word_list(after));
    TextDiff::configure()
        .timeout(TIMEOUT)
        .diff_slices(&old, &new)
        .ratio()
}

fn word_list(text: &str) -> Vec<&str> {
    let mut words = text.tokenize_unicode_words();
    words.retain(|t| is_word(t));
    words
}

/// Whether a token is a word (not a space or a punctuation mark).
fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Counts the words of a text the way the diff does.
pub fn count(text: &str) -> usize {
    word_list(text).len()
}

fn finish(runs: Vec<(OpKind, Vec<&str>)>) -> Vec<Op> {
    let last = runs.len().saturating_sub(1);
    runs.into_iter()
        .enumerate()
        .map(|(i, (kind, tokens))| {
            let words = tokens.iter().filter(|t| is_word(t)).count();
            let fold = (kind == OpKind::Equal && words > FOLD_OVER)
                .then(|| fold(&tokens, words, i > 0, i < last));
            Op {
                kind,
                text: tokens.concat(),
                words,
                fold,
            }
        })
        .collect()
}

/// The folded form of an equal run of `words` words: `KEEP` words kept
/// after a change before it (`head`) and before a change after it (`tail`).
fn fold(tokens: &[&str], words: usize, head: bool, tail: bool) -> Fold {
    let head_end = if head { after_words(tokens, KEEP) } else { 0 };
    let tail_start = if tail {
        tokens.len() - after_words_rev(tokens, KEEP)
    } else {
        tokens.len()
    };
    let kept = |part: &[&str]| part.iter().filter(|t| is_word(t)).count();
    Fold {
        head: tokens[..head_end].concat(),
        tail: tokens[tail_start..].concat(),
        hidden_words: words - kept(&tokens[..head_end]) - kept(&tokens[tail_start..]),
    }
}

/// How many tokens from the start hold the first `n` words (and what
/// follows the last of them up to the next word).
fn after_words(tokens: &[&str], n: usize) -> usize {
    let mut seen = 0;
    for (i, t) in tokens.iter().enumerate() {
        if is_word(t) {
            if seen == n {
                return i;
            }
            seen += 1;
        }
    }
    tokens.len()
}

/// How many tokens from the end hold the last `n` words (and what precedes
/// the first of them back to the previous word).
fn after_words_rev(tokens: &[&str], n: usize) -> usize {
    let mut seen = 0;
    for (i, t) in tokens.iter().rev().enumerate() {
        if is_word(t) {
            if seen == n {
                return i;
            }
            seen += 1;
        }
    }
    tokens.len()
}
