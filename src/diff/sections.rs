//! Which section of the revision became which section of the current post,
//! and what changed in each. Sections are paired, one to one, first where
//! both heading and body are the same, then by the same heading, then by
//! what their text shares (the closest in position first among equals); a
//! section left over was added or removed. A paired section that left the
//! order of the others is "moved" (the fewest sections that explain the
//! new order, by a diff of the order itself).

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::words::{likeness, ops};
use super::{Change, ItemDiff, SectionDiff};
use crate::Section;

/// Sections sharing less than this much of their text are not the same one.
const ALIKE: f32 = 0.4;
/// Past this many unpaired sections on a side, only their position pairs them.
const MAX_COMPARED: usize = 60;

/// The sections of `after` in order, each removed one of `before` placed
/// after the last (in `after`) of the sections that preceded it there.
pub fn sections(before: &[Section], after: &[Section]) -> Vec<SectionDiff> {
    let pairs = pair(before, after);
    let moved = moved(&pairs, after.len());
    let old_of: Vec<Option<usize>> = {
        let mut v = vec![None; after.len()];
        for (o, n) in pairs
            .iter()
            .enumerate()
            .filter_map(|(o, n)| n.map(|n| (o, n)))
        {
            v[n] = Some(o);
        }
        v
    };
    // Removed sections, by the position in `after` they come after (None: first).
    let mut removed: Vec<(Option<usize>, usize)> = Vec::new();
    for (o, n) in pairs.iter().enumerate() {
        if n.is_none() {
            let anchor = pairs[..o].iter().flatten().max().copied();
            removed.push((anchor, o));
        }
    }
    let gone = |anchor: Option<usize>| {
        removed
            .iter()
            .filter(move |(a, _)| *a == anchor)
            .map(|&(_, o)| one(Some((o, &before[o])), None, false))
    };
    let mut out: Vec<SectionDiff> = gone(None).collect();
    for (n, section) in after.iter().enumerate() {
        let old = old_of[n].map(|o| (o, &before[o]));
        out.push(one(old, Some((n, section)), moved[n]));
        out.extend(gone(Some(n)));
    }
    out
}

/// The diff of one section (either side may be missing).
fn one(
    before: Option<(usize, &Section)>,
    after: Option<(usize, &Section)>,
    moved: bool,
) -> SectionDiff {
    fn text(s: Option<(usize, &Section)>) -> (&str, &str) {
        s.map_or(("", ""), |(_, s)| (&s.heading, &s.body))
    }
    let (old_heading, old_body) = text(before);
    let (new_heading, new_body) = text(after);
    let heading = ops(old_heading, new_heading);
    let body = ops(old_body, new_body);
    let change = match (before, after) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ if old_heading == new_heading && old_body == new_body => Change::Same,
        _ => Change::Changed,
    };
    SectionDiff {
        change,
        moved,
        before: before.map(|(i, _)| i),
        after: after.map(|(i, _)| i),
        heading,
        body,
    }
}

/// Sections paired so far: each old one's new one, and which new ones are taken.
struct Pairs {
    to_new: Vec<Option<usize>>,
    taken: Vec<bool>,
}

impl Pairs {
    fn link(&mut self, o: usize, n: usize) {
        self.to_new[o] = Some(n);
        self.taken[n] = true;
    }

    fn free(&self, o: usize, n: usize) -> bool {
        self.to_new[o].is_none() && !self.taken[n]
    }
}

/// For each section of `before`, the section of `after` it became.
fn pair(before: &[Section], after: &[Section]) -> Vec<Option<usize>> {
    let mut p = Pairs {
        to_new: vec![None; before.len()],
        taken: vec![false; after.len()],
    };
    type Same = fn(&Section, &Section) -> bool;
    let passes: [Same; 2] = [
        |a, b| a == b,
        |a, b| !a.heading.trim().is_empty() && a.heading.trim() == b.heading.trim(),
    ];
    for same in passes {
        for (n, section) in after.iter().enumerate() {
            // The nearest unpaired section that is the same.
            let found = (0..before.len())
                .filter(|&o| p.free(o, n) && same(&before[o], section))
                .min_by_key(|&o| o.abs_diff(n));
            if let Some(o) = found {
                p.link(o, n);
            }
        }
    }
    let old_left: Vec<usize> = (0..before.len())
        .filter(|&o| p.to_new[o].is_none())
        .collect();
    let new_left: Vec<usize> = (0..after.len()).filter(|&n| !p.taken[n]).collect();
    if old_left.len() > MAX_COMPARED || new_left.len() > MAX_COMPARED {
        for (&o, &n) in old_left.iter().zip(&new_left) {
            p.link(o, n);
        }
        return p.to_new;
    }
    let full = |s: &Section| format!("{}\n{}", s.heading, s.body);
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for &o in &old_left {
        for &n in &new_left {
            let alike = likeness(&full(&before[o]), &full(&after[n]));
            if alike >= ALIKE {
                candidates.push((alike, o, n));
            }
        }
    }
    // The most alike first; among equals the nearest in position.
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.abs_diff(a.2).cmp(&b.1.abs_diff(b.2)))
    });
    for (_, o, n) in candidates {
        if p.free(o, n) {
            p.link(o, n);
        }
    }
    p.to_new
}

/// For each section of `after`: whether it is a paired one that moved.
fn moved(pairs: &[Option<usize>], after_len: usize) -> Vec<bool> {
    // The paired sections' old positions, in the order the revision had them
    // and in the order the current post has them.
    let in_old_order: Vec<usize> = pairs
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_some())
        .map(|(o, _)| o)
        .collect();
    let mut by_new: Vec<(usize, usize)> = pairs
        .iter()
        .enumerate()
        .filter_map(|(o, n)| n.map(|n| (n, o)))
        .collect();
    by_new.sort_unstable();
    let in_new_order: Vec<usize> = by_new.iter().map(|&(_, o)| o).collect();
    let mut moved = vec![false; after_len];
    for op in capture_diff_slices(Algorithm::Myers, &in_old_order, &in_new_order) {
        if op.tag() != DiffTag::Equal {
            for i in op.new_range() {
                moved[by_new[i].0] = true;
            }
        }
    }
    moved
}

/// The takeaways of `before` against those of `after`, in the order of the
/// diff of the two lists; a replaced one is diffed word by word.
pub fn takeaways(before: &[String], after: &[String]) -> Vec<ItemDiff> {
    let mut out = Vec::new();
    let item = |change, b: Option<usize>, a: Option<usize>| ItemDiff {
        change,
        before: b,
        after: a,
        ops: ops(
            b.map_or("", |i| before[i].as_str()),
            a.map_or("", |i| after[i].as_str()),
        ),
    };
    for op in capture_diff_slices(Algorithm::Myers, before, after) {
        let (olds, news) = (op.old_range(), op.new_range());
        let paired = olds.len().min(news.len());
        for k in 0..olds.len().max(news.len()) {
            let (b, a) = (olds.start + k, news.start + k);
            out.push(match op.tag() {
                DiffTag::Equal => item(Change::Same, Some(b), Some(a)),
                _ if k < paired => item(Change::Changed, Some(b), Some(a)),
                _ if k < olds.len() => item(Change::Removed, Some(b), None),
                _ => item(Change::Added, None, Some(a)),
            });
        }
    }
    out
}
