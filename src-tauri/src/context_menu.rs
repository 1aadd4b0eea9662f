//! Spelling and the right-click menu of the window's text fields.
//!
//! WebKitGTK checks spelling only once the app turns it on for its web
//! context, with the dictionaries to use: [`install`] does so with the site's
//! language (see [`dictionaries_for`]), and adds Undo and Redo — which run
//! the editor's own history, `window.quire.undo()` / `redo()` — to the menu
//! of an editable field, next to WebKit's spelling suggestions.
//!
//! The menu's items, as WebKit's action names (`SpellingGuess`, `Cut`, …)
//! and our labels, are left in `window.quire.lastContextMenu` each time it
//! opens, so a test (or a curious editor in the inspector) can see it.

use tauri::{AppHandle, Manager, Runtime};

/// The dictionary names (enchant's `ll_CC` form) to ask for a language tag
/// such as `en`, `pt-BR` or `de_AT`: the tag itself, then the usual
/// country for a bare language (`en` → `en_US`, `fr` → `fr_FR`), then the
/// bare language. WebKit skips the ones that are not installed.
pub fn dictionaries_for(tag: &str) -> Vec<String> {
    let mut parts = tag.trim().split(['-', '_']).filter(|p| !p.is_empty());
    let Some(language) = parts.next().map(str::to_ascii_lowercase) else {
        return vec!["en_US".into()];
    };
    // A region is two letters or three digits; a script (`Latn`) is skipped.
    let region = parts
        .find(|p| {
            (p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
                || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
        })
        .map(str::to_ascii_uppercase);
    let usual = match language.as_str() {
        "en" => "US".to_owned(),
        "pt" => "PT".to_owned(),
        "sv" => "SE".to_owned(),
        "da" => "DK".to_owned(),
        "nb" | "nn" => "NO".to_owned(),
        "el" => "GR".to_owned(),
        "cs" => "CZ".to_owned(),
        "uk" => "UA".to_owned(),
        other => other.to_ascii_uppercase(),
    };
    let mut names = Vec::new();
    if let Some(region) = region {
        names.push(format!("{language}_{region}"));
    }
    names.push(format!("{language}_{usual}"));
    names.push(language);
    names.dedup();
    names
}

/// Turns spelling on in the main window with the site's language and adds
/// Undo/Redo to its editable fields' menu. Where the window is not WebKitGTK
/// (macOS, Windows) the system's own menu and spelling stay as they are.
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    let language = site_language(app);
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    #[cfg(target_os = "linux")]
    linux::install(&window, dictionaries_for(&language));
    #[cfg(not(target_os = "linux"))]
    let _ = (window, language);
}

/// Spells with `language` (a post's own, such as `fr` for a French post on
/// an English blog), or the site's when it is `None`: the window calls it
/// when a post opens and when its language changes.
pub fn set_language<R: Runtime>(app: &AppHandle<R>, language: Option<&str>) {
    let language = match language.map(str::trim).filter(|l| !l.is_empty()) {
        Some(language) => language.to_owned(),
        None => site_language(app),
    };
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    #[cfg(target_os = "linux")]
    linux::set_languages(&window, dictionaries_for(&language));
    #[cfg(not(target_os = "linux"))]
    let _ = (window, language);
}

fn site_language<R: Runtime>(app: &AppHandle<R>) -> String {
    app.try_state::<crate::AppState>()
        .and_then(|state| state.store().ok().and_then(|store| store.site().ok()))
        .map(|site| site.language)
        .unwrap_or_else(|| "en".into())
}

#[cfg(target_os = "linux")]
mod linux {
    use tauri::{Runtime, WebviewWindow};
    use webkit2gtk::gio::SimpleAction;
    use webkit2gtk::gio::prelude::*;
    use webkit2gtk::{
        ContextMenu, ContextMenuAction, ContextMenuExt, ContextMenuItem, ContextMenuItemExt,
        HitTestResultExt, WebContextExt, WebViewExt,
    };

    /// Our items: the GAction's name, its label, the script it runs.
    const ITEMS: [(&str, &str, &str); 2] = [
        ("quire-undo", "Undo", "window.quire && window.quire.undo()"),
        ("quire-redo", "Redo", "window.quire && window.quire.redo()"),
    ];

    pub fn install<R: Runtime>(window: &WebviewWindow<R>, dictionaries: Vec<String>) {
        let page = window.clone();
        let result = window.with_webview(move |webview| {
            let view = webview.inner();
            if let Some(context) = view.context() {
                let names: Vec<&str> = dictionaries.iter().map(String::as_str).collect();
                context.set_spell_checking_languages(&names);
                context.set_spell_checking_enabled(true);
            }
            let actions: Vec<(SimpleAction, &'static str)> = ITEMS
                .iter()
                .map(|&(name, label, script)| {
                    let action = SimpleAction::new(name, None);
                    let target = page.clone();
                    action.connect_activate(move |_, _| {
                        let _ = target.eval(script);
                    });
                    (action, label)
                })
                .collect();
            view.connect_context_menu(move |_, menu, _, hit| {
                drop_navigation(menu);
                if hit.context_is_editable() {
                    add_undo_items(menu, &actions);
                }
                let items = describe(menu);
                let json = serde_json::to_string(&items).unwrap_or_else(|_| "[]".into());
                let _ = page.eval(format!(
                    "window.quire && (window.quire.lastContextMenu = {json});"
                ));
                false // WebKit shows the menu
            });
        });
        if let Err(error) = result {
            eprintln!("quire-desktop: no spelling or Undo menu: {error}");
        }
    }

    pub fn set_languages<R: Runtime>(window: &WebviewWindow<R>, dictionaries: Vec<String>) {
        let result = window.with_webview(move |webview| {
            if let Some(context) = webview.inner().context() {
                let names: Vec<&str> = dictionaries.iter().map(String::as_str).collect();
                context.set_spell_checking_languages(&names);
            }
        });
        if let Err(error) = result {
            eprintln!("quire-desktop: spelling languages not changed: {error}");
        }
    }

    /// Back, Forward, Stop and Reload are a browser's: here they would
    /// navigate the editor itself away (Reload drops the last second of
    /// typing before its autosave). An empty menu is not shown.
    fn drop_navigation(menu: &ContextMenu) {
        for item in menu.items() {
            if matches!(
                item.stock_action(),
                ContextMenuAction::GoBack
                    | ContextMenuAction::GoForward
                    | ContextMenuAction::Stop
                    | ContextMenuAction::Reload
            ) {
                menu.remove(&item);
            }
        }
    }

    /// Undo and Redo go after the spelling suggestions, before Cut (or at the end).
    fn add_undo_items(menu: &ContextMenu, actions: &[(SimpleAction, &'static str)]) {
        let cut = menu
            .items()
            .iter()
            .position(|item| item.stock_action() == ContextMenuAction::Cut);
        let mut items: Vec<ContextMenuItem> = actions
            .iter()
            .map(|(action, label)| ContextMenuItem::from_gaction(action, label, None))
            .collect();
        match cut {
            Some(at) => {
                items.push(ContextMenuItem::new_separator());
                for (offset, item) in items.iter().enumerate() {
                    menu.insert(item, (at + offset) as i32);
                }
            }
            None => {
                if menu.n_items() > 0 {
                    menu.append(&ContextMenuItem::new_separator());
                }
                for item in &items {
                    menu.append(item);
                }
            }
        }
    }

    /// The menu's items in order: WebKit's action names, our labels; no separators.
    fn describe(menu: &ContextMenu) -> Vec<String> {
        menu.items()
            .iter()
            .filter(|item| !item.is_separator())
            .map(|item| {
                let ours = item.gaction().and_then(|action| {
                    let name = action.name();
                    ITEMS
                        .iter()
                        .find(|(n, _, _)| *n == name.as_str())
                        .map(|(_, label, _)| *label)
                });
                ours.map(str::to_owned)
                    .unwrap_or_else(|| format!("{:?}", item.stock_action()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::dictionaries_for;

    #[test]
    fn a_bare_language_asks_for_its_usual_country_first() {
        assert_eq!(dictionaries_for("en"), ["en_US", "en"]);
        assert_eq!(dictionaries_for("fr"), ["fr_FR", "fr"]);
        assert_eq!(dictionaries_for("pt"), ["pt_PT", "pt"]);
    }

    #[test]
    fn a_region_comes_first_then_the_usual_one() {
        assert_eq!(dictionaries_for("en-GB"), ["en_GB", "en_US", "en"]);
        assert_eq!(dictionaries_for("pt-BR"), ["pt_BR", "pt_PT", "pt"]);
        assert_eq!(dictionaries_for("de_AT"), ["de_AT", "de_DE", "de"]);
        assert_eq!(dictionaries_for("sr-Latn-RS"), ["sr_RS", "sr_SR", "sr"]);
    }

    #[test]
    fn no_language_means_american_english() {
        assert_eq!(dictionaries_for(""), ["en_US"]);
        assert_eq!(dictionaries_for(" - "), ["en_US"]);
    }
}
