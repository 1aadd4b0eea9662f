//! What changed between two versions of a post — a stored revision and the
//! post as the window holds it now (which may be unsaved, so both come in
//! as posts): the title and summary word by word, the other fields as
//! whole values, the sections paired and diffed word by word (added,
//! removed and moved ones said as such), the takeaways, and a count for a
//! one-line summary ("+120 −34 words, 2 sections changed").
//!
//! Words are Unicode words (`similar`'s word diff on UAX #29 boundaries),
//! whitespace and punctuation kept as their own runs: the equal and deleted
//! runs of a list of [`Op`]s spell the old text exactly, the equal and
//! inserted runs the new one ([`apply`]).

mod fields;
mod sections;
mod words;

use serde::{Deserialize, Serialize};

use crate::Post;

pub use words::count as count_words;

/// Everything that differs from `before` (a revision) to `after` (the
/// current post).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostDiff {
    /// The title word by word; `None` when it is the same.
    pub title: Option<Vec<Op>>,
    /// The summary word by word; `None` when it is the same.
    pub summary: Option<Vec<Op>>,
    /// The other fields that differ.
    pub fields: Vec<FieldChange>,
    /// Every section of either version, in the current post's order (a
    /// removed one after the section it followed).
    pub sections: Vec<SectionDiff>,
    /// Every takeaway of either version, in order.
    pub takeaways: Vec<ItemDiff>,
    pub changes: Changes,
}

/// One run of a word diff: text as it is in both versions, or only in the
/// new one (inserted), or only in the old one (deleted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub kind: OpKind,
    /// The run's text, whitespace and punctuation as written.
    pub text: String,
    /// How many words it holds.
    pub words: usize,
    /// For a long equal run: how to show it folded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fold: Option<Fold>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    Equal,
    Insert,
    Delete,
}

/// A long unchanged run shown as its first words, a count, and its last
/// words: `head`, then `hidden_words` words, then `tail` make up `text`.
/// `head` is empty at the start of a text, `tail` at its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fold {
    pub head: String,
    pub hidden_words: usize,
    pub tail: String,
}

/// A field other than the text that differs, as it was and as it is
/// (lists joined with ", ", dates in RFC 3339, "" for none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The post JSON's name for it (`cover_alt` etc. for the cover's parts).
    pub field: String,
    /// What the editor calls it ("Publish date").
    pub label: String,
    pub before: String,
    pub after: String,
}

/// What became of a section or a takeaway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Changed,
    Added,
    Removed,
}

/// One section in both versions (or in one of them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionDiff {
    pub change: Change,
    /// A section in both versions whose place among the others changed.
    pub moved: bool,
    /// Its index in the revision (from 0), if it is there.
    pub before: Option<usize>,
    /// Its index in the current post (from 0), if it is there.
    pub after: Option<usize>,
    pub heading: Vec<Op>,
    pub body: Vec<Op>,
}

/// One takeaway in both versions (or in one of them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDiff {
    pub change: Change,
    pub before: Option<usize>,
    pub after: Option<usize>,
    pub ops: Vec<Op>,
}

/// The counts for a one-line summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// Words in the current post that the revision does not have.
    pub inserted: usize,
    /// Words of the revision that the current post does not have.
    pub deleted: usize,
    /// Sections changed, added, removed or moved.
    pub sections: usize,
    /// The other parts that differ, as the editor calls them ("title",
    /// "takeaways", "status"…).
    pub parts: Vec<String>,
    /// "+120 −34 words, 2 sections changed, status changed", or "No changes".
    pub summary: String,
}

/// What changed from `before` (a stored revision) to `after` (the post now).
pub fn diff(before: &Post, after: &Post) -> PostDiff {
    let text = |b: &str, a: &str| (b != a).then(|| words::ops(b, a));
    let title = text(&before.title, &after.title);
    let summary = text(&before.summary, &after.summary);
    let fields = fields::fields(before, after);
    let sections = sections::sections(&before.sections, &after.sections);
    let takeaways = sections::takeaways(&before.takeaways, &after.takeaways);
    let changes = changes(&title, &summary, &fields, &sections, &takeaways);
    PostDiff {
        title,
        summary,
        fields,
        sections,
        takeaways,
        changes,
    }
}

/// The old text (equal and deleted runs) and the new one (equal and
/// inserted runs) of a word diff.
pub fn apply(ops: &[Op]) -> (String, String) {
    let mut old = String::new();
    let mut new = String::new();
    for op in ops {
        match op.kind {
            OpKind::Equal => {
                old.push_str(&op.text);
                new.push_str(&op.text);
            }
            OpKind::Delete => old.push_str(&op.text),
            OpKind::Insert => new.push_str(&op.text),
        }
    }
    (old, new)
}

fn changes(
    title: &Option<Vec<Op>>,
    summary: &Option<Vec<Op>>,
    fields: &[FieldChange],
    sections: &[SectionDiff],
    takeaways: &[ItemDiff],
) -> Changes {
    let all_ops = title
        .iter()
        .flatten()
        .chain(summary.iter().flatten())
        .chain(
            sections
                .iter()
                .flat_map(|s| s.heading.iter().chain(&s.body)),
        )
        .chain(takeaways.iter().flat_map(|t| &t.ops));
    let (mut inserted, mut deleted) = (0, 0);
    for op in all_ops {
        match op.kind {
            OpKind::Insert => inserted += op.words,
            OpKind::Delete => deleted += op.words,
            OpKind::Equal => {}
        }
    }
    let sections = sections
        .iter()
        .filter(|s| s.change != Change::Same || s.moved)
        .count();
    let mut parts: Vec<String> = Vec::new();
    if title.is_some() {
        parts.push("title".into());
    }
    if summary.is_some() {
        parts.push("summary".into());
    }
    if takeaways.iter().any(|t| t.change != Change::Same) {
        parts.push("takeaways".into());
    }
    parts.extend(fields.iter().map(|f| f.label.to_lowercase()));
    let summary = summary_line(inserted, deleted, sections, &parts);
    Changes {
        inserted,
        deleted,
        sections,
        parts,
        summary,
    }
}

fn summary_line(inserted: usize, deleted: usize, sections: usize, parts: &[String]) -> String {
    let mut line = Vec::new();
    if inserted + deleted > 0 {
        line.push(format!("+{inserted} −{deleted} words"));
    }
    match sections {
        0 => {}
        1 => line.push("1 section changed".into()),
        n => line.push(format!("{n} sections changed")),
    }
    if !parts.is_empty() {
        line.push(format!("{} changed", parts.join(", ")));
    }
    if line.is_empty() {
        "No changes".into()
    } else {
        line.join(", ")
    }
}
