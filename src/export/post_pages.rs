//! The post pages of an HTML site export, `posts/{slug}/index.html`: what
//! the render workers share (the posts, the tag index, the rendered related
//! cards) and the work on one batch of posts.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::tag_index::{Counters, TagIndex};
use crate::render::page::{self, Mode};
use crate::render::terms::TermPaths;
use crate::{Error, PostSummary, Result, Site, Store};

/// Everything the workers share.
pub(super) struct PostPages<'a> {
    posts: &'a [PostSummary],
    site: &'a Site,
    terms: &'a TermPaths,
    index: TagIndex<'a>,
    /// Each post's "What to Read Next" card, rendered the first time a page
    /// links to it (a card reads the same from every post's page).
    cards: Vec<OnceLock<minijinja::Value>>,
    dir: PathBuf,
}

/// One worker's scratch space, kept from batch to batch.
#[derive(Default)]
pub(super) struct Scratch {
    counters: Counters,
    page: Vec<u8>,
}

impl<'a> PostPages<'a> {
    /// Pages for `posts` (the site's order), to be written into `dir`.
    pub(super) fn new(
        posts: &'a [PostSummary],
        site: &'a Site,
        terms: &'a TermPaths,
        dir: PathBuf,
    ) -> Self {
        PostPages {
            posts,
            site,
            terms,
            index: TagIndex::new(posts),
            cards: (0..posts.len()).map(|_| OnceLock::new()).collect(),
            dir,
        }
    }

    /// Reads a batch of posts (one read transaction), then renders and
    /// writes each page.
    pub(super) fn write(
        &self,
        reader: &Store,
        batch: &[&PostSummary],
        scratch: &mut Scratch,
    ) -> Result<()> {
        let ids: Vec<i64> = batch.iter().map(|s| s.id).collect();
        for (summary, post) in batch.iter().zip(reader.posts_in(&ids)?) {
            let related = self
                .index
                .related(&post, &mut scratch.counters)
                .into_iter()
                .map(|i| self.card(i as usize))
                .collect::<Result<Vec<_>>>()?;
            scratch.page.clear();
            let mode = Mode::Site {
                root: "../../",
                terms: self.terms,
            };
            page::render_page_to(&post, &related, self.site, mode, &mut scratch.page)?;
            // The listed (validated) slug names the folder, whatever was read.
            let dir = self.dir.join(&summary.slug);
            std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
            let file = dir.join("index.html");
            std::fs::write(&file, &scratch.page).map_err(|e| Error::io(&file, e))?;
        }
        Ok(())
    }

    /// The card of `posts[i]`.
    fn card(&self, i: usize) -> Result<minijinja::Value> {
        let cell = &self.cards[i];
        if let Some(card) = cell.get() {
            return Ok(card.clone());
        }
        let card = page::related_card(&self.posts[i])?;
        // Two workers may render it at once: either copy will do.
        Ok(cell.get_or_init(|| card).clone())
    }
}
