//! A whole site in one go, into a folder someone owns. Steps: take one
//! snapshot of the store → list the posts to publish (summaries only) →
//! open the folder (its manifest says which files are Quire's) → for each
//! file, a key of the inputs it is made from: a file whose key and bytes on
//! disk are as last time is kept without rendering → read the other posts
//! in batches and render them in two workers, writing only files whose
//! bytes change → the listings (index, tag and category pages, feeds,
//! sitemap, stylesheet) likewise → the redirect pages of the posts' old
//! addresses ([`super::redirects`]) → remove what the last export wrote and
//! this one did not → write the manifest. Bodies are never all in memory:
//! what a post's redirect pages and links need is kept in the manifest
//! ([`PostFacts`]) for the next export, which then reads only the posts
//! that changed. Links between posts lead to the posts this export has;
//! a link to any other is shown as text and reported.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};

use serde::{Deserialize, Serialize};

use super::folder::{Key, PostFacts, SiteFolder};
use super::links::UnresolvedLink;
use super::media_files;
use super::post_pages::{PageJob, PostPages, Scratch};
use super::redirects::SkippedAlias;
use super::{Flavor, Format, feeds};
use crate::model::{format_time, slug};
use crate::render::date;
use crate::render::page::{Mode, Shell, post_path};
use crate::render::templates::{STYLESHEET, render};
use crate::render::terms::TermPaths;
use crate::store::{ListQuery, Sort};
use crate::{Error, PostSummary, Result, Site, Status, Store};

/// Posts per index page.
pub const PER_PAGE: usize = 10;

/// Why an HTML export without a base URL has no feeds or sitemap.
pub const NO_FEEDS: &str = "No feeds or sitemap were written: their formats need absolute \
     addresses. Set the site's base URL (quire settings base_url https://example.com/blog, \
     or Settings in the window) and export again.";

/// Posts read from the store at once (one query per table): ~0.5 MB of
/// Markdown, and few enough that two workers finish together.
const BATCH: usize = 32;

/// How often the caller hears how far the export is.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(25);

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteOptions {
    pub format: Format,
    /// Also export drafts (and, in HTML, scheduled posts not yet due), for
    /// a staging site.
    pub include_drafts: bool,
    /// The time of the export: a scheduled post whose time has come is
    /// published.
    #[serde(with = "crate::model::time")]
    pub now: chrono::DateTime<chrono::Utc>,
}

impl SiteOptions {
    /// Whether `p` is in this export. Published posts always; scheduled
    /// ones in HTML once due (the HTML export cannot wait), in Markdown
    /// always (dated ahead, so the generator publishes each when due);
    /// drafts when asked.
    pub fn includes(&self, p: &PostSummary) -> bool {
        match p.status {
            Status::Published => true,
            Status::Scheduled => {
                self.include_drafts
                    || matches!(self.format, Format::Markdown(_))
                    || p.publish_at.is_some_and(|t| t <= self.now)
            }
            Status::Draft => self.include_drafts,
        }
    }
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteReport {
    pub dir: PathBuf,
    pub posts: usize,
    /// Files the export consists of.
    pub files: usize,
    /// Of those, written by this run (new or changed bytes).
    pub written: usize,
    /// Of those, already as they should be (left alone).
    pub unchanged: usize,
    /// Files of the previous export no longer produced, removed.
    pub removed: usize,
    /// What the editor should know about the export (e.g. feeds left out
    /// for want of a base URL, aliases without a redirect page, links to
    /// posts the export lacks), one sentence each.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Links of exported posts to posts the export lacks (shown as text).
    #[serde(default)]
    pub unresolved_links: Vec<UnresolvedLink>,
    /// Old addresses of exported posts that got no redirect page (HTML).
    #[serde(default)]
    pub skipped_aliases: Vec<SkippedAlias>,
}

/// What an export found to report besides its files.
#[derive(Default)]
struct Findings {
    unresolved: Vec<UnresolvedLink>,
    skipped: Vec<SkippedAlias>,
}

/// Exports every published post (and drafts when asked) into `out`, which
/// may hold the owner's own files: only Quire's files (those its last
/// export listed in the folder's manifest) are written or removed, and
/// only when their bytes change. Reads one snapshot of the store.
/// `progress` gets `(posts done, posts total)`.
pub fn site(
    store: &Store,
    out: &Path,
    options: &SiteOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SiteReport> {
    site_in_snapshot(store, out, options, progress)
}

fn site_in_snapshot(
    store: &Store,
    out: &Path,
    options: &SiteOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SiteReport> {
    let _snapshot = store.snapshot()?;
    let site = store.site()?;
    let query = ListQuery {
        sort: Sort::Date,
        ..ListQuery::default()
    };
    let mut posts: Vec<PostSummary> = store.list(&query)?;
    posts.retain(|p| options.includes(p));
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
    let kind = match options.format {
        Format::Html => "html".to_string(),
        Format::Markdown(flavor) => format!("md:{flavor}"),
    };
    let folder = SiteFolder::open(out, &kind)?;
    let mut base = Key::new(&kind);
    base.add(&serde_json::to_string(&site)?);
    let ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
    let images = PostImages::new(store.media_used_by(&ids)?, store.media_names_by_post(&ids)?);
    let job = Job {
        store,
        folder: &folder,
        site: &site,
        base: &base,
        posts: &posts,
        images: &images,
    };
    let findings = match options.format {
        Format::Html => html_site(job, progress).and_then(|found| {
            media_files::write(store, &folder, &images.used)?;
            Ok(found)
        }),
        Format::Markdown(flavor) => markdown_site(job, flavor, progress),
    }
    .map_err(|e| match e {
        Error::Damaged(m) => Error::Damaged(format!("{m}; fix it, then export again")),
        e => e,
    })?;
    let dir = folder.root().to_path_buf();
    let counts = folder.finish()?;
    if !counts.blocked.is_empty() {
        return Err(Error::Validation(format!(
            "exported into {}, but {} file(s) in the way were not written because Quire did \
             not write them: {}; move them, or change the slugs of those posts",
            dir.display(),
            counts.blocked.len(),
            counts.blocked.join(", ")
        )));
    }
    let mut notes = Vec::new();
    if options.format == Format::Html && site.base_url.is_empty() {
        notes.push(NO_FEEDS.to_string());
    }
    notes.extend(findings.skipped.iter().map(SkippedAlias::note));
    if !findings.unresolved.is_empty() {
        let mut missing: Vec<i64> = findings.unresolved.iter().map(|u| u.target).collect();
        missing.sort_unstable();
        missing.dedup();
        let live = store.slugs_by_id(&missing)?;
        notes.extend(super::links::notes(&findings.unresolved, &live));
    }
    Ok(SiteReport {
        dir,
        posts: posts.len(),
        files: counts.written + counts.unchanged,
        written: counts.written,
        unchanged: counts.unchanged,
        removed: counts.removed,
        notes,
        unresolved_links: findings.unresolved,
        skipped_aliases: findings.skipped,
    })
}

/// What an export works from: the store (its snapshot), the folder, the
/// settings, what every file shares, the posts and their images.
#[derive(Clone, Copy)]
struct Job<'a> {
    store: &'a Store,
    folder: &'a SiteFolder,
    site: &'a Site,
    base: &'a Key,
    posts: &'a [PostSummary],
    images: &'a PostImages,
}

/// The stored images the exported posts show.
struct PostImages {
    used: Vec<crate::store::Media>,
    /// By post id, the names of the stored images it shows.
    of_post: HashMap<i64, Vec<String>>,
    hash_of: HashMap<String, String>,
}

impl PostImages {
    fn new(used: Vec<crate::store::Media>, of_post: HashMap<i64, Vec<String>>) -> Self {
        let hash_of = used
            .iter()
            .map(|m| (m.name.clone(), m.hash.clone()))
            .collect();
        PostImages {
            used,
            of_post,
            hash_of,
        }
    }

    /// What post `id` shows of its images: their names and bytes (an image
    /// stored after the post was saved changes its page).
    fn key_of(&self, id: i64, key: &mut Key) {
        for name in self.of_post.get(&id).into_iter().flatten() {
            if let Some(hash) = self.hash_of.get(name) {
                key.add(name).add(hash);
            }
        }
    }
}

/// A post's file is made from the post as saved (id, revision, time), the
/// stored images it shows, and what every file of the export shares
/// (`shared`, a finished key).
fn post_key(shared: &str, p: &PostSummary, images: &PostImages) -> String {
    let mut key = Key::default();
    key.add(shared)
        .add_num(p.id)
        .add_num(p.revision)
        .add_num(p.updated_at.timestamp());
    images.key_of(p.id, &mut key);
    key.finish()
}

fn markdown_site(
    job: Job<'_>,
    flavor: Flavor,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Findings> {
    let Job {
        store,
        folder,
        site,
        base,
        posts,
        images,
    } = job;
    let dir = flavor.content_dir();
    if flavor == Flavor::Zola {
        let index = format!(
            "+++\ntitle = {}\nsort_by = \"date\"\n+++\n",
            super::toml_string(&site.site_name)
        );
        folder.write(
            &format!("{dir}/_index.md"),
            &base.finish(),
            index.as_bytes(),
        )?;
    }
    progress(0, posts.len());
    let mut done = 0;
    let mut todo = Vec::new();
    let shared = base.finish();
    let images_of = &images.of_post;
    let links = super::links::exported(posts, |id| images_of.contains_key(&id));
    let mut facts: HashMap<i64, PostFacts> = HashMap::new();
    for p in posts {
        let key = post_key(&shared, p, images);
        // The file name comes from the slug and date, both in the listing;
        // a post with images may be a folder (a page bundle) with them in it.
        let has_images = images_of.contains_key(&p.id);
        let rel = format!(
            "{dir}/{}",
            super::images::markdown_path(p, site, flavor, has_images)
        );
        // Where its links lead is part of the file: known from last time
        // when the post is as it was.
        let known = folder.facts(p.id, &key).cloned();
        let targets = known.as_ref().map_or(&[][..], |f| &f.links[..]);
        if folder.reuse(
            &rel,
            &super::links::linked_key(&key, targets, &links, flavor, site),
        ) {
            done += 1;
            if let Some(f) = known {
                facts.insert(p.id, f);
            }
        } else {
            todo.push((p.id, rel, key));
        }
    }
    super::images::write_markdown_images(store, folder, flavor, posts, images_of, &images.used)?;
    progress(done, posts.len());
    for batch in todo.chunks(BATCH) {
        let ids: Vec<i64> = batch.iter().map(|(id, _, _)| *id).collect();
        for (post, (id, rel, key)) in store.posts_in(&ids)?.into_iter().zip(batch) {
            let targets = crate::render::links::targets(&post);
            let text = super::markdown::markdown(&post, site, flavor, &links);
            let linked = super::links::linked_key(key, &targets, &links, flavor, site);
            folder.write(rel, &linked, text.as_bytes())?;
            let f = PostFacts {
                key: key.clone(),
                links: targets,
                ..PostFacts::default()
            };
            if !f.is_empty() {
                facts.insert(*id, f);
            }
            done += 1;
            progress(done, posts.len());
        }
    }
    Ok(Findings {
        unresolved: super::links::settle(folder, posts, &facts, &links),
        skipped: Vec::new(),
    })
}

fn html_site(job: Job<'_>, progress: &mut dyn FnMut(usize, usize)) -> Result<Findings> {
    let Job {
        store,
        folder,
        site,
        base,
        posts,
        images,
    } = job;
    let total = posts.len();
    let related = store.related_slugs()?;
    // What every page shows of the other posts (cards, tag links, listings):
    // a page is made from its own post plus all of this.
    let mut shared = base.clone();
    for p in posts {
        shared
            .add_num(p.id)
            .add(&p.slug)
            .add(&p.title)
            .add(&p.summary)
            .add(&p.author)
            .add(&p.category)
            .add(&p.tags.join("\n"))
            .add(p.status.as_str())
            .add(&format_time(&p.display_date()));
        for r in related.get(&p.id).map(Vec::as_slice).unwrap_or_default() {
            shared.add(r);
        }
    }
    // Listings and feeds also show when each post was last updated.
    let mut listed = shared.clone();
    for p in posts {
        listed.add(&format_time(&p.updated_at));
    }
    let listing_key = listed.finish();

    let shared = shared.finish();
    let mut todo: Vec<(i64, String, String)> = Vec::new();
    // What each post's redirect pages and links need: from last time for a
    // post as it was, else from the post when it is read.
    let mut facts: HashMap<i64, PostFacts> = HashMap::new();
    for p in posts {
        let rel = format!("{}index.html", post_path(&p.slug));
        let key = post_key(&shared, p, images);
        if folder.reuse(&rel, &key) {
            if let Some(f) = folder.facts(p.id, &key) {
                facts.insert(p.id, f.clone());
            }
        } else {
            todo.push((p.id, rel, key));
        }
    }
    // Pages link to the exported posts: all of them are in `shared`.
    let links = super::links::exported(posts, |_| false);
    let done = AtomicUsize::new(total - todo.len());
    progress(done.load(Ordering::Relaxed), total);
    let terms = TermPaths::new(posts);
    let shown = media_files::site_images(&images.used, "../../");
    let pages = PostPages::new(posts, site, &terms, (&shown, &links));
    // Batches go in id order: neighbours share the store's pages.
    todo.sort_unstable_by_key(|(id, _, _)| *id);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2);
    let stop = AtomicBool::new(false);
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let fail = |e: Error| {
        stop.store(true, Ordering::Relaxed);
        if let Ok(mut f) = failure.lock() {
            f.get_or_insert(e);
        }
    };
    let (send, receive) = mpsc::sync_channel::<Vec<PageJob>>(workers);
    let receive = Mutex::new(receive);
    std::thread::scope(|scope| -> Result<()> {
        // Listings need only the summaries: built alongside the posts.
        let listings = scope.spawn(|| -> Result<()> {
            if folder.keep_all(&listing_key) {
                return Ok(());
            }
            let write = |rel: &str, bytes: &[u8]| folder.write(rel, &listing_key, bytes);
            listing_pages(&write, site, &terms, posts)?;
            write("style.css", STYLESHEET.as_bytes())?;
            if feeds::possible(site) {
                let (atom, rss) = feeds::atom_and_rss(site, posts)?;
                write("atom.xml", atom.as_bytes())?;
                write("rss.xml", rss.as_bytes())?;
            }
            Ok(())
        });
        // Each worker holds a sender until it is done: when the last one
        // finishes, the receiver below wakes at once.
        let (working, finished) = mpsc::channel::<()>();
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (pages, done, fail, receive) = (&pages, &done, &fail, &receive);
                let working = working.clone();
                scope.spawn(move || {
                    let _working = working;
                    let mut scratch = Scratch::default();
                    loop {
                        let next = receive.lock().map(|r| r.recv());
                        let Ok(Ok(batch)) = next else { break };
                        match pages.write(folder, &batch, &mut scratch) {
                            Ok(()) => {
                                done.fetch_add(batch.len(), Ordering::Relaxed);
                            }
                            Err(e) => fail(e),
                        }
                    }
                })
            })
            .collect();
        drop(working);
        // This thread reads (the snapshot is its connection's) and hands out.
        for batch in todo.chunks(BATCH) {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let ids: Vec<i64> = batch.iter().map(|(id, _, _)| *id).collect();
            let jobs = match store.posts_in(&ids) {
                Ok(read) => read
                    .into_iter()
                    .zip(batch)
                    .map(|(post, (_, rel, key))| PageJob {
                        post,
                        rel: rel.clone(),
                        key: key.clone(),
                    })
                    .collect(),
                Err(e) => {
                    fail(e);
                    break;
                }
            };
            if send.send(jobs).is_err() {
                break;
            }
            progress(done.load(Ordering::Relaxed), total);
        }
        drop(send);
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
    })?;
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    facts.extend(pages.learnt());
    let skipped = super::redirects::write(folder, site, base, posts, &facts)?;
    progress(total, total);
    Ok(Findings {
        unresolved: super::links::settle(folder, posts, &facts, &links),
        skipped,
    })
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

/// The footer links of listings: the feeds only when they are written.
fn footer(site: &Site) -> &'static [NamedLink] {
    if feeds::possible(site) {
        &FOOTER
    } else {
        &FOOTER[..2]
    }
}

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

/// Writes one file of the listings: its path in the site and its bytes.
type Write<'w> = dyn Fn(&str, &[u8]) -> Result<()> + 'w;

fn write_list(
    write: &Write<'_>,
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
    write(
        &format!("{rel_dir}index.html"),
        &shell.render_bytes(shell.body.len() + 8192)?,
    )
}

/// Index pages, one page per tag and per category, their overviews and the
/// sitemap.
fn listing_pages(
    write: &Write<'_>,
    site: &Site,
    terms: &TermPaths,
    posts: &[PostSummary],
) -> Result<()> {
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
            links: footer(site),
        };
        write_list(write, &rel_dir, site, terms, ctx)?;
        if n > 1 {
            listed.push(rel_dir);
        }
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
            write,
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
                links: footer(site),
            },
        )?;
        listed.push(format!("{kind}/"));
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
                links: footer(site),
            };
            write_list(write, path, site, terms, ctx)?;
            listed.push(path.clone());
        }
    }
    if !feeds::possible(site) {
        return Ok(());
    }
    write(
        "sitemap.xml",
        feeds::sitemap(site, posts, &listed)?.as_bytes(),
    )
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
