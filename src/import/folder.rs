//! The reader for a folder of Markdown posts: a Hugo, Jekyll, Zola or Astro
//! site, or just a folder of `.md` files. Steps: find the site's root and
//! read its config ([`detect`], `Site::open`), list the post files by the
//! generator's rules, then per file: the front matter
//! ([`super::front_matter`]), what the file's name says (Jekyll dates,
//! bundle folders), the post's old address, and the files it refers to.
//! One pass over the files; nothing outside the site's folder is read.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::front_matter::{self, Format, Map, text};
use super::references::{Ref, Target, percent_decode, references, strip_templates, url_ext};
use super::source::{Attachment, Body, Found, Kind, Problem, Source};
use crate::model::slug::slugify;
use crate::{Error, Result};

const HUGO_NAMES: [&str; 2] = ["hugo", "config"];
const CONFIG_EXTS: [&str; 4] = ["toml", "yaml", "yml", "json"];
const ASTRO_CONFIGS: [&str; 5] = [
    "astro.config.mjs",
    "astro.config.js",
    "astro.config.ts",
    "astro.config.mts",
    "astro.config.cjs",
];
/// Links to these are links between pages, not files to bring along.
const PAGE_EXTS: [&str; 10] = [
    "md", "markdown", "mdx", "html", "htm", "shtml", "php", "asp", "aspx", "xml",
];
const IMAGE_EXTS: [&str; 8] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp"];

/// Which generator made the site at `root` (its folder, its content folder,
/// or one post file in it). A folder of `.md` files and nothing else is
/// read as a plain Hugo site.
pub fn detect(root: &Path) -> Option<Kind> {
    let root = fs::canonicalize(root).ok()?;
    if root.is_dir()
        && let Some(kind) = site_kind(&root)
    {
        return Some(kind);
    }
    for dir in root.ancestors().skip(1) {
        if let Some(kind) = site_kind(dir)
            && in_content(dir, kind, &root)
        {
            return Some(kind);
        }
    }
    // A bare `content/` of posts (a Markdown export without the site
    // around it) is Hugo's layout; Zola's is the same, its config tells it.
    let plain = if root.is_dir() {
        has_markdown(&root, 2) || has_markdown(&root.join("content"), 3)
    } else {
        is_markdown(&root)
    };
    plain.then_some(Kind::Hugo)
}

/// The generator whose marks `dir` bears, most telling first.
fn site_kind(dir: &Path) -> Option<Kind> {
    let has = |name: &str| dir.join(name).exists();
    let is_dir = |name: &str| dir.join(name).is_dir();
    let hugo_own = ["", "config/_default/"]
        .iter()
        .any(|d| CONFIG_EXTS.iter().any(|e| has(&format!("{d}hugo.{e}"))));
    if hugo_own || (is_dir("config/_default") && is_dir("content")) {
        return Some(Kind::Hugo);
    }
    if has("_config.yml") || has("_config.yaml") || is_dir("_posts") {
        return Some(Kind::Jekyll);
    }
    if ASTRO_CONFIGS.iter().any(|c| has(c)) {
        return Some(Kind::Astro);
    }
    for ext in CONFIG_EXTS {
        let Some(config) = read_config(dir, &format!("config.{ext}"), &mut Vec::new()) else {
            continue;
        };
        if ext == "toml" && config.contains_key("base_url") && is_dir("content") {
            return Some(Kind::Zola);
        }
        if key(&config, "baseurl").is_some() {
            return Some(Kind::Hugo);
        }
    }
    if is_dir("content") && (is_dir("archetypes") || is_dir("layouts")) {
        return Some(Kind::Hugo);
    }
    is_dir("src/content").then_some(Kind::Astro)
}

/// The folders where a generator keeps its posts.
fn content_areas(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Jekyll => &["_posts", "_drafts"],
        Kind::Astro => &["src/content", "src/pages"],
        _ => &["content"],
    }
}

/// Whether `path` is in `site`'s posts: walking up from a stray folder of
/// notes must not adopt a site that merely lies above it.
fn in_content(site: &Path, kind: Kind, path: &Path) -> bool {
    content_areas(kind)
        .iter()
        .any(|a| path.starts_with(site.join(a)))
}

fn is_markdown(path: &Path) -> bool {
    matches!(ext(path).as_str(), "md" | "markdown" | "mdx")
}

fn has_markdown(dir: &Path, depth: usize) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let path = e.path();
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        match e.file_type() {
            Ok(t) if t.is_dir() => !hidden && depth > 1 && has_markdown(&path, depth - 1),
            _ => is_markdown(&path),
        }
    })
}

fn ext(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads every post of the site at `root` (a site folder, a folder inside
/// its posts, or one post file) as `kind`. Fails only when `root` cannot be
/// read; each file that cannot is a [`Problem`] and the rest goes on.
pub fn read(root: &Path, kind: Kind) -> Result<Source> {
    if matches!(kind, Kind::Wxr | Kind::Ghost) {
        return Err(Error::Validation(format!(
            "{} is not a folder of Markdown posts",
            kind.as_str()
        )));
    }
    let given = fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    if given.is_dir() {
        fs::read_dir(&given).map_err(|e| Error::io(root, e))?;
    } else {
        fs::File::open(&given).map_err(|e| Error::io(root, e))?;
    }
    let mut problems = Vec::new();
    let site = Site::open(&given, kind, &mut problems);
    let mut found: Vec<Found> = site
        .post_files(&given, &mut problems)
        .iter()
        .filter_map(|file| site.read_post(file, &mut problems))
        .collect();
    found.sort_by(|a, b| a.origin.cmp(&b.origin));
    problems.sort_by(|a, b| (&a.origin, a.line).cmp(&(&b.origin, b.line)));
    Ok(Source {
        kind,
        root: root.to_path_buf(),
        base_url: site.base_url,
        found,
        problems,
    })
}

/// Reads only `files` (paths inside the site at `root`) of the site at
/// `root` as `kind`: one listing of the posts' folders, then those files.
/// Their origins are as [`read`] of `root` gives them.
pub fn read_files(root: &Path, kind: Kind, files: &[PathBuf]) -> Result<Source> {
    let wanted: HashSet<PathBuf> = files
        .iter()
        .filter_map(|f| fs::canonicalize(f).ok())
        .collect();
    let given = fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let mut problems = Vec::new();
    let site = Site::open(&given, kind, &mut problems);
    let mut found: Vec<Found> = site
        .post_files(&given, &mut problems)
        .iter()
        .filter(|file| wanted.contains(&file.path))
        .filter_map(|file| site.read_post(file, &mut problems))
        .collect();
    found.sort_by(|a, b| a.origin.cmp(&b.origin));
    let origins: HashSet<&str> = found.iter().map(|f| f.origin.as_str()).collect();
    problems.retain(|p| {
        origins.contains(p.origin.as_str()) || wanted.contains(&site.root.join(&p.origin))
    });
    Ok(Source {
        kind,
        root: root.to_path_buf(),
        base_url: site.base_url,
        found,
        problems,
    })
}

/// A site's root and what its config says that matters to reading posts.
struct Site {
    kind: Kind,
    /// Canonical: every path read is checked to lie under it.
    root: PathBuf,
    /// No site around the folder: every Markdown file in it is a post.
    plain: bool,
    /// Hugo and Zola's `content/`.
    content: PathBuf,
    /// Where `/images/a.png` is: Hugo and Zola `static/`, Astro `public/`,
    /// Jekyll the root.
    statics: PathBuf,
    base_url: Option<String>,
    /// The base URL's path (`/blog`), which site-absolute references may carry.
    base_path: String,
    /// Hugo `[permalinks]`: section → pattern.
    permalinks: Map,
    /// Jekyll's `permalink`, presets expanded.
    jekyll_permalink: String,
    /// Hugo lower-cases paths unless `disablePathToLower` is set.
    lower: bool,
}

impl Site {
    fn open(given: &Path, kind: Kind, problems: &mut Vec<Problem>) -> Site {
        let at_root = given.is_dir() && is_root(given, kind);
        let found = if at_root {
            Some(given.to_path_buf())
        } else {
            given
                .ancestors()
                .skip(1)
                .find(|d| is_root(d, kind) && in_content(d, kind, given))
                .map(Path::to_path_buf)
        };
        let plain = found.is_none();
        let root = found.unwrap_or_else(|| {
            let dir = if given.is_dir() {
                given
            } else {
                given.parent().unwrap_or(given)
            };
            dir.to_path_buf()
        });
        let mut site = Site {
            kind,
            content: root.join("content"),
            statics: match kind {
                Kind::Hugo | Kind::Zola if !plain => root.join("static"),
                Kind::Astro if !plain => root.join("public"),
                _ => root.clone(),
            },
            root,
            plain,
            base_url: None,
            base_path: String::new(),
            permalinks: Map::new(),
            jekyll_permalink: String::new(),
            lower: kind == Kind::Hugo,
        };
        if !plain {
            site.read_config(problems);
        } else {
            site.content = site.root.clone();
        }
        if let Some(url) = &site.base_url {
            let path = url
                .split_once("://")
                .map_or("", |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
            site.base_path = path.trim_end_matches('/').to_string();
        }
        site
    }

    fn read_config(&mut self, problems: &mut Vec<Problem>) {
        let root = self.root.clone();
        match self.kind {
            Kind::Hugo => {
                let names = ["", "config/_default/"].into_iter().flat_map(|d| {
                    HUGO_NAMES
                        .iter()
                        .flat_map(move |n| CONFIG_EXTS.iter().map(move |e| format!("{d}{n}.{e}")))
                });
                let Some(config) = names
                    .filter(|n| root.join(n).is_file())
                    .find_map(|n| read_config(&root, &n, problems))
                else {
                    return;
                };
                self.base_url = key(&config, "baseurl").and_then(text);
                if let Some(dir) = key(&config, "contentdir").and_then(text) {
                    self.content = root.join(dir);
                }
                self.lower =
                    key(&config, "disablepathtolower").is_none_or(|v| v.as_bool() != Some(true));
                if let Some(p) = key(&config, "permalinks").and_then(|v| v.as_object()) {
                    self.permalinks = p
                        .get("page")
                        .and_then(|v| v.as_object())
                        .unwrap_or(p)
                        .clone();
                }
            }
            Kind::Jekyll => {
                let config = read_config(&root, "_config.yml", problems)
                    .or_else(|| read_config(&root, "_config.yaml", problems))
                    .unwrap_or_default();
                let base = config.get("baseurl").and_then(text).unwrap_or_default();
                self.base_url = config.get("url").and_then(text).map(|u| {
                    let base = base.trim_matches('/');
                    let u = u.trim_end_matches('/');
                    if base.is_empty() {
                        u.to_string()
                    } else {
                        format!("{u}/{base}")
                    }
                });
                let permalink = config
                    .get("permalink")
                    .and_then(text)
                    .unwrap_or_else(|| "date".into());
                self.jekyll_permalink = match permalink.as_str() {
                    "date" => "/:categories/:year/:month/:day/:title:output_ext",
                    "pretty" => "/:categories/:year/:month/:day/:title/",
                    "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
                    "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
                    "none" => "/:categories/:title:output_ext",
                    pattern => pattern,
                }
                .to_string();
            }
            Kind::Zola => {
                let config = read_config(&root, "config.toml", problems).unwrap_or_default();
                self.base_url = config.get("base_url").and_then(text);
            }
            _ => {
                let config = ASTRO_CONFIGS
                    .iter()
                    .find_map(|c| fs::read_to_string(root.join(c)).ok());
                self.base_url = config.as_deref().and_then(astro_site);
            }
        }
    }

    /// The post files under `scope`, by the generator's rules.
    fn post_files(&self, scope: &Path, problems: &mut Vec<Problem>) -> Vec<PostFile> {
        let mut posts = Vec::new();
        let areas: Vec<(PathBuf, bool)> = match self.kind {
            _ if self.plain => vec![(self.root.clone(), false)],
            Kind::Jekyll => vec![
                (self.root.join("_posts"), false),
                (self.root.join("_drafts"), true),
            ],
            Kind::Astro => vec![
                (self.root.join("src/content"), false),
                (self.root.join("src/pages/posts"), false),
            ],
            _ => vec![(self.content.clone(), false)],
        };
        for (area, drafts) in areas {
            let mut files = Vec::new();
            walk(&area, &self.root, &mut files, problems);
            self.sort_files(&area, files, drafts, scope, &mut posts, problems);
        }
        posts.retain(|p| p.path.starts_with(scope));
        posts
    }

    /// Picks the posts among an area's files and gives each bundle its
    /// resources.
    fn sort_files(
        &self,
        area: &Path,
        files: Vec<PathBuf>,
        drafts: bool,
        scope: &Path,
        posts: &mut Vec<PostFile>,
        problems: &mut Vec<Problem>,
    ) {
        let index = |p: &Path| p.file_stem().is_some_and(|s| s == "index") && is_markdown(p);
        let bundles: HashSet<&Path> = files
            .iter()
            .filter(|f| index(f))
            .filter_map(|f| f.parent())
            .filter(|d| *d != area)
            .collect();
        let mut resources: HashMap<&Path, Vec<PathBuf>> = HashMap::new();
        let mut candidates = Vec::new();
        for file in &files {
            let bundle = file
                .ancestors()
                .skip(1)
                .take_while(|d| *d != area)
                .find(|d| bundles.contains(d));
            match bundle {
                Some(dir) if !index(file) => {
                    if !is_markdown(file) && matches!(self.kind, Kind::Hugo | Kind::Zola) {
                        resources.entry(dir).or_default().push(file.clone());
                    }
                }
                _ => candidates.push((file, bundle)),
            }
        }
        for (file, bundle) in candidates {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let wanted = match self.kind {
                _ if self.plain => is_markdown(file) && !name.starts_with("_index."),
                Kind::Jekyll => matches!(ext(file).as_str(), "md" | "markdown"),
                Kind::Astro => {
                    is_markdown(file)
                        && !name.starts_with('_')
                        && (area.ends_with("src/content") || file.parent() == Some(area))
                }
                _ => {
                    matches!(ext(file).as_str(), "md" | "markdown") && !name.starts_with("_index.")
                }
            };
            if !wanted {
                continue;
            }
            if self.kind == Kind::Jekyll && !drafts && !self.plain && dated_name(&name).is_none() {
                if file.starts_with(scope) {
                    let message = "not read: Jekyll publishes only posts named YYYY-MM-DD-title.md";
                    problems.push(Problem::new(self.origin(file), None, message));
                }
                continue;
            }
            posts.push(PostFile {
                path: file.clone(),
                area: area.to_path_buf(),
                bundle: bundle.map(|d| (d.to_path_buf(), resources.remove(d).unwrap_or_default())),
                draft: drafts,
            });
        }
    }

    /// The path relative to the root, with `/`: a post's stable name.
    fn origin(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let parts: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        parts.join("/")
    }

    fn read_post(&self, file: &PostFile, problems: &mut Vec<Problem>) -> Option<Found> {
        let origin = self.origin(&file.path);
        let text = match fs::read_to_string(&file.path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(Problem::new(
                    origin,
                    None,
                    format!("could not be read: {e}"),
                ));
                return None;
            }
        };
        let split = match front_matter::split(&text, self.kind == Kind::Hugo) {
            Ok(split) => split,
            Err(m) => {
                problems.push(Problem::new(
                    origin,
                    m.line,
                    format!("{}; the file was skipped", m.message),
                ));
                return None;
            }
        };
        let (body, body_line) = (split.body, split.body_line);
        let mut found = Found {
            origin: origin.clone(),
            ..Found::default()
        };
        let when = front_matter::apply(split, self.kind, &origin, &mut found, problems);
        let name = Name::of(self, file, when, &mut found);
        found.url = match found.url.take() {
            Some(url) => self.given_url(&url, &found, &name),
            None => self.default_url(&found, &name),
        };
        if ext(&file.path) == "mdx"
            && let Some(line) = mdx_line(body)
        {
            problems.push(Problem::new(
                &origin,
                Some(line + body_line),
                "MDX components are kept as text",
            ));
        }
        self.attachments(file, &mut found, body, body_line, problems);
        found.body = Some(Body::Markdown(body.to_string()));
        Some(found)
    }

    /// A `url`/`permalink`/Zola `path` from the front matter, as a path.
    fn given_url(&self, url: &str, found: &Found, name: &Name) -> Option<String> {
        let url = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
        let url = match self.kind {
            Kind::Zola => format!("/{}/", url.trim_matches('/')),
            Kind::Jekyll if url.contains(':') => return self.jekyll_url(url, found, name),
            _ => url.to_string(),
        };
        Some(if url.starts_with('/') {
            url
        } else {
            format!("/{url}")
        })
    }

    /// The address the generator gives a post that names none.
    fn default_url(&self, found: &Found, name: &Name) -> Option<String> {
        let slug = found.slug.clone().unwrap_or_default();
        let path = |slug: &str| {
            let dirs: String = name.dirs.iter().map(|d| format!("/{d}")).collect();
            format!("{dirs}/{slug}/")
        };
        match self.kind {
            _ if self.plain => Some(path(&slug)),
            Kind::Hugo => {
                let pattern = name
                    .dirs
                    .first()
                    .and_then(|s| self.permalinks.get(s))
                    .and_then(text);
                let url = match pattern {
                    Some(p) => hugo_url(&p, found, name)?,
                    None => path(&slug),
                };
                Some(if self.lower { url.to_lowercase() } else { url })
            }
            Kind::Jekyll => self.jekyll_url(&self.jekyll_permalink, found, name),
            Kind::Zola => Some(path(&slugify(&slug))),
            _ => Some(path(&slug)),
        }
    }

    fn jekyll_url(&self, pattern: &str, found: &Found, name: &Name) -> Option<String> {
        let title = name.fm_slug.clone().unwrap_or_else(|| name.stem.clone());
        let categories: Vec<String> = found
            .categories
            .iter()
            .map(|c| c.to_lowercase().replace(' ', "%20"))
            .collect();
        expand(pattern, |token| {
            let format = match token {
                "title" => return Some(Some(title.clone())),
                "slug" => return Some(Some(slugify(&title))),
                "categories" => return Some(Some(categories.join("/"))),
                "output_ext" => return Some(Some(".html".into())),
                "year" => "%Y",
                "short_year" => "%y",
                "month" => "%m",
                "i_month" => "%-m",
                "short_month" => "%b",
                "long_month" => "%B",
                "day" => "%d",
                "i_day" => "%-d",
                "y_day" => "%j",
                "week" => "%V",
                "short_day" => "%a",
                "hour" => "%H",
                "minute" => "%M",
                "second" => "%S",
                _ => return None,
            };
            Some(name.when.map(|d| d.format(format).to_string()))
        })
    }

    /// Every file the body or the cover refers to, and a bundle's other files.
    fn attachments(
        &self,
        file: &PostFile,
        found: &mut Found,
        body: &str,
        body_line: usize,
        problems: &mut Vec<Problem>,
    ) {
        let dir = file.path.parent().unwrap_or(&self.root);
        let mut refs = Vec::new();
        references(body, body_line, &mut refs);
        let cover = found.cover.clone();
        if let Some(cover) = &cover {
            refs.push(Ref {
                text: cover,
                line: None,
                image: true,
            });
        }
        let mut seen = HashSet::new();
        for r in refs {
            if !seen.insert(r.text) {
                continue;
            }
            let path = match self.resolve(r.text, dir, r.image) {
                Target::Skip => continue,
                Target::Remote => None,
                Target::Local(path) => path,
                Target::Outside => {
                    let message =
                        format!("`{}` points outside the site's folder: not read", r.text);
                    problems.push(Problem::new(&found.origin, r.line, message));
                    None
                }
            };
            found.attachments.push(Attachment {
                reference: r.text.to_string(),
                path,
            });
        }
        if let Some((bundle, resources)) = &file.bundle {
            for resource in resources {
                if found
                    .attachments
                    .iter()
                    .all(|a| a.path.as_ref() != Some(resource))
                {
                    let reference = resource
                        .strip_prefix(bundle)
                        .map(|r| r.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default();
                    found.attachments.push(Attachment {
                        reference,
                        path: Some(resource.clone()),
                    });
                }
            }
        }
    }

    /// Where a reference points: a bundle's file or one beside the post,
    /// else the site's static files; remote; or outside the site (refused).
    fn resolve(&self, reference: &str, dir: &Path, image: bool) -> Target {
        let mut r = reference.trim();
        let base = self
            .base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/'))
            .filter(|b| !b.is_empty());
        if let Some(local) = base
            .and_then(|b| r.strip_prefix(b))
            .filter(|l| l.is_empty() || l.starts_with('/'))
        {
            r = local;
        } else if r.starts_with("//") || r.starts_with("http://") || r.starts_with("https://") {
            return if image || IMAGE_EXTS.contains(&url_ext(r).as_str()) {
                Target::Remote
            } else {
                Target::Skip
            };
        }
        let cleaned = if r.contains("{{") {
            strip_templates(r)
        } else {
            r.to_string()
        };
        let cleaned = cleaned.split(['?', '#']).next().unwrap_or_default().trim();
        let scheme = cleaned.find(':').is_some_and(|i| {
            cleaned[..i]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
        });
        let e = url_ext(cleaned);
        if cleaned.is_empty()
            || scheme
            || (!image && (e.is_empty() || PAGE_EXTS.contains(&e.as_str())))
        {
            return Target::Skip;
        }
        let decoded = percent_decode(cleaned);
        let stripped;
        let mut tries: Vec<(&Path, &str)> = Vec::new();
        if let Some(abs) = decoded.strip_prefix('/') {
            if !self.base_path.is_empty()
                && let Some(rest) = decoded
                    .strip_prefix(&self.base_path)
                    .filter(|r| r.starts_with('/'))
            {
                stripped = rest.trim_start_matches('/').to_string();
                tries.push((&self.statics, &stripped));
            }
            tries.push((&self.statics, abs));
        } else {
            tries.push((dir, &decoded));
            tries.push((&self.statics, &decoded));
        }
        for (i, (base, rel)) in tries.iter().enumerate() {
            let Some(path) = self.join_inside(base, rel) else {
                return if i == 0 {
                    Target::Outside
                } else {
                    Target::Local(None)
                };
            };
            if path.is_file() {
                // A link inside the site may still lead out of it.
                let inside = fs::canonicalize(&path).is_ok_and(|p| p.starts_with(&self.root));
                return if inside {
                    Target::Local(Some(path))
                } else {
                    Target::Outside
                };
            }
        }
        Target::Local(None)
    }

    /// `base` joined with `rel`, unless `..` climbs out of the root.
    fn join_inside(&self, base: &Path, rel: &str) -> Option<PathBuf> {
        let mut parts: Vec<String> = base
            .strip_prefix(&self.root)
            .ok()?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        for part in rel.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p.to_string()),
            }
        }
        Some(parts.iter().fold(self.root.clone(), |p, part| p.join(part)))
    }
}

/// A file the rules say is a post.
struct PostFile {
    path: PathBuf,
    /// The folder it was found under (`content/`, `_posts/`, `src/content/`).
    area: PathBuf,
    /// For `dir/index.md`: the folder and its other files.
    bundle: Option<(PathBuf, Vec<PathBuf>)>,
    /// Under Jekyll's `_drafts/`.
    draft: bool,
}

/// What a post's path says: its sections and its name.
struct Name {
    /// Folders between the content folder and the post (the bundle's own
    /// excluded): Hugo's sections, Zola's section path, Astro's collection.
    dirs: Vec<String>,
    /// The file's name without extension and date, or the bundle's folder.
    stem: String,
    /// The front matter's own `slug`.
    fm_slug: Option<String>,
    /// The post's date on the author's clock, which permalinks use.
    when: Option<NaiveDateTime>,
}

impl Name {
    /// Reads the path, and fills in what the front matter left out: slug,
    /// date, draft, language.
    fn of(
        site: &Site,
        file: &PostFile,
        mut when: Option<NaiveDateTime>,
        found: &mut Found,
    ) -> Name {
        let named = file
            .bundle
            .as_ref()
            .map_or(file.path.as_path(), |(dir, _)| dir.as_path());
        let mut stem = named
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file.bundle.is_some() {
            stem = named
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        if site.kind == Kind::Hugo
            && let Some((base, lang)) = stem.rsplit_once('.')
            && is_language(lang)
        {
            found.language.get_or_insert_with(|| lang.to_string());
            stem = base.to_string();
        }
        if matches!(site.kind, Kind::Jekyll | Kind::Zola)
            && let Some((date, rest)) = dated_name(&stem)
        {
            let date = date.and_time(NaiveTime::MIN);
            found.date = found.date.or(Some(date.and_utc()));
            found.created = found.created.or(Some(date.and_utc()));
            when = when.or(Some(date));
            stem = rest.to_string();
        }
        found.draft |= file.draft;
        let fm_slug = found.slug.clone();
        found.slug = Some(fm_slug.clone().unwrap_or_else(|| stem.clone()));
        let parent = named.parent().unwrap_or(named);
        let area = if site.kind == Kind::Astro && file.area.ends_with("src/pages/posts") {
            file.area.parent().unwrap_or(&file.area)
        } else {
            &file.area
        };
        let dirs = parent
            .strip_prefix(area)
            .map(|r| {
                r.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        Name {
            dirs,
            stem,
            fm_slug,
            when,
        }
    }
}

/// Hugo's `name.fr.md`: a two-letter language, with an optional region.
fn is_language(s: &str) -> bool {
    let (lang, region) = s.split_once('-').unwrap_or((s, "ab"));
    lang.len() == 2
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && (2..=4).contains(&region.len())
        && region.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `2023-04-05-hello-world` (Jekyll; Zola also takes `_`) → date, rest.
fn dated_name(name: &str) -> Option<(NaiveDate, &str)> {
    let date = name.get(..10)?;
    let rest = name.get(11..)?;
    if !matches!(name.as_bytes()[10], b'-' | b'_') || rest.is_empty() {
        return None;
    }
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let rest = rest
        .rsplit_once('.')
        .filter(|(_, e)| matches!(*e, "md" | "markdown" | "mdx"))
        .map_or(rest, |(r, _)| r);
    Some((day, rest))
}

fn hugo_url(pattern: &str, found: &Found, name: &Name) -> Option<String> {
    let title = slugify(&found.title);
    expand(pattern, |token| {
        let d = |f: &str| Some(name.when.map(|d| d.format(f).to_string()));
        match token {
            "year" => d("%Y"),
            "month" => d("%m"),
            "monthname" => d("%B"),
            "day" => d("%d"),
            "weekday" => d("%w"),
            "weekdayname" => d("%A"),
            "yearday" => d("%j"),
            "title" => Some(Some(title.clone())),
            "slug" => Some(Some(name.fm_slug.clone().unwrap_or_else(|| title.clone()))),
            "slugorfilename" => Some(Some(
                name.fm_slug.clone().unwrap_or_else(|| name.stem.clone()),
            )),
            "filename" | "contentbasename" => Some(Some(name.stem.clone())),
            "section" => Some(Some(name.dirs.first().cloned().unwrap_or_default())),
            "sections" => Some(Some(name.dirs.join("/"))),
            _ => None,
        }
    })
}

/// Replaces `:token`s in a permalink pattern: `value` gives `None` for a
/// token it does not know (kept as written) and `Some(None)` for one the
/// post lacks (a date), which leaves the post without an address.
fn expand(pattern: &str, value: impl Fn(&str) -> Option<Option<String>>) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
            .count();
        match value(&after[..len]) {
            Some(v) => out.push_str(&v?),
            None => out.push_str(&rest[i..i + 1 + len]),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    while out.contains("//") {
        out = out.replace("//", "/");
    }
    Some(out)
}

/// Astro's `site: 'https://…'` in `astro.config.*`, read by eye, not run.
fn astro_site(config: &str) -> Option<String> {
    config.match_indices("site").find_map(|(i, _)| {
        let before = config[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            return None;
        }
        let rest = config[i + 4..].trim_start().strip_prefix(':')?.trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '"' | '`'))?;
        let value = &rest[1..];
        Some(value[..value.find(quote)?].to_string())
    })
}

/// A config file of the site, parsed; a malformed one is a problem.
fn read_config(root: &Path, name: &str, problems: &mut Vec<Problem>) -> Option<Map> {
    let text = fs::read_to_string(root.join(name)).ok()?;
    let format = match ext(Path::new(name)).as_str() {
        "toml" => Format::Toml,
        "json" => Format::Json,
        _ => Format::Yaml,
    };
    match front_matter::parse(format, text.trim_start_matches('\u{feff}'), 1) {
        Ok(map) => Some(map),
        Err(m) => {
            problems.push(Problem::new(name, m.line, m.message));
            None
        }
    }
}

/// A key without regard to case (Hugo's `baseURL` is `baseurl`).
fn key<'a>(map: &'a Map, name: &str) -> Option<&'a serde_json::Value> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn is_root(dir: &Path, kind: Kind) -> bool {
    let is_dir = |name: &str| dir.join(name).is_dir();
    match kind {
        Kind::Jekyll => dir.join("_config.yml").is_file() || is_dir("_posts"),
        Kind::Astro => ASTRO_CONFIGS.iter().any(|c| dir.join(c).is_file()) || is_dir("src/content"),
        Kind::Zola => dir.join("config.toml").is_file() && is_dir("content"),
        _ => {
            site_kind(dir) == Some(Kind::Hugo)
                || (is_dir("content") && dir.join("config.toml").is_file())
        }
    }
}

/// Every file under `dir`, skipping hidden entries and `node_modules`;
/// symbolic links to folders are not followed (a loop, or a way out).
fn walk(dir: &Path, root: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            let origin = dir
                .strip_prefix(root)
                .unwrap_or(dir)
                .to_string_lossy()
                .replace('\\', "/");
            problems.push(Problem::new(
                origin,
                None,
                format!("folder could not be read: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, root, out, problems),
            Ok(t) if t.is_file() => out.push(path),
            Ok(t) if t.is_symlink() && path.is_file() => {
                if fs::canonicalize(&path).is_ok_and(|p| p.starts_with(root)) {
                    out.push(path);
                } else if is_markdown(&path) {
                    let origin = path.strip_prefix(root).unwrap_or(&path);
                    let message = "a link to a file outside the site's folder: not read";
                    problems.push(Problem::new(origin.to_string_lossy(), None, message));
                }
            }
            _ => {}
        }
    }
}

/// The first line (0-based in the body) of MDX that is not Markdown:
/// `import`/`export`, or a `<Component`.
fn mdx_line(body: &str) -> Option<usize> {
    let mut code = false;
    body.lines().position(|l| {
        if l.trim_start().starts_with("```") {
            code = !code;
        }
        let mut c = l.chars();
        !code
            && (l.starts_with("import ")
                || l.starts_with("export ")
                || (c.next() == Some('<') && c.next().is_some_and(|c| c.is_ascii_uppercase())))
    })
}
