//! Text coming into the editor from outside (the clipboard), made into what
//! a post may hold by the core's rule.

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
