//! The Git engine: the `git` program the user already has, run as a child
//! process (`git -C REPO …`) with prompts off. It honours the user's
//! credential helpers, ssh-agent and ssh config, hooks and LFS; Quire
//! stores no credentials. Outputs are read in their machine forms
//! (`--porcelain=v2 -z`, `-z` name lists, `push --porcelain`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// What went wrong running git, by kind.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No `git` program on the PATH.
    #[error(
        "git was not found: install Git (https://git-scm.com/downloads) and make sure `git` is on the PATH, then try again"
    )]
    Missing,
    /// The folder is not a Git work tree.
    #[error(
        "{} is not a Git work tree: give the folder of a local clone of the site's repository (git clone URL), or run `git init` there",
        path.display()
    )]
    NotARepository { path: PathBuf },
    /// The remote refused the credentials (or there were none to give).
    #[error(
        "the remote `{remote}` refused the credentials: {detail}. Quire uses your Git setup and stores no password: check that `git push {remote}` works in a terminal (a credential helper for HTTPS, or an SSH key loaded in ssh-agent), then publish again"
    )]
    Auth { remote: String, detail: String },
    /// A git command failed; its own message says why.
    #[error("git {command} failed: {message}")]
    Failed { command: String, message: String },
}

impl GitError {
    /// The stable name of the kind (see [`crate::Error::kind`]).
    pub fn kind(&self) -> &'static str {
        match self {
            GitError::Missing => "git_missing",
            GitError::NotARepository { .. } => "not_a_repository",
            GitError::Auth { .. } => "git_auth",
            GitError::Failed { .. } => "git",
        }
    }
}

/// A local clone, run through the `git` program.
#[derive(Debug, Clone)]
pub struct Repo {
    root: PathBuf,
    /// Extra environment for commits (the author from the settings).
    env: Vec<(String, String)>,
}

/// One changed path of `git status`, relative to the repository's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub path: String,
    /// `git status --porcelain=v2` XY letters (`.M`, `A.`, `??` for untracked).
    pub xy: String,
}

/// A path and how it changed between two commits (`A`, `M`, `D`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub status: char,
    pub path: String,
}

/// How a push went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    Done,
    /// The remote moved on: its branch is not an ancestor of ours.
    Rejected(String),
}

impl Repo {
    /// The work tree at (or above) `path`; refuses anything else.
    pub fn open(path: &Path) -> Result<Repo, GitError> {
        let probe = Repo {
            root: path.to_path_buf(),
            env: Vec::new(),
        };
        let out = probe.output(
            &["rev-parse", "--is-inside-work-tree", "--show-toplevel"],
            None,
        )?;
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        if !out.status.success() || lines.next() != Some("true") {
            return Err(GitError::NotARepository {
                path: path.to_path_buf(),
            });
        }
        let top = lines
            .next()
            .map(PathBuf::from)
            .ok_or_else(|| GitError::NotARepository {
                path: path.to_path_buf(),
            })?;
        Ok(Repo {
            root: top,
            env: Vec::new(),
        })
    }

    /// The repository's top folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Commits made through this handle carry this author and committer
    /// (empty parts: git's own configuration decides).
    pub fn with_author(mut self, name: &str, email: &str) -> Repo {
        for (part, value) in [("NAME", name), ("EMAIL", email)] {
            if !value.is_empty() {
                for who in ["AUTHOR", "COMMITTER"] {
                    self.env
                        .push((format!("GIT_{who}_{part}"), value.to_string()));
                }
            }
        }
        self
    }

    fn output(&self, args: &[&str], stdin: Option<&[u8]>) -> Result<Output, GitError> {
        let mut cmd = Command::new("git");
        cmd.arg("-C")
            .arg(&self.root)
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_ASKPASS", "")
            .env("SSH_ASKPASS", "")
            .env("LC_ALL", "C")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::Missing,
            _ => failed(args, &e.to_string()),
        })?;
        if let Some(bytes) = stdin
            && let Some(mut pipe) = child.stdin.take()
        {
            pipe.write_all(bytes)
                .map_err(|e| failed(args, &e.to_string()))?;
        }
        child
            .wait_with_output()
            .map_err(|e| failed(args, &e.to_string()))
    }

    /// Runs git; its standard output when it succeeds, its message when not.
    pub fn run(&self, args: &[&str]) -> Result<String, GitError> {
        self.run_with(args, None)
    }

    /// [`Repo::run`] with `stdin` given to git.
    pub fn run_with(&self, args: &[&str], stdin: Option<&[u8]>) -> Result<String, GitError> {
        let out = self.output(args, stdin)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(failed(args, &message(&out)))
        }
    }

    /// Whether git succeeds (a question such as `merge-base --is-ancestor`).
    pub fn test(&self, args: &[&str]) -> Result<bool, GitError> {
        Ok(self.output(args, None)?.status.success())
    }

    /// The commit `rev` names, if any (none on an unborn branch).
    pub fn commit_of(&self, rev: &str) -> Result<Option<String>, GitError> {
        let spec = format!("{rev}^{{commit}}");
        let out = self.output(&["rev-parse", "--verify", "--quiet", &spec], None)?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
    }

    /// The branch checked out (none when HEAD is detached).
    pub fn current_branch(&self) -> Result<Option<String>, GitError> {
        let out = self.output(&["symbolic-ref", "--quiet", "--short", "HEAD"], None)?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
    }

    /// A `git config` value, empty when unset.
    pub fn config(&self, key: &str) -> String {
        self.output(&["config", "--get", key], None)
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    }

    /// Whether the repository has a remote of that name.
    pub fn has_remote(&self, remote: &str) -> Result<bool, GitError> {
        let list = self.run(&["remote"])?;
        Ok(list.lines().any(|r| r == remote))
    }

    /// The `.git` folder (or a worktree's) as a path.
    pub fn git_dir(&self) -> Result<PathBuf, GitError> {
        let dir = self.run(&["rev-parse", "--absolute-git-dir"])?;
        Ok(PathBuf::from(dir.trim()))
    }

    /// Whether a merge is under way (a `MERGE_HEAD` exists).
    pub fn merging(&self) -> Result<bool, GitError> {
        Ok(self.commit_of("MERGE_HEAD")?.is_some())
    }

    /// Paths that differ from HEAD (staged or not) and untracked files,
    /// under `pathspec` (the whole tree when empty).
    pub fn status(&self, pathspec: &[&str]) -> Result<Vec<Changed>, GitError> {
        let mut args = vec![
            "status",
            "--porcelain=v2",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
        ];
        args.extend_from_slice(pathspec);
        let out = self.run(&args)?;
        Ok(parse_status(&out))
    }

    /// What changed under `pathspec` from commit `from` to `to`.
    pub fn diff(&self, from: &str, to: &str, pathspec: &str) -> Result<Vec<Delta>, GitError> {
        let out = self.run(&[
            "diff",
            "--name-status",
            "-z",
            "--no-renames",
            from,
            to,
            "--",
            pathspec,
        ])?;
        let mut parts = out.split('\0').filter(|p| !p.is_empty());
        let mut deltas = Vec::new();
        while let (Some(status), Some(path)) = (parts.next(), parts.next()) {
            deltas.push(Delta {
                status: status.chars().next().unwrap_or('M'),
                path: path.to_string(),
            });
        }
        Ok(deltas)
    }

    /// Commits exactly `paths` (added, changed or removed in the work
    /// tree) as one commit, leaving whatever else the owner staged staged.
    /// Hooks run as for any commit. Returns the new commit.
    pub fn commit_paths(&self, paths: &[String], message: &str) -> Result<String, GitError> {
        let list = nul_list(paths);
        let from_stdin = ["--pathspec-from-file=-", "--pathspec-file-nul"];
        let mut add = vec!["add", "-A"];
        add.extend_from_slice(&from_stdin);
        self.run_with(&add, Some(&list))?;
        // The message through a file: a long one is no command line.
        let file = self.git_dir()?.join("QUIRE_COMMIT_MSG");
        std::fs::write(&file, message).map_err(|e| failed(&["commit"], &e.to_string()))?;
        let file_arg = format!("--file={}", file.display());
        let mut commit = vec!["commit", "--quiet", "--only", &file_arg];
        commit.extend_from_slice(&from_stdin);
        let done = self.run_with(&commit, Some(&list));
        let _ = std::fs::remove_file(&file);
        done?;
        self.commit_of("HEAD")?
            .ok_or_else(|| failed(&["commit"], "no commit was made"))
    }

    /// Fetches `branch` from `remote`.
    pub fn fetch(&self, remote: &str, branch: &str) -> Result<(), GitError> {
        let refspec = format!("+refs/heads/{branch}:refs/remotes/{remote}/{branch}");
        self.remote_op(remote, &["fetch", "--quiet", "--no-tags", remote, &refspec])
            .map(|_| ())
    }

    /// The same repository with `GIT_INDEX_FILE` set: git commands run
    /// through it read and write that index, never the owner's.
    pub fn with_index(&self, index: &Path) -> Repo {
        let mut repo = self.clone();
        repo.env
            .push(("GIT_INDEX_FILE".into(), index.display().to_string()));
        repo
    }

    /// Fetches `branch` and the review branches `quire/*` from `remote`
    /// (tracking refs of review branches gone from the remote pruned).
    pub fn fetch_review(&self, remote: &str, branch: &str) -> Result<(), GitError> {
        let main = format!("+refs/heads/{branch}:refs/remotes/{remote}/{branch}");
        let review = format!("+refs/heads/quire/*:refs/remotes/{remote}/quire/*");
        let args = [
            "fetch",
            "--quiet",
            "--no-tags",
            "--prune",
            remote,
            &main,
            &review,
        ];
        self.remote_op(remote, &args).map(|_| ())
    }

    /// Pushes `branch` to the same branch of `remote`.
    pub fn push(&self, remote: &str, branch: &str) -> Result<Pushed, GitError> {
        let refspec = format!("refs/heads/{branch}:refs/heads/{branch}");
        self.push_args(remote, &["push", "--porcelain", remote, &refspec])
    }

    /// Pushes `branch` to the same branch of `remote` over whatever it
    /// holds, provided it still holds `expected` (none or empty: no such
    /// branch) — `--force-with-lease`; refused (someone else's commit) else.
    pub fn push_lease(
        &self,
        remote: &str,
        branch: &str,
        expected: Option<&str>,
    ) -> Result<Pushed, GitError> {
        let lease = format!(
            "--force-with-lease=refs/heads/{branch}:{}",
            expected.unwrap_or_default()
        );
        let refspec = format!("refs/heads/{branch}:refs/heads/{branch}");
        self.push_args(remote, &["push", "--porcelain", &lease, remote, &refspec])
    }

    fn push_args(&self, remote: &str, args: &[&str]) -> Result<Pushed, GitError> {
        let out = self.output(args, None)?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if let Some(line) = stdout.lines().find(|l| l.starts_with('!')) {
            if line.contains("[rejected]") || line.contains("non-fast-forward") {
                return Ok(Pushed::Rejected(line.to_string()));
            }
            return Err(failed(args, line));
        }
        if out.status.success() {
            return Ok(Pushed::Done);
        }
        Err(classify(remote, args, &message(&out)))
    }

    fn remote_op(&self, remote: &str, args: &[&str]) -> Result<String, GitError> {
        let out = self.output(args, None)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(classify(remote, args, &message(&out)))
        }
    }
}

/// The paths as git reads them from `--pathspec-from-file` with
/// `--pathspec-file-nul`: each literal (`:(literal)`), NUL-ended.
fn nul_list(paths: &[String]) -> Vec<u8> {
    let mut list = Vec::new();
    for p in paths {
        list.extend_from_slice(b":(literal)");
        list.extend_from_slice(p.as_bytes());
        list.push(0);
    }
    list
}

/// Entries of `git status --porcelain=v2 -z` (renames are off).
fn parse_status(out: &str) -> Vec<Changed> {
    let mut changed = Vec::new();
    for entry in out.split('\0').filter(|e| !e.is_empty()) {
        let (xy, path) = match entry.as_bytes()[0] {
            // 1 XY sub mH mI mW hH hI path
            b'1' => (entry.get(2..4), entry.splitn(9, ' ').nth(8)),
            // u XY sub m1 m2 m3 mW h1 h2 h3 path
            b'u' => (entry.get(2..4), entry.splitn(11, ' ').nth(10)),
            b'?' => (Some("??"), entry.get(2..)),
            _ => (None, None),
        };
        if let (Some(xy), Some(path)) = (xy, path) {
            changed.push(Changed {
                path: path.to_string(),
                xy: xy.to_string(),
            });
        }
    }
    changed
}

fn message(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    let text = if err.trim().is_empty() {
        String::from_utf8_lossy(&out.stdout).into_owned()
    } else {
        err.into_owned()
    };
    text.trim().replace('\n', " ")
}

fn failed(args: &[&str], message: &str) -> GitError {
    GitError::Failed {
        command: args.first().copied().unwrap_or_default().to_string(),
        message: message.to_string(),
    }
}

/// An authentication failure, told apart from other failures by git's
/// (and ssh's) own words.
fn classify(remote: &str, args: &[&str], message: &str) -> GitError {
    const AUTH: [&str; 7] = [
        "Authentication failed",
        "could not read Username",
        "could not read Password",
        "terminal prompts disabled",
        "Permission denied (publickey",
        "Host key verification failed",
        "HTTP Basic: Access denied",
    ];
    if AUTH.iter().any(|a| message.contains(a)) {
        GitError::Auth {
            remote: remote.to_string(),
            detail: message.to_string(),
        }
    } else {
        failed(args, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_entries_are_read_with_spaces_in_names() {
        let out = "1 .M N... 100644 100644 100644 abc abc content/posts/a b.md\0\
                   ? hugo.toml\0u UU N... 100644 100644 100644 100644 a b c content/x.md\0";
        let got = parse_status(out);
        assert_eq!(
            got,
            vec![
                Changed {
                    path: "content/posts/a b.md".into(),
                    xy: ".M".into()
                },
                Changed {
                    path: "hugo.toml".into(),
                    xy: "??".into()
                },
                Changed {
                    path: "content/x.md".into(),
                    xy: "UU".into()
                },
            ]
        );
    }

    #[test]
    fn an_ssh_refusal_is_an_authentication_failure() {
        let e = classify(
            "origin",
            &["push"],
            "git@github.com: Permission denied (publickey). fatal: Could not read from remote repository.",
        );
        assert_eq!(e.kind(), "git_auth");
        assert!(e.to_string().contains("ssh-agent"));
        assert_eq!(classify("origin", &["push"], "disk full").kind(), "git");
    }
}
