//! Quire's integration tests, one module per part of the core, on real
//! SQLite files in temporary folders.

mod check;
mod cli;
mod diff;
mod document;
mod export;
mod import;
mod media;
mod model;
mod publish;
mod publishing;
mod render;
mod standards;
mod store;
