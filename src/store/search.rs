//! Full-text search: keeping `posts_fts` in step with the posts (called
//! inside each save's transaction) and turning what an editor types into a
//! safe FTS5 query. User text never reaches FTS5 as syntax: every word is
//! quoted, so `"`, `AND (`, `NEAR` or `*` are just words (or nothing).

use rusqlite::{Transaction, params};

use crate::Result;
use crate::model::Post;

/// The FTS5 query for what the user typed: each word quoted (inner `"`
/// doubled), all required, the last one matching as a prefix so results
/// follow the typing — from its third character on, or at once for
/// non-ASCII text such as CJK (a one- or two-letter ASCII prefix like `t*`
/// expands to most of the vocabulary and takes half a second to rank over
/// 10,000 posts). `None` when there is no word to look for (blank, or only
/// punctuation).
///
/// ```
/// assert_eq!(quire::store::fts_query("privacy by desi").as_deref(),
///            Some(r#""privacy" "by" "desi"*"#));
/// assert_eq!(quire::store::fts_query(r#"AND ( " "#).as_deref(), Some(r#""AND"*"#));
/// assert_eq!(quire::store::fts_query("design th").as_deref(), Some(r#""design" "th""#));
/// assert_eq!(quire::store::fts_query(" -- "), None);
/// ```
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(32)
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = String::with_capacity(text.len() + 4 * words.len());
    for word in rest {
        push_quoted(&mut query, word);
        query.push(' ');
    }
    push_quoted(&mut query, last);
    let tail: Vec<char> = last
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    if tail.len() >= 3 || tail.iter().any(|c| !c.is_ascii()) {
        query.push('*');
    }
    Some(query)
}

fn push_quoted(query: &mut String, word: &str) {
    query.push('"');
    query.push_str(&word.replace('"', "\"\""));
    query.push('"');
}

/// Adds a post to the index (its id must be set, and not be indexed yet).
pub(super) fn index(tx: &Transaction<'_>, post: &Post) -> Result<()> {
    let mut body = String::with_capacity(post.text_bytes());
    for section in &post.sections {
        body.push_str(&section.heading);
        body.push('\n');
        body.push_str(&section.body);
        body.push_str("\n\n");
    }
    tx.prepare_cached(
        "INSERT INTO posts_fts (rowid, title, summary, body, takeaways) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        post.id,
        post.title,
        post.summary,
        body,
        post.takeaways.join("\n"),
    ])?;
    Ok(())
}

/// Removes a post from the index (no-op when it is not there).
pub(super) fn unindex(tx: &Transaction<'_>, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM posts_fts WHERE rowid = ?1")?
        .execute(params![id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn every_word_is_quoted_and_the_last_is_a_prefix() {
        assert_eq!(fts_query("cafe").as_deref(), Some(r#""cafe"*"#));
        assert_eq!(
            fts_query(r#"say "hi" now"#).as_deref(),
            Some(r#""say" """hi""" "now"*"#),
            "inner quotes are doubled so they stay inside the string"
        );
        assert_eq!(fts_query("   "), None, "blank text searches nothing");
        assert_eq!(
            fts_query("ux").as_deref(),
            Some(r#""ux""#),
            "short ASCII: whole word"
        );
        assert_eq!(
            fts_query("東京").as_deref(),
            Some(r#""東京"*"#),
            "CJK: prefix at once"
        );
        assert_eq!(
            fts_query("data.").as_deref(),
            Some(r#""data.""#),
            "a finished word"
        );
        assert_eq!(
            fts_query(r#"" ( ) * ^"#),
            None,
            "punctuation alone is no word"
        );
    }
}
