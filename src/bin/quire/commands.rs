//! One function per `quire` command: parse what the command line gave, call
//! the core, hand the result to `output`.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::{Args, ValueEnum};
use quire::export::{self, Flavor, Format};
use quire::store::{ListQuery, Sort};
use quire::{Error, Post, PostInput, Result, Status, Store};

use crate::output;
use crate::{Cli, Command};

#[derive(Args)]
pub struct ListArgs {
    #[arg(long, value_parser = parse_status)]
    status: Option<Status>,
    #[arg(long)]
    tag: Option<String>,
    #[arg(long)]
    category: Option<String>,
    /// Full-text search over titles, summaries, sections and takeaways.
    #[arg(long, value_name = "QUERY")]
    search: Option<String>,
    /// Sort order (default: last updated; best match first with --search).
    #[arg(long, value_enum)]
    sort: Option<SortArg>,
    /// Show at most this many posts.
    #[arg(long)]
    limit: Option<usize>,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum SortArg {
    Updated,
    Date,
    Title,
    Relevance,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Html,
    Md,
}

/// `--flavor`: the generator a Markdown export (or a site repository) is for.
#[derive(Clone, Copy, ValueEnum)]
pub enum FlavorArg {
    Hugo,
    Jekyll,
    Zola,
    Astro,
}

impl From<FlavorArg> for Flavor {
    fn from(arg: FlavorArg) -> Flavor {
        match arg {
            FlavorArg::Hugo => Flavor::Hugo,
            FlavorArg::Jekyll => Flavor::Jekyll,
            FlavorArg::Zola => Flavor::Zola,
            FlavorArg::Astro => Flavor::Astro,
        }
    }
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(value_name = "ID|SLUG")]
    post: String,
    #[arg(long, value_enum)]
    format: FormatArg,
    /// The static-site generator the Markdown is for (default: hugo).
    #[arg(long, value_enum)]
    flavor: Option<FlavorArg>,
    /// Where to write: a file, a folder (the file is named as the generator
    /// expects), or - for stdout (the default).
    #[arg(short = 'o', long = "output", value_name = "FILE|-")]
    output: Option<PathBuf>,
}

#[derive(Args)]
pub struct ExportSiteArgs {
    /// The folder to export into. Quire writes and removes only its own files
    /// there (listed in .quire-manifest.json), and only when their bytes change.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[arg(long, value_enum, default_value = "html")]
    format: FormatArg,
    #[arg(long, value_enum)]
    flavor: Option<FlavorArg>,
    /// Include drafts (and, in HTML, scheduled posts not yet due). Scheduled
    /// posts whose time has come are always published; in Markdown every
    /// scheduled post is written, dated ahead, for the generator to publish.
    #[arg(long)]
    include_drafts: bool,
}

#[derive(clap::Subcommand)]
pub enum MediaCommand {
    /// Store an image (JPEG, PNG, GIF or WebP) and print its reference,
    /// `media/NAME`, for `![Alt](media/NAME)` in a post.
    Add {
        file: PathBuf,
        /// What the image shows, for readers who cannot see it.
        #[arg(long)]
        alt: Option<String>,
        /// The image adds nothing to the text (no alternative text).
        #[arg(long, conflicts_with = "alt")]
        decorative: bool,
        #[arg(long)]
        json: bool,
    },
    /// List the stored images.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Write an image to a file: as exports write it (orientation applied,
    /// no metadata such as GPS), or as it was added with --original.
    Show {
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(short = 'o', long = "output", value_name = "FILE|-")]
        output: PathBuf,
        #[arg(long)]
        original: bool,
    },
}

fn parse_status(s: &str) -> Result<Status, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn format(format: FormatArg, flavor: Option<FlavorArg>) -> Result<Format> {
    let flavor = flavor.map(Flavor::from);
    match (format, flavor) {
        (FormatArg::Html, None) => Ok(Format::Html),
        (FormatArg::Html, Some(_)) => Err(Error::Validation(
            "--flavor applies to --format md only".into(),
        )),
        (FormatArg::Md, flavor) => Ok(Format::Markdown(flavor.unwrap_or(Flavor::Hugo))),
    }
}

pub fn run(cli: Cli) -> Result<()> {
    let path = cli.db.unwrap_or_else(Store::default_path);
    let mut store = Store::open(&path)?;
    if store.created() {
        // A mistyped --db must not look like an empty blog.
        eprintln!("quire: created a new database at {}", path.display());
    }
    let now = Utc::now();
    match cli.command {
        Command::New {
            title,
            summary,
            category,
            tags,
            json,
        } => {
            let post = Post {
                summary: summary.unwrap_or_default(),
                category: category.unwrap_or_default(),
                tags,
                ..Post::new(title)
            };
            let post = store.create(post, now)?;
            output::saved(&post, json)
        }
        Command::Put { file, json } => {
            let post = PostInput::from_json(&read_input(&file)?)?;
            let post = store.put(post, now)?;
            output::saved(&post, json)
        }
        Command::Show { post, json } => {
            let post = store.get(store.resolve(&post)?)?;
            output::post(&post, json)
        }
        Command::Check { post, json } => check(&store, &post, json),
        Command::List(args) => list(&store, args),
        Command::Delete { post } => {
            let id = store.resolve(&post)?;
            store.delete(id, now)?;
            output::line(&format!(
                "moved post {id} to the trash (quire restore {id} brings it back)"
            ))
        }
        Command::Restore { post } => {
            let post = store.restore(store.resolve(&post)?, now)?;
            output::saved(&post, false)
        }
        Command::Trash { json } => {
            let trashed = store.trash()?;
            if json {
                let posts = trashed
                    .iter()
                    .map(|s| store.revision(s.id, s.revision).map(|p| (p, s.deleted_at)))
                    .collect::<Result<Vec<_>>>()?;
                output::trash_json(&posts)
            } else {
                output::trash(&trashed)
            }
        }
        Command::Purge { post } => {
            let id = store.resolve(&post)?;
            store.purge(id)?;
            output::line(&format!("deleted post {id} for good"))
        }
        Command::History { post, json } => {
            let id = store.resolve(&post)?;
            let revisions = store.history(id)?;
            if json {
                let posts = revisions
                    .iter()
                    .map(|r| store.revision(id, r.revision))
                    .collect::<Result<Vec<_>>>()?;
                output::json(&posts)
            } else {
                output::history(&revisions)
            }
        }
        Command::Revert { post, revision } => {
            let post = store.revert(store.resolve(&post)?, revision, now)?;
            output::saved(&post, false)
        }
        Command::Settings { key, value, json } => settings(&mut store, key, value, json),
        Command::Preview { post } => {
            let post = store.get(store.resolve(&post)?)?;
            output::raw(export::preview(&store, &post)?.html.as_bytes())
        }
        Command::Export(args) => export_post(&store, args),
        Command::ExportSite(args) => export_site(&store, args),
        Command::Media { action } => media(&mut store, action, now),
        Command::Import(args) => import(&mut store, args, now),
        Command::Publish { action } => crate::publish::run(&mut store, action, now),
    }
}

fn check(store: &Store, post: &str, json: bool) -> Result<()> {
    let post = store.get(store.resolve(post)?)?;
    let findings = quire::check::check(&post, &store.site()?, store);
    if json {
        output::json(&findings)?;
    } else {
        output::findings(&post, &findings)?;
    }
    let warnings = findings
        .iter()
        .filter(|f| f.severity == quire::check::Severity::Warning)
        .count();
    if warnings > 0 {
        return Err(Error::Validation(format!(
            "{warnings} thing(s) to look at before publishing “{}”",
            post.title
        )));
    }
    Ok(())
}

fn list(store: &Store, args: ListArgs) -> Result<()> {
    let sort = match args.sort {
        Some(SortArg::Updated) => Sort::Updated,
        Some(SortArg::Date) => Sort::Date,
        Some(SortArg::Title) => Sort::Title,
        Some(SortArg::Relevance) => Sort::Relevance,
        None if args.search.is_some() => Sort::Relevance,
        None => Sort::Updated,
    };
    let query = ListQuery {
        status: args.status,
        tag: args.tag,
        category: args.category,
        search: args.search,
        sort,
        limit: args.limit,
        offset: 0,
    };
    let rows = store.list(&query)?;
    if args.json {
        let posts = rows
            .iter()
            .map(|row| store.get(row.id))
            .collect::<Result<Vec<_>>>()?;
        output::json(&posts)
    } else {
        output::list(&rows)
    }
}

fn settings(
    store: &mut Store,
    key: Option<String>,
    value: Option<String>,
    json: bool,
) -> Result<()> {
    match (key, value) {
        (None, _) => {
            let site = store.site()?;
            if json {
                output::json(&site)
            } else {
                output::settings(&site)
            }
        }
        (Some(key), None) => output::line(&store.site()?.get(&key)?),
        (Some(key), Some(value)) => {
            let site = store.set_setting(&key, &value)?;
            output::line(&format!("{key} = {}", site.get(&key)?))
        }
    }
}

fn export_post(store: &Store, args: ExportArgs) -> Result<()> {
    let format = format(args.format, args.flavor)?;
    let (file_name, contents) = export::post(store, store.resolve(&args.post)?, format)?;
    match args.output {
        None => output::raw(contents.as_bytes()),
        Some(path) if path == Path::new("-") => output::raw(contents.as_bytes()),
        Some(path) => {
            let target = if path.is_dir() {
                path.join(file_name)
            } else {
                path
            };
            export::write_file(&target, contents.as_bytes())?;
            output::line(&format!("wrote {}", target.display()))
        }
    }
}

fn export_site(store: &Store, args: ExportSiteArgs) -> Result<()> {
    let options = export::SiteOptions {
        format: format(args.format, args.flavor)?,
        include_drafts: args.include_drafts,
        now: Utc::now(),
    };
    let bar = output::progress_bar();
    let report = export::site(store, &args.out, &options, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    output::line(&format!(
        "exported {} posts ({} files) to {}: {} written, {} unchanged, {} removed",
        report.posts,
        report.files,
        report.dir.display(),
        report.written,
        report.unchanged,
        report.removed
    ))
}

#[derive(Args)]
pub struct ImportArgs {
    /// Folders or files to import (a site's folder, a post file, an export file).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The kind of source, when Quire cannot tell by looking.
    #[arg(long, value_enum)]
    from: Option<FromArg>,
    /// Report what would happen; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FromArg {
    Hugo,
    Jekyll,
    Zola,
    Astro,
    Wxr,
    Ghost,
}

fn import(store: &mut Store, args: ImportArgs, now: chrono::DateTime<Utc>) -> Result<()> {
    use quire::import::source::Kind;
    let from = args.from.map(|f| match f {
        FromArg::Hugo => Kind::Hugo,
        FromArg::Jekyll => Kind::Jekyll,
        FromArg::Zola => Kind::Zola,
        FromArg::Astro => Kind::Astro,
        FromArg::Wxr => Kind::Wxr,
        FromArg::Ghost => Kind::Ghost,
    });
    let options = quire::import::Options {
        from,
        dry_run: args.dry_run,
    };
    let bar = output::progress_bar();
    let report = quire::import::import(store, &args.paths, &options, now, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if args.json {
        output::json(&report)?;
    } else {
        output::import_report(&report)?;
    }
    if report.refused_any() {
        let c = report.counts;
        return Err(Error::Validation(format!(
            "{} refused, {} problem(s) reading the source (listed above); the rest was {}",
            c.refused,
            report.problems.len(),
            if report.dry_run {
                "checked, nothing written"
            } else {
                "imported"
            }
        )));
    }
    Ok(())
}

fn media(store: &mut Store, action: MediaCommand, now: chrono::DateTime<Utc>) -> Result<()> {
    match action {
        MediaCommand::Add {
            file,
            alt,
            decorative,
            json,
        } => {
            let bytes = quire::store::read_image_file(&file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let alt = alt.unwrap_or_default();
            let added = store.add_media(&name, &bytes, &alt, decorative, now)?;
            if json {
                return output::json(&added);
            }
            if added.has_gps {
                eprintln!(
                    "note: this photo holds the place where it was taken (GPS); exports leave it out"
                );
            }
            if added.alt.is_empty() && !added.decorative {
                eprintln!(
                    "note: no alternative text: give it in the post (![What it shows](media/{})) or with --alt",
                    added.name
                );
            }
            output::line(&format!("media/{}", added.name))
        }
        MediaCommand::List { json } => {
            let all = store.media()?;
            if json {
                return output::json(&all);
            }
            output::media(&all)
        }
        MediaCommand::Show {
            reference,
            output: path,
            original,
        } => {
            let name = reference
                .trim()
                .trim_start_matches(quire::model::MEDIA_PREFIX);
            let bytes = if original {
                store.media_original(name)?
            } else {
                store
                    .media_rendition(name, None, quire::media::Encoding::Original)?
                    .bytes
            };
            if path == Path::new("-") {
                output::raw(&bytes)
            } else {
                export::write_file(&path, &bytes)?;
                output::line(&format!("wrote {}", path.display()))
            }
        }
    }
}

/// The text of FILE, or of stdin for `-`.
fn read_input(file: &str) -> Result<String> {
    let mut text = String::new();
    if file == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::io("<stdin>", e))?;
    } else {
        text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    }
    Ok(text)
}
