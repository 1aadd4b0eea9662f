//! Quire's core: the post model, the SQLite store, the renderer and the
//! exporters. It knows nothing of windows or terminals; the `quire` CLI and
//! the `quire-desktop` app are thin shells over it.

pub mod check;
pub mod convert;
pub mod diff;
pub mod error;
pub mod export;
pub mod import;
pub mod media;
pub mod model;
pub mod publish;
pub mod render;
pub mod store;

pub use error::{Error, Result};
pub use model::{Cover, Post, PostInput, PostSummary, RawHtml, Section, Site, Status};
pub use store::Store;
