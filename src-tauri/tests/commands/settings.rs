//! Site settings.

use serde_json::json;

use crate::{Desktop, draft};

#[test]
fn settings_round_trip() {
    let desktop = Desktop::new();
    let mut site = desktop.ok("get_settings", json!({}));
    assert_eq!(
        site["date_format"], "%A - %d %B %Y",
        "the default date format"
    );
    site["site_name"] = json!("Time for Designs");
    site["base_url"] = json!("https://example.com/blog/");
    let saved = desktop.ok("save_settings", json!({ "site": site }));
    assert_eq!(
        saved["base_url"], "https://example.com/blog",
        "the core tidies the base URL"
    );
    assert_eq!(
        desktop.ok("get_settings", json!({}))["site_name"],
        "Time for Designs",
        "settings persist"
    );

    let preview = desktop.ok("render_preview", json!({ "post": draft("Uses settings") }));
    assert!(
        preview["html"]
            .as_str()
            .is_some_and(|h| h.contains("Time for Designs")),
        "the preview shows the site name from the settings"
    );
}
