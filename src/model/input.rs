//! A post as it arrives from outside (`quire put`, the window): the post,
//! and which of its fields the sender actually wrote. Serde fills a field
//! that is absent with its default, so without this an update that leaves
//! out `sections` would store a post without sections; with it the store
//! refuses such an update and says which fields are missing.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::Post;
use crate::{Error, Result};

/// The fields an update must carry: all of the post's content as of the
/// first JSON shape. Fields added later (optional ones) are not listed: an
/// update without them keeps what is stored, so a script written before
/// they existed loses nothing.
pub const UPDATE_FIELDS: [&str; 12] = [
    "slug",
    "title",
    "summary",
    "author",
    "category",
    "tags",
    "status",
    "publish_at",
    "sections",
    "takeaways",
    "related",
    "revision",
];

/// A post with the names of the fields that were given.
#[derive(Debug, Clone, PartialEq)]
pub struct PostInput {
    pub post: Post,
    /// `None`: every field was given (a post built in Rust).
    given: Option<BTreeSet<String>>,
}

impl PostInput {
    /// A post with every field given.
    pub fn whole(post: Post) -> PostInput {
        PostInput { post, given: None }
    }

    /// Parses the JSON shape (a leading byte-order mark is ignored). Broken
    /// JSON is [`Error::Json`]; well-formed JSON that is not an object, or
    /// has a wrong field (a bad status, a malformed date), is
    /// [`Error::Validation`] naming it.
    pub fn from_json(text: &str) -> Result<PostInput> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = serde_json::from_str(text)?;
        PostInput::from_value(value)
    }

    /// [`PostInput::from_json`] for JSON already parsed (the window's IPC).
    pub fn from_value(value: Value) -> Result<PostInput> {
        let Value::Object(map) = value else {
            return Err(Error::Validation(
                "a post must be a JSON object ({\"title\": …})".into(),
            ));
        };
        let given = keys(&map);
        let post = serde_json::from_value(Value::Object(map))
            .map_err(|e| Error::Validation(format!("invalid post: {e}")))?;
        Ok(PostInput {
            post,
            given: Some(given),
        })
    }

    /// Whether `field` was given.
    pub fn has(&self, field: &str) -> bool {
        self.given.as_ref().is_none_or(|g| g.contains(field))
    }

    /// The [`UPDATE_FIELDS`] that were not given, in that order.
    pub fn omitted(&self) -> Vec<&'static str> {
        UPDATE_FIELDS.into_iter().filter(|f| !self.has(f)).collect()
    }
}

impl From<Post> for PostInput {
    fn from(post: Post) -> Self {
        PostInput::whole(post)
    }
}

fn keys(map: &Map<String, Value>) -> BTreeSet<String> {
    map.keys().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_an_update_leaves_out() {
        let input =
            PostInput::from_json(r#"{"id":2,"revision":1,"title":"P","status":"draft"}"#).unwrap();
        assert_eq!(
            input.omitted(),
            [
                "slug",
                "summary",
                "author",
                "category",
                "tags",
                "publish_at",
                "sections",
                "takeaways",
                "related"
            ]
        );
        assert!(PostInput::whole(Post::new("x")).omitted().is_empty());
        let whole = PostInput::from_json(&Post::new("x").to_json()).unwrap();
        assert!(whole.omitted().is_empty(), "show --json is a whole post");
    }

    #[test]
    fn a_byte_order_mark_is_no_error() {
        let input = PostInput::from_json("\u{feff}{\"title\":\"T\"}").unwrap();
        assert_eq!(input.post.title, "T");
        assert!(matches!(
            PostInput::from_json("[1]"),
            Err(Error::Validation(_))
        ));
    }
}
