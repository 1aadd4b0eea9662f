//! The article page: one function builds it for the preview pane, the single
//! HTML export and every page of the site export. Steps: render the post's
//! one Markdown document (sections, takeaways, footnotes) with page-unique
//! heading ids, its own markup sanitised as the page needs → fill the
//! article template (values escaped) → wrap it in the page shell (head
//! metadata, stylesheet).

use serde::Serialize;

use super::date;
use super::document::document;
use super::html::{self, Markup};
use super::images::Images;
use super::links::{Links, Place};
use super::markdown::HeadingIds;
use super::related::excerpt;
use super::templates::{STYLESHEET, into_string, render_bytes, render_sized, render_to};
use super::terms::TermPaths;
use crate::{Post, PostSummary, RawHtml, Result, Site};

/// Ids the page itself uses; a section called "Key Takeaways" gets `key-takeaways-2`.
const RESERVED_IDS: [&str; 3] = ["content", html::TAKEAWAYS_ID, "what-to-read-next"];

/// Where a page sits, which decides its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode<'a> {
    /// The preview pane: sanitised, locked down by a Content-Security-Policy.
    Preview,
    /// A standalone file: CSS inlined, no links to tag or category pages.
    Standalone,
    /// A page of an exported site; `root` leads from the page to the site's
    /// root folder (e.g. `../../`), `terms` to its tag and category pages.
    Site { root: &'a str, terms: &'a TermPaths },
}

/// The canonical address of a post when the site has a base URL.
pub fn post_url(site: &Site, slug: &str) -> Option<String> {
    (!site.base_url.is_empty()).then(|| format!("{}/{}", site.base_url, post_path(slug)))
}

/// Where a post lives in an exported site, relative to its root.
pub fn post_path(slug: &str) -> String {
    format!("posts/{slug}/")
}

#[derive(Serialize)]
struct RelatedCtx<'a> {
    title: &'a str,
    slug: &'a str,
    href: Option<String>,
    excerpt: String,
}

/// A "What to Read Next" entry: a link to `post` at `href` (none: its
/// title only) with its summary cut short, rendered with
/// `related_item.html`. From a post's page of a site, posts are siblings
/// (`../slug/`): the same from every page, so a site export renders each
/// post's card once.
pub fn related_card(post: &PostSummary, href: Option<String>) -> Result<minijinja::Value> {
    #[derive(Serialize)]
    struct CardCtx<'a> {
        r: RelatedCtx<'a>,
    }
    let r = RelatedCtx {
        title: &post.title,
        slug: &post.slug,
        href,
        excerpt: excerpt(&post.summary),
    };
    let html = super::templates::render("related_item.html", CardCtx { r })?;
    Ok(minijinja::Value::from_safe_string(html))
}

/// Where a related post's card links from a page in `mode`: a sibling in a
/// site and in the preview; from a file on its own, the post's address on
/// the site, when the site has a base URL (a relative link would be dead).
fn related_href(site: &Site, mode: Mode<'_>, slug: &str) -> Option<String> {
    match mode {
        Mode::Standalone => post_url(site, slug),
        _ => Some(format!("../{slug}/")),
    }
}

#[derive(Serialize)]
struct Link<'a> {
    name: &'a str,
    href: Option<String>,
}

/// The cover above the text: its image markup and caption.
#[derive(Serialize)]
struct CoverCtx<'a> {
    html: minijinja::Value,
    caption: &'a str,
}

#[derive(Serialize)]
struct ArticleCtx<'a> {
    site_name: &'a str,
    home_href: Option<&'a str>,
    category: Option<Link<'a>>,
    title: &'a str,
    date_iso: Option<&'a str>,
    date_text: Option<String>,
    summary: &'a str,
    author: &'a str,
    cover: Option<CoverCtx<'a>>,
    /// The rendered post (sections, takeaways, footnotes), marked safe here
    /// (not with `|safe` in the template, which would copy it twice more).
    content: minijinja::Value,
    tags: Vec<Link<'a>>,
    related: &'a [minijinja::Value],
}

/// The head of a page and what wraps its body.
#[derive(Serialize, Default)]
pub struct Shell<'a> {
    pub lang: &'a str,
    /// `rtl` for a right-to-left language, else none (the default, `ltr`).
    pub dir: Option<&'static str>,
    pub doc_title: String,
    pub description: &'a str,
    pub canonical: Option<String>,
    pub og_type: &'a str,
    pub og_title: &'a str,
    pub site_name: &'a str,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub tags: &'a [String],
    pub json_ld: Option<String>,
    /// The page's image for link previews (`og:image`), absolute, and its
    /// alternative text.
    pub image: Option<String>,
    pub image_alt: &'a str,
    pub css_href: Option<String>,
    pub css: Option<&'static str>,
    pub feed_href: Option<String>,
    pub csp: bool,
    /// The article page's content (rendered by `article.html` inside the
    /// shell), or else `body`, ready-made HTML.
    pub article: Option<minijinja::Value>,
    pub body: String,
}

impl<'a> Shell<'a> {
    /// A shell for `mode` with the stylesheet placed as that mode needs.
    pub fn new(site: &'a Site, mode: Mode<'_>) -> Self {
        let (css, css_href, feed_href) = match mode {
            Mode::Site { root, .. } => (
                None,
                Some(format!("{root}style.css")),
                // Feeds exist only with absolute addresses (a base URL).
                (!site.base_url.is_empty()).then(|| format!("{root}atom.xml")),
            ),
            _ => (Some(STYLESHEET), None, None),
        };
        let lang = if site.language.is_empty() {
            "en"
        } else {
            &site.language
        };
        Shell {
            lang,
            dir: crate::model::is_rtl(lang).then_some("rtl"),
            site_name: &site.site_name,
            og_type: "website",
            css,
            css_href,
            feed_href,
            csp: mode == Mode::Preview,
            ..Shell::default()
        }
    }

    /// The whole page; `capacity` is a guess at its size in bytes.
    pub fn render(&self, capacity: usize) -> Result<String> {
        render_sized("page.html", self, capacity)
    }

    /// [`Shell::render`] as UTF-8 bytes, for writing straight to a file.
    pub fn render_bytes(&self, capacity: usize) -> Result<Vec<u8>> {
        render_bytes("page.html", self, capacity)
    }

    /// [`Shell::render_bytes`] into a buffer the caller reuses.
    pub fn render_to(&self, out: &mut Vec<u8>) -> Result<()> {
        render_to("page.html", self, out)
    }
}

/// A page that sends its reader on to `post`'s page at once: what an old
/// address of the post (an alias) holds in an exported site. `href` leads
/// from the page to the post's (relative, so the site works under any base
/// path); the canonical link is the post's address on the site when it has
/// a base URL. Robots are asked not to index it; a reader whose browser
/// does not follow the refresh has the link.
pub fn redirect_page(
    title: &str,
    language: Option<&str>,
    href: &str,
    slug: &str,
    site: &Site,
) -> Result<String> {
    #[derive(Serialize)]
    struct RedirectCtx<'a> {
        lang: &'a str,
        dir: Option<&'static str>,
        title: &'a str,
        href: &'a str,
        canonical: &'a str,
    }
    let lang = language
        .filter(|l| !l.is_empty())
        .or(Some(site.language.as_str()).filter(|l| !l.is_empty()))
        .unwrap_or("en");
    let canonical = post_url(site, slug);
    let title = if title.trim().is_empty() { slug } else { title };
    super::templates::render(
        "redirect.html",
        RedirectCtx {
            lang,
            dir: crate::model::is_rtl(lang).then_some("rtl"),
            title,
            href,
            canonical: canonical.as_deref().unwrap_or(href),
        },
    )
}

/// The date an article shows, if the post has one (deterministic: no clock).
pub fn post_date(post: &Post) -> Option<chrono::DateTime<chrono::Utc>> {
    post.publish_at.or(post.created_at).or(post.updated_at)
}

/// Renders the article page of `post` for `mode`, its stored images found
/// as `images` says, its links to other posts ([`super::links`]) to those
/// of `links`.
pub fn render_page(
    post: &Post,
    related: &[&PostSummary],
    site: &Site,
    mode: Mode<'_>,
    images: &Images,
    links: &Links,
) -> Result<String> {
    let cards = related
        .iter()
        .map(|r| related_card(r, related_href(site, mode, &r.slug)))
        .collect::<Result<Vec<_>>>()?;
    let mut out = Vec::new();
    render_page_to(post, &cards, site, mode, (images, links), &mut out)?;
    into_string(out)
}

/// Where a page in `mode` finds the posts it links to: as its related
/// cards do ([`related_href`]).
pub fn link_place<'a>(site: &'a Site, mode: Mode<'_>) -> Place<'a> {
    match mode {
        Mode::Preview => Place::Preview,
        Mode::Standalone => Place::Site {
            base_url: &site.base_url,
        },
        Mode::Site { .. } => Place::Sibling,
    }
}

/// [`render_page`] as UTF-8 bytes appended to `out`, with the related
/// posts' cards ready-made ([`related_card`]): the site export reuses its
/// buffer from post to post, writes the bytes straight to a file, and
/// renders each card once.
pub fn render_page_to(
    post: &Post,
    related: &[minijinja::Value],
    site: &Site,
    mode: Mode<'_>,
    (images, links): (&Images, &Links),
    out: &mut Vec<u8>,
) -> Result<()> {
    let published = post_date(post).map(|t| crate::model::format_time(&t));
    let modified = post.updated_at.map(|t| crate::model::format_time(&t));
    let (article, size) = article_context(
        post,
        related,
        site,
        mode,
        (images, links),
        published.as_deref(),
    );
    let mut shell = Shell::new(site, mode);
    if let Some(language) = post.language.as_deref().filter(|l| !l.is_empty()) {
        shell.lang = language;
        shell.dir = crate::model::is_rtl(language).then_some("rtl");
    }
    shell.doc_title = if site.site_name.is_empty() {
        post.title.clone()
    } else {
        format!("{} — {}", post.title, site.site_name)
    };
    shell.description = &post.summary;
    shell.canonical = post_url(site, &post.slug);
    shell.og_type = "article";
    shell.og_title = &post.title;
    shell.tags = &post.tags;
    // Link previews need the cover's address on the site: absolute.
    shell.image = post
        .cover
        .as_ref()
        .and_then(|c| crate::model::media_name(&c.src))
        .and_then(|name| images.widest(name))
        .filter(|_| !site.base_url.is_empty())
        .map(|path| format!("{}/{path}", site.base_url));
    if let Some(cover) = post.cover.as_ref().filter(|_| shell.image.is_some()) {
        shell.image_alt = &cover.alt;
    }
    if mode != Mode::Preview {
        shell.json_ld = Some(json_ld(
            post,
            site,
            shell.canonical.as_deref(),
            published.as_deref(),
            modified.as_deref(),
            shell.image.as_deref(),
        ));
    }
    shell.published = published;
    shell.modified = modified;
    shell.article = Some(article);
    let css = shell.css.map_or(0, str::len);
    out.reserve(size + css + 4096);
    shell.render_to(out)
}

/// What `article.html` shows, with the post's Markdown rendered (and, for
/// the preview, sanitised), and the bytes of HTML that makes.
fn article_context(
    post: &Post,
    related: &[minijinja::Value],
    site: &Site,
    mode: Mode<'_>,
    (images, links): (&Images, &Links),
    date_iso: Option<&str>,
) -> (minijinja::Value, usize) {
    let site_links = match mode {
        Mode::Site { root, terms } => Some((root, terms)),
        _ => None,
    };
    let markup = match (mode, site.raw_html) {
        (Mode::Preview, _) => Markup::Preview,
        (_, RawHtml::Strip) => Markup::Strip,
        (_, RawHtml::Keep) => Markup::Keep,
    };
    // Room for every heading the text could hold (a `#` each, at most).
    let hashes: usize = post
        .sections
        .iter()
        .map(|s| s.body.bytes().filter(|&b| b == b'#').count() + 1)
        .sum();
    let mut ids = HeadingIds::with_capacity(hashes + RESERVED_IDS.len());
    for id in RESERVED_IDS {
        ids.reserve(id);
    }
    let cover = post.cover.as_ref().map(|c| {
        let html = crate::model::media_name(&c.src)
            .and_then(|name| images.markup(name, &c.alt, true))
            .unwrap_or_default();
        CoverCtx {
            html: minijinja::Value::from_safe_string(html),
            caption: &c.caption,
        }
    });
    let target = html::Target {
        markup,
        images,
        image_above: cover.is_some(),
        links,
        link_place: link_place(site, mode),
    };
    let content = html::render(&document(post), target, &mut ids);
    let size = content.len();
    let date = post_date(post);
    let ctx = ArticleCtx {
        site_name: &site.site_name,
        home_href: site_links.map(|(root, _)| root),
        category: (!post.category.is_empty()).then(|| Link {
            name: &post.category,
            href: site_links
                .map(|(root, terms)| root.to_string() + &terms.category(&post.category)),
        }),
        title: &post.title,
        date_iso,
        date_text: date.map(|t| date::format_date(t, site)),
        summary: &post.summary,
        author: &post.author,
        cover,
        content: minijinja::Value::from_safe_string(content),
        tags: post
            .tags
            .iter()
            .map(|t| Link {
                name: t,
                href: site_links.map(|(root, terms)| root.to_string() + &terms.tag(t)),
            })
            .collect(),
        related,
    };
    let size = size + ctx.summary.len() + 200 * ctx.related.len();
    (minijinja::Value::from_serialize(&ctx), size)
}

/// A schema.org `Person` or `Organization`.
#[derive(Serialize)]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// The JSON-LD `BlogPosting` of a post; fields in the order they are
/// written (alphabetical, as published pages have always had them).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BlogPosting<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    article_section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    description: &'a str,
    headline: &'a str,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// The JSON-LD `BlogPosting` of a post, safe to place inside `<script>`.
fn json_ld(
    post: &Post,
    site: &Site,
    url: Option<&str>,
    published: Option<&str>,
    modified: Option<&str>,
    image: Option<&str>,
) -> String {
    let nonempty = |s: &str| !s.is_empty();
    let ld = BlogPosting {
        context: "https://schema.org",
        kind: "BlogPosting",
        article_section: Some(post.category.as_str()).filter(|s| nonempty(s)),
        author: nonempty(&post.author).then_some(Agent {
            kind: "Person",
            name: &post.author,
        }),
        date_modified: modified,
        date_published: published,
        description: &post.summary,
        headline: &post.title,
        in_language: post.language.as_deref().unwrap_or(&site.language),
        image,
        keywords: (!post.tags.is_empty()).then(|| post.tags.join(", ")),
        main_entity_of_page: url,
        publisher: nonempty(&site.site_name).then_some(Agent {
            kind: "Organization",
            name: &site.site_name,
        }),
        url,
    };
    let text = serde_json::to_string(&ld).expect("JSON values always serialise");
    // `</script>` or `<!--` in a title must not end the script element.
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            c => safe.push(c),
        }
    }
    safe
}
