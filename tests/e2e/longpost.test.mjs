// A long post (20 sections, made with the CLI) in the real window: the
// outline jumps to a section and reorders sections with Alt+↑ or a drag
// (the stored order checked with the CLI), cards fold to their heading, each section
// shows the core's word count, a long takeaway wraps and is stored as one
// line, the preview follows the section being edited, and a section moved
// with Alt+↑ leaves the preview painted (it once went blank until scrolled).
// The screenshot editor.png (the editor with the outline) goes to
// $E2E_SCREENSHOTS (run.sh: docs/screenshots).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { Driver, repo, sleep, tempDir } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");
const shots = process.env.E2E_SCREENSHOTS || tempDir("shots");
mkdirSync(shots, { recursive: true });

const TITLE = "A Field Guide to Long-Form Writing";
const SUMMARY = "Twenty sections on planning, drafting and revising an article people read to the end.";
const TOPICS = [
  "Why Length Is Not the Enemy", "Know Who Reads", "One Question per Section", "Outline Before Prose",
  "The Opening Paragraph", "Evidence and Examples", "Quotes That Earn Their Place", "Numbers Readers Remember",
  "Transitions Between Sections", "Headings That Inform", "Lists and When to Avoid Them", "Images That Explain",
  "Cutting the First Draft", "Reading Aloud", "Fact-Checking Yourself", "Asking for an Edit",
  "Titles and Summaries", "Links In and Out", "Publishing Day", "After Publishing",
];
// Section i: a heading of its topic's words, a body of 60 + 7·i words in paragraphs.
const WORDS = "the editor keeps each paragraph short so that readers move through a long article without losing the thread of its argument".split(" ");
const body = (i) => {
  const words = Array.from({ length: 60 + 7 * i }, (_, k) => WORDS[(k + i) % WORDS.length]);
  const paragraphs = [];
  for (let k = 0; k < words.length; k += 30) paragraphs.push(words.slice(k, k + 30).join(" ") + ".");
  return paragraphs.join("\n\n");
};
const SECTIONS = TOPICS.map((heading, i) => ({ heading, body: body(i) }));
const countWords = (text) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
const EXPECTED_WORDS = SECTIONS.map((s) => countWords(s.heading) + countWords(s.body));
const LONG_TAKEAWAY =
  "A long post is read to the end when every section answers one question, its heading says which, and the reader can always see where they are in the whole.";

/** The pixels of a PNG (8-bit RGB or RGBA, not interlaced), enough to look at a screenshot. */
function decodePng(buf) {
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString("ascii", at + 4, at + 8);
    const chunk = buf.subarray(at + 8, at + 8 + len);
    if (type === "IHDR") {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      assert.equal(chunk[8], 8, "8-bit PNG");
      channels = { 2: 3, 6: 4 }[chunk[9]];
      assert.ok(channels, "RGB or RGBA PNG");
    } else if (type === "IDAT") data.push(chunk);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const pred = [0, a, b, (a + b) >> 1, Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c][filter];
      px[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, channels, px };
}

describe("A long post: outline, folding, word counts, takeaways, a preview that follows", () => {
  const dir = tempDir("longpost");
  const db = join(dir, "quire.db");
  const quire = (...args) => execFileSync(cli, ["--db", db, ...args], { encoding: "utf8" });
  let driver;
  let app;
  let id;

  const headings = () => app.values("section-heading");
  const stored = () => JSON.parse(quire("show", String(id), "--json"));
  /** Where an element sits in the window, and whether the focus is inside it. */
  const box = (el) =>
    app.s.execute(
      "const r = arguments[0].getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height }",
      elementRef(el),
    );
  const previewState = () =>
    app.s.execute(`
      const f = document.querySelector('iframe[data-testid=preview]');
      const d = f.contentDocument;
      const w = f.contentWindow;
      const heading = (i) => {
        const s = d.querySelector('[data-section="' + i + '"] h2');
        return s ? s.getBoundingClientRect().top : null;
      };
      const r = f.getBoundingClientRect();
      return {
        scrollY: w.scrollY, height: w.innerHeight, visible: getComputedStyle(f).visibility,
        text: (d.querySelector('article')?.textContent || '').replace(/\\s+/g, ' ').trim(),
        headings: [...d.querySelectorAll('[data-section] h2')].map((h) => h.textContent.trim()),
        tops: Array.from({ length: 20 }, (_, i) => heading(i)),
        rect: { left: r.left, top: r.top, width: r.width, height: r.height },
      };`);
  /** The share of the preview frame's pixels on screen that are ink (not near-white). */
  async function previewInk() {
    await sleep(400); // let the last change paint, as app.screenshot does
    const { rect } = await previewState();
    const { width, channels, px } = decodePng(await app.s.screenshot());
    let ink = 0;
    let all = 0;
    for (let y = Math.ceil(rect.top) + 4; y < rect.top + rect.height - 4; y += 2) {
      for (let x = Math.ceil(rect.left) + 4; x < rect.left + rect.width - 4; x += 2) {
        const o = (y * width + x) * channels;
        all++;
        if (px[o] + px[o + 1] + px[o + 2] < 600) ink++;
      }
    }
    return ink / all;
  }

  before(async () => {
    const post = {
      title: TITLE,
      summary: SUMMARY,
      status: "draft",
      sections: SECTIONS,
      takeaways: ["Outline first."],
      tags: [],
      related: [],
    };
    const file = join(dir, "post.json");
    (await import("node:fs")).writeFileSync(file, JSON.stringify(post));
    id = JSON.parse(quire("put", file, "--json")).id;
    driver = await Driver.start(db);
    app = await driver.launch();
    await app.s.setWindowRect({ width: 1440, height: 900 }).catch(() => {});
    await app.openFromList(TITLE);
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  it("lists the sections in the outline with the core's word count of each, on the cards too", async () => {
    const outline = await app.s.execute(
      "return [...document.querySelectorAll('[data-testid=outline-item] .outline-title')].map((e) => e.textContent)",
    );
    assert.deepEqual(outline, TOPICS, "one line per section, by its heading, in order");
    const expected = EXPECTED_WORDS.map(String);
    await app.s.waitFor(
      async () => JSON.stringify(await app.values("outline-words")) === JSON.stringify(expected),
      `the outline shows each section's words (${expected.slice(0, 3)}…)`,
    );
    assert.deepEqual(
      await app.values("section-words"),
      EXPECTED_WORDS.map((n) => `${n} words`),
      "each card shows its section's words",
    );
    const total = EXPECTED_WORDS.reduce((a, b) => a + b, 0) + countWords(SUMMARY) + countWords("Outline first.");
    const shown = (await app.text("stats")).match(/^([\d,.\s\u00a0\u202f]+) words/)?.[1].replace(/\D/g, "");
    assert.equal(Number(shown), total, "the sections' counts add up to the post's");
  });

  it("jumps to a far section from the outline, and the preview follows the section being edited", async () => {
    await app.s.execute("document.querySelector('iframe[data-testid=preview]').contentWindow.scrollTo(0, 0)");
    const item = await app.find("outline-item", 16);
    await app.s.click(item);
    const card = await app.s.find("#section-heading-16");
    await app.s.waitFor(async () => {
      const scroller = await app.s.execute("const r = document.querySelector('.editor-scroll').getBoundingClientRect(); return { top: r.top, bottom: r.bottom }");
      const b = await box(card);
      return b.top >= scroller.top && b.bottom <= scroller.bottom;
    }, "section 17's card is in view in the editor");
    assert.equal(await app.s.execute("return document.activeElement.id"), "section-heading-16", "the focus is in the section's heading");

    const far = await app.s.find("#section-body-18");
    await app.s.click(far);
    assert.equal(await app.s.execute("return document.activeElement.id"), "section-body-18");
    await app.s.waitFor(async () => {
      const p = await previewState();
      return p.scrollY > 0 && p.tops[18] !== null && p.tops[18] >= 0 && p.tops[18] < p.height;
    }, "the preview scrolls section 19's heading into view");
  });

  it("moves a section with Alt+↑ in the outline; the stored order follows", async () => {
    const item = await app.find("outline-item", 12);
    await app.s.execute("arguments[0].focus()", elementRef(item));
    await app.chord(["Alt"], "ArrowUp");
    const moved = [...TOPICS];
    [moved[11], moved[12]] = [moved[12], moved[11]];
    assert.deepEqual(await headings(), moved, "section 13 is now 12th in the editor");
    assert.deepEqual(
      await app.s.execute("return [document.activeElement.dataset.testid, document.activeElement.dataset.index]"),
      ["outline-item", "11"],
      "the focus stays on the moved line of the outline, so Alt+↑ can move it on",
    );
    await app.waitSaved();
    assert.deepEqual(stored().sections.map((s) => s.heading), moved, "the CLI sees the new order");
    await app.s.waitFor(
      async () => JSON.stringify(await app.values("outline-words")) === JSON.stringify(moved.map((t) => String(EXPECTED_WORDS[TOPICS.indexOf(t)]))),
      "the word counts moved with their sections",
    );
    // Back, for the tests below.
    await app.chord(["Alt"], "ArrowDown");
    await app.waitSaved();
    assert.deepEqual(stored().sections.map((s) => s.heading), TOPICS);
  });

  it("reorders by dragging a line of the outline or a card's handle; the stored order follows", async () => {
    // WebDriver cannot drive a native drag and drop in WebKitGTK: the page's
    // own drag events are dispatched instead — dragstart on what is dragged,
    // dragover and drop on the lower or upper half of the target, dragend —
    // so what is tested is the handlers' reading of where it was dropped.
    const drag = (from, to, half) =>
      app.s.execute(
        `const [from, to, half] = arguments;
         const data = new DataTransfer();
         const fire = (el, type, y) => el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data, clientY: y }));
         const box = to.getBoundingClientRect();
         const y = half === "lower" ? box.bottom - 2 : box.top + 2;
         fire(from, "dragstart", 0);
         fire(to, "dragover", y);
         fire(to, "drop", y);
         fire(from, "dragend", 0);`,
        elementRef(from),
        elementRef(to),
        half,
      );
    const line = (i) => app.s.find(`[data-testid=outline-list] > li:nth-child(${i + 1})`);
    await drag(await line(0), await line(2), "lower");
    const moved = [TOPICS[1], TOPICS[2], TOPICS[0], ...TOPICS.slice(3)];
    assert.deepEqual(await headings(), moved, "the first section, dropped below the third line, is now third");
    await app.waitSaved();
    assert.deepEqual(stored().sections.map((s) => s.heading), moved, "the CLI sees the new order");
    await drag(await line(2), await line(0), "upper");
    assert.deepEqual(await headings(), TOPICS, "dropped above the first line, it is first again");

    const card = (i) => app.s.find(`[data-testid=sections] > li:nth-child(${i + 1})`);
    await drag(await card(5), await card(7), "upper");
    const dropped = [...TOPICS];
    dropped.splice(6, 0, ...dropped.splice(5, 1));
    assert.deepEqual(await headings(), dropped, "section 6's card, dropped on the top half of section 8's, lands before it");
    await app.waitSaved();
    assert.deepEqual(stored().sections.map((s) => s.heading), dropped);
    await drag(await card(6), await card(5), "upper");
    assert.deepEqual(await headings(), TOPICS);
    await app.waitSaved();
  });

  it("keeps the preview painted after Alt+↑ moves a section in a card", async () => {
    const heading = await app.s.find("#section-heading-10");
    await app.s.click(heading);
    // The preview shows that section (as the editor scrolled it there, whether or not it follows).
    await app.s.execute(`const f = document.querySelector('iframe[data-testid=preview]');
      f.contentWindow.scrollTo(0, f.contentWindow.scrollY + f.contentDocument.querySelector('[data-section="10"] h2').getBoundingClientRect().top - 16);`);
    await app.s.waitFor(async () => {
      const p = await previewState();
      return p.tops[10] !== null && p.tops[10] >= 0 && p.tops[10] < p.height;
    }, "the preview shows section 11");
    const before = await previewInk();
    assert.ok(before > 0.01, `the preview shows text before the move (${before})`);
    await app.chord(["Alt"], "ArrowUp");
    assert.equal((await headings())[9], TOPICS[10], "Alt+↑ moved section 11 up");
    await app.s.waitFor(async () => (await previewState()).headings[9] === TOPICS[10], "the preview shows the new order");
    await sleep(500); // past the refresh: when it used to go blank
    const p = await previewState();
    assert.equal(p.visible, "visible", "the shown frame is visible");
    assert.ok(p.text.includes(TOPICS[10]) && p.text.length > 5000, "the preview's article still holds the text");
    assert.ok(p.tops[9] !== null && p.tops[9] > -p.height && p.tops[9] < p.height, "the moved section is in view in the preview");
    const ink = await previewInk();
    assert.ok(ink > 0.01, `the preview is painted, not blank, without scrolling it (ink ${ink}, before ${before})`);
    await app.chord(["Alt"], "ArrowDown");
    await app.waitSaved();
  });

  it("folds a card to its heading and its word count, and unfolds it; Alt+↓ moves a folded card", async () => {
    const fourth = () => app.s.find("[data-testid=sections] > li:nth-child(4)"); // found again after each redraw
    let card = await fourth();
    const tall = (await box(card)).height;
    await app.click("section-fold", 3);
    const folded = (await box(card)).height;
    assert.ok(folded < tall / 2 && folded < 80, `the folded card is its heading's height (${folded} px, was ${tall})`);
    assert.equal(await app.s.execute("return getComputedStyle(document.getElementById('section-body-3')).display"), "none", "its body is hidden");
    assert.equal(await app.s.execute("return arguments[0].querySelector('[data-testid=section-words]').offsetParent !== null", elementRef(card)), true, "its word count still shows");

    await app.s.click(await app.s.find("#section-heading-3"));
    await app.chord(["Alt"], "ArrowDown");
    const moved = [...TOPICS];
    [moved[3], moved[4]] = [moved[4], moved[3]];
    assert.deepEqual(await headings(), moved, "Alt+↓ moves the folded card");
    assert.equal(await app.s.execute("return document.getElementById('section-body-4').closest('li').classList.contains('collapsed')"), true, "it stays folded where it went");
    await app.chord(["Alt"], "ArrowUp");
    assert.deepEqual(await headings(), TOPICS);

    card = await fourth();
    assert.equal(await app.s.execute("return arguments[0].classList.contains('collapsed')", elementRef(card)), true, "back in its place, still folded");
    await app.click("section-fold", 3);
    await app.s.waitFor(async () => (await box(await fourth())).height > tall * 0.9, "unfolded, the card is as tall as before");
  });

  it("wraps a long takeaway over lines and stores it as one line", async () => {
    const takeaway = await app.find("takeaway", 0);
    const oneLine = (await box(takeaway)).height;
    await app.s.click(takeaway);
    await app.s.execute("arguments[0].select()", elementRef(takeaway));
    await app.s.type(takeaway, LONG_TAKEAWAY);
    await app.s.waitFor(async () => (await box(takeaway)).height > oneLine * 1.8, `the takeaway's box grows over lines (was ${oneLine} px)`);
    await app.s.type(takeaway, "\uE007"); // Enter: a new takeaway, not a line break
    await app.s.waitFor(async () => (await app.values("takeaway")).length === 2, "Enter adds a takeaway");
    await app.waitSaved();
    const { takeaways } = stored();
    assert.equal(takeaways[0], LONG_TAKEAWAY, "stored whole, as one line");
    assert.ok(!/\n/.test(takeaways.join("")), "no line break stored");
  });

  it("looks right: the editor with the outline (screenshot editor.png)", async () => {
    await app.s.click(await app.find("outline-item", 2));
    await app.screenshot(join(shots, "editor.png"));
    await app.s.setWindowRect({ width: 1024, height: 700 }).catch(() => {});
    await app.screenshot(join(shots, "editor-1024.png"));
    const outline = await box(await app.find("outline"));
    const scroller = await app.s.execute("return document.querySelector('.editor-scroll').getBoundingClientRect().height");
    assert.ok(outline.height < 260 && scroller > 300, `at 1024×700 the outline leaves room to write (${outline.height} px, ${scroller} px)`);
  });
});
