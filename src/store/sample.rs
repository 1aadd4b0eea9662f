//! The post a brand-new database starts with, so the app never opens empty:
//! a short tour of Quire written as the kind of post Quire is for.

use crate::model::{Post, Section, Status};

/// The sample post (a draft; the store fills in slug, dates and revision).
pub(super) fn post() -> Post {
    Post {
        title: "Welcome to Quire: Writing Your First Long Post".into(),
        summary: "A short tour of Quire: sections, takeaways, tags, revisions \
                  and export, shown by a post that uses every one of them."
            .into(),
        author: "Quire".into(),
        category: "Getting Started".into(),
        tags: vec!["quire".into(), "writing".into(), "getting-started".into()],
        status: Status::Draft,
        sections: vec![
            Section::new(
                "Why a Post Has Parts",
                "A long article is easier to write when you can see its shape. Quire keeps a \
                 post as a title, a summary that leads the page, a list of sections and a few \
                 key takeaways. You move sections around, rename them, or drop one that no \
                 longer earns its place, without scrolling through one endless page.\n\n\
                 ### The summary comes first\n\n\
                 The summary is the paragraph readers see under the title and in every \
                 listing. Write it last if you like, but keep it short: one or two sentences \
                 that tell a reader why this post is worth their next ten minutes.",
            ),
            Section::new(
                "Writing a Section",
                "Each section has a heading and a body written in Markdown. Use **bold** and \
                 *italics* for emphasis, `code` for names of things, and links where a reader \
                 may want to know more.\n\n\
                 ### Sub-headings inside a section\n\n\
                 Start a line with three hashes to break a section into smaller steps, as \
                 this paragraph's heading does. The preview shows them exactly as the \
                 published page will.\n\n\
                 ### Lists and tables\n\n\
                 - Bullet lists for loose points\n\
                 - Numbered lists for steps that happen in order\n\
                 - Tables when readers need to compare\n\n\
                 | You want to      | Use             |\n\
                 |------------------|-----------------|\n\
                 | stress a word    | `**bold**`      |\n\
                 | add a sub-heading| `### Heading`   |",
            ),
            Section::new(
                "Nothing Gets Lost",
                "Quire saves as you type. Every save is kept as a revision, so you can look \
                 back at yesterday's version of a paragraph and bring it back if today's \
                 rewrite went the wrong way. Deleting a post moves it to the trash, from \
                 which it can be restored whole.\n\n\
                 ### Finding an old post\n\n\
                 The search box looks through titles, summaries, every section and the \
                 takeaways, and starts matching before you finish the word.",
            ),
            Section::new(
                "From Draft to Published",
                "A post starts as a draft. Give it a publication date to schedule it, or \
                 mark it published when it is live. Tags and a category group related \
                 posts; the \"What to Read Next\" block at the end of the article picks \
                 posts that share your tags, unless you choose them by hand.\n\n\
                 ### Exporting\n\n\
                 When the post is ready, export it as a standalone HTML page or as Markdown \
                 with front matter for Hugo, Jekyll, Zola or Astro. You can also export the \
                 whole site in one go.",
            ),
        ],
        takeaways: vec![
            "Write the **summary** as the one paragraph every listing will show.".into(),
            "Use `###` sub-headings to break a long section into steps.".into(),
            "Every save is a **revision**: nothing you write is lost.".into(),
            "Export to HTML or Markdown when the preview looks right.".into(),
        ],
        ..Post::default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_is_a_valid_post_with_a_listing_sized_summary() {
        let post = super::post();
        assert!(
            post.validate().is_ok(),
            "the sample must pass the model's rules"
        );
        let n = post.summary.chars().count();
        assert!(
            (50..=160).contains(&n),
            "summary of {n} chars should fit a listing"
        );
        assert!(
            post.sections.iter().any(|s| s.body.contains("\n### ")),
            "the sample shows ### sub-headings"
        );
    }
}
