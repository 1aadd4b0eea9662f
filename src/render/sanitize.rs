//! The preview's safety step: an allow-list HTML sanitiser (ammonia) over the
//! rendered article, so nothing a post contains can run inside the editor.
//! Keeps the ids and classes the stylesheet and anchors need.

use std::collections::HashSet;
use std::sync::OnceLock;

use ammonia::Builder;

/// The URL schemes a preview link or image may use; everything else
/// (`javascript:`, `data:`, `vbscript:`…) is dropped with its attribute.
pub const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = Builder::default();
        b.add_tags(["main", "section", "input"])
            .add_generic_attributes(["id", "class", "aria-labelledby"])
            .add_tag_attributes("a", ["data-slug"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("time", ["datetime"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .url_schemes(HashSet::from(URL_SCHEMES))
            .link_rel(Some("noopener noreferrer"));
        b
    })
}

/// `html` with everything not on the allow-list removed.
pub fn sanitize(html: &str) -> String {
    builder().clean(html).to_string()
}
