//! A whole site in one go. Steps: list the posts to publish (summaries only)
//! → build a tag index for "What to Read Next" → stream each full post from
//! the store to two render workers, which write its page → write index,
//! tag and category pages, feeds, sitemap and stylesheet → swap the folder
//! in. Bodies are never all in memory at once.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

use serde::{Deserialize, Serialize};

use super::atomic::{Staging, write_in};
use super::{Flavor, Format, feeds};
use crate::model::slug::{self, slugify};
use crate::render::page::{Mode, Shell, category_path, post_path, tag_path};
use crate::render::related::{MAX_RELATED, tag_key};
use crate::render::templates::{STYLESHEET, render};
use crate::render::{date, page};
use crate::store::{ListQuery, Sort};
use crate::{Error, Post, PostSummary, Result, Site, Status, Store};

/// Posts per index page.
pub const PER_PAGE: usize = 10;

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
    for (i, summary) in posts.iter().enumerate() {
        let post = store.get(summary.id)?;
        let name = super::file_name(&post, Format::Markdown(flavor));
        let text = super::markdown::markdown(&post, site, flavor);
        write_in(root, &format!("{dir}/{name}"), text.as_bytes())?;
        files += 1;
        progress(i + 1, posts.len());
    }
    Ok(files)
}

/// Which posts share tags with which, for "What to Read Next" in O(posts ×
/// tag postings) instead of comparing every pair. Post indices follow the
/// site's order (newest first, then slug), so a lower index ranks first
/// among posts sharing as many tags.
struct TagIndex<'a> {
    posts: &'a [PostSummary],
    by_slug: HashMap<&'a str, u32>,
    tag_ids: HashMap<String, u32>,
    postings: Vec<Vec<u32>>,
}

impl<'a> TagIndex<'a> {
    fn new(posts: &'a [PostSummary]) -> Self {
        let mut tag_ids = HashMap::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        for (i, p) in posts.iter().enumerate() {
            let mut mine: Vec<u32> = Vec::with_capacity(p.tags.len());
            for t in &p.tags {
                let next = postings.len() as u32;
                let id = *tag_ids.entry(tag_key(t)).or_insert(next);
                if id == next {
                    postings.push(Vec::new());
                }
                if !mine.contains(&id) {
                    mine.push(id);
                    postings[id as usize].push(i as u32);
                }
            }
        }
        let by_slug = posts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.as_str(), i as u32))
            .collect();
        TagIndex {
            posts,
            by_slug,
            tag_ids,
            postings,
        }
    }

    /// The same choice as [`crate::render::choose_related`], among the
    /// exported posts. `counts` is scratch space, all zero on entry and exit.
    fn related(&self, post: &Post, counts: &mut [u16]) -> Vec<&'a PostSummary> {
        let me = self.by_slug.get(post.slug.as_str()).copied();
        let mut chosen: Vec<u32> = Vec::with_capacity(MAX_RELATED);
        for s in &post.related {
            if chosen.len() == MAX_RELATED {
                break;
            }
            if let Some(&i) = self.by_slug.get(s.as_str()) {
                if Some(i) != me && !chosen.contains(&i) {
                    chosen.push(i);
                }
            }
        }
        let mut touched: Vec<u32> = Vec::new();
        let mut seen_tags: Vec<u32> = Vec::with_capacity(post.tags.len());
        for t in &post.tags {
            if let Some(&id) = self.tag_ids.get(&tag_key(t)) {
                if seen_tags.contains(&id) {
                    continue;
                }
                seen_tags.push(id);
                for &i in &self.postings[id as usize] {
                    if counts[i as usize] == 0 {
                        touched.push(i);
                    }
                    counts[i as usize] += 1;
                }
            }
        }
        // Best (count desc, index asc) first; a small insertion list keeps it O(n).
        let want = MAX_RELATED - chosen.len();
        let mut best: Vec<(u16, u32)> = Vec::with_capacity(want + 1);
        for &i in &touched {
            let n = counts[i as usize];
            counts[i as usize] = 0;
            if Some(i) == me || chosen.contains(&i) || want == 0 {
                continue;
            }
            let pos = best
                .iter()
                .position(|&(bn, bi)| n > bn || (n == bn && i < bi))
                .unwrap_or(best.len());
            if pos < want {
                best.insert(pos, (n, i));
                best.truncate(want);
            }
        }
        chosen.extend(best.into_iter().map(|(_, i)| i));
        chosen
            .into_iter()
            .map(|i| &self.posts[i as usize])
            .collect()
    }
}

fn html_site(
    store: &Store,
    root: &Path,
    site: &Site,
    posts: &[PostSummary],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let index = TagIndex::new(posts);
    let total = posts.len();
    let done = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2);
    progress(0, total);
    let (tx, rx) = mpsc::sync_channel::<Post>(32);
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| -> Result<()> {
        // Owned here, so the workers see the channel close when this returns.
        let tx = tx;
        for _ in 0..workers {
            scope.spawn(|| {
                let mut counts = vec![0u16; posts.len()];
                loop {
                    let next = rx.lock().map(|r| r.recv());
                    let Ok(Ok(post)) = next else { break };
                    if stop.load(Ordering::Relaxed) {
                        continue;
                    }
                    let related = index.related(&post, &mut counts);
                    let written =
                        page::render_page(&post, &related, site, Mode::Site { root: "../../" })
                            .and_then(|html| {
                                write_in(
                                    root,
                                    &format!("{}index.html", post_path(&post.slug)),
                                    html.as_bytes(),
                                )
                            });
                    match written {
                        Ok(()) => {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => {
                            stop.store(true, Ordering::Relaxed);
                            if let Ok(mut f) = failure.lock() {
                                f.get_or_insert(e);
                            }
                        }
                    }
                }
            });
        }
        for summary in posts {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let post = store.get(summary.id)?;
            if tx.send(post).is_err() {
                break;
            }
            progress(done.load(Ordering::Relaxed), total);
        }
        Ok(())
    })?;
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    let mut files = total;
    files += listing_pages(root, site, posts)?;
    write_in(root, "style.css", STYLESHEET.as_bytes())?;
    write_in(root, "atom.xml", feeds::atom(site, posts)?.as_bytes())?;
    write_in(root, "rss.xml", feeds::rss(site, posts)?.as_bytes())?;
    files += 3;
    progress(total, total);
    Ok(files)
}

#[derive(Serialize)]
struct Item<'a> {
    title: &'a str,
    path: String,
    date_iso: Option<String>,
    date_text: Option<String>,
    summary: String,
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
    posts: Vec<Item<'a>>,
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

fn item<'a>(p: &'a PostSummary, site: &Site) -> Item<'a> {
    let d = p.display_date();
    Item {
        title: &p.title,
        path: post_path(&p.slug),
        date_iso: Some(crate::model::format_time(&d)),
        date_text: Some(date::format_date(d, site)),
        summary: p.summary.clone(),
    }
}

fn write_list(root: &Path, rel_dir: &str, site: &Site, ctx: ListCtx<'_>) -> Result<()> {
    let mut shell = Shell::new(site, Mode::Site { root: ctx.root });
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
        shell.render()?.as_bytes(),
    )
}

/// Index pages, one page per tag and per category, their overviews and the
/// sitemap. Returns the number of files written.
fn listing_pages(root: &Path, site: &Site, posts: &[PostSummary]) -> Result<usize> {
    let mut files = 0;
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
            posts: chunk.iter().map(|p| item(p, site)).collect(),
            newer,
            older,
            links: &FOOTER,
        };
        write_list(root, &rel_dir, site, ctx)?;
        if n > 1 {
            listed.push(rel_dir);
        }
        files += 1;
    }
    for (kind, title, groups) in [
        ("tags", "Tags", group(posts, |p| p.tags.clone(), tag_path)),
        (
            "categories",
            "Categories",
            group(
                posts,
                |p| {
                    if p.category.is_empty() {
                        Vec::new()
                    } else {
                        vec![p.category.clone()]
                    }
                },
                category_path,
            ),
        ),
    ] {
        let overview = groups
            .iter()
            .map(|(path, (name, members))| Item {
                title: name,
                path: path.clone(),
                date_iso: None,
                date_text: None,
                summary: match members.len() {
                    1 => "1 post".to_string(),
                    n => format!("{n} posts"),
                },
            })
            .collect();
        write_list(
            root,
            &format!("{kind}/"),
            site,
            ListCtx {
                root: "../",
                site_name: &site.site_name,
                heading: title.to_string(),
                intro: String::new(),
                posts: overview,
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
                posts: members.iter().map(|&i| item(&posts[i], site)).collect(),
                newer: None,
                older: None,
                links: &FOOTER,
            };
            write_list(root, path, site, ctx)?;
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

/// Posts grouped by page path (`tags/{slug}/`), keyed in path order; the
/// name shown is the first spelling met. Members keep the site's order.
fn group(
    posts: &[PostSummary],
    keys: impl Fn(&PostSummary) -> Vec<String>,
    path: fn(&str) -> String,
) -> BTreeMap<String, (String, Vec<usize>)> {
    let mut groups: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, p) in posts.iter().enumerate() {
        for key in keys(p) {
            if slugify(&key).is_empty() {
                continue;
            }
            let entry = groups
                .entry(path(&key))
                .or_insert_with(|| (key.clone(), Vec::new()));
            if entry.1.last() != Some(&i) {
                entry.1.push(i);
            }
        }
    }
    groups
}
