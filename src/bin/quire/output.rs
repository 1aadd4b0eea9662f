//! How `quire` prints: JSON in the shape of DESIGN.md for scripts, aligned
//! columns and local dates for people. A closed pipe (`quire list | head`) is
//! not an error.

use std::io::{self, Write};

use chrono::{DateTime, Local, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use quire::store::Revision;
use quire::{Error, Post, PostSummary, Result, Site};
use serde::Serialize;

/// Writes bytes to stdout as they are.
pub fn raw(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    finish(out.write_all(bytes).and_then(|()| out.flush()))
}

/// Writes one line to stdout.
pub fn line(text: &str) -> Result<()> {
    raw(format!("{text}\n").as_bytes())
}

/// Pretty JSON of anything serialisable.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(Error::Json)?;
    line(&text)
}

/// After a create, update, restore or revert.
pub fn saved(post: &Post, as_json: bool) -> Result<()> {
    if as_json {
        return json(post);
    }
    line(&format!(
        "saved post {} \"{}\" as {} (revision {})",
        post.id.unwrap_or_default(),
        post.title,
        post.slug,
        post.revision
    ))
}

pub fn post(post: &Post, as_json: bool) -> Result<()> {
    if as_json {
        return json(post);
    }
    let mut text = String::new();
    let mut push = |s: &str| {
        text.push_str(s);
        text.push('\n');
    };
    push(&post.title);
    push(&"=".repeat(post.title.chars().count().clamp(3, 80)));
    let fields = [
        ("id", post.id.map(|id| id.to_string()).unwrap_or_default()),
        ("slug", post.slug.clone()),
        ("status", post.status.to_string()),
        ("publish at", post.publish_at.map(local).unwrap_or_default()),
        ("author", post.author.clone()),
        ("category", post.category.clone()),
        ("tags", post.tags.join(", ")),
        ("related", post.related.join(", ")),
        ("created", post.created_at.map(local).unwrap_or_default()),
        ("updated", post.updated_at.map(local).unwrap_or_default()),
        ("revision", post.revision.to_string()),
    ];
    for (name, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
        push(&format!("{:<11}{value}", format!("{name}:")));
    }
    if !post.summary.is_empty() {
        push("");
        push(&post.summary);
    }
    for section in &post.sections {
        push("");
        if !section.heading.is_empty() {
            push(&format!("## {}", section.heading));
            push("");
        }
        push(section.body.trim_end());
    }
    if !post.takeaways.is_empty() {
        push("");
        push("## Key Takeaways");
        push("");
        for takeaway in &post.takeaways {
            push(&format!("- {takeaway}"));
        }
    }
    raw(text.as_bytes())
}

pub fn list(rows: &[PostSummary]) -> Result<()> {
    let table = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.status.to_string(),
                local(r.updated_at),
                r.slug.clone(),
                r.title.clone(),
            ]
        })
        .collect::<Vec<_>>();
    columns(
        &["ID", "STATUS", "UPDATED", "SLUG", "TITLE"],
        &table,
        "no posts",
    )
}

pub fn trash(rows: &[PostSummary]) -> Result<()> {
    let table = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.deleted_at.map(local).unwrap_or_default(),
                r.slug.clone(),
                r.title.clone(),
            ]
        })
        .collect::<Vec<_>>();
    columns(
        &["ID", "DELETED", "SLUG", "TITLE"],
        &table,
        "the trash is empty",
    )
}

/// Trashed posts as JSON: the post shape plus `deleted_at`.
pub fn trash_json(posts: &[(Post, Option<DateTime<Utc>>)]) -> Result<()> {
    let values = posts
        .iter()
        .map(|(post, deleted_at)| {
            let mut value = serde_json::to_value(post).map_err(Error::Json)?;
            if let (Some(object), Some(at)) = (value.as_object_mut(), deleted_at) {
                object.insert("deleted_at".into(), quire::model::format_time(at).into());
            }
            Ok(value)
        })
        .collect::<Result<Vec<_>>>()?;
    json(&values)
}

pub fn history(revisions: &[Revision]) -> Result<()> {
    let table = revisions
        .iter()
        .map(|r| {
            vec![
                r.revision.to_string(),
                local(r.saved_at),
                r.words.to_string(),
                r.title.clone(),
            ]
        })
        .collect::<Vec<_>>();
    columns(&["REV", "SAVED", "WORDS", "TITLE"], &table, "no revisions")
}

pub fn settings(site: &Site) -> Result<()> {
    let mut text = String::new();
    for key in Site::KEYS {
        text.push_str(&format!("{key:<15} = {}\n", site.get(key)?));
    }
    raw(text.as_bytes())
}

/// The pre-publish check's findings, a line each with where.
pub fn findings(post: &Post, findings: &[quire::check::Finding]) -> Result<()> {
    use quire::check::{Place, Severity};
    if findings.is_empty() {
        return line(&format!(
            "nothing to look at before publishing “{}”",
            post.title
        ));
    }
    let mut text = String::new();
    for f in findings {
        let word = match f.severity {
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let at = match &f.place {
            Place::Title => "title".to_string(),
            Place::Summary => "summary".to_string(),
            Place::Cover => "cover".to_string(),
            Place::Section { index } => format!("section {}", index + 1),
            Place::Takeaway { index } => format!("takeaway {}", index + 1),
            Place::Related { index } => format!("related {}", index + 1),
            Place::Post => "post".to_string(),
        };
        text.push_str(&format!("{word:<8} {at:<12} {}\n", f.message));
    }
    raw(text.as_bytes())
}

/// An import's report: a line per post that needs a word, then the counts.
pub fn import_report(report: &quire::import::Report) -> Result<()> {
    use quire::import::Outcome;
    let mut text = String::new();
    for p in &report.problems {
        let at = p.line.map(|l| format!(":{l}")).unwrap_or_default();
        text.push_str(&format!("problem     {}{at}: {}\n", p.origin, p.message));
    }
    for item in &report.items {
        let word = match item.outcome {
            Outcome::New => "new",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Refused => "refused",
            Outcome::Conflict => "conflict",
        };
        let quiet = item.outcome == Outcome::Unchanged
            && item.notes.is_empty()
            && item.broken_links.is_empty();
        if quiet {
            continue;
        }
        let id = item.id.map(|i| format!(" (id {i})")).unwrap_or_default();
        text.push_str(&format!(
            "{word:<10}  {} → {}{id}\n",
            item.origin, item.slug
        ));
        if let Some(reason) = &item.reason {
            text.push_str(&format!("            {reason}\n"));
        }
        for note in &item.notes {
            text.push_str(&format!("            note: {note}\n"));
        }
        for link in &item.broken_links {
            text.push_str(&format!("            broken link: {link}\n"));
        }
        for image in &item.remote_images {
            text.push_str(&format!(
                "            on another server, not fetched: {image}\n"
            ));
        }
        for image in &item.missing_images {
            text.push_str(&format!("            not in the source: {image}\n"));
        }
    }
    let c = report.counts;
    text.push_str(&format!(
        "{}{} new, {} updated, {} unchanged, {} refused, {} conflicts, {} images\n",
        if report.dry_run {
            "dry run, nothing written: "
        } else {
            ""
        },
        c.new,
        c.updated,
        c.unchanged,
        c.refused,
        c.conflicts,
        c.images
    ));
    raw(text.as_bytes())
}

/// A bar on a terminal, nothing when stderr is piped.
pub fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} posts ({eta} left)") {
        bar.set_style(style);
    }
    bar
}

/// Left-aligned columns, two spaces apart; the last column is not padded.
fn columns(header: &[&str], rows: &[Vec<String>], empty: &str) -> Result<()> {
    if rows.is_empty() {
        return line(empty);
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let last = row.len() - 1;
        for (i, cell) in row.iter().enumerate() {
            if i == last {
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        text.push('\n');
    }
    raw(text.as_bytes())
}

/// A time in the user's local zone, to the minute.
fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn finish(result: io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Error::io("<stdout>", e)),
    }
}

/// The stored images, one per line: reference, size, alternative text.
pub fn media(all: &[quire::store::Media]) -> Result<()> {
    let mut text = String::new();
    for m in all {
        let alt = if m.decorative {
            "(decorative)".to_string()
        } else if m.alt.is_empty() {
            "(no alternative text)".to_string()
        } else {
            m.alt.clone()
        };
        let gps = if m.has_gps { "  GPS" } else { "" };
        text.push_str(&format!(
            "media/{:<32} {:>5} × {:<5} {:>8} KB  {alt}{gps}\n",
            m.name,
            m.width,
            m.height,
            m.bytes.div_ceil(1024)
        ));
    }
    if all.is_empty() {
        text.push_str("no images yet (quire media add FILE)\n");
    }
    raw(text.as_bytes())
}
