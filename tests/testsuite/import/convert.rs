//! HTML to Markdown (`quire::convert`): each rule on small fragments,
//! WordPress's conventions on real-looking samples, robustness on hostile
//! input, and a round trip through the renderer.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use quire::convert::{html_to_markdown, wordpress_to_markdown};
use quire::render::markdown_to_html;

/// Converts `html`, checks the output's shape, and returns it.
fn md(html: &str) -> String {
    let md = html_to_markdown(html);
    assert_shape(&md);
    md
}

/// What every output must be: empty, or lines without trailing spaces,
/// no two blank lines in a row, exactly one final newline. Code is code:
/// its lines are as written.
fn assert_shape(md: &str) {
    if md.is_empty() {
        return;
    }
    assert!(
        md.ends_with('\n') && !md.ends_with("\n\n"),
        "one final newline: {md:?}"
    );
    let mut fence: Option<usize> = None;
    let mut blank_before = false;
    for line in md.lines() {
        let mut content = line;
        loop {
            content = content.trim_start_matches([' ', '>']);
            let digits = content.chars().take_while(char::is_ascii_digit).count();
            match content.strip_prefix("- ") {
                Some(rest) => content = rest,
                None if digits > 0 && content[digits..].starts_with(". ") => {
                    content = &content[digits + 2..];
                }
                None => break,
            }
        }
        let ticks = content.chars().take_while(|&c| c == '`').count();
        match fence {
            Some(open) if ticks >= open && content[ticks..].trim().is_empty() => fence = None,
            Some(_) => continue,
            None if ticks >= 3 => fence = Some(ticks),
            None => {}
        }
        assert!(
            !line.ends_with([' ', '\t']),
            "no trailing blanks: {line:?} in {md:?}"
        );
        let blank = line.trim_start_matches([' ', '>']).is_empty();
        assert!(
            !(blank && blank_before),
            "at most one blank line between blocks: {md:?}"
        );
        blank_before = blank;
    }
    assert!(
        !md.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "no control characters: {md:?}"
    );
}

/// The HTML Quire renders from the Markdown of `html`.
fn round(html: &str) -> String {
    markdown_to_html(&md(html))
}

#[test]
fn empty_input_gives_empty_output() {
    for html in [
        "",
        "   \n ",
        "<p></p>",
        "<!-- only a comment -->",
        "<script>x()</script>",
    ] {
        assert_eq!(md(html), "", "nothing to show in {html:?}");
    }
}

#[test]
fn output_has_one_final_newline_and_single_blank_lines() {
    let out = md("<p>a</p>\n\n\n<p>b</p><div><div><p>c</p></div></div><br><br><p>d</p>");
    assert_eq!(out, "a\n\nb\n\nc\n\nd\n");
    assert_eq!(
        md("<p>a</p><blockquote><br><p>b</p><br></blockquote><p>c</p>"),
        "a\n\n> b\n\nc\n",
        "no blank quote line next to a blank line"
    );
}

#[test]
fn headings_are_atx_on_one_line() {
    assert_eq!(
        md("<h1>One</h1><h3>Three <em>it</em></h3>"),
        "# One\n\n### Three *it*\n"
    );
    assert_eq!(
        md("<h2>Two<br>lines</h2>"),
        "## Two lines\n",
        "a heading is one line"
    );
    assert_eq!(
        md("<h2> </h2><p>x</p>"),
        "x\n",
        "empty headings are dropped"
    );
}

#[test]
fn emphasis_strong_and_strikethrough() {
    assert_eq!(
        md("<p><strong>b</strong> <b>b</b> <em>i</em> <i>i</i> <del>d</del> <s>s</s></p>"),
        "**b** **b** *i* *i* ~~d~~ ~~s~~\n"
    );
    assert_eq!(
        md("<p>a<em> spaced </em>b</p>"),
        "a *spaced* b\n",
        "blanks move outside"
    );
}

#[test]
fn emphasis_is_html_where_delimiters_would_not_work() {
    // `**Note:**text` is no emphasis in CommonMark.
    let out = md("<p><strong>Note:</strong>text</p>");
    assert_eq!(out, "<strong>Note:</strong>text\n");
    assert_eq!(
        md("<p>a<strong>.b</strong></p>"),
        "a<strong>.b</strong>\n",
        "`a**.b**` opens nothing"
    );
    assert!(
        round("<p><em><em>x</em></em></p>").contains("<em><em>x</em></em>"),
        "`**x**` would be strong"
    );
    assert!(round("<p><em>a</em><strong>b</strong></p>").contains("<em>a</em><strong>b</strong>"));
}

#[test]
fn links_keep_title_and_escape_their_destination() {
    assert_eq!(
        md(r#"<a href="https://x.y/a(b)" title="Say &quot;hi&quot;">text</a>"#),
        "[text](https://x.y/a\\(b\\) \"Say \\\"hi\\\"\")\n"
    );
    assert_eq!(md(r#"<a href="a b.html">sp</a>"#), "[sp](<a b.html>)\n");
    assert_eq!(
        md(r#"<a href="x">a[b</a>"#),
        "[a\\[b](x)\n",
        "an open bracket would start the link"
    );
    assert!(
        round(r#"<p><a href="/q?a=1&amp;copy=2&amp;x;">q</a></p>"#)
            .contains(r#"href="/q?a=1&amp;copy=2&amp;x;""#),
        "an entity-like `&` in a URL stays literal"
    );
    assert_eq!(
        md(r#"<a name="top"></a><p>x</p>"#),
        "x\n",
        "empty anchors go"
    );
    assert_eq!(md(r#"<a>no href</a>"#), "no href\n");
}

#[test]
fn script_links_keep_only_their_text() {
    let out = md(r#"<a href="javascript:alert(1)">click</a> <a href=" JAVA&#10;SCRIPT:x">two</a>"#);
    assert_eq!(out, "click two\n");
}

#[test]
fn images_keep_alt_and_title() {
    assert_eq!(
        md(r#"<img src="a.png" alt="A *b* [c]" title="T">"#),
        "![A \\*b\\* \\[c\\]](a.png \"T\")\n"
    );
    assert_eq!(
        md(r#"<img alt="no source">"#),
        "",
        "an image without a source goes"
    );
    assert_eq!(
        md(r#"<img src="data:image/gif;base64,R0lG" data-src="real.jpg" alt="x">"#),
        "![x](real.jpg)\n",
        "lazy-loading placeholders give way to the real source"
    );
    assert_eq!(md(r#"<img src="javascript:x()">"#), "");
}

#[test]
fn line_breaks_are_backslash_hard_breaks() {
    assert_eq!(
        md("<p>one<br>two<br/>\n three</p>"),
        "one\\\ntwo\\\nthree\n"
    );
    assert_eq!(md("<ul><li>a<br>b</li></ul>"), "- a\\\n  b\n");
    assert_eq!(md("<blockquote>a<br>b</blockquote>"), "> a\\\n> b\n");
    assert!(
        round("<p>a<br><br>b</p>").contains("a<br />\n<br />\nb"),
        "two breaks stay two"
    );
}

#[test]
fn breaks_at_either_end_of_a_block_are_dropped() {
    assert_eq!(md("<p><br>a<br></p><p>b<br><br></p>"), "a\n\nb\n");
    assert_eq!(
        md("<ul><li>a<br><ul><li>b</li></ul></li></ul>"),
        "- a\n  - b\n",
        "a backslash before a nested list would print"
    );
}

#[test]
fn rules_are_three_dashes() {
    assert_eq!(md("<p>a</p><hr><p>b</p>"), "a\n\n---\n\nb\n");
}

#[test]
fn lists_use_dashes_and_numbers_and_nest() {
    assert_eq!(
        md("<ul><li>a<ul><li>b<ol><li>c</li><li>d</li></ol></li></ul></li><li>e</li></ul>"),
        "- a\n  - b\n    1. c\n    2. d\n- e\n"
    );
    assert_eq!(md(r#"<ol start="7"><li>x</li></ol>"#), "7. x\n");
    let loose = round("<ul><li><p>a</p></li><li><p>b</p></li></ul>");
    assert!(
        loose.contains("<li>\n<p>a</p>"),
        "paragraphs in items stay loose: {loose}"
    );
}

#[test]
fn checkboxes_starting_items_are_tasks() {
    let html = r#"<ul><li><input type="checkbox" checked disabled> done</li><li><input type="checkbox">open</li></ul>"#;
    assert_eq!(md(html), "- [x] done\n- [ ] open\n");
    assert_eq!(
        md(r#"<p>a <input type="checkbox"> b</p>"#),
        "a b\n",
        "elsewhere they go"
    );
    for html in [
        r#"<p>a<br><input type="checkbox"></p>"#,
        r#"<p>a<br><input type="checkbox" checked></p>"#,
    ] {
        assert_eq!(
            md(html),
            "a\n",
            "a break before what shows nothing ends the paragraph"
        );
    }
}

#[test]
fn blockquotes_nest() {
    assert_eq!(
        md("<blockquote><p>a</p><blockquote><p>b</p></blockquote></blockquote>"),
        "> a\n>\n> > b\n"
    );
}

#[test]
fn code_blocks_are_fenced_with_their_language() {
    for (html, lang) in [
        (r#"<pre><code class="language-rust">x</code></pre>"#, "rust"),
        (r#"<pre class="lang-py"><code>x</code></pre>"#, "py"),
        (r#"<pre class="brush: php; gutter: false">x</pre>"#, "php"),
        (r#"<pre><code class="hljs">x</code></pre>"#, ""),
    ] {
        assert_eq!(md(html), format!("```{lang}\nx\n```\n"), "{html}");
    }
    assert_eq!(
        md("<pre><code>a &lt;b&gt; *c* <span class=\"k\">d</span>\n\n  e\n</code></pre>"),
        "```\na <b> *c* d\n\n  e\n```\n",
        "code is its text, as written"
    );
}

#[test]
fn code_fences_outgrow_backtick_runs() {
    assert_eq!(
        md("<pre><code>a ``` b\n````\n</code></pre>"),
        "`````\na ``` b\n````\n`````\n"
    );
    assert_eq!(md("<pre>~~~\nx</pre>"), "```\n~~~\nx\n```\n");
}

#[test]
fn inline_code_takes_a_delimiter_it_does_not_hold() {
    assert_eq!(md("<code>a`b</code>"), "``a`b``\n");
    assert_eq!(md("<code>`x`</code>"), "`` `x` ``\n");
    assert_eq!(
        md("<code>*not em* &amp; &lt;b&gt;</code>"),
        "`*not em* & <b>`\n"
    );
}

#[test]
fn text_that_looks_like_syntax_shows_as_written() {
    for text in [
        "# not a heading",
        "1. not a list",
        "1) not a list",
        "2024. A year",
        "- not a bullet",
        "+ not a bullet",
        "* not a bullet",
        "> not a quote",
        "- - -",
        "***",
        "___",
        "===",
        "*not em* _not em_ **not strong**",
        "~not struck~ ~~nor this~~",
        "[not](a link) ![not](an image)",
        "`not code`",
        "<div>not html</div> <b>",
        "&amp; &copy; &#42;",
        "a | b | c",
        "back\\slash\\",
        "{#not-an-id}",
        "!important",
        "snake_case_name",
        "[^1]: not a footnote",
        "<https://not.an.autolink>",
    ] {
        let html = format!("<p>{}</p>", text.replace('&', "&amp;").replace('<', "&lt;"));
        let rendered = round(&html);
        let shown = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert_eq!(
            rendered,
            format!("<p>{shown}</p>\n"),
            "{text:?} as {:?}",
            md(&html)
        );
    }
    assert_eq!(
        md("<p>snake_case and 5 * 3</p>"),
        "snake_case and 5 \\* 3\n",
        "no needless escapes"
    );
    // Smart punctuation makes a dash of `--`, the text stays a paragraph.
    assert!(
        round("<p>a</p><p>---</p><p>b<br>---</p>")
            .starts_with("<p>a</p>\n<p>-–</p>\n<p>b<br />\n-–</p>")
    );
}

#[test]
fn syntax_is_escaped_where_a_line_starts_not_only_where_html_text_does() {
    for (html, shown) in [
        ("<p>a<br>\n# b</p>", "<p>a<br />\n# b</p>"),
        ("<p>\n1. after a newline</p>", "<p>1. after a newline</p>"),
        ("<ul><li>- dash</li></ul>", "<ul>\n<li>- dash</li>\n</ul>"),
        (
            "<blockquote>&gt; gt</blockquote>",
            "<blockquote>\n<p>&gt; gt</p>\n</blockquote>",
        ),
        ("<h2>C #</h2>", "<h2 id=\"c\">C #</h2>"),
        (
            "<h2>Title {#id}</h2>",
            "<h2 id=\"title-id\">Title {#id}</h2>",
        ),
        ("<p>a | b<br>:- | -</p>", "<p>a | b<br />\n:- | -</p>"),
    ] {
        assert_eq!(round(html).trim_end(), shown, "{html} as {:?}", md(html));
    }
}

#[test]
fn entities_are_decoded() {
    assert_eq!(
        md("<p>caf&eacute; &mdash; &#8364; &#x1F600; AT&amp;T</p>"),
        "café — € 😀 AT&T\n"
    );
    assert_eq!(
        md("<p>&amp;copy; &ampcopy;</p>"),
        "\\&copy; \\&copy;\n",
        "not a reference again"
    );
    assert_eq!(md("<p>&ltcir; &lt</p>"), "⩹ <\n");
}

#[test]
fn control_characters_become_spaces_and_line_ends_newlines() {
    assert_eq!(
        md("<p>a\u{1}b&#2;c\u{7f}d\u{85}e&#129;f</p>"),
        "a b c d e f\n"
    );
    assert_eq!(
        md("<pre>a\r\nb\rc</pre>\r\n<p>x\r\ny</p>"),
        "```\na\nb\nc\n```\n\nx y\n"
    );
}

#[test]
fn non_breaking_spaces_are_kept() {
    assert_eq!(md("<p>a&nbsp;b\u{a0}c</p>"), "a\u{a0}b\u{a0}c\n");
}

#[test]
fn scripts_styles_comments_and_handlers_are_dropped() {
    let html = r#"<p onclick="steal()" onmouseover='x'>safe</p><script>alert(1)</script>
        <style>p { color: red }</style><noscript>no js</noscript><template><p>t</p></template>
        <!-- secret --><iframe src="https://e.x/v" onload="steal()"></iframe>
        <details ontoggle="steal()"><summary>S</summary>body<!-- secret --><script>alert(2)</script></details>"#;
    let out = md(html);
    for gone in [
        "steal", "alert", "color", "no js", "secret", "<p>t", "onclick", "onload",
    ] {
        assert!(!out.contains(gone), "{gone:?} must not survive: {out}");
    }
    assert!(
        out.contains("safe")
            && out.contains("https://e.x/v")
            && out.contains("<summary>S</summary>")
    );
}

#[test]
fn elements_without_markdown_stay_as_sanitised_html_blocks() {
    let out = md(
        r#"<p>before</p><iframe src="https://www.youtube.com/embed/x" frameborder="0" allowfullscreen></iframe><p>after</p>"#,
    );
    assert_eq!(
        out,
        "before\n\n<iframe src=\"https://www.youtube.com/embed/x\" allowfullscreen=\"\"></iframe>\n\nafter\n"
    );
    let video =
        md(r#"<video controls src="v.mp4"><source src="v.webm" type="video/webm"></video>"#);
    assert!(
        video.starts_with("<video controls=\"\" src=\"v.mp4\">\n"),
        "a video's start tag is alone on its line, so the block is HTML: {video}"
    );
    assert!(round(r#"<audio controls src="a.mp3"></audio>"#).contains("<audio controls"));
    let details = round(
        "<details><summary>More</summary>\n\n<p>Hidden <b>text</b></p>\n\n</details><p>x</p>",
    );
    assert!(
        details.contains("<details><summary>More</summary>")
            && details.contains("<p>Hidden <b>text</b></p>"),
        "a blank line inside would end the HTML block: {details}"
    );
    let text_after_blank = round("<details><summary>S</summary>\n\nplain *text*\n\n</details>");
    assert!(
        text_after_blank.contains("plain *text*") && !text_after_blank.contains("<em>"),
        "text after a blank line would be Markdown: {text_after_blank}"
    );
    let out = md(r#"<iframe src="https://e.x/v" title="a&#1;b&#2;c"></iframe><p>*</p>"#);
    assert_eq!(
        out, "<iframe src=\"https://e.x/v\" title=\"a b c\"></iframe>\n\n\\*\n",
        "no control character, even in an attribute"
    );
    let out = md(r#"<iframe src="javascript:alert(1)"></iframe>"#);
    assert!(!out.contains("javascript"), "sanitised: {out}");
}

#[test]
fn sup_and_sub_stay_inline_html() {
    assert_eq!(
        md("<p>H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd></p>"),
        "H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>\n"
    );
    assert!(
        round("<p>x<sup><a href=\"#n\">1</a></sup></p>")
            .contains("<sup><a href=\"#n\">1</a></sup>")
    );
}

#[test]
fn figures_of_images_become_images_and_an_italic_caption() {
    assert_eq!(
        md(r#"<figure><img src="a.jpg" alt="A"><figcaption>The <b>cap</b></figcaption></figure>"#),
        "![A](a.jpg)\n\n*The **cap***\n"
    );
    assert_eq!(
        md(r#"<figure><a href="big.jpg"><img src="a.jpg" alt=""></a></figure>"#),
        "[![](a.jpg)](big.jpg)\n"
    );
    assert_eq!(
        md(
            "<figure><table><tr><th>h</th></tr><tr><td>c</td></tr></table><figcaption>T</figcaption></figure>"
        ),
        "| h |\n| --- |\n| c |\n\n*T*\n",
        "WordPress wraps its tables in figures"
    );
}

#[test]
fn figures_of_anything_else_stay_html() {
    let out = md(
        r#"<figure class="wp-block-pullquote"><blockquote><p>Q</p><cite>Who</cite></blockquote></figure>"#,
    );
    assert_eq!(
        out,
        "<figure class=\"wp-block-pullquote\"><blockquote><p>Q</p><cite>Who</cite></blockquote></figure>\n"
    );
}

#[test]
fn tables_are_gfm_with_pipes_escaped() {
    let html = r#"<table><thead><tr><th align="right">A|B</th><th style="text-align: center">C</th></tr></thead>
        <tbody><tr><td>1 <code>x|y</code></td><td>2<br>3</td></tr><tr><td>short</td></tr></tbody></table>"#;
    assert_eq!(
        md(html),
        "| A\\|B | C |\n| ---: | :---: |\n| 1 `x\\|y` | 2<br>3 |\n| short |  |\n"
    );
    let rendered = round(html);
    assert!(
        rendered.contains("<th style=\"text-align: right\">A|B</th>"),
        "{rendered}"
    );
    assert!(rendered.contains("<code>x|y</code>"), "{rendered}");
}

#[test]
fn tables_gfm_cannot_express_stay_html() {
    for html in [
        r#"<table><tr><th>a</th><th>b</th></tr><tr><td colspan="2">merged</td></tr></table>"#,
        r#"<table><tr><td>no</td><td>header</td></tr></table>"#,
        r#"<table><tr><th>h</th></tr><tr><td><ul><li>list</li></ul></td></tr></table>"#,
        r#"<table><tr><th></th><th>h</th></tr><tr><th>row</th><td>1</td></tr></table>"#,
    ] {
        let out = md(html);
        assert!(
            out.starts_with("<table>") && !out.contains("data-quire"),
            "{html} as {out}"
        );
        assert!(markdown_to_html(&out).contains("<table>"), "{out}");
    }
}

#[test]
fn deep_nesting_finishes_quickly_without_overflowing() {
    let cases = [
        format!("{}deep{}", "<div>".repeat(10_000), "</div>".repeat(10_000)),
        format!(
            "{}deep{}",
            "<blockquote>".repeat(10_000),
            "</blockquote>".repeat(10_000)
        ),
        format!("{}deep", "<blockquote><p>x".repeat(10_000)),
        format!("{}deep", "<ul><li>".repeat(10_000)),
        format!("{}deep", "<b><i>".repeat(10_000)),
        "<b><div></b>".repeat(10_000),
    ];
    for html in cases {
        let start = Instant::now();
        // A 2 MiB stack, as a worker thread of the app may have.
        let out = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || html_to_markdown(&html))
            .expect("thread")
            .join()
            .expect("no panic, no overflow");
        assert_shape(&out);
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "took {:?}",
            start.elapsed()
        );
    }
    assert_eq!(
        md(&format!(
            "{}deep{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        )),
        "deep\n"
    );
}

#[test]
fn moderate_nesting_keeps_its_structure() {
    let html = format!(
        "{}x{}",
        "<blockquote>".repeat(20),
        "</blockquote>".repeat(20)
    );
    assert_eq!(md(&html), format!("{} x\n", ["> "; 20].concat().trim_end()));
}

#[test]
fn a_megabyte_of_article_converts_in_linear_time() {
    let chunk = r#"<h2>Section</h2><p>Some <strong>bold</strong> text, <a href="https://e.x/?a=1&amp;b=2">a link</a>, <em>it</em> and <code>code</code> &amp; more.</p><ul><li>one</li><li>two <b>b</b></li></ul><blockquote><p>Quote.</p></blockquote><pre><code class="language-rust">fn main() {}</code></pre><figure><img src="a.jpg" alt="p"><figcaption>Cap</figcaption></figure><table><tr><th>A</th></tr><tr><td>1</td></tr></table>
"#;
    let small = chunk.repeat(64 * 1024 / chunk.len());
    let large = chunk.repeat(1024 * 1024 / chunk.len());
    let time = |html: &str| {
        let start = Instant::now();
        let out = html_to_markdown(html);
        (start.elapsed(), out)
    };
    let (small_time, _) = time(&small);
    let (large_time, out) = time(&large);
    assert_shape(&out);
    // 16 times the input; a quadratic step would take 256 times as long.
    assert!(
        large_time < small_time * 32 + Duration::from_millis(100),
        "64 KiB: {small_time:?}, 1 MiB: {large_time:?}"
    );
}

#[test]
fn wordpress_paragraphs_and_line_breaks() {
    let content = "First paragraph\nstill first.\n\nSecond <strong>bold</strong>.\n<ul>\n<li>Item\nmore</li>\n<li>Two</li>\n</ul>\n<blockquote>Quoted\ntext</blockquote>\nLast<br />\n<br />\nafter two breaks";
    assert_eq!(
        wordpress_to_markdown(content),
        "First paragraph\\\nstill first.\n\nSecond **bold**.\n\n- Item\\\n  more\n- Two\n\n> Quoted\\\n> text\n\nLast\n\nafter two breaks\n"
    );
}

#[test]
fn wordpress_caption_shortcodes_become_figures() {
    let content = r#"[caption id="attachment_5" align="aligncenter" width="300"]<a href="http://x/big.jpg"><img class="size-medium" src="http://x/small.jpg" alt="A cat" width="300" height="200" /></a> A cat, <em>sleeping</em>[/caption]

Text after."#;
    assert_eq!(
        wordpress_to_markdown(content),
        "[![A cat](http://x/small.jpg)](http://x/big.jpg)\n\n*A cat, <em>sleeping</em>*\n\nText after.\n"
    );
    assert_eq!(
        wordpress_to_markdown(
            r#"[caption caption="Old style"]<img src="a.jpg" alt="a">[/caption]"#
        ),
        "![a](a.jpg)\n\n*Old style*\n"
    );
}

#[test]
fn wordpress_block_comments_are_dropped_and_blocks_left_alone() {
    let content = "<!-- wp:paragraph -->\n<p>Block <em>one</em>\nsame line</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:image {\"id\":5} -->\n<figure class=\"wp-block-image\"><img src=\"a.jpg\" alt=\"\"/><figcaption>Cap</figcaption></figure>\n<!-- /wp:image -->";
    assert_eq!(
        wordpress_to_markdown(content),
        "Block *one* same line\n\n![](a.jpg)\n\n*Cap*\n",
        "block posts are not autop'd: a newline inside a paragraph is a space"
    );
}

#[test]
fn wordpress_code_blocks_keep_braces_and_angle_brackets() {
    let content = "<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>{{ title }} &lt;div class=\"x\"&gt;\n  &amp;nbsp; `tick` *star*\n</code></pre>\n<!-- /wp:code -->";
    let out = wordpress_to_markdown(content);
    assert_eq!(
        out,
        "```\n{{ title }} <div class=\"x\">\n  &nbsp; `tick` *star*\n```\n"
    );
    assert!(markdown_to_html(&out).contains("{{ title }} &lt;div class=\"x\"&gt;\n  &amp;nbsp;"));
    let classic = "Intro\n<pre>line one\n\nline three &lt;b&gt;</pre>\nOutro";
    assert_eq!(
        wordpress_to_markdown(classic),
        "Intro\n\n```\nline one\n\nline three <b>\n```\n\nOutro\n",
        "autop leaves <pre> alone"
    );
}

#[test]
fn wordpress_other_shortcodes_stay_text() {
    let out = wordpress_to_markdown("[gallery ids=\"1,2\"]\n\n[embed]https://youtu.be/x[/embed]");
    assert_eq!(
        out,
        "\\[gallery ids=\"1,2\"\\]\n\n\\[embed\\]https://youtu.be/x\\[/embed\\]\n"
    );
}

// The round trip: Markdown Quire renders, converted back, renders the same.

/// Text whose characters are all literal in the Markdown (every ASCII
/// punctuation escaped). No quotes, `--` or `...`: smart punctuation
/// would curl an escaped quote in the first rendering but not the second.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "word", "Hello", "x", "42", "1.", "2)", "#", "*", "_", "[", "]", "<", ">", "&", "|",
            "~", "`", "\\", "-", "+", "=", "!", "{", "}", "(", ")", ":", "a_b", "&amp;", "&copy;",
            "<b>", "café", "a\u{a0}b", "日本",
        ]),
        1..5,
    )
    .prop_map(|words| {
        let mut md = String::new();
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                md.push(' ');
            }
            for c in word.chars() {
                if c.is_ascii_punctuation() {
                    md.push('\\');
                }
                md.push(c);
            }
        }
        md
    })
}

fn inline() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => text(),
        // Code spans side by side with text escapes (`\``) may pair up
        // differently, and a `<div>` left outside would be raw HTML.
        1 => prop::sample::select(vec!["a", "x y", "`tick`", " pad ", "&amp;", "*"])
            .prop_map(|c| match c {
                "`tick`" => "`` `tick` ``".to_string(),
                c => format!("`{c}`"),
            }),
        1 => prop::sample::select(vec!["a.png", "<b c.png>", "/i(1).jpg"])
            .prop_map(|src| format!("![alt *x*]({src})")),
    ];
    let emphasized = leaf.prop_recursive(3, 12, 3, |inner| {
        let spans = prop::collection::vec((inner, prop::sample::select(vec![" ", " ", ""])), 1..3)
            .prop_map(|parts| {
                parts
                    .into_iter()
                    .map(|(p, sep)| format!("{sep}{p}"))
                    .collect::<String>()
            });
        prop_oneof![
            spans.clone().prop_map(|t| format!("*{}*", t.trim())),
            spans.clone().prop_map(|t| format!("**{}**", t.trim())),
            spans.prop_map(|t| format!("~~{}~~", t.trim())),
        ]
    });
    let linked = prop_oneof![
        3 => emphasized.clone(),
        1 => (emphasized, prop::sample::select(vec!["https://e.x/a", "/rel(1)", "#frag", ""]))
            .prop_map(|(t, url)| format!("[{t}]({url} \"T\")")),
    ];
    prop::collection::vec((linked, prop::sample::select(vec![" ", " ", ""])), 1..5)
        .prop_map(|parts| {
            let joined: String = parts
                .into_iter()
                .map(|(p, sep)| format!("{p}{sep}"))
                .collect();
            joined.trim().to_string()
        })
        // `~~~~` (struck within struck) opening a line is a code fence.
        .prop_filter("no fence", |t| !t.starts_with("~~~"))
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..3).prop_map(|lines| lines.join("\\\n"))
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => paragraph(),
        1 => (1..=6usize, inline()).prop_map(|(level, t)| format!("{} {t}", "#".repeat(level))),
        1 => prop::collection::vec(inline(), 1..4)
            .prop_map(|items| items.iter().map(|i| format!("- {i}\n")).collect::<String>()),
        1 => (prop::collection::vec(inline(), 1..4), inline()).prop_map(|(items, nested)| {
            let mut md: String = items.iter().enumerate().map(|(n, i)| format!("{}. {i}\n", n + 1)).collect();
            md.push_str(&format!("   - {nested}\n"));
            md
        }),
        1 => (
            prop::sample::select(vec!["", "rust", "c++"]),
            prop::collection::vec(
                prop::sample::select(vec!["let x = 1;", "", "  indented", "```", "~~~", "<b>&amp;</b>", "*", "\\"]),
                0..5,
            ),
        )
            .prop_map(|(lang, lines)| {
                let code: String = lines.iter().map(|l| format!("{l}\n")).collect();
                format!("````{lang}\n{code}````")
            }),
        1 => paragraph().prop_map(|p| format!("> {p}")),
    ]
}

/// `html` as html5ever writes it back, so that two renderings compare by
/// structure (a part holding raw HTML goes through the sanitiser, which
/// writes `&nbsp;` and `<br>` where pulldown-cmark writes U+00A0 and
/// `<br />`). Adjacent emphasis of one kind is one emphasis (htmd joins
/// `<em>a</em><em>b</em>`).
fn normalized(html: &str) -> String {
    let html = scraper::Html::parse_fragment(html).root_element().html();
    ["em", "strong", "del"].iter().fold(html, |html, tag| {
        html.replace(&format!("</{tag}><{tag}>"), "")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn markdown_round_trips_through_the_renderer(blocks in prop::collection::vec(block(), 1..6)) {
        let source = blocks.join("\n\n");
        // Smart punctuation: `\-\-` renders `--`, which converts back to a dash.
        prop_assume!(!source.contains("\\-\\-"));
        let html = markdown_to_html(&source);
        let converted = html_to_markdown(&html);
        assert_shape(&converted);
        let again = markdown_to_html(&converted);
        prop_assert_eq!(
            normalized(&again),
            normalized(&html),
            "source:\n{}\nconverted:\n{}",
            source,
            converted
        );
    }
}

/// Tag soup: tags in any order, unclosed or stray, text with Markdown's
/// and HTML's special characters, references, comments, shortcodes.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<b>",
            "</b>",
            "<em>",
            "</em>",
            "<a href=\"x\">",
            "</a>",
            "<ul>",
            "<li>",
            "</li>",
            "</ul>",
            "<ol start=3>",
            "</ol>",
            "<blockquote>",
            "</blockquote>",
            "<pre>",
            "</pre>",
            "<code>",
            "</code>",
            "<table>",
            "<tr>",
            "<td>",
            "<th colspan=2>",
            "</table>",
            "<h2>",
            "</h2>",
            "<br>",
            "<hr>",
            "<img src=i.png alt=\"[a]\">",
            "<figure>",
            "<figcaption>",
            "</figure>",
            "<iframe src=v>",
            "</iframe>",
            "<details>",
            "<summary>",
            "</details>",
            "<sup>",
            "</sup>",
            "<input type=checkbox checked>",
            "<script>alert(1)</script>",
            "<p onclick=\"alert(2)\">",
            "<!-- c -->",
            "<del>",
            "</del>",
            "[caption]",
            "[/caption]",
            "<!-- wp:paragraph -->",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "text",
            " ",
            "\n",
            "\n\n",
            "# h",
            "1. ",
            "- ",
            "> ",
            "*",
            "_",
            "`",
            "```",
            "~",
            "|",
            "\\",
            "[",
            "]",
            "<",
            "&",
            "&amp;",
            "&lt;b&gt;",
            "&#42;",
            "&#0;",
            "&#x1;",
            "&nbsp;",
            "\r\n",
            "\u{7}",
            "\u{fdd0}",
            "é",
            "{#x}",
        ])
        .prop_map(str::to_string),
        "[^<>]{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_html_converts_to_well_formed_markdown(html in soup()) {
        for md in [html_to_markdown(&html), wordpress_to_markdown(&html)] {
            assert_shape(&md);
            let rendered = markdown_to_html(&md);
            prop_assert!(
                !rendered.contains("<script") && !rendered.contains("onclick"),
                "scripts and handlers never come through: {}",
                md
            );
        }
    }
}

/// What Google Docs puts on the clipboard: the whole document in a
/// `<b style="font-weight:normal" id="docs-internal-guid-…">` that is not
/// bold, and bold, italic and struck-through text as styled spans.
#[test]
fn google_docs_html_keeps_its_formatting_and_is_not_bold_all_over() {
    let html = concat!(
        r#"<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c4d-7fff-1234-5678-9abcdef01234">"#,
        r#"<h2 dir="ltr" style="line-height:1.38;margin-top:18pt"><span style="font-size:16pt;font-family:Arial;font-weight:400;">A heading</span></h2>"#,
        r#"<p dir="ltr"><span style="font-weight:400;">Plain, </span><span style="font-weight:700;">bold</span><span style="font-weight:400;">, </span><span style="font-weight:400;font-style:italic;">italic</span><span style="font-weight:400;"> and </span><span style="text-decoration:line-through;">gone</span><span style="font-weight:400;">. A </span><a href="https://example.com/"><span style="color:#1155cc;text-decoration:underline;">link</span></a><span>.</span></p>"#,
        r#"<ul><li dir="ltr"><p dir="ltr"><span style="font-weight:400;">one</span></p></li><li dir="ltr"><p dir="ltr"><span style="font-weight:400;">two</span></p></li></ul>"#,
        "</b>",
    );
    let md = html_to_markdown(html);
    assert_eq!(
        md,
        // Docs puts each item in a <p>: a loose list, as the HTML says.
        "## A heading\n\nPlain, **bold**, *italic* and ~~gone~~. A [link](https://example.com/).\n\n- one\n\n- two\n",
    );
}

#[test]
fn a_paste_has_plain_spaces_where_the_browser_put_non_breaking_ones() {
    let html = "<p><span>Plain,&nbsp;</span><b>bold</b>&nbsp;and <i>italic</i>.</p>";
    assert_eq!(
        quire::convert::paste_to_markdown(html),
        "Plain, **bold** and *italic*."
    );
}
