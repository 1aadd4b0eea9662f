//! The post's other fields (status, date, tags, cover…) compared as whole
//! values, each shown as it was and as it is.

use super::FieldChange;
use crate::Post;

/// Every field besides the title, summary, sections and takeaways that
/// differs, in the order the editor shows them.
pub fn fields(before: &Post, after: &Post) -> Vec<FieldChange> {
    let list = |v: &[String]| v.join(", ");
    let date = |p: &Post| p.publish_at.map(|d| d.to_rfc3339()).unwrap_or_default();
    let cover = |p: &Post, part: fn(&crate::Cover) -> &str| {
        p.cover
            .as_ref()
            .map(|c| part(c).to_string())
            .unwrap_or_default()
    };
    let values: [(&str, &str, String, String); 12] = [
        ("slug", "Slug", before.slug.clone(), after.slug.clone()),
        (
            "status",
            "Status",
            before.status.to_string(),
            after.status.to_string(),
        ),
        ("publish_at", "Publish date", date(before), date(after)),
        (
            "author",
            "Author",
            before.author.clone(),
            after.author.clone(),
        ),
        (
            "category",
            "Category",
            before.category.clone(),
            after.category.clone(),
        ),
        ("tags", "Tags", list(&before.tags), list(&after.tags)),
        (
            "language",
            "Language",
            before.language.clone().unwrap_or_default(),
            after.language.clone().unwrap_or_default(),
        ),
        (
            "cover",
            "Cover image",
            cover(before, |c| &c.src),
            cover(after, |c| &c.src),
        ),
        (
            "cover_alt",
            "Cover description",
            cover(before, |c| &c.alt),
            cover(after, |c| &c.alt),
        ),
        (
            "cover_caption",
            "Cover caption",
            cover(before, |c| &c.caption),
            cover(after, |c| &c.caption),
        ),
        (
            "related",
            "Related posts",
            list(&before.related),
            list(&after.related),
        ),
        (
            "aliases",
            "Old addresses",
            list(&before.aliases),
            list(&after.aliases),
        ),
    ];
    values
        .into_iter()
        .filter(|(_, _, b, a)| b != a)
        .map(|(field, label, before, after)| FieldChange {
            field: field.to_string(),
            label: label.to_string(),
            before,
            after,
        })
        .collect()
}
