// Undo and redo by the keys an editor presses (real key events through
// WebDriver): Ctrl+Z takes back what was typed in the title, the summary, a
// section body, a section heading and a takeaway — typing in one field is
// one step, a pause starts another, a paste is a step of its own —
// Ctrl+Shift+Z and Ctrl+Y bring it back,
// and adding, removing or moving a section or a takeaway is one step each.
// What ends up on screen is what the store has after autosave (`quire show`).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, sleep, tempDir } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";
import * as x11 from "./x11.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");
const TITLE = "Undo drafts";
const SECTIONS = [
  { heading: "First part", body: "The first body." },
  { heading: "Second part", body: "The second body." },
  { heading: "Third part", body: "The third body." },
];
const TAKEAWAYS = ["Alpha.", "Beta.", "Gamma."];

describe("Undo and redo in the editor", () => {
  const dir = tempDir("undo");
  const db = join(dir, "quire.db");
  const quire = (...args) => execFileSync(cli, ["--db", db, ...args], { encoding: "utf8" });
  let driver;
  let app;
  let id;

  const undo = () => app.chord(["Control"], "z");
  const redoShift = () => app.chord(["Control", "Shift"], "z");
  const redoY = () => app.chord(["Control"], "y");
  const value = (el) => app.s.execute("return arguments[0].value", elementRef(el));
  const focusedId = () => app.s.execute("return document.activeElement?.id ?? null");
  const stored = () => JSON.parse(quire("show", String(id), "--json"));
  const headings = () => app.values("section-heading");
  const takeaways = () => app.values("takeaway");
  const until = (fn, want, message) =>
    app.s.waitFor(async () => JSON.stringify(await fn()) === JSON.stringify(want), `${message}: want ${JSON.stringify(want)}`, { timeout: 5000 });

  before(async () => {
    const file = join(dir, "post.json");
    writeFileSync(
      file,
      JSON.stringify({ title: TITLE, summary: "A short summary.", status: "draft", sections: SECTIONS, takeaways: TAKEAWAYS, tags: [], related: [] }),
    );
    id = JSON.parse(quire("put", file, "--json")).id;
    driver = await Driver.start(db);
    app = await driver.launch();
    await app.openFromList(TITLE);
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  /** Types `text` at the end of the field (clicked first, as a user does), then undoes and redoes it. */
  async function typeUndoRedo(testid, index, text) {
    const el = await app.find(testid, index);
    await app.s.click(el);
    await app.s.execute("const e = arguments[0]; e.setSelectionRange(e.value.length, e.value.length)", elementRef(el));
    const before = await value(el);
    const id = await app.s.execute("return arguments[0].id", elementRef(el));
    await app.s.type(el, text);
    await until(() => value(el), before + text, `${testid} takes the typing`);

    await undo();
    await until(() => value(el), before, `Ctrl+Z in ${testid} takes back the whole typing, one step`);
    assert.equal(await focusedId(), id, "the focus stays in the field that changed");
    assert.deepEqual(
      await app.s.execute("const e = document.activeElement; return [e.selectionStart, e.selectionEnd]"),
      [before.length, before.length],
      "the caret is where the undone text was",
    );
    await redoShift();
    await until(() => value(el), before + text, `Ctrl+Shift+Z in ${testid} brings it back`);
    await undo();
    await until(() => value(el), before, `Ctrl+Z again in ${testid}`);
    await redoY();
    await until(() => value(el), before + text, `Ctrl+Y in ${testid} brings it back`);
    return before + text;
  }

  it("undoes and redoes typing in the title, summary, a section heading and body, and a takeaway", async () => {
    const title = await typeUndoRedo("title", 0, " again");
    const summary = await typeUndoRedo("summary", 0, " And more.");
    const heading = await typeUndoRedo("section-heading", 1, " revised");
    const body = await typeUndoRedo("section-body", 1, " Added words.");
    const takeaway = await typeUndoRedo("takeaway", 2, " Delta.");

    await app.waitSaved();
    const post = stored();
    assert.equal(post.title, title);
    assert.equal(post.summary, summary);
    assert.equal(post.sections[1].heading, heading);
    assert.equal(post.sections[1].body, body);
    assert.equal(post.takeaways[2], takeaway);
  });

  it("makes a pause the end of a step", async () => {
    const el = await app.find("section-body", 0);
    await app.s.click(el);
    await app.s.execute("const e = arguments[0]; e.setSelectionRange(e.value.length, e.value.length)", elementRef(el));
    const before = await value(el);
    await app.s.type(el, " One.");
    await sleep(1500); // the editor stops to think
    await app.s.type(el, " Two.");
    await until(() => value(el), `${before} One. Two.`, "both runs are typed");
    await undo();
    await until(() => value(el), `${before} One.`, "Ctrl+Z takes back the run after the pause only");
    await undo();
    await until(() => value(el), before, "a second Ctrl+Z the run before it");
    await app.waitSaved();
    assert.equal(stored().sections[0].body, before, "the store has the undone text");
  });

  it("makes a paste a step of its own, apart from the typing after it", async () => {
    const el = await app.find("section-body", 2);
    await app.s.click(el);
    await app.s.execute("const e = arguments[0]; e.setSelectionRange(e.value.length, e.value.length)", elementRef(el));
    const before = await value(el);
    await x11.setClipboard("\n\nPasted paragraph one.\n\nPasted paragraph two.");
    await app.chord(["Control"], "v");
    const pasted = `${before}\n\nPasted paragraph one.\n\nPasted paragraph two.`;
    await until(() => value(el), pasted, "the paste arrives");
    await app.s.type(el, " Typed.");
    await until(() => value(el), `${pasted} Typed.`, "typing right after the paste");
    await undo();
    await until(() => value(el), pasted, "Ctrl+Z takes back the typing only");
    await undo();
    await until(() => value(el), before, "a second Ctrl+Z takes back the whole paste, both paragraphs");
    await app.waitSaved();
    assert.equal(stored().sections[2].body, before);
  });

  it("undoes adding, removing and moving a section in one step each, and redoes them", async () => {
    const start = await headings();
    assert.equal(start.length, 3);

    await app.click("add-section");
    await until(headings, [...start, ""], "a section is added");
    await undo();
    await until(headings, start, "Ctrl+Z removes the added section");
    await redoShift();
    await until(headings, [...start, ""], "Ctrl+Shift+Z adds it again");
    await undo();
    await until(headings, start, "and Ctrl+Z takes it away again");

    await app.click("section-remove", 1);
    await until(headings, [start[0], start[2]], "the second section is removed");
    await undo();
    await until(headings, start, "Ctrl+Z puts the removed section back in its place");
    assert.equal(await focusedId(), "section-heading-1", "the focus is on the section put back");
    // The "Section removed. Undo" notice would put it back a second time: it is gone.
    assert.equal(
      await app.s.execute("return [...document.querySelectorAll('[data-testid=notice]')].filter((n) => n.textContent.includes('removed')).length"),
      0,
      "no stale Undo notice is left",
    );
    await redoY();
    await until(headings, [start[0], start[2]], "Ctrl+Y removes it again");
    await undo();
    await until(headings, start, "Ctrl+Z brings it back");

    await app.click("section-down", 0);
    await until(headings, [start[1], start[0], start[2]], "the first section moves down");
    await undo();
    await until(headings, start, "Ctrl+Z moves it back");
    await redoShift();
    await until(headings, [start[1], start[0], start[2]], "Ctrl+Shift+Z moves it down again");

    await app.waitSaved();
    const post = stored();
    assert.deepEqual(post.sections.map((s) => s.heading), [start[1], start[0], start[2]], "the store has the redone move");
    assert.equal(post.sections.length, 3);
  });

  it("undoes adding, removing and moving a takeaway in one step each, and redoes them", async () => {
    const start = await takeaways();
    assert.equal(start.length, 3);

    await app.click("add-takeaway");
    await until(takeaways, [...start, ""], "a takeaway is added");
    await undo();
    await until(takeaways, start, "Ctrl+Z removes it");
    await redoY();
    await until(takeaways, [...start, ""], "Ctrl+Y adds it again");
    await undo();
    await until(takeaways, start, "Ctrl+Z removes it again");

    await app.click("takeaway-remove", 0);
    await until(takeaways, start.slice(1), "the first takeaway is removed");
    await undo();
    await until(takeaways, start, "Ctrl+Z puts it back");
    await redoShift();
    await until(takeaways, start.slice(1), "Ctrl+Shift+Z removes it again");
    await undo();
    await until(takeaways, start, "Ctrl+Z puts it back again");

    await app.click("takeaway-up", 2);
    await until(takeaways, [start[0], start[2], start[1]], "the last takeaway moves up");
    await undo();
    await until(takeaways, start, "Ctrl+Z moves it back");
    await redoY();
    await until(takeaways, [start[0], start[2], start[1]], "Ctrl+Y moves it up again");

    await app.screenshot(join(process.env.E2E_SCREENSHOTS || dir, "undo-redone-move.png"));
    await app.waitSaved();
    assert.deepEqual(stored().takeaways, [start[0], start[2], start[1]], "the store has the redone move");
  });

  // A move keeps the cards (it moves them): what a card's fields write to,
  // and the ids undo finds them by, must follow the card to its new place.
  it("keeps a moved card's fields tied to its own section and takeaway, folded as it was", async () => {
    const start = await headings();
    const card = (testid, i) => app.s.execute(`return document.querySelectorAll('[data-testid=${testid}]')[${i}].closest('li')`);
    const lastCard = await card("section-body", 2);
    await app.click("section-up", 2);
    await until(headings, [start[0], start[2], start[1]], "the last section moves up");
    const moved = await app.find("section-body", 1);
    assert.deepEqual(
      await app.s.execute(
        `const [card, body] = arguments; const li = body.closest('li');
         return [li === card, body.id, li.querySelector('label[for=section-body-1]') !== null, li.querySelector('.card-number').textContent,
           li.querySelector('[data-testid=section-up]').getAttribute('aria-label'), li.querySelector('[data-testid=section-down]').disabled,
           li.querySelector('[data-testid=section-fold]').getAttribute('aria-controls')]`,
        lastCard,
        elementRef(moved),
      ),
      [true, "section-body-1", true, "2", "Move section 2 up", false, "section-body-1"],
      "the moved card is the same card, its ids, label, number and buttons those of its new place",
    );
    assert.deepEqual(
      await app.s.execute(
        "return [...document.querySelectorAll('[data-testid=section-heading], [data-testid=section-body], [data-testid=takeaway]')].map((e) => e.id)",
      ),
      [0, 1, 2].flatMap((i) => [`section-heading-${i}`, `section-body-${i}`]).concat([0, 1, 2].map((i) => `takeaway-${i}`)),
      "every field's id carries its card's place",
    );
    await app.s.click(moved);
    await app.s.execute("const e = arguments[0]; e.setSelectionRange(e.value.length, e.value.length)", elementRef(moved));
    const before = await value(moved);
    await app.s.type(moved, " Typed after the move.");
    await app.screenshot(join(process.env.E2E_SCREENSHOTS || dir, "undo-moved-card-typed.png"));
    await app.waitSaved();
    let post = stored();
    assert.equal(post.sections[1].heading, start[2], "the moved section is second in the store");
    assert.equal(post.sections[1].body, `${before} Typed after the move.`, "typing in the moved card changes its own section");
    assert.ok(!post.sections[2].body.includes("Typed after the move."), "and not the section now in its old place");
    await undo();
    await until(() => value(moved), before, "Ctrl+Z finds the moved card's body by its new id");
    await app.click("section-fold", 1);
    await undo();
    await until(headings, start, "Ctrl+Z moves the section back");
    assert.equal(
      await app.s.execute("return document.querySelectorAll('[data-testid=section-body]')[2].closest('li').classList.contains('collapsed')"),
      true,
      "the folded section is still folded",
    );
    await app.click("section-fold", 2);

    const startTakeaways = await takeaways();
    await app.click("takeaway-down", 0);
    await until(takeaways, [startTakeaways[1], startTakeaways[0], startTakeaways[2]], "the first takeaway moves down");
    const takeaway = await app.find("takeaway", 1);
    await app.s.click(takeaway);
    await app.s.execute("const e = arguments[0]; e.setSelectionRange(e.value.length, e.value.length)", elementRef(takeaway));
    await app.s.type(takeaway, " Moved.");
    await app.waitSaved();
    post = stored();
    assert.deepEqual(
      post.takeaways,
      [startTakeaways[1], `${startTakeaways[0]} Moved.`, startTakeaways[2]],
      "typing in the moved takeaway changes that takeaway in the store",
    );
  });
});
