//! A deterministic corpus of long blog posts for the benchmarks: `post(i)` is
//! always the same post, about 2,000 words in 6–8 sections with `###`
//! sub-headings, lists, inline Markdown, now and then a table, 4–6 takeaways,
//! tags from a pool of 200 and categories from 20; mostly published, with
//! publication dates spread over ten years. No `rand`: a seeded xorshift.
//!
//! The text is word salad with a realistic shape: about half function words,
//! a third words of the post's two topics (its category's and one more), a
//! tenth a long tail of 20,000 made-up words, a little of everything else —
//! so a topical word is in a fraction of the posts, as in a real blog, rather
//! than in every one.
//!
//! Use from a bench with `#[path = "corpus/mod.rs"] mod corpus;`.
#![allow(dead_code, reason = "each bench uses a different part of the corpus")]

use chrono::{Duration, TimeZone, Utc};
use quire::{Post, Section, Status};

/// Post `i` of the corpus (slugs are unique: the title's slug plus `-i`).
pub fn post(i: usize) -> Post {
    let mut rng = Rng::new(i as u64);
    let category = rng.zipf(CATEGORIES.len());
    rng.topics = [category, rng.below(CATEGORIES.len())];
    let title = title(i);
    let slug = slug_of(i);
    let n_sections = 6 + rng.below(3);
    let sections = (0..n_sections)
        .map(|s| section(&mut rng, i, s, n_sections))
        .collect();
    let takeaways = (0..4 + rng.below(3)).map(|_| takeaway(&mut rng)).collect();
    let mut tags: Vec<String> = (0..2 + rng.below(4))
        .map(|_| {
            let stem = TAG_STEMS[rng.zipf(TAG_STEMS.len())];
            format!("{stem}-{}", rng.below(4))
        })
        .collect();
    tags.sort();
    tags.dedup();
    let status = match rng.below(20) {
        0 | 1 => Status::Draft,
        2 => Status::Scheduled,
        _ => Status::Published,
    };
    let publish_at = match status {
        Status::Draft if rng.below(2) == 0 => None,
        _ => Some(
            Utc.with_ymd_and_hms(2016, 1, 1, 9, 0, 0).unwrap()
                + Duration::hours((rng.below(10 * 365 * 24)) as i64),
        ),
    };
    let related = if i % 5 == 4 {
        vec![slug_of(i - 1), slug_of(i - 3)]
    } else {
        Vec::new()
    };
    Post {
        slug,
        summary: summary(&mut rng),
        author: AUTHORS[rng.below(AUTHORS.len())].to_string(),
        category: CATEGORIES[category].to_string(),
        title,
        tags,
        status,
        publish_at,
        sections,
        takeaways,
        related,
        ..Post::default()
    }
}

/// Posts `0..n`.
pub fn posts(n: usize) -> impl Iterator<Item = Post> {
    (0..n).map(post)
}

/// The slug of post `i`: its title's, plus `-i` so that none clash.
fn slug_of(i: usize) -> String {
    format!("{}-{i}", quire::model::slug::slugify(&title(i)))
}

fn title(i: usize) -> String {
    let mut rng = Rng::new(0x7117_1e00 ^ i as u64);
    let pattern = rng.below(4);
    let a = capital(WORDS[20 + rng.below(WORDS.len() - 20)]);
    let b = capital(WORDS[20 + rng.below(WORDS.len() - 20)]);
    let c = capital(WORDS[20 + rng.below(WORDS.len() - 20)]);
    match pattern {
        0 => format!("The {a} of {b}: Notes on {c}"),
        1 => format!("How {a} Changes {b} and {c}"),
        2 => format!("{a}, {b} and the Future of {c}"),
        _ => format!("A Field Guide to {a} for {b} Teams"),
    }
}

fn summary(rng: &mut Rng) -> String {
    let mut s = sentence(rng, 12, 20);
    while s.chars().count() > 155 {
        let cut = s[..s.len() - 1].rfind(' ').unwrap_or(s.len() - 1);
        s.truncate(cut);
        s.push('.');
    }
    s
}

fn section(rng: &mut Rng, post: usize, index: usize, count: usize) -> Section {
    let heading = if index + 1 == count {
        "Conclusion".to_string()
    } else {
        format!(
            "{} and {}",
            capital(WORDS[rng.below(WORDS.len())]),
            capital(WORDS[rng.below(WORDS.len())])
        )
    };
    let mut body = String::with_capacity(2400);
    paragraphs(rng, &mut body, 2);
    for sub in 0..1 + rng.below(2) {
        body.push_str("### ");
        body.push_str(&capital(WORDS[rng.below(WORDS.len())]));
        body.push(' ');
        body.push_str(WORDS[rng.below(WORDS.len())]);
        body.push_str("\n\n");
        let n = 1 + rng.below(2);
        paragraphs(rng, &mut body, n);
        if sub == 0 && rng.below(2) == 0 {
            list(rng, &mut body);
        }
    }
    if index == 2 && post.is_multiple_of(4) {
        table(rng, &mut body);
    }
    Section {
        heading,
        body: body.trim_end().to_string(),
    }
}

fn paragraphs(rng: &mut Rng, out: &mut String, n: usize) {
    for _ in 0..n {
        for s in 0..3 + rng.below(3) {
            if s > 0 {
                out.push(' ');
            }
            out.push_str(&sentence(rng, 10, 22));
        }
        out.push_str("\n\n");
    }
}

fn list(rng: &mut Rng, out: &mut String) {
    for _ in 0..3 + rng.below(3) {
        out.push_str("- **");
        out.push_str(&capital(WORDS[rng.below(WORDS.len())]));
        out.push_str(":** ");
        out.push_str(&sentence(rng, 6, 12));
        out.push('\n');
    }
    out.push('\n');
}

fn table(rng: &mut Rng, out: &mut String) {
    out.push_str("| Approach | Effort | Effect |\n|---|---|---|\n");
    for _ in 0..4 {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            capital(WORDS[rng.below(WORDS.len())]),
            ["low", "medium", "high"][rng.below(3)],
            WORDS[rng.below(WORDS.len())]
        ));
    }
    out.push('\n');
}

fn takeaway(rng: &mut Rng) -> String {
    format!(
        "**{}** {}",
        capital(WORDS[rng.below(WORDS.len())]),
        sentence(rng, 6, 14)
    )
}

/// A sentence of `min..max` words with now and then some inline Markdown.
fn sentence(rng: &mut Rng, min: usize, max: usize) -> String {
    let n = min + rng.below(max - min);
    let mut s = String::with_capacity(n * 8);
    for w in 0..n {
        let made_up;
        let word = match rng.below(100) {
            0..55 => WORDS[rng.zipf(FUNCTION_WORDS)],
            r @ 55..88 => {
                let topic = rng.topics[usize::from(r >= 78)];
                topic_word(rng, topic)
            }
            88..90 => WORDS[FUNCTION_WORDS + rng.below(WORDS.len() - FUNCTION_WORDS)],
            _ => {
                made_up = long_tail(rng.zipf(20_000));
                made_up.as_str()
            }
        };
        if w == 0 {
            s.push_str(&capital(word));
            continue;
        }
        s.push(' ');
        match rng.below(60) {
            0 => {
                s.push_str("**");
                s.push_str(word);
                s.push_str("**");
            }
            1 => {
                s.push('*');
                s.push_str(word);
                s.push('*');
            }
            2 => {
                s.push('`');
                s.push_str(word);
                s.push('`');
            }
            3 => s.push_str(&format!("[{word}](https://example.com/{word})")),
            4 => {
                s.push_str(word);
                s.push(',');
            }
            _ => s.push_str(word),
        }
    }
    s.push('.');
    s
}

/// The first words of [`WORDS`] are function words, common to every text.
const FUNCTION_WORDS: usize = 20;

/// A word of `topic`: topics share out the words after the function words.
fn topic_word(rng: &mut Rng, topic: usize) -> &'static str {
    let per_topic = (WORDS.len() - FUNCTION_WORDS) / CATEGORIES.len();
    WORDS[FUNCTION_WORDS + topic + CATEGORIES.len() * rng.zipf(per_topic)]
}

/// Made-up word number `k` of the long tail ("kalomi", "renvostu"…).
fn long_tail(k: usize) -> String {
    const SYLLABLES: [&str; 20] = [
        "ka", "lo", "mi", "ren", "ta", "vos", "zu", "bel", "dri", "fan", "gor", "hin", "jel",
        "kir", "lum", "nor", "pel", "quo", "ser", "tiv",
    ];
    let mut n = k + 400;
    let mut word = String::with_capacity(12);
    while n > 0 {
        word.push_str(SYLLABLES[n % 20]);
        n /= 20;
    }
    word
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// xorshift64*, seeded through splitmix64 so that nearby seeds diverge;
/// it also carries the two topics of the post being written.
struct Rng {
    state: u64,
    topics: [usize; 2],
}

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng {
            state: (z ^ (z >> 31)) | 1,
            topics: [0, 0],
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards 0 (roughly Zipf-like), in `0..n`.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n - 1)
    }
}

const AUTHORS: &[&str] = &[
    "Ana Souza",
    "Björn Lindqvist",
    "Chloé Martin",
    "Dev Patel",
    "Editorial team",
    "Hana Kobayashi",
    "Kwame Mensah",
    "Zofia Nowak",
];

const CATEGORIES: &[&str] = &[
    "Time for Designs",
    "Marketing",
    "Engineering",
    "Product",
    "Research",
    "Privacy",
    "Data",
    "Culture",
    "Leadership",
    "Writing",
    "Accessibility",
    "Security",
    "Operations",
    "Sales",
    "Support",
    "Strategy",
    "Community",
    "Hiring",
    "Finance",
    "Announcements",
];

/// 50 stems × 4 suffixes = a pool of 200 tags.
#[rustfmt::skip]
const TAG_STEMS: &[&str] = &[
    "ai", "privacy", "design", "ux", "seo", "content", "email", "analytics", "branding", "social",
    "ethics", "data", "growth", "mobile", "web", "video", "podcast", "writing", "editing", "tools",
    "remote", "teams", "hiring", "culture", "product", "pricing", "sales", "support", "security",
    "cloud", "devops", "testing", "rust", "python", "javascript", "css", "html", "performance",
    "accessibility", "i18n", "strategy", "research", "metrics", "funding", "startups", "legal",
    "health", "education", "travel", "food",
];

/// About 400 words: 20 function words, then topic words (word
/// `FUNCTION_WORDS + t + 20 * k` belongs to topic `t`).
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "and", "of", "to", "a", "in", "is", "that", "for", "it", "as", "with", "on", "are",
    "be", "this", "by", "can", "more", "their", "data", "marketing", "customers", "brands",
    "privacy", "personalization", "trust", "team", "content", "readers", "design", "strategy",
    "people", "product", "work", "time", "digital", "experience", "business", "consumer",
    "information", "campaign", "message", "value", "market", "insight", "audience", "platform",
    "channel", "growth", "research", "analysis", "policy", "practice", "process", "quality",
    "system", "model", "algorithm", "automation", "transparency", "consent", "ethics", "audit",
    "compliance", "regulation", "framework", "guideline", "principle", "decision", "outcome",
    "impact", "benefit", "risk", "challenge", "opportunity", "balance", "future", "change",
    "innovation", "technology", "tool", "service", "solution", "approach", "method", "step",
    "example", "case", "study", "lesson", "story", "article", "guide", "editor", "writer", "draft",
    "section", "summary", "heading", "takeaway", "revision", "review", "feedback", "metric",
    "signal", "pattern", "trend", "forecast", "budget", "cost", "price", "revenue", "profit",
    "loyalty", "retention", "conversion", "engagement", "attention", "interest", "relevance",
    "context", "moment", "journey", "touchpoint", "interface", "layout", "color", "typography",
    "image", "photo", "video", "audio", "podcast", "newsletter", "email", "inbox", "search",
    "query", "keyword", "ranking", "index", "link", "page", "site", "domain", "server", "cloud",
    "network", "device", "mobile", "desktop", "browser", "app", "feature", "release", "version",
    "update", "bug", "fix", "test", "experiment", "hypothesis", "variant", "result", "evidence",
    "proof", "claim", "argument", "reason", "question", "answer", "problem", "solution", "idea",
    "concept", "theory", "practice", "habit", "routine", "ritual", "culture", "value", "mission",
    "vision", "goal", "objective", "plan", "roadmap", "milestone", "deadline", "schedule",
    "calendar", "meeting", "conversation", "interview", "survey", "panel", "group", "community",
    "forum", "network", "partner", "vendor", "supplier", "contract", "agreement", "license",
    "right", "duty", "responsibility", "accountability", "oversight", "governance", "board",
    "leader", "manager", "founder", "investor", "analyst", "engineer", "designer", "marketer",
    "seller", "buyer", "shopper", "visitor", "subscriber", "member", "user", "client", "patient",
    "student", "teacher", "parent", "child", "family", "friend", "neighbor", "city", "region",
    "country", "world", "language", "translation", "culture", "history", "tradition", "heritage",
    "craft", "skill", "talent", "training", "education", "course", "lecture", "workshop",
    "seminar", "conference", "event", "festival", "season", "holiday", "weekend", "morning",
    "evening", "night", "winter", "summer", "spring", "autumn", "weather", "climate", "energy",
    "power", "water", "food", "coffee", "kitchen", "recipe", "garden", "forest", "river",
    "mountain", "ocean", "island", "harbor", "bridge", "road", "train", "flight", "journey", "map",
    "compass", "signal", "lighthouse", "beacon", "anchor", "sail", "voyage", "horizon",
    "telescope", "microscope", "laboratory", "sample", "specimen", "molecule", "protein", "enzyme",
    "catalyst", "reaction", "equation", "variable", "constant", "function", "vector", "matrix",
    "tensor", "gradient", "entropy", "probability", "statistics", "regression", "cluster",
    "segment", "cohort", "persona", "archetype", "narrative", "metaphor", "rhetoric", "grammar",
    "syntax", "semantics", "vocabulary", "dictionary", "encyclopedia", "library", "archive",
    "museum", "gallery", "exhibition", "sculpture", "painting", "mosaic", "tapestry", "quilt",
    "origami", "calligraphy", "manuscript", "parchment", "quill", "inkwell", "typewriter",
    "printing", "press", "publisher", "bookshop", "paperback", "hardcover", "chapter", "paragraph",
    "sentence", "footnote", "appendix", "glossary", "bibliography", "citation", "reference",
    "quotation", "anecdote", "parable", "fable", "legend", "myth", "saga", "epic", "sonnet",
    "haiku", "limerick", "ballad", "chorus", "melody", "harmony", "rhythm", "tempo", "cadence",
    "crescendo", "symphony", "orchestra", "violin", "cello", "trumpet", "clarinet", "oboe",
    "bassoon", "harpsichord", "accordion", "mandolin", "banjo", "ukulele", "xylophone", "zeppelin",
    "quasar", "nebula", "zygote", "quetzal", "axolotl", "narwhal", "pangolin",
];
