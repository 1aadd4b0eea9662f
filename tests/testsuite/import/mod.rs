//! Importing existing blogs: the HTML converter, each reader, round trips
//! through every generator's export, repeated imports.

mod convert;
mod folder;
mod ghost;
mod repeat;
mod round_trip;
mod wxr;
