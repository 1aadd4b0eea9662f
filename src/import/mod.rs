//! Posts from elsewhere: a folder of Markdown posts (Hugo, Jekyll, Zola,
//! Astro), a WordPress export (WXR) or a Ghost export — the CLI's `quire
//! import` and the window's Import dialog both call [`import`].
//!
//! - [`folder`], [`front_matter`], [`wxr`], [`ghost`]: read a source into
//!   [`source::Found`] posts, every unreadable file a [`source::Problem`].
//! - [`map`]: a found post to a Quire post; [`sections`] splits its body.
//! - [`links`]: links between the imported posts as `quire:post/ID`.
//! - [`media`]: their local images into the media store.
//! - [`run`]: one import — plan, dry run or write, report.

pub mod folder;
pub mod front_matter;
pub mod ghost;
pub mod links;
pub mod map;
pub mod media;
mod references;
pub mod run;
pub mod sections;
pub mod source;
pub mod wxr;

pub use run::{
    Counts, Item, Options, Outcome, Report, SourceInfo, detect, import, import_sources, read,
};
