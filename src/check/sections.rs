//! Empty sections: a heading with nothing under it reads as a mistake on
//! the page; a section with neither heading nor text is left out of the
//! page, so it only clutters the editor.

use super::{Finding, Place, Rule};
use crate::Post;

/// Each section with a heading and no text (a warning), or with neither
/// (worth knowing: the page leaves it out).
pub fn empty(post: &Post, out: &mut Vec<Finding>) {
    for (index, section) in post.sections.iter().enumerate() {
        if !section.body.trim().is_empty() {
            continue;
        }
        let place = Place::Section { index };
        let heading = section.heading.trim();
        if heading.is_empty() {
            out.push(Finding::info(
                Rule::EmptySection,
                place,
                format!(
                    "Section {} has no heading and no text; the page leaves it out.",
                    index + 1
                ),
            ));
        } else {
            out.push(Finding::warning(
                Rule::EmptySection,
                place,
                format!(
                    "The section “{heading}” (section {}) has a heading and no text under it.",
                    index + 1
                ),
            ));
        }
    }
}
