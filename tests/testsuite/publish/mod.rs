//! Publishing through Git: local bare repositories as remotes, two
//! databases (two editors) each with its own clone, the real `quire` CLI
//! and the real `git`, with a Git configuration of the test's own (no
//! machine settings, no network).

mod conflicts;
mod kill;
mod moved;
mod review;
mod sync;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quire::{Post, Section, Status, Store};

/// A site repository: a bare remote holding a Hugo site of the owner's.
pub(crate) struct Site {
    pub tmp: tempfile::TempDir,
    pub remote: PathBuf,
}

/// One editor: a database and a clone.
pub(crate) struct Editor {
    pub db: PathBuf,
    pub clone: PathBuf,
}

pub(crate) const HUGO_TOML: &str = "baseURL = 'https://example.org/'\ntitle = 'Owner'\n\
    disableKinds = ['RSS', 'sitemap', 'taxonomy', 'term', 'robotsTXT', '404']\n";
pub(crate) const SINGLE: &str = "<h1>{{ .Title }}</h1><div class=\"post\">{{ .Content }}</div>";

/// Git with a configuration of the test's own.
pub(crate) fn git_command(home: &Path) -> Command {
    let mut cmd = Command::new("git");
    isolate(&mut cmd, home);
    cmd
}

/// The test's own Git configuration and identity for `cmd` (git, or the
/// CLI that runs git).
pub(crate) fn isolate(cmd: &mut Command, home: &Path) {
    cmd.env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_AUTHOR_NAME", "Owner")
        .env("GIT_AUTHOR_EMAIL", "owner@example.org")
        .env("GIT_COMMITTER_NAME", "Owner")
        .env("GIT_COMMITTER_EMAIL", "owner@example.org")
        .env("GIT_TERMINAL_PROMPT", "0");
}

impl Site {
    /// A bare remote whose `main` holds the owner's Hugo site: config,
    /// layouts, a page of their own.
    pub fn new() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("gitconfig"),
            "[init]\n\tdefaultBranch = main\n",
        )
        .unwrap();
        let remote = tmp.path().join("remote.git");
        let site = Site { tmp, remote };
        site.git(
            site.tmp.path(),
            &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
        );
        let seed = site.tmp.path().join("seed");
        site.git(site.tmp.path(), &["clone", "--quiet", "remote.git", "seed"]);
        std::fs::write(seed.join("hugo.toml"), HUGO_TOML).unwrap();
        std::fs::create_dir_all(seed.join("layouts/_default")).unwrap();
        std::fs::write(seed.join("layouts/_default/single.html"), SINGLE).unwrap();
        std::fs::write(
            seed.join("layouts/_default/list.html"),
            "{{ range .Pages }}{{ .Title }}{{ end }}",
        )
        .unwrap();
        std::fs::create_dir_all(seed.join("content")).unwrap();
        std::fs::write(
            seed.join("content/about.md"),
            "---\ntitle: About\n---\nThe owner's page.\n",
        )
        .unwrap();
        site.git(&seed, &["add", "."]);
        site.git(&seed, &["commit", "--quiet", "-m", "The owner's site"]);
        site.git(&seed, &["push", "--quiet", "origin", "main"]);
        site
    }

    pub fn home(&self) -> &Path {
        self.tmp.path()
    }

    /// Runs git in `dir`; its output (must succeed).
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let out = git_command(self.home())
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A new editor: a clone and a database whose site repository it is.
    pub fn editor(&self, name: &str) -> Editor {
        self.git(self.home(), &["clone", "--quiet", "remote.git", name]);
        let editor = Editor {
            db: self.home().join(format!("{name}.db")),
            clone: self.home().join(name),
        };
        let clone = editor.clone.display().to_string();
        self.ok(&editor, &["publish", "init", &clone, "--flavor", "hugo"]);
        editor
    }

    /// The CLI, run for `editor` with the test's Git configuration.
    pub fn quire(&self, editor: &Editor, args: &[&str]) -> Output {
        let mut quire = Command::new(env!("CARGO_BIN_EXE_quire"));
        isolate(&mut quire, self.home());
        quire
            .arg("--db")
            .arg(&editor.db)
            .args(args)
            .output()
            .unwrap()
    }

    /// The CLI, which must succeed; its JSON when it printed JSON.
    pub fn ok(&self, editor: &Editor, args: &[&str]) -> serde_json::Value {
        let out = self.quire(editor, args);
        assert!(
            out.status.success(),
            "quire {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
    }

    /// A file of the remote's `main`, as committed.
    pub fn remote_file(&self, path: &str) -> Option<String> {
        let out = git_command(self.home())
            .arg("--git-dir")
            .arg(&self.remote)
            .args(["show", &format!("main:{path}")])
            .output()
            .unwrap();
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The remote's `main` log subjects, newest first.
    pub fn remote_log(&self) -> Vec<String> {
        let out = git_command(self.home())
            .arg("--git-dir")
            .arg(&self.remote)
            .args(["log", "--format=%s", "main"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect()
    }
}

/// A published post with one section.
pub(crate) fn publish_post(editor: &Editor, title: &str, slug: &str, body: &str) -> i64 {
    let mut store = Store::open(&editor.db).unwrap();
    let mut post = Post::new(title);
    post.slug = slug.into();
    post.status = Status::Published;
    post.publish_at = Some(chrono::Utc::now() - chrono::Duration::days(1));
    post.sections = vec![Section::new("", body)];
    store.create(post, chrono::Utc::now()).unwrap().id.unwrap()
}

/// Saves a new body for the post `slug`, as of an hour ago (so that a
/// sync that dated it by its own clock would show in the file).
pub(crate) fn edit(editor: &Editor, slug: &str, body: &str) {
    let mut store = Store::open(&editor.db).unwrap();
    let mut post = store.get_by_slug(slug).unwrap();
    post.sections = vec![Section::new("", body)];
    let at = chrono::Utc::now() - chrono::Duration::hours(1);
    store.update(post, at).unwrap();
}

/// The post `slug` as `editor` has it.
pub(crate) fn post(editor: &Editor, slug: &str) -> Post {
    Store::open(&editor.db).unwrap().get_by_slug(slug).unwrap()
}
