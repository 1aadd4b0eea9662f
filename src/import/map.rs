//! A post as a source holds it ([`Found`]) to a Quire post: fields, status,
//! slug, body split into sections and takeaways, old addresses kept as
//! aliases, front-matter keys Quire has no field for kept in `extra`. What
//! does not fit is said in the item's notes, never dropped in silence.

use chrono::{DateTime, Utc};

use super::sections;
use super::source::{Body, Found, Kind};
use crate::model::{alias_path, slug};
use crate::render::page::post_path;
use crate::{Post, Status, convert};

/// A mapped post and what the mapping had to say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub post: Post,
    pub notes: Vec<String>,
}

/// Maps `found` (from a source of `kind`), as of `now`.
pub fn map(found: &Found, kind: Kind, now: DateTime<Utc>) -> Mapped {
    let mut notes = Vec::new();
    let title = match found.title.trim() {
        "" => {
            let name = found
                .slug
                .clone()
                .unwrap_or_else(|| file_stem(&found.origin));
            notes.push(format!("it has no title; titled “{name}” after its file"));
            name
        }
        t => t.to_string(),
    };
    let markdown = match &found.body {
        Some(Body::Markdown(md)) => cleanup(md, kind, &mut notes),
        Some(Body::Html(html)) if kind == Kind::Wxr => convert::wordpress_to_markdown(html),
        Some(Body::Html(html)) => convert::html_to_markdown(html),
        None => String::new(),
    };
    let split = sections::split(&markdown, &title);

    let wanted = found.slug.as_deref().filter(|s| !s.trim().is_empty());
    let slug = match wanted {
        Some(w) => match slug::closest(w) {
            Some(s) => {
                if s != w {
                    notes.push(format!(
                        "its slug `{w}` became `{s}`; the old address is kept as an alias"
                    ));
                }
                s
            }
            None => slug::slugify(&title),
        },
        None => slug::slugify(&title),
    };

    let status = if found.draft {
        Status::Draft
    } else if found.date.is_some_and(|d| d > now) {
        Status::Scheduled
    } else {
        Status::Published
    };
    let publish_at = found
        .date
        .or(found.created)
        .or_else(|| (status == Status::Published).then_some(found.updated.unwrap_or(now)));

    let mut tags = found.tags.clone();
    let mut categories = found.categories.iter().filter(|c| !c.trim().is_empty());
    let category = categories.next().cloned().unwrap_or_default();
    let others: Vec<String> = categories.cloned().collect();
    if !others.is_empty() {
        notes.push(format!(
            "Quire keeps one category: “{category}”; {} became tags",
            others
                .iter()
                .map(|c| format!("“{c}”"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for c in others {
            if !tags.iter().any(|t| t.eq_ignore_ascii_case(&c)) {
                tags.push(c);
            }
        }
    }

    let own = format!("/{}", post_path(&slug));
    let mut aliases: Vec<String> = Vec::new();
    for a in found.url.iter().chain(&found.aliases) {
        let path = alias_path(a);
        if !path.is_empty() && path != own && !aliases.contains(&path) {
            aliases.push(path);
        }
    }

    let mut extra = crate::model::Extra::new();
    if !found.extra.is_empty() {
        match kind {
            Kind::Hugo | Kind::Jekyll | Kind::Zola | Kind::Astro => {
                extra.insert(kind.as_str().to_string(), found.extra.clone());
            }
            Kind::Wxr | Kind::Ghost => notes.push(format!(
                "not kept (Quire has no field for them): {}",
                found.extra.keys().cloned().collect::<Vec<_>>().join(", ")
            )),
        }
    }

    let summary = match &found.body {
        Some(Body::Html(_)) if found.summary.contains('<') => {
            convert::html_to_markdown(&found.summary).trim().to_string()
        }
        _ => found.summary.trim().to_string(),
    };

    let post = Post {
        slug,
        title,
        summary: crate::model::clean_text(&summary, true),
        author: found.author.trim().to_string(),
        category,
        tags,
        status,
        publish_at,
        sections: split.sections,
        takeaways: split.takeaways,
        related: found
            .related
            .iter()
            .filter_map(|r| slug::closest(r))
            .collect(),
        language: found.language.clone().filter(|l| !l.trim().is_empty()),
        cover: None,
        aliases,
        extra,
        created_at: found.created.or(found.date),
        updated_at: found.updated,
        ..Post::default()
    };
    Mapped { post, notes }
}

/// A Markdown body as the generator wrote it, made what Quire shows as
/// written: Jekyll's `{% raw %}` wrappers go (Quire's Jekyll export turns
/// Liquid off for the whole post), Hugo `figure` shortcodes become images;
/// other shortcodes stay as text and are noted.
fn cleanup(md: &str, kind: Kind, notes: &mut Vec<String>) -> String {
    let text = md.replace("\r\n", "\n");
    let text = match kind {
        Kind::Jekyll => text.replace("{% raw %}", "").replace("{% endraw %}", ""),
        Kind::Hugo => figures(&text),
        _ => text,
    };
    let mut shortcodes: Vec<String> = Vec::new();
    for open in ["{{<", "{{%", "{%"] {
        let mut rest = text.as_str();
        while let Some(i) = rest.find(open) {
            rest = &rest[i + open.len()..];
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == '/')
                .collect();
            if !name.is_empty()
                && !matches!(name.as_str(), "ref" | "relref" | "post_url" | "link")
                && !shortcodes.contains(&name)
            {
                shortcodes.push(name);
            }
        }
    }
    if !shortcodes.is_empty() {
        notes.push(format!(
            "kept as text (Quire has no shortcodes or Liquid tags): {}",
            shortcodes.join(", ")
        ));
    }
    text
}

/// Hugo `{{< figure src="x" alt="y" caption="z" >}}` as a Markdown image
/// (and its caption as an italic line).
fn figures(text: &str) -> String {
    if !text.contains("figure") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{{<") {
        let tag = &rest[i..];
        let Some(end) = tag.find(">}}") else { break };
        let inner = tag[3..end].trim();
        match inner.strip_prefix("figure") {
            Some(args) if args.starts_with(char::is_whitespace) => {
                out.push_str(&rest[..i]);
                let src = attr(args, "src").unwrap_or_default();
                let alt = attr(args, "alt")
                    .or_else(|| attr(args, "title"))
                    .unwrap_or_default();
                out.push_str(&format!("![{}]({})", alt.replace(['[', ']'], ""), src));
                if let Some(caption) = attr(args, "caption") {
                    out.push_str(&format!("\n\n*{caption}*"));
                }
                rest = &tag[end + 3..];
            }
            _ => {
                out.push_str(&rest[..i + 3]);
                rest = &rest[i + 3..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of `name="…"` in a shortcode's arguments.
fn attr(args: &str, name: &str) -> Option<String> {
    let at = args.find(&format!("{name}="))? + name.len() + 1;
    let rest = &args[at..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        Some(rest[1..1 + end].to_string())
    } else {
        Some(rest.split_whitespace().next()?.to_string())
    }
}

fn file_stem(origin: &str) -> String {
    let name = origin.rsplit('/').next().unwrap_or(origin);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if stem == "index" {
        origin.rsplit('/').nth(1).unwrap_or(stem).to_string()
    } else {
        stem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
    }

    #[test]
    fn fields_status_and_slug() {
        let found = Found {
            origin: "content/posts/Release.md".into(),
            title: "Release".into(),
            slug: Some("1.94.1-Release".into()),
            date: Some(now() + chrono::Duration::days(2)),
            categories: vec!["News".into(), "Rust".into()],
            tags: vec!["rust".into()],
            url: Some("https://old.example/posts/1.94.1-Release/".into()),
            body: Some(Body::Markdown(
                "Lead.\n\n## A\n\n{{< figure src=\"a.png\" alt=\"An A\" >}}\n\n{{< youtube x >}}"
                    .into(),
            )),
            ..Found::default()
        };
        let m = map(&found, Kind::Hugo, now());
        assert_eq!(m.post.slug, "1.94.1-release");
        assert_eq!(m.post.status, Status::Scheduled);
        assert_eq!(m.post.category, "News");
        assert_eq!(
            m.post.tags,
            ["rust"],
            "a tag equal to a category is not added twice"
        );
        assert_eq!(m.post.aliases, ["/posts/1.94.1-Release/"]);
        assert_eq!(
            m.post.sections[1].body,
            "![An A](a.png)\n\n{{< youtube x >}}"
        );
        assert!(
            m.notes.iter().any(|n| n.contains("youtube")),
            "{:?}",
            m.notes
        );
        assert!(m.notes.iter().any(|n| n.contains("slug")), "{:?}", m.notes);
    }
}
