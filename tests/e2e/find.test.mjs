// Find & replace inside the open post, driven by real key events: Ctrl+F
// in the editor opens a bar that finds across the title, summary, section
// headings and bodies and the takeaways ("5 of 8", from the caret on),
// Enter / Shift+Enter / F3 move the selection from match to match (scrolled
// into view, a folded section unfolded), "Aa" matches case, Esc gives the
// focus back with the match selected; Ctrl+H replaces one match and then
// all of them, and the stored post (read by the CLI) has every
// replacement. The post list's search has its own key, Ctrl+Shift+F, and
// Ctrl+F in the post list still searches posts.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, tempDir } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");
const ENTER = "\uE007";
const ESCAPE = "\uE00C";
const F3 = "\uE033";

// "apple" 8 times in any case (5 times as written): title 1, summary 2,
// first section's heading 1 and body 2, second section's body 1 (at the end
// of a long body, below the window), takeaways 1.
const FILLER = Array.from({ length: 60 }, (_, i) => `Filler paragraph ${i + 1}.`).join("\n\n");
const POST = {
  title: "Apple orchard notes",
  summary: "Notes on apple trees, and why an Apple a day matters.",
  status: "draft",
  sections: [
    { heading: "Picking apples", body: "Pick each apple gently.\nStore apples cool." },
    { heading: "Pruning", body: `Prune in winter.\n\n${FILLER}\n\nThe last apple.` },
  ],
  takeaways: ["Apples keep.", "Pears too."],
};

describe("Find & replace in the open post", () => {
  const dir = tempDir("find");
  const db = join(dir, "quire.db");
  const quire = (args, input) =>
    execFileSync(cli, ["--db", db, ...args], { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  let driver;
  let app;
  let id;

  before(async () => {
    id = JSON.parse(quire(["put", "-", "--json"], JSON.stringify(POST))).id;
    driver = await Driver.start(db);
    app = await driver.launch();
    await app.openFromList(POST.title);
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  const caretIn = async (testid, index, pos) =>
    app.s.execute(
      "arguments[0].focus(); arguments[0].setSelectionRange(arguments[1], arguments[1])",
      elementRef(await app.find(testid, index)),
      pos,
    );
  const count = () => app.text("find-count");
  const barOpen = () => app.s.execute("return !document.querySelector('[data-testid=find-bar]').hidden");
  const focused = () => app.s.execute("return document.activeElement?.dataset.testid ?? null");
  /** The field holding the current match and its selection: [testid, index among its kind, start, end, text]. */
  const current = () =>
    app.s.execute(`
      const fields = [...document.querySelectorAll('[data-testid=title],[data-testid=summary],[data-testid=section-heading],[data-testid=section-body],[data-testid=takeaway]')];
      const mark = document.querySelector('[data-testid=find-mark]');
      if (!mark) return null;
      const m = mark.getBoundingClientRect();
      const field = fields.find((f) => { const r = f.getBoundingClientRect(); return m.top >= r.top - 1 && m.bottom <= r.bottom + 1 && m.left >= r.left - 1 && m.right <= r.right + 1; });
      if (!field) return ['(mark outside every field)'];
      const same = [...document.querySelectorAll('[data-testid=' + field.dataset.testid + ']')];
      return [field.dataset.testid, same.indexOf(field), field.selectionStart, field.selectionEnd, field.value.slice(field.selectionStart, field.selectionEnd)];
    `);
  /** Whether the current match's mark is inside the editor's visible area. */
  const markInView = () =>
    app.s.execute(`
      const mark = document.querySelector('[data-testid=find-mark]')?.getBoundingClientRect();
      const view = document.querySelector('.editor-scroll').getBoundingClientRect();
      return Boolean(mark) && mark.height > 0 && mark.top >= view.top && mark.bottom <= view.bottom;
    `);
  const waitCount = (text, what) => app.s.waitFor(async () => (await count()) === text, `${what} (count: ${text})`);

  it("Ctrl+F finds across the fields, from the caret on, and moves from match to match", async () => {
    await app.click("section-fold", 1); // the long second section is folded to its heading
    await app.s.waitFor(() => app.s.execute("return document.querySelectorAll('.card.collapsed').length === 1"), "the second section folds");
    await caretIn("section-body", 0, 0);
    await app.chord(["Control"], "f");
    await app.s.waitFor(async () => (await barOpen()) && (await focused()) === "find-input", "Ctrl+F opens the find bar, its field focused");
    await app.type("find-input", "apple");
    await waitCount("5 of 8", "the first match after the caret, of all 8");
    assert.deepEqual(await current(), ["section-body", 0, 10, 15, "apple"], "the match is selected and marked in the first body");
    assert.equal(await focused(), "find-input", "the focus stays in the find field");

    await app.chord([], ENTER);
    await waitCount("6 of 8", "Enter moves on");
    assert.deepEqual(await current(), ["section-body", 0, 30, 35, "apple"]);

    await app.chord([], ENTER);
    await waitCount("7 of 8", "to the long body's last line");
    const last = POST.sections[1].body.lastIndexOf("apple");
    const expected = JSON.stringify(["section-body", 1, last, last + 5, "apple"]);
    await app.s.waitFor(async () => JSON.stringify(await current()) === expected, "the match is selected and marked in the unfolded body");
    assert.ok(await markInView(), "the match far down the post is scrolled into view");
    assert.equal(await app.s.execute("return document.querySelectorAll('.card.collapsed').length"), 0, "its folded section was unfolded");

    await app.chord([], F3);
    await waitCount("8 of 8", "F3 moves on too");
    assert.deepEqual(await current(), ["takeaway", 0, 0, 5, "Apple"]);
    assert.ok(await markInView(), "the takeaway is in view");
    await app.chord([], ENTER);
    await waitCount("1 of 8", "past the last, back to the title");
    assert.deepEqual(await current(), ["title", 0, 0, 5, "Apple"]);
    assert.ok(await markInView(), "the title is in view");
    await app.chord(["Shift"], ENTER);
    await waitCount("8 of 8", "Shift+Enter goes back");
    await app.chord(["Shift"], F3);
    await waitCount("7 of 8", "so does Shift+F3");

    await app.click("find-case");
    await app.s.waitFor(async () => / of 5$/.test(await count()), "Aa: only the 5 written in lower case");
    await app.click("find-case");
    await app.s.waitFor(async () => / of 8$/.test(await count()), "Aa again: all 8");
    await app.s.execute("document.querySelector('[data-testid=find-input]').focus()");
    await app.chord([], ENTER);
    const [testid, index, start, end] = await current();

    await app.chord([], ESCAPE);
    await app.s.waitFor(async () => !(await barOpen()), "Esc closes the bar");
    const back = await app.s.execute(
      "const el = document.activeElement; const same = [...document.querySelectorAll('[data-testid=' + el.dataset.testid + ']')]; return [el.dataset.testid, same.indexOf(el), el.selectionStart, el.selectionEnd]",
    );
    assert.deepEqual(back, [testid, index, start, end], "the focus is in the match's field, the match selected");
    assert.equal(await app.s.execute("return document.querySelectorAll('[data-testid=find-mark]').length"), 0, "no mark is left");
  });

  it("Ctrl+H replaces one match, then all, and the post stores them", async () => {
    if (await barOpen()) await app.click("find-close"); // left open by a test that failed
    await caretIn("summary", 0, 0);
    await app.chord(["Control"], "h");
    await app.s.waitFor(
      async () => (await barOpen()) && (await app.s.execute("return !document.querySelector('[data-testid=replace-input]').closest('[hidden]')")),
      "Ctrl+H opens the bar with the replace field",
    );
    await waitCount("2 of 8", "the find field kept “apple”: the summary's first is current");
    assert.equal(await focused(), "replace-input", "with something to find, the focus is in the replace field");
    await app.type("replace-input", "pear");
    await app.screenshot(join(process.env.E2E_SCREENSHOTS || dir, "find-bar.png"));

    await app.click("replace-one");
    await waitCount("2 of 7", "Replace: one fewer, and the next match is current");
    assert.equal((await app.values("summary"))[0], "Notes on pear trees, and why an Apple a day matters.");
    assert.deepEqual(await current(), ["summary", 0, 32, 37, "Apple"]);

    await app.click("replace-all");
    await waitCount("No matches", "Replace all");
    assert.equal(await app.text("find-note"), "Replaced 7.");
    await app.waitSaved();
    const stored = JSON.parse(quire(["show", String(id), "--json"]));
    assert.equal(stored.title, "pear orchard notes");
    assert.equal(stored.summary, "Notes on pear trees, and why an pear a day matters.");
    assert.deepEqual(
      stored.sections.map((s) => s.heading),
      ["Picking pears", "Pruning"],
    );
    assert.equal(stored.sections[0].body, "Pick each pear gently.\nStore pears cool.");
    assert.ok(stored.sections[1].body.endsWith("\n\nThe last pear."));
    assert.deepEqual(stored.takeaways, ["pears keep.", "Pears too."]);
    assert.doesNotMatch(JSON.stringify(stored), /apple/i, "no apple is left anywhere");

    await app.chord([], ESCAPE);
    await app.s.waitFor(async () => !(await barOpen()), "Esc closes the bar");

    // Replace all was one step: one Ctrl+Z in the editor takes back all seven, in every field.
    await app.chord(["Control"], "z");
    await app.s.waitFor(async () => (await app.values("title"))[0] === "Apple orchard notes", "Ctrl+Z brings the title back");
    assert.equal((await app.values("summary"))[0], "Notes on pear trees, and why an Apple a day matters.", "and the summary, as Replace left it");
    assert.deepEqual(await app.values("takeaway"), ["Apples keep.", "Pears too."], "and the takeaways, in the same step");
    await app.waitSaved();
    assert.match(JSON.parse(quire(["show", String(id), "--json"])).title, /^Apple/, "the undo is stored");
  });

  it("keeps the post list's search on Ctrl+Shift+F, and Ctrl+F there", async () => {
    if (await barOpen()) await app.click("find-close");
    await caretIn("section-body", 0, 0);
    await app.chord(["Control", "Shift"], "f");
    await app.s.waitFor(async () => (await focused()) === "post-search", "Ctrl+Shift+F focuses the post list's search");
    assert.equal(await barOpen(), false, "the find bar stays closed");
    assert.match(await app.s.execute("return document.querySelector('[data-testid=post-search]').placeholder"), /Ctrl\+Shift\+F/, "the search says its key");
    await app.type("post-search", "orchard");
    await app.chord(["Control"], "f");
    assert.equal(await focused(), "post-search", "Ctrl+F in the post list keeps searching posts");
    assert.equal(await barOpen(), false);
  });
});
