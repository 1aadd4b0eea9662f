//! Skipped heading levels, as the page shows them: the title is the h1,
//! each section's heading an h2, and a body's headings are moved by the
//! renderer so that its top one is an h3 ([`crate::render::document`]); so
//! a body written `###` then `#####` shows an h3 then an h5. A heading more
//! than one level below the one before it skips a level, which screen
//! readers announce as a gap in the outline (and the W3C checker flags).

use super::page::Page;
use super::{Finding, Rule};

/// The page's own h1: the title.
const TITLE_LEVEL: u8 = 1;

/// Each heading more than one level below the heading before it.
pub fn skips(page: &Page, out: &mut Vec<Finding>) {
    let mut above: Option<(u8, &str)> = None;
    for heading in &page.headings {
        let (level, text) = above.unwrap_or((TITLE_LEVEL, ""));
        if heading.level > level + 1 {
            let after = if above.is_none() {
                "the title (the page's h1)".to_string()
            } else if text.is_empty() {
                format!("the h{level}")
            } else {
                format!("the h{level} “{text}”")
            };
            out.push(Finding::warning(
                Rule::HeadingSkip,
                heading.place,
                format!(
                    "The heading “{}” shows as an h{} right after {after}: the page skips a \
                     level, which screen readers announce as a gap. Make it one level below \
                     the heading above it.",
                    heading.text.trim(),
                    heading.level
                ),
            ));
        }
        above = Some((heading.level, heading.text.trim()));
    }
}
