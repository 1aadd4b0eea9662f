//! Every desktop command called through Tauri's mock runtime, as the window
//! calls it (JSON arguments in, JSON or `{kind, message}` out), against a real
//! SQLite file in a temporary folder and the real renderer and exporters.

#[path = "../support/ipc.rs"]
mod ipc;

mod export;
mod history;
mod posts;
mod preview;
mod settings;
mod trash;

use std::path::PathBuf;

use serde_json::{Value, json};
use tauri::test::{MockRuntime, mock_builder, mock_context, noop_assets};
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use tempfile::TempDir;

/// An app on a fresh database, with its main window.
struct Desktop {
    dir: TempDir,
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Desktop {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("data").join("quire.db");
        Desktop::on(dir, db)
    }

    fn on(dir: TempDir, db: PathBuf) -> Self {
        let app = quire_desktop::run_app(mock_builder(), db)
            .build(mock_context(noop_assets()))
            .expect("the app builds on the mock runtime");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("main window");
        Desktop {
            dir,
            _app: app,
            window,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Invokes `cmd` with `args` (camelCase keys, as the UI sends them).
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        ipc::invoke(&self.window, cmd, args)
    }

    /// Invokes `cmd`, which must succeed.
    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} should succeed, got {e}"))
    }

    /// Invokes `cmd`, which must be refused; returns `(kind, message)`.
    fn refused(&self, cmd: &str, args: Value) -> (String, String) {
        let error = match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should be refused, got {v}"),
            Err(e) => e,
        };
        let kind = error["kind"].as_str();
        let message = error["message"].as_str();
        assert!(
            kind.is_some() && message.is_some_and(|m| !m.is_empty()),
            "{cmd} must reject with {{kind, message}} so the UI can branch and show it, got {error}"
        );
        (
            kind.unwrap_or_default().into(),
            message.unwrap_or_default().into(),
        )
    }

    fn create(&self, post: Value) -> Value {
        self.ok("create_post", json!({ "post": post }))
    }
}

fn draft(title: &str) -> Value {
    json!({
        "title": title,
        "summary": "A summary long enough to lead the article and feed the listings of the blog.",
        "category": "Essays",
        "tags": ["writing", "tools"],
        "status": "draft",
        "sections": [
            {"heading": "Why it matters", "body": "Long posts need **structure**.\n\n### A sub-heading\n\nMore words."},
            {"heading": "How to start", "body": "Begin with the takeaways."}
        ],
        "takeaways": ["**Structure** helps readers.", "Start from the end."]
    })
}

fn id_of(post: &Value) -> i64 {
    post["id"].as_i64().expect("a stored post has an id")
}
