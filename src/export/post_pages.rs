//! The post pages of an HTML site export, `posts/{slug}/index.html`: what
//! the render workers share (the posts, the tag index, the rendered related
//! cards) and the work on one batch of posts.

use std::sync::{Mutex, OnceLock};

use super::folder::{InputKey, PostFacts, SiteFolder};
use super::tag_index::{Counters, TagIndex};
use crate::render::images::Images;
use crate::render::links::{self, Links};
use crate::render::page::{self, Mode};
use crate::render::terms::TermPaths;
use crate::{Post, PostSummary, Result, Site};

/// One page to render: the post (read in the export's snapshot), where its
/// page goes and the key of what it is made from.
pub(super) struct PageJob {
    pub post: Post,
    pub rel: String,
    pub key: InputKey,
}

/// Everything the workers share.
pub(super) struct PostPages<'a> {
    posts: &'a [PostSummary],
    site: &'a Site,
    images: &'a Images,
    links: &'a Links,
    terms: &'a TermPaths,
    index: TagIndex<'a>,
    /// Each post's "What to Read Next" card, rendered the first time a page
    /// links to it (a card reads the same from every post's page).
    cards: Vec<OnceLock<minijinja::Value>>,
    /// What the pages' posts hold that the next export needs without
    /// reading them (their aliases and links), by id.
    learnt: Mutex<Vec<(i64, PostFacts)>>,
}

/// One worker's scratch space, kept from batch to batch.
#[derive(Default)]
pub(super) struct Scratch {
    counters: Counters,
    page: Vec<u8>,
}

impl<'a> PostPages<'a> {
    /// Pages for `posts` (the site's order), showing `images`, linking to
    /// the posts of `links`.
    pub(super) fn new(
        posts: &'a [PostSummary],
        site: &'a Site,
        terms: &'a TermPaths,
        (images, links): (&'a Images, &'a Links),
    ) -> Self {
        PostPages {
            posts,
            site,
            images,
            links,
            terms,
            index: TagIndex::new(posts),
            cards: (0..posts.len()).map(|_| OnceLock::new()).collect(),
            learnt: Mutex::new(Vec::new()),
        }
    }

    /// What the pages written so far learnt of their posts.
    pub(super) fn learnt(&self) -> Vec<(i64, PostFacts)> {
        std::mem::take(&mut *self.learnt.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Renders each post of a batch and writes its page (`rel`, made from
    /// inputs `key`) into `folder`.
    pub(super) fn write(
        &self,
        folder: &SiteFolder,
        batch: &[PageJob],
        scratch: &mut Scratch,
    ) -> Result<()> {
        for job in batch {
            let related = self
                .index
                .related(&job.post, &mut scratch.counters)
                .into_iter()
                .map(|i| self.card(i as usize))
                .collect::<Result<Vec<_>>>()?;
            scratch.page.clear();
            let mode = Mode::Site {
                root: "../../",
                terms: self.terms,
            };
            page::render_page_to(
                &job.post,
                &related,
                self.site,
                mode,
                (self.images, self.links),
                &mut scratch.page,
            )?;
            folder.write(&job.rel, &job.key, &scratch.page)?;
            let facts = PostFacts {
                key: job.key.clone(),
                aliases: job.post.aliases.clone(),
                links: links::targets(&job.post),
                language: job.post.language.clone(),
            };
            if let (Some(id), false) = (job.post.id, facts.is_empty()) {
                self.learnt
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((id, facts));
            }
        }
        Ok(())
    }

    /// The card of `posts[i]`.
    fn card(&self, i: usize) -> Result<minijinja::Value> {
        let cell = &self.cards[i];
        if let Some(card) = cell.get() {
            return Ok(card.clone());
        }
        let post = &self.posts[i];
        let card = page::related_card(post, Some(format!("../{}/", post.slug)))?;
        // Two workers may render it at once: either copy will do.
        Ok(cell.get_or_init(|| card).clone())
    }
}
