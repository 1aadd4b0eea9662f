//! Lengths search engines care about: the title (cut in results past about
//! 60 characters) and the summary, which is the page's meta description
//! (shown under the title, cut past about 160 characters; one much shorter
//! is often replaced by text the engine picks from the page). Counted in
//! characters, not bytes: "é" is one.

use serde::Serialize;

use super::{Finding, Place, Rule};
use crate::Post;

/// Longest title shown whole in search results.
pub const TITLE_MAX: usize = 60;
/// Shortest summary search engines reliably show as it is written.
pub const SUMMARY_MIN: usize = 120;
/// Longest summary search engines show whole.
pub const SUMMARY_MAX: usize = 160;

/// The lengths the rules hold titles and summaries to, for an editor to
/// hint at while they are typed (the window's summary counter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    pub title_max: usize,
    pub summary_min: usize,
    pub summary_max: usize,
}

/// The limits of these rules.
pub const LIMITS: Limits = Limits {
    title_max: TITLE_MAX,
    summary_min: SUMMARY_MIN,
    summary_max: SUMMARY_MAX,
};

/// A title longer than [`TITLE_MAX`].
pub fn title(post: &Post, out: &mut Vec<Finding>) {
    let chars = post.title.trim().chars().count();
    if chars > TITLE_MAX {
        out.push(Finding::warning(
            Rule::TitleLength,
            Place::Title,
            format!(
                "The title is {chars} characters; search results cut titles after about \
                 {TITLE_MAX}."
            ),
        ));
    }
}

/// A summary that is empty or outside [`SUMMARY_MIN`]–[`SUMMARY_MAX`].
pub fn summary(post: &Post, out: &mut Vec<Finding>) {
    let chars = post.summary.trim().chars().count();
    let message = if chars == 0 {
        format!(
            "The summary is empty; it is the page's description in search results, which \
             show {SUMMARY_MIN}–{SUMMARY_MAX} characters."
        )
    } else if chars < SUMMARY_MIN {
        format!(
            "The summary is {chars} characters; search engines show {SUMMARY_MIN}–{SUMMARY_MAX}, \
             and may show other text from the page instead of a short one."
        )
    } else if chars > SUMMARY_MAX {
        format!(
            "The summary is {chars} characters; search engines show {SUMMARY_MIN}–{SUMMARY_MAX} \
             and cut the rest."
        )
    } else {
        return;
    };
    out.push(Finding::warning(
        Rule::SummaryLength,
        Place::Summary,
        message,
    ));
}
