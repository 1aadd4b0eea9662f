//! A whole site in one go. Steps: list the posts to publish (summaries only)
//! → build a tag index for "What to Read Next" → read full posts from the store
//! in batches in two render workers, which write each page → write index,
//! tag and category pages, feeds, sitemap and stylesheet → swap the folder
//! in. Bodies are never all in memory at once.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;

use serde::{Deserialize, Serialize};

use super::atomic::{Staging, write_in};
use super::post_pages::{PostPages, Scratch};
use super::{Flavor, Format, feeds};
use crate::model::slug;
use crate::render::date;
use crate::render::page::{Mode, Shell, post_path};
use crate::render::templates::{STYLESHEET, render};
use crate::render::terms::TermPaths;
use crate::store::{ListQuery, Sort};
use crate::{Error, PostSummary, Result, Site, Status, Store};

/// Posts per index page.
pub const PER_PAGE: usize = 10;

/// Posts a worker reads from the store at once (one read transaction, one
/// query per table): ~0.5 MB of Markdown, and few enough that two workers
/// finish together.
const BATCH: usize = 32;

/// How often the caller hears how far the export is.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(25);

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteOptions {
    pub format: Format,
    /// Also export drafts and scheduled posts (for a staging site).
    pub include_drafts: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteReport {
    pub dir: PathBuf,
    pub posts: usize,
    pub files: usize,
}

/// Exports every published post (and drafts when asked) into `out`, which
/// is replaced as a whole only once everything is built. `progress` gets
/// `(posts done, posts total)`.
pub fn site(
    store: &Store,
    out: &Path,
    options: &SiteOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SiteReport> {
    let site = store.site()?;
    let query = ListQuery {
        status: (!options.include_drafts).then_some(Status::Published),
        sort: Sort::Date,
        ..ListQuery::default()
    };
    let mut posts: Vec<PostSummary> = store
        .list(&query)?
        .into_iter()
        .filter(|p| p.deleted_at.is_none())
        .collect();
    posts.sort_by(|a, b| {
        b.display_date()
            .cmp(&a.display_date())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    for p in &posts {
        slug::validate(&p.slug).map_err(|_| {
            Error::Validation(format!(
                "post {} has the slug `{}`, which cannot be a file name; fix it before exporting",
                p.id, p.slug
            ))
        })?;
    }
    let staging = Staging::new(out)?;
    let files = match options.format {
        Format::Html => html_site(store, staging.path(), &site, &posts, progress)?,
        Format::Markdown(flavor) => {
            markdown_site(store, staging.path(), &site, &posts, flavor, progress)?
        }
    };
    let dir = staging.commit()?;
    Ok(SiteReport {
        dir,
        posts: posts.len(),
        files,
    })
}

fn markdown_site(
    store: &Store,
    root: &Path,
    site: &Site,
    posts: &[PostSummary],
    flavor: Flavor,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let dir = flavor.content_dir();
    let mut files = 0;
    if flavor == Flavor::Zola {
        let index = format!(
            "+++\ntitle = {}\nsort_by = \"date\"\n+++\n",
            super::toml_string(&site.site_name)
        );
        write_in(root, &format!("{dir}/_index.md"), index.as_bytes())?;
        files += 1;
    }
    progress(0, posts.len());
    let mut done = 0;
    for batch in posts.chunks(BATCH) {
        let ids: Vec<i64> = batch.iter().map(|s| s.id).collect();
        for post in store.posts_in(&ids)? {
            let name = super::file_name(&post, Format::Markdown(flavor));
            let text = super::markdown::markdown(&post, site, flavor);
            write_in(root, &format!("{dir}/{name}"), text.as_bytes())?;
            files += 1;
            done += 1;
            progress(done, posts.len());
        }
    }
    Ok(files)
}

fn html_site(
    store: &Store,
    root: &Path,
    site: &Site,
    posts: &[PostSummary],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let total = posts.len();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let fail = |e: Error| {
        stop.store(true, Ordering::Relaxed);
        if let Ok(mut f) = failure.lock() {
            f.get_or_insert(e);
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2);
    progress(0, total);
    let posts_dir = root.join("posts");
    std::fs::create_dir_all(&posts_dir).map_err(|e| Error::io(&posts_dir, e))?;
    let terms = TermPaths::new(posts);
    let pages = PostPages::new(posts, site, &terms, posts_dir);
    // Workers take the posts in id order: neighbours in a batch share the
    // store's pages (a third fewer page reads than in the site's order).
    let mut by_id: Vec<&PostSummary> = posts.iter().collect();
    by_id.sort_unstable_by_key(|p| p.id);
    // Each worker reads with its own connection (SQLite serves concurrent
    // readers), renders and writes: no hand-off between threads per post.
    let readers = (0..workers)
        .map(|_| store.reader())
        .collect::<Result<Vec<Store>>>()?;
    let listings = std::thread::scope(|scope| -> Result<usize> {
        // Listings need only the summaries: build them alongside the posts.
        let listings = scope.spawn(|| -> Result<usize> {
            let files = listing_pages(root, site, &terms, posts)?;
            write_in(root, "style.css", STYLESHEET.as_bytes())?;
            let (atom, rss) = feeds::atom_and_rss(site, posts)?;
            write_in(root, "atom.xml", atom.as_bytes())?;
            write_in(root, "rss.xml", rss.as_bytes())?;
            Ok(files + 3)
        });
        // Each worker holds a sender until it is done: when the last one
        // finishes, the receiver below wakes at once.
        let (working, finished) = std::sync::mpsc::channel::<()>();
        let handles: Vec<_> = readers
            .into_iter()
            .map(|reader| {
                let (pages, next, done, stop, fail, by_id) =
                    (&pages, &next, &done, &stop, &fail, &by_id);
                let working = working.clone();
                scope.spawn(move || {
                    let _working = working;
                    let mut scratch = Scratch::default();
                    while !stop.load(Ordering::Relaxed) {
                        let from = next.fetch_add(BATCH, Ordering::Relaxed);
                        let Some(batch) = by_id.get(from..(from + BATCH).min(by_id.len())) else {
                            break;
                        };
                        if batch.is_empty() {
                            break;
                        }
                        match pages.write(&reader, batch, &mut scratch) {
                            Ok(()) => {
                                done.fetch_add(batch.len(), Ordering::Relaxed);
                            }
                            Err(e) => fail(e),
                        }
                    }
                })
            })
            .collect();
        // The caller's progress callback runs on the caller's thread; if it
        // panics, the guard stops the workers before the scope waits for them.
        let _guard = StopOnDrop(&stop);
        drop(working);
        while let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(PROGRESS_EVERY) {
            progress(done.load(Ordering::Relaxed), total);
        }
        for h in handles {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
        listings
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    let files = total + listings?;
    progress(total, total);
    Ok(files)
}

/// Tells the workers to stop when dropped (also while unwinding).
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[derive(Serialize)]
struct Item<'a> {
    title: &'a str,
    path: String,
    date_iso: Option<String>,
    date_text: Option<String>,
    summary: Cow<'a, str>,
}

#[derive(Serialize)]
struct NamedLink {
    name: &'static str,
    href: &'static str,
}

#[derive(Serialize)]
struct ListCtx<'a> {
    root: &'a str,
    site_name: &'a str,
    heading: String,
    intro: String,
    /// The entries, rendered (`list_item.html`): a post's entry is
    /// rendered once and shared by every page that lists it (the index,
    /// its tags, its category).
    items: Vec<minijinja::Value>,
    newer: Option<String>,
    older: Option<String>,
    links: &'a [NamedLink],
}

const FOOTER: [NamedLink; 4] = [
    NamedLink {
        name: "Tags",
        href: "tags/",
    },
    NamedLink {
        name: "Categories",
        href: "categories/",
    },
    NamedLink {
        name: "Atom feed",
        href: "atom.xml",
    },
    NamedLink {
        name: "RSS feed",
        href: "rss.xml",
    },
];

/// A post as listings show it (computed once, shown on several pages).
fn item(p: &PostSummary, site: &Site) -> minijinja::Value {
    let d = p.display_date();
    minijinja::Value::from_serialize(Item {
        title: &p.title,
        path: post_path(&p.slug),
        date_iso: Some(crate::model::format_time(&d)),
        date_text: Some(date::format_date(d, site)),
        summary: Cow::Borrowed(&p.summary),
    })
}

/// An entry of a listing at `root` (the way back to the site's root),
/// rendered with `list_item.html`.
fn item_html(item: &minijinja::Value, root: &str) -> Result<minijinja::Value> {
    #[derive(Serialize)]
    struct ItemCtx<'a> {
        root: &'a str,
        p: &'a minijinja::Value,
    }
    let html = render("list_item.html", ItemCtx { root, p: item })?;
    Ok(minijinja::Value::from_safe_string(html))
}

fn write_list(
    root: &Path,
    rel_dir: &str,
    site: &Site,
    terms: &TermPaths,
    ctx: ListCtx<'_>,
) -> Result<()> {
    let mode = Mode::Site {
        root: ctx.root,
        terms,
    };
    let mut shell = Shell::new(site, mode);
    shell.doc_title = if ctx.heading == site.site_name {
        ctx.heading.clone()
    } else {
        format!("{} — {}", ctx.heading, site.site_name)
    };
    shell.og_title = &site.site_name;
    shell.body = render("list.html", &ctx)?;
    write_in(
        root,
        &format!("{rel_dir}index.html"),
        &shell.render_bytes(shell.body.len() + 8192)?,
    )
}

/// Index pages, one page per tag and per category, their overviews and the
/// sitemap. Returns the number of files written.
fn listing_pages(
    root: &Path,
    site: &Site,
    terms: &TermPaths,
    posts: &[PostSummary],
) -> Result<usize> {
    let mut files = 0;
    let items: Vec<minijinja::Value> = posts.iter().map(|p| item(p, site)).collect();
    // Every listing page but the first index page is two folders deep.
    let deep = items
        .iter()
        .map(|i| item_html(i, "../../"))
        .collect::<Result<Vec<_>>>()?;
    let pages = posts.len().div_ceil(PER_PAGE).max(1);
    let mut listed: Vec<String> = Vec::new();
    for n in 1..=pages {
        let chunk = posts.chunks(PER_PAGE).nth(n - 1).unwrap_or(&[]);
        let (rel_dir, page_root) = if n == 1 {
            (String::new(), "")
        } else {
            (format!("page/{n}/"), "../../")
        };
        let newer = match n {
            1 => None,
            2 => Some("../../".to_string()),
            _ => Some(format!("../{}/", n - 1)),
        };
        let older = (n < pages).then(|| {
            if n == 1 {
                "page/2/".to_string()
            } else {
                format!("../{}/", n + 1)
            }
        });
        let ctx = ListCtx {
            root: page_root,
            site_name: &site.site_name,
            heading: if n == 1 {
                site.site_name.clone()
            } else {
                format!("{} — page {n}", site.site_name)
            },
            intro: String::new(),
            items: if n == 1 {
                items[..chunk.len()]
                    .iter()
                    .map(|i| item_html(i, ""))
                    .collect::<Result<_>>()?
            } else {
                deep[(n - 1) * PER_PAGE..][..chunk.len()].to_vec()
            },
            newer,
            older,
            links: &FOOTER,
        };
        write_list(root, &rel_dir, site, terms, ctx)?;
        if n > 1 {
            listed.push(rel_dir);
        }
        files += 1;
    }
    for (kind, title, groups) in [
        (
            "tags",
            "Tags",
            group(posts, |p| &p.tags, |t| terms.tag(t).into_owned()),
        ),
        (
            "categories",
            "Categories",
            group(
                posts,
                |p| {
                    if p.category.is_empty() {
                        &[]
                    } else {
                        std::slice::from_ref(&p.category)
                    }
                },
                |c| terms.category(c).into_owned(),
            ),
        ),
    ] {
        // The overview goes by name, as a reader looks a tag up (paths put
        // `ai-ethics` before `ai`, and `c-2` before `c`).
        let mut by_name: Vec<_> = groups.iter().collect();
        by_name.sort_by_cached_key(|(path, (name, _))| {
            (deunicode::deunicode(name).to_lowercase(), *path)
        });
        let overview = by_name
            .into_iter()
            .map(|(path, (name, members))| {
                let entry = minijinja::Value::from_serialize(Item {
                    title: name,
                    path: path.clone(),
                    date_iso: None,
                    date_text: None,
                    summary: Cow::Owned(match members.len() {
                        1 => "1 post".to_string(),
                        n => format!("{n} posts"),
                    }),
                });
                item_html(&entry, "../")
            })
            .collect::<Result<_>>()?;
        write_list(
            root,
            &format!("{kind}/"),
            site,
            terms,
            ListCtx {
                root: "../",
                site_name: &site.site_name,
                heading: title.to_string(),
                intro: String::new(),
                items: overview,
                newer: None,
                older: None,
                links: &FOOTER,
            },
        )?;
        listed.push(format!("{kind}/"));
        files += 1;
        for (path, (name, members)) in &groups {
            let ctx = ListCtx {
                root: "../../",
                site_name: &site.site_name,
                heading: name.clone(),
                intro: match members.len() {
                    1 => "1 post".to_string(),
                    n => format!("{n} posts"),
                },
                items: members.iter().map(|&i| deep[i].clone()).collect(),
                newer: None,
                older: None,
                links: &FOOTER,
            };
            write_list(root, path, site, terms, ctx)?;
            listed.push(path.clone());
            files += 1;
        }
    }
    write_in(
        root,
        "sitemap.xml",
        feeds::sitemap(site, posts, &listed)?.as_bytes(),
    )?;
    Ok(files + 1)
}

/// Posts grouped by page path (`tags/{slug}/`, see [`TermPaths`]), keyed
/// in path order; the name shown is the first spelling met. Members keep
/// the site's order. (A key always has a page: `slugify` never returns an
/// empty slug.)
fn group(
    posts: &[PostSummary],
    keys: impl Fn(&PostSummary) -> &[String],
    path: impl Fn(&str) -> String,
) -> BTreeMap<String, (String, Vec<usize>)> {
    let mut groups: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, p) in posts.iter().enumerate() {
        for key in keys(p) {
            let entry = groups
                .entry(path(key))
                .or_insert_with(|| (key.clone(), Vec::new()));
            if entry.1.last() != Some(&i) {
                entry.1.push(i);
            }
        }
    }
    groups
}
