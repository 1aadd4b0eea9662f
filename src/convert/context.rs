//! What the element being converted sits in, for the rules that gather
//! their parts before writing anything (a table its rows, a figure its
//! images and caption). htmd calls each rule with the element alone, so
//! the enclosing rule leaves a frame here while its children convert.

use std::cell::RefCell;

use super::figure::FigureParts;
use super::table::TableParts;

pub(super) enum Frame {
    Table(TableParts),
    /// Inside a table cell: a `<br>` stays HTML, nothing may span lines.
    Cell,
    Figure(FigureParts),
    /// Inside a figure's caption: its images are the caption's.
    Caption,
    /// Inside code (`block`: a `<pre>`): only text counts.
    Code {
        block: bool,
    },
}

thread_local! {
    static FRAMES: RefCell<Vec<Frame>> = const { RefCell::new(Vec::new()) };
}

/// Pops the frame pushed by [`within`] if the run unwinds.
struct Pushed;

impl Drop for Pushed {
    fn drop(&mut self) {
        FRAMES.with(|frames| frames.borrow_mut().pop());
    }
}

/// Runs `run` with `frame` on top; returns its result and the frame as
/// the children left it.
pub(super) fn within<R>(frame: Frame, run: impl FnOnce() -> R) -> (R, Frame) {
    FRAMES.with(|frames| frames.borrow_mut().push(frame));
    let pushed = Pushed;
    let result = run();
    std::mem::forget(pushed);
    let frame = FRAMES.with(|frames| frames.borrow_mut().pop());
    (result, frame.unwrap_or(Frame::Cell))
}

/// Calls `f` with the innermost frame. `f` must not convert anything.
pub(super) fn with_top<R>(f: impl FnOnce(Option<&mut Frame>) -> R) -> R {
    FRAMES.with(|frames| f(frames.borrow_mut().last_mut()))
}

/// Calls `f` with all frames, innermost last. `f` must not convert
/// anything.
pub(super) fn with_frames<R>(f: impl FnOnce(&mut [Frame]) -> R) -> R {
    FRAMES.with(|frames| f(frames.borrow_mut().as_mut_slice()))
}

/// Whether the innermost frame is a table cell.
pub(super) fn in_cell() -> bool {
    with_top(|top| matches!(top, Some(Frame::Cell)))
}

/// `Some(block)` inside code (see [`Frame::Code`]).
pub(super) fn in_code() -> Option<bool> {
    with_top(|top| match top {
        Some(Frame::Code { block }) => Some(*block),
        _ => None,
    })
}

/// Forgets frames a conversion that failed half-way may have left.
pub(super) fn reset() {
    FRAMES.with(|frames| frames.borrow_mut().clear());
}
