//! Other sites the page depends on: what it loads from them (images,
//! frames, scripts, video and audio: each reader's browser fetches them
//! there, telling that site of the visit, and the page shows a hole if
//! they go) and where its links lead. Worth knowing, never wrong, so each
//! is information: one finding per host the page loads from, at the first
//! place it does, and one listing the hosts it links to. The site's own
//! host (`base_url`, with or without `www.`) is not another site.

use std::collections::{BTreeMap, HashSet};

use super::markup::Resource;
use super::page::Page;
use super::{Finding, Place, Rule};
use crate::Site;

/// Each host the page loads something from, with what it loads.
pub fn resources(site: &Site, page: &Page, out: &mut Vec<Finding>) {
    let own = host(&site.base_url);
    // By host, in order of first use: where first, and how many of each.
    let mut hosts: Vec<(String, Place, BTreeMap<Resource, usize>)> = Vec::new();
    let markdown = page
        .images
        .iter()
        .map(|i| (i.place, vec![(Resource::Image, i.url.as_str())]));
    let markup = page.elements.iter().map(|(place, e)| {
        let loads = e.loads.iter().map(|(r, url)| (*r, url.as_str())).collect();
        (*place, loads)
    });
    for (place, loads) in markdown.chain(markup) {
        // An element counts once per host and kind (`src` and `srcset` alike).
        let mut counted: Vec<(Resource, String)> = Vec::new();
        for (resource, url) in loads {
            let Some(h) = host(url).filter(|h| !same_site(h, own.as_deref())) else {
                continue;
            };
            if counted.iter().any(|(r, c)| *r == resource && *c == h) {
                continue;
            }
            let at = match hosts.iter().position(|(known, ..)| *known == h) {
                Some(i) => i,
                None => {
                    hosts.push((h.clone(), place, BTreeMap::new()));
                    hosts.len() - 1
                }
            };
            *hosts[at].2.entry(resource).or_default() += 1;
            counted.push((resource, h));
        }
    }
    for (h, place, counts) in hosts {
        let what: Vec<String> = counts.iter().map(|(r, n)| r.count(*n)).collect();
        out.push(Finding::info(
            Rule::External,
            place,
            format!("Loads {} from {h}.", list(&what)),
        ));
    }
}

/// The hosts of the pages the post links to on other sites, in one
/// finding: at the place all those links are in, else the post's.
pub fn links(site: &Site, page: &Page, out: &mut Vec<Finding>) {
    let own = host(&site.base_url);
    let hrefs = page.links.iter().map(|l| (l.place, l.url.as_str())).chain(
        page.elements
            .iter()
            .filter_map(|(place, e)| Some((*place, e.href.as_deref()?))),
    );
    let mut urls: HashSet<&str> = HashSet::new();
    let mut hosts: Vec<(String, usize)> = Vec::new();
    let mut at: Option<Place> = None;
    for (place, url) in hrefs {
        let url = url.trim();
        let Some(h) = host(url).filter(|h| !same_site(h, own.as_deref())) else {
            continue;
        };
        at = match at {
            Some(p) if p != place => Some(Place::Post),
            _ => Some(place),
        };
        if !urls.insert(url) {
            continue;
        }
        match hosts.iter_mut().find(|(known, _)| *known == h) {
            Some((_, n)) => *n += 1,
            None => hosts.push((h, 1)),
        }
    }
    if urls.is_empty() {
        return;
    }
    let pages = if urls.len() == 1 { "page" } else { "pages" };
    let sites = if hosts.len() == 1 {
        "another site"
    } else {
        "other sites"
    };
    let named: Vec<String> = hosts
        .iter()
        .map(|(h, n)| {
            if *n > 1 {
                format!("{h} ({n})")
            } else {
                h.clone()
            }
        })
        .collect();
    out.push(Finding::info(
        Rule::External,
        at.unwrap_or(Place::Post),
        format!(
            "Links to {} {pages} on {sites}: {}.",
            urls.len(),
            named.join(", ")
        ),
    ));
}

/// The host of an absolute web address (`https://`, `http://` or `//`),
/// lower-cased, without user, port or trailing dot; `None` for any other
/// (relative, `mailto:`, `media/…`).
pub fn host(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme_end = url.find("//")?;
    let scheme = &url[..scheme_end];
    let web = scheme.is_empty()
        || scheme.eq_ignore_ascii_case("https:")
        || scheme.eq_ignore_ascii_case("http:");
    if !web {
        return None;
    }
    let authority = url[scheme_end + 2..].split(['/', '?', '#', '\\']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let name = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or(authority)
    } else {
        authority.split(':').next().unwrap_or(authority)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

/// Whether `h` is the site's own host, `www.` or not.
fn same_site(h: &str, own: Option<&str>) -> bool {
    let bare = |s: &str| s.strip_prefix("www.").unwrap_or(s).to_string();
    own.is_some_and(|own| bare(own) == bare(h))
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
