//! `<figure>`: images (or a table) with a caption become the images and
//! the caption as an italic paragraph; a figure holding anything else
//! (an embed, a quote, a code listing) is kept as raw HTML.

use htmd::Element;
use htmd::element_handler::{HandlerResult, Handlers};

use super::context::{Frame, with_top, within};
use super::inline::one_line;
use super::text::mark::{BREAK, EM, EM_END};

/// What a figure's children left while converting.
#[derive(Default)]
pub(super) struct FigureParts {
    caption: Option<String>,
    /// The Markdown of each image (or linked image, or table), in order.
    media: Vec<String>,
}

/// Records an image or table converted directly inside a figure.
pub(super) fn note_media(md: &str) {
    with_top(|top| {
        if let Some(Frame::Figure(parts)) = top {
            parts.media.push(md.trim().to_string());
        }
    });
}

/// Records a link inside a figure: when it wraps the last image, the
/// linked image replaces it.
pub(super) fn note_link(md: &str) {
    with_top(|top| {
        if let Some(Frame::Figure(parts)) = top
            && let Some(last) = parts.media.last_mut()
            && md.trim().starts_with(&format!("[{last}]("))
        {
            *last = md.trim().to_string();
        }
    });
}

pub(super) fn figure(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    super::table::note_block();
    let parts = FigureParts::default();
    let (rest, frame) = within(Frame::Figure(parts), || {
        handlers.walk_children(element.node).content
    });
    let Frame::Figure(parts) = frame else {
        return Some(super::raw::block(element.node).into());
    };
    let mut remaining = rest.trim();
    for media in &parts.media {
        match remaining.strip_prefix(media.as_str()) {
            Some(after) => remaining = after.trim_start(),
            None => return Some(super::raw::block(element.node).into()),
        }
    }
    if !remaining.is_empty() {
        return Some(super::raw::block(element.node).into());
    }
    let mut md = format!("\n\n{}\n\n", rest.trim());
    if let Some(caption) = parts.caption {
        md.push_str(&format!("{EM}{caption}{EM_END}\n\n"));
    }
    Some(md.into())
}

/// A figure's caption: kept aside for the figure; elsewhere a paragraph.
pub(super) fn caption(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let in_figure = with_top(|top| matches!(top, Some(Frame::Figure(_))));
    if !in_figure {
        let content = handlers.walk_children(element.node).content;
        return Some(format!("\n\n{}\n\n", content.trim_matches('\n')).into());
    }
    let (content, _) = within(Frame::Caption, || {
        handlers.walk_children(element.node).content
    });
    let edge = |c: char| c.is_whitespace() || c == BREAK;
    let caption = one_line(&content).trim_matches(edge).to_string();
    with_top(|top| {
        if let Some(Frame::Figure(parts)) = top
            && !caption.is_empty()
        {
            match &mut parts.caption {
                Some(before) => {
                    before.push(' ');
                    before.push_str(&caption);
                }
                None => parts.caption = Some(caption),
            }
        }
    });
    Some(String::new().into())
}
