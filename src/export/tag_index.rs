//! "What to Read Next" for a whole site at once: the same choice as
//! [`crate::render::choose_related`], made for every exported post without
//! comparing every pair.
//!
//! Each tag has a posting list of the posts carrying it (indices in the
//! site's order: newest first, then slug, so a lower index ranks first among
//! posts sharing as many tags). A tag carried by many posts keeps its list
//! as a bitset. For one post, the number of tags every other post shares
//! with it is added up in bit-sliced counters — plane `p` holds bit `p` of
//! each post's count — so a common tag costs one add per 64 posts instead
//! of one per post; then the counters are read from the highest count down,
//! lowest index first, until enough posts are found.

use std::collections::HashMap;

use crate::render::related::{MAX_RELATED, tag_key};
use crate::{Post, PostSummary};

/// The posts carrying one tag.
enum Postings {
    /// Ascending post indices (a tag on fewer posts than there are words in
    /// a bitset).
    Sparse(Vec<u32>),
    /// One bit per post.
    Dense(Vec<u64>),
}

/// Which posts carry which tags, for choosing related posts.
pub(super) struct TagIndex<'a> {
    by_slug: HashMap<&'a str, u32>,
    tag_ids: HashMap<String, u32>,
    postings: Vec<Postings>,
    /// Words in a bitset over all posts.
    words: usize,
}

/// Scratch space for [`TagIndex::related`], one per thread.
#[derive(Default)]
pub(super) struct Counters {
    planes: Vec<u64>,
}

impl<'a> TagIndex<'a> {
    pub(super) fn new(posts: &'a [PostSummary]) -> Self {
        let words = posts.len().div_ceil(64);
        let mut tag_ids = HashMap::new();
        let mut lists: Vec<Vec<u32>> = Vec::new();
        for (i, p) in posts.iter().enumerate() {
            let mut mine: Vec<u32> = Vec::with_capacity(p.tags.len());
            for t in &p.tags {
                let next = lists.len() as u32;
                let id = *tag_ids.entry(tag_key(t)).or_insert(next);
                if id == next {
                    lists.push(Vec::new());
                }
                if !mine.contains(&id) {
                    mine.push(id);
                    lists[id as usize].push(i as u32);
                }
            }
        }
        let postings = lists
            .into_iter()
            .map(|list| {
                if list.len() < words {
                    return Postings::Sparse(list);
                }
                let mut bits = vec![0u64; words];
                for i in list {
                    bits[i as usize / 64] |= 1 << (i % 64);
                }
                Postings::Dense(bits)
            })
            .collect();
        let by_slug = posts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.as_str(), i as u32))
            .collect();
        TagIndex {
            by_slug,
            tag_ids,
            postings,
            words,
        }
    }

    /// The related posts of `post` among the exported ones (their indices):
    /// its hand-picked
    /// ones first, then those sharing the most tags with it, lower index
    /// (newer) first; never itself; at most [`MAX_RELATED`].
    pub(super) fn related(&self, post: &Post, counters: &mut Counters) -> Vec<u32> {
        let me = self.by_slug.get(post.slug.as_str()).copied();
        let mut chosen: Vec<u32> = Vec::with_capacity(MAX_RELATED);
        for s in &post.related {
            if chosen.len() == MAX_RELATED {
                break;
            }
            if let Some(&i) = self.by_slug.get(s.as_str())
                && Some(i) != me
                && !chosen.contains(&i)
            {
                chosen.push(i);
            }
        }
        let mut tags: Vec<u32> = Vec::with_capacity(post.tags.len());
        for t in &post.tags {
            if let Some(&id) = self.tag_ids.get(&tag_key(t))
                && !tags.contains(&id)
            {
                tags.push(id);
            }
        }
        let want = MAX_RELATED - chosen.len();
        if want > 0 && !tags.is_empty() {
            let by_tags = self.sharing_most(&tags, me.iter().chain(&chosen), want, counters);
            chosen.extend(by_tags);
        }
        chosen
    }

    /// Up to `want` posts carrying any of `tags` (distinct tag ids), the
    /// most shared first, lower index first; never one of `skip`.
    fn sharing_most<'s>(
        &self,
        tags: &[u32],
        skip: impl Iterator<Item = &'s u32>,
        want: usize,
        counters: &mut Counters,
    ) -> Vec<u32> {
        let words = self.words;
        // A count is at most tags.len(): enough planes to hold it.
        let planes = (usize::BITS - tags.len().leading_zeros()) as usize;
        let cells = &mut counters.planes;
        cells.clear();
        cells.resize(planes * words, 0);
        let mut add = |w: usize, mut carry: u64| {
            for p in 0..planes {
                if carry == 0 {
                    break;
                }
                let cell = &mut cells[p * words + w];
                let next = *cell & carry;
                *cell ^= carry;
                carry = next;
            }
        };
        for &t in tags {
            match &self.postings[t as usize] {
                Postings::Dense(bits) => {
                    for (w, &b) in bits.iter().enumerate() {
                        add(w, b);
                    }
                }
                Postings::Sparse(list) => {
                    for &i in list {
                        add(i as usize / 64, 1 << (i % 64));
                    }
                }
            }
        }
        for &i in skip {
            for p in 0..planes {
                cells[p * words + i as usize / 64] &= !(1 << (i % 64));
            }
        }
        let mut found = Vec::with_capacity(want);
        for count in (1..=tags.len()).rev() {
            for w in 0..words {
                let mut mask = !0u64;
                for p in 0..planes {
                    let plane = cells[p * words + w];
                    mask &= if count >> p & 1 == 1 { plane } else { !plane };
                }
                while mask != 0 {
                    found.push((w * 64) as u32 + mask.trailing_zeros());
                    if found.len() == want {
                        return found;
                    }
                    mask &= mask - 1;
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;
    use chrono::{TimeZone, Utc};

    fn summary(i: usize, tags: Vec<String>) -> PostSummary {
        let t = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap()
            + chrono::Duration::days((i * 7 % 50) as i64);
        PostSummary {
            id: i as i64,
            slug: format!("p-{i}"),
            title: format!("P {i}"),
            summary: String::new(),
            author: String::new(),
            category: String::new(),
            tags,
            status: Status::Published,
            publish_at: Some(t),
            created_at: t,
            updated_at: t,
            revision: 1,
            deleted_at: None,
        }
    }

    #[test]
    fn chooses_like_choose_related() {
        // Common tags (bitsets) and rare ones (lists), repeated and
        // differently cased tags, hand-picked, unknown and self relations.
        let pool = ["a", "B", "c", "d", "e", "f", "g"];
        let mut posts: Vec<PostSummary> = (0..300)
            .map(|i| {
                let mut tags: Vec<String> = (0..1 + i % 4)
                    .map(|k| pool[(i * (k + 3) + k * k) % (1 + (i + k) % pool.len())].to_string())
                    .collect();
                if i % 3 == 0 {
                    tags.push(format!("rare-{}", i % 41));
                }
                if i % 11 == 0 {
                    tags.push(format!("Rare-{}", i % 41));
                }
                summary(i, tags)
            })
            .collect();
        posts.sort_by(|a, b| {
            b.display_date()
                .cmp(&a.display_date())
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let index = TagIndex::new(&posts);
        assert!(
            index
                .postings
                .iter()
                .any(|p| matches!(p, Postings::Dense(_)))
        );
        assert!(
            index
                .postings
                .iter()
                .any(|p| matches!(p, Postings::Sparse(_)))
        );
        let mut counters = Counters::default();
        for (n, p) in posts.iter().enumerate() {
            let post = Post {
                id: Some(p.id),
                slug: p.slug.clone(),
                tags: p.tags.iter().map(|t| t.to_uppercase()).collect(),
                related: if n % 7 == 0 {
                    vec!["p-5".into(), "nope".into(), p.slug.clone()]
                } else {
                    Vec::new()
                },
                ..Post::default()
            };
            let fast: Vec<&str> = index
                .related(&post, &mut counters)
                .iter()
                .map(|&i| posts[i as usize].slug.as_str())
                .collect();
            let slow: Vec<&str> = crate::render::choose_related(&post, &posts, MAX_RELATED)
                .iter()
                .map(|s| s.slug.as_str())
                .collect();
            assert_eq!(fast, slow, "post {}", p.slug);
        }
    }

    #[test]
    fn a_post_with_many_tags_counts_past_one_plane() {
        // Post 0 carries 9 tags; post 1 shares all 9, post 2 shares 8, the
        // rest share one each: counts need four planes.
        let all: Vec<String> = (0..9).map(|t| format!("t{t}")).collect();
        let mut posts = vec![summary(0, all.clone()), summary(1, all.clone())];
        posts.push(summary(2, all[1..].to_vec()));
        for i in 3..200 {
            posts.push(summary(i, vec![all[i % 9].clone()]));
        }
        let index = TagIndex::new(&posts);
        let post = Post {
            slug: "p-0".into(),
            tags: all,
            ..Post::default()
        };
        let got: Vec<&str> = index
            .related(&post, &mut Counters::default())
            .iter()
            .map(|&i| posts[i as usize].slug.as_str())
            .collect();
        assert_eq!(got, ["p-1", "p-2", "p-3", "p-4", "p-5", "p-6"]);
    }
}
