//! Text coming into the editor from outside (the clipboard), made into what
//! a post may hold by the core's rule, and dates as typed.

use crate::error::{CmdResult, IpcError};

/// Pasted text with control characters turned into spaces and line ends
/// into line feeds (`one_line`: line breaks into spaces too).
#[tauri::command]
pub fn clean_paste(text: String, one_line: Option<bool>) -> String {
    quire::model::clean_text(&text, one_line.unwrap_or(false))
}

/// Pasted rich text (a web page, Google Docs, a word processor) as the
/// Markdown a section body holds: the core's converter, the one imports
/// use, then the core's rule for pasted text.
#[tauri::command]
pub fn paste_html(html: String) -> String {
    quire::model::clean_text(&quire::convert::paste_to_markdown(&html), false)
}

/// A publish date as typed in the date field (`2026-12-04 09:30`, a day
/// alone, or RFC 3339), read in this computer's time zone by the core's
/// rule: the RFC 3339 UTC time to store, `None` for an empty field, or
/// a `validation` error that says in words what to type.
#[tauri::command]
pub fn parse_publish_date(text: String) -> CmdResult<Option<String>> {
    quire::model::date_input::parse_date_input(&text, &chrono::Local)
        .map(|t| t.map(|t| quire::model::format_time(&t)))
        .map_err(|e| IpcError {
            kind: "validation",
            message: e.to_string(),
        })
}

/// Spelling in the window follows the open post's language (`None`: the
/// site's), so a French post on an English blog is checked in French.
#[tauri::command]
pub fn set_spelling_language<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    language: Option<String>,
) {
    crate::context_menu::set_language(&app, language.as_deref());
}
