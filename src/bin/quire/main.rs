//! `quire`: the command line over the Quire core. Each command parses its
//! arguments, calls one library function and prints the result; every rule
//! lives in the library.

mod commands;
mod output;
mod publish;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Write long blog posts, keep them in SQLite, export HTML or Markdown.
#[derive(Parser)]
#[command(name = "quire", version, about)]
struct Cli {
    /// The database file (default: the OS data dir, e.g. ~/.local/share/quire/quire.db).
    #[arg(long, global = true, env = "QUIRE_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a draft.
    New {
        #[arg(long)]
        title: String,
        #[arg(long)]
        summary: Option<String>,
        #[arg(long)]
        category: Option<String>,
        /// A tag; repeat for several.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Create or update a post from its JSON shape (a file, or - for stdin).
    Put {
        #[arg(value_name = "FILE|-")]
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Show one post.
    Show {
        #[arg(value_name = "ID|SLUG")]
        post: String,
        #[arg(long)]
        json: bool,
    },
    /// The pre-publish check: what to look at before publishing a post
    /// (summary and title length, empty sections, skipped heading levels,
    /// images without alt text, links to posts that are not out, what the
    /// page loads from other sites). Exit 1 when anything is a warning.
    Check {
        #[arg(value_name = "ID|SLUG")]
        post: String,
        #[arg(long)]
        json: bool,
    },
    /// List posts, newest first.
    List(commands::ListArgs),
    /// Move a post to the trash.
    Delete {
        #[arg(value_name = "ID|SLUG")]
        post: String,
    },
    /// Bring a post back from the trash.
    Restore {
        #[arg(value_name = "ID|SLUG")]
        post: String,
    },
    /// List the posts in the trash.
    Trash {
        #[arg(long)]
        json: bool,
    },
    /// Delete a post in the trash for good.
    Purge {
        #[arg(value_name = "ID|SLUG")]
        post: String,
    },
    /// List the saved revisions of a post.
    History {
        #[arg(value_name = "ID|SLUG")]
        post: String,
        #[arg(long)]
        json: bool,
    },
    /// Make an old revision the current one (saved as a new revision).
    Revert {
        #[arg(value_name = "ID|SLUG")]
        post: String,
        revision: i64,
    },
    /// Show all settings, one, or set one.
    Settings {
        key: Option<String>,
        value: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the preview HTML of a post (sanitised, as the app shows it).
    Preview {
        #[arg(value_name = "ID|SLUG")]
        post: String,
    },
    /// Export one post as HTML or Markdown.
    Export(commands::ExportArgs),
    /// Export the whole site into a folder, touching only Quire's own files.
    ExportSite(commands::ExportSiteArgs),
    /// Bring posts in from a Hugo, Jekyll, Zola or Astro folder, a WordPress
    /// export (.xml) or a Ghost export (.json). Safe to repeat: changed posts
    /// are updated, nothing is created twice, posts edited in Quire are left alone.
    Import(commands::ImportArgs),
    /// Images stored in the database: add one, list them, get one out.
    Media {
        #[command(subcommand)]
        action: commands::MediaCommand,
    },
    /// Publish to the site's Git repository and take colleagues' changes in.
    Publish {
        #[command(subcommand)]
        action: publish::PublishCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string().replace('\n', " ");
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
