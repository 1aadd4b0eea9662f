//! `<table>`: a GFM table when GFM can say the same thing — a header row,
//! no merged cells, no header cells further down, every cell one line —
//! else raw HTML. The rows and cells convert inside the table's frame and
//! are gathered there; the table writes them once it has seen them all.

use htmd::Element;
use htmd::element_handler::{HandlerResult, Handlers};

use super::context::{Frame, with_frames, with_top, within};
use super::figure::note_media;
use super::inline::attr;

#[derive(Default)]
pub(super) struct TableParts {
    rows: Vec<Row>,
    in_head: bool,
    /// A cell spans several columns or rows.
    merged: bool,
    /// A cell holds a block (a list, a quote, code).
    blocks: bool,
    caption: Option<String>,
}

struct Row {
    cells: Vec<Cell>,
    in_head: bool,
}

struct Cell {
    text: String,
    header: bool,
    align: &'static str,
}

impl TableParts {
    /// The GFM table, if it says what the HTML says.
    fn gfm(&self) -> Option<String> {
        let (head, body) = self.rows.split_first()?;
        let header_row = head.in_head || head.cells.iter().all(|c| c.header);
        let later_headers = body.iter().any(|r| r.cells.iter().any(|c| c.header));
        let multiline = self
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| c.text.contains('\n'));
        if self.merged
            || self.blocks
            || !header_row
            || later_headers
            || multiline
            || head.cells.is_empty()
        {
            return None;
        }
        let columns = self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let mut md = String::from("\n\n");
        if let Some(caption) = &self.caption {
            md.push_str(&format!(
                "{}{caption}{}\n\n",
                super::text::mark::EM,
                super::text::mark::EM_END
            ));
        }
        let line = |md: &mut String, cells: &mut dyn Iterator<Item = &str>| {
            md.push('|');
            for cell in cells {
                md.push(' ');
                md.push_str(cell);
                md.push_str(" |");
            }
            md.push('\n');
        };
        let texts = |row: &Row| -> Vec<String> {
            (0..columns)
                .map(|i| {
                    row.cells
                        .get(i)
                        .map_or(String::new(), |c| c.text.replace('|', "\\|"))
                })
                .collect()
        };
        let header = texts(head);
        line(&mut md, &mut header.iter().map(String::as_str));
        let aligns: Vec<&str> = (0..columns)
            .map(|i| head.cells.get(i).map_or("---", |c| c.align))
            .collect();
        line(&mut md, &mut aligns.into_iter());
        for row in body {
            let cells = texts(row);
            line(&mut md, &mut cells.iter().map(String::as_str));
        }
        md.push('\n');
        Some(md)
    }
}

pub(super) fn table(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    note_block();
    let (_, frame) = within(Frame::Table(TableParts::default()), || {
        handlers.walk_children(element.node)
    });
    let Frame::Table(parts) = frame else {
        return None;
    };
    if parts.rows.is_empty() {
        return None;
    }
    let md = parts
        .gfm()
        .unwrap_or_else(|| super::raw::block(element.node));
    note_media(&md);
    Some(md.into())
}

/// Notes a block element: inside a cell, the table cannot be GFM, whose
/// cells hold one line of inline content.
pub(super) fn note_block() {
    with_frames(|frames| {
        if let [.., Frame::Table(parts), Frame::Cell] = frames {
            parts.blocks = true;
        }
    });
}

/// `<ul>`, `<ol>`, `<blockquote>`: htmd's rules, noted as blocks.
pub(super) fn container(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    note_block();
    handlers.fallback(element)
}

/// Whether the innermost frame is a table's (not one of its cells').
fn in_table() -> bool {
    with_top(|top| matches!(top, Some(Frame::Table(_))))
}

/// Content outside a table's structure (htmd's treatment of a block).
fn as_block(handlers: &dyn Handlers, element: &Element) -> Option<HandlerResult> {
    let content = handlers.walk_children(element.node).content;
    Some(format!("\n\n{}\n\n", content.trim_matches('\n')).into())
}

/// `<thead>`, `<tbody>`, `<tfoot>`: their rows are the table's.
pub(super) fn section(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if !in_table() {
        return as_block(handlers, &element);
    }
    let head = element.tag == "thead";
    let set_head = |value: bool| {
        with_top(|top| {
            if let Some(Frame::Table(parts)) = top {
                parts.in_head = value;
            }
        })
    };
    set_head(head);
    handlers.walk_children(element.node);
    set_head(false);
    Some(String::new().into())
}

pub(super) fn row(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if !in_table() {
        return as_block(handlers, &element);
    }
    with_top(|top| {
        if let Some(Frame::Table(parts)) = top {
            let in_head = parts.in_head;
            parts.rows.push(Row {
                cells: Vec::new(),
                in_head,
            });
        }
    });
    handlers.walk_children(element.node);
    Some(String::new().into())
}

/// The GFM alignment a cell's `align` attribute or `text-align` style asks
/// for.
fn alignment(element: &Element) -> &'static str {
    let style = attr(element, "style").unwrap_or("").to_ascii_lowercase();
    let from_style = style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .find(|(property, _)| property.trim() == "text-align")
        .map(|(_, value)| value.trim().to_string());
    let align = from_style.or_else(|| attr(element, "align").map(|a| a.to_ascii_lowercase()));
    match align.as_deref() {
        Some("left") => ":---",
        Some("center") => ":---:",
        Some("right") => "---:",
        _ => "---",
    }
}

pub(super) fn cell(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if !in_table() {
        return as_block(handlers, &element);
    }
    let (content, _) = within(Frame::Cell, || handlers.walk_children(element.node).content);
    let spans =
        |name| attr(&element, name).is_some_and(|v| v.trim().parse::<u32>().is_ok_and(|n| n > 1));
    let merged = spans("colspan") || spans("rowspan");
    let cell = Cell {
        text: content.trim().to_string(),
        header: element.tag == "th",
        align: alignment(&element),
    };
    with_top(|top| {
        if let Some(Frame::Table(parts)) = top {
            parts.merged |= merged;
            if parts.rows.is_empty() {
                parts.rows.push(Row {
                    cells: Vec::new(),
                    in_head: parts.in_head,
                });
            }
            if let Some(row) = parts.rows.last_mut() {
                row.cells.push(cell);
            }
        }
    });
    Some(String::new().into())
}

/// A table's `<caption>`: an italic paragraph above it.
pub(super) fn caption(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if !in_table() {
        return as_block(handlers, &element);
    }
    let content = super::inline::one_line(&handlers.walk_children(element.node).content);
    let content = content.trim().to_string();
    with_top(|top| {
        if let Some(Frame::Table(parts)) = top
            && !content.is_empty()
        {
            parts.caption = Some(content);
        }
    });
    Some(String::new().into())
}
