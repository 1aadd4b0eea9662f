//! HTML to Markdown, for the WordPress and Ghost imports and for rich-text
//! paste: CommonMark with GFM tables, strikethrough and task lists, which
//! Quire's renderer turns back into the same structure. Steps:
//!
//! 1. [`text::clean_input`]: `\n` line ends, control characters as spaces.
//! 2. [`prepare`] (one streaming pass): drop what never shows (scripts,
//!    styles, comments, event handlers), flatten HTML nested too deep to
//!    walk safely, and carry every text character that could read as
//!    Markdown syntax as a placeholder ([`text`]).
//! 3. htmd (turndown's rules on html5ever) with Quire's rules for the
//!    elements it writes differently or not at all ([`converter`]): code
//!    ([`blocks`], [`inline`]), tables ([`table`]), figures ([`figure`]),
//!    elements kept as HTML ([`raw`]). A rule that needs its children's
//!    parts leaves a frame for them ([`context`]).
//! 4. [`finish`]: placeholders back to characters, escaped only where the
//!    line makes them syntax; hard breaks, emphasis delimiters, blank
//!    lines.
//!
//! WordPress posts first get WordPress's own conventions ([`wordpress`]).

mod blocks;
mod context;
mod emphasis;
mod entities;
mod escape;
mod figure;
mod finish;
mod inline;
mod prepare;
mod raw;
mod table;
mod text;
mod wordpress;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use htmd::HtmlToMarkdown;
use htmd::options::{BulletListMarker, Options};

/// Any HTML fragment (pasted, or a Ghost post's `html`) to Markdown.
pub fn html_to_markdown(html: &str) -> String {
    let html = text::clean_input(html);
    // htmd unwraps in a few places; a page that trips one must not take the
    // import or the window down with it.
    let converted = catch_unwind(AssertUnwindSafe(|| {
        let prepared = prepare::prepare(&html)?;
        converter().convert(&prepared).ok()
    }));
    context::reset();
    match converted {
        Ok(Some(md)) => finish::finish(&md),
        // The source as text: nothing lost, nothing run.
        _ => finish::finish(&text::protect(&html)),
    }
}

/// Rich text pasted into a section body (a web page, Google Docs, a word
/// processor) as the Markdown it holds: [`html_to_markdown`], without the
/// final newline, and with the non-breaking spaces browsers and WebKit put
/// at the edges of styled runs (`Plain,&nbsp;<b>bold</b>`) as the spaces
/// they stand for.
pub fn paste_to_markdown(html: &str) -> String {
    let markdown = html_to_markdown(html).replace('\u{a0}', " ");
    markdown.trim_end_matches('\n').to_string()
}

/// A WordPress post's `content:encoded`: first WordPress's own conventions
/// (wpautop: blank-line-separated text is paragraphs, single newlines are
/// `<br>`; `<!-- wp:... -->` block comments dropped; `[caption ...]<img ...>
/// text[/caption]` shortcodes become an image with its caption as a
/// paragraph/emphasis; other `[shortcode]`s are left as text), then
/// [`html_to_markdown`].
pub fn wordpress_to_markdown(content: &str) -> String {
    html_to_markdown(&wordpress::to_html(&text::clean_input(content)))
}

/// htmd with Quire's rules; later rules replace htmd's own for a tag.
fn converter() -> &'static HtmlToMarkdown {
    static CONVERTER: OnceLock<HtmlToMarkdown> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        HtmlToMarkdown::builder()
            .options(Options {
                bullet_list_marker: BulletListMarker::Dash,
                ul_bullet_spacing: 1,
                ol_number_spacing: 1,
                ..Options::default()
            })
            .add_handler(vec!["a"], inline::link)
            .add_handler(vec!["img"], inline::image)
            .add_handler(vec!["em", "i"], inline::em)
            .add_handler(vec!["strong", "b"], inline::strong)
            .add_handler(vec!["del", "s", "strike"], inline::strikethrough)
            .add_handler(vec!["code"], inline::code)
            .add_handler(vec!["br"], inline::line_break)
            .add_handler(vec!["input"], inline::checkbox)
            .add_handler(vec!["q"], inline::quote)
            .add_handler(vec!["span"], inline::span)
            .add_handler(vec!["sup", "sub", "kbd", "mark", "ins", "u"], raw::inline)
            .add_handler(
                vec!["pre", "listing", "xmp", "plaintext"],
                blocks::code_block,
            )
            .add_handler(vec!["h1", "h2", "h3", "h4", "h5", "h6"], blocks::heading)
            .add_handler(vec!["hr"], blocks::rule)
            .add_handler(
                vec!["iframe", "video", "audio", "details", "dl"],
                blocks::raw_block,
            )
            .add_handler(vec!["figure"], figure::figure)
            .add_handler(vec!["figcaption"], figure::caption)
            .add_handler(vec!["ul", "ol", "blockquote"], table::container)
            .add_handler(vec!["table"], table::table)
            .add_handler(vec!["thead", "tbody", "tfoot"], table::section)
            .add_handler(vec!["tr"], table::row)
            .add_handler(vec!["td", "th"], table::cell)
            .add_handler(vec!["caption"], table::caption)
            .build()
    })
}
