// Spelling in the real window: a misspelt word typed into a section body,
// right-clicked with the real mouse (xdotool on the X display), gets
// WebKit's suggestions in the menu, with Undo and Redo; choosing the first
// suggestion with the keyboard puts the right word in the field (and the
// store), and the menu's Undo takes it back.
//
// Needs the en_US dictionary (hunspell-en-us, installed by `make deps`).

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { Driver, sleep, tempDir } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";
import * as x11 from "./x11.mjs";

const run = promisify(execFile);
const xdotool = (...args) => run("xdotool", args);

describe("Spelling: suggestions and Undo in the right-click menu", () => {
  const dir = tempDir("spelling");
  let driver;
  let app;
  let win;

  before(async () => {
    driver = await Driver.start(join(dir, "quire.db"));
    app = await driver.launch();
    win = await x11.waitForWindow("^Quire$");
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  const menu = () => app.s.execute("return window.quire.lastContextMenu ?? null");

  /** Right-clicks the first word of `el` with the real mouse; resolves to the menu's items. */
  async function rightClickFirstWord(el) {
    await app.s.execute("window.quire.lastContextMenu = null; arguments[0].scrollIntoView({ block: 'center' })", elementRef(el));
    const at = await app.s.execute(
      `const r = arguments[0].getBoundingClientRect(); const s = getComputedStyle(arguments[0]);
       return { x: Math.round(r.left + parseFloat(s.paddingLeft) + 12), y: Math.round(r.top + parseFloat(s.paddingTop) + parseFloat(s.lineHeight || s.fontSize) / 2) }`,
      elementRef(el),
    );
    const hit = await app.s.execute("return document.elementFromPoint(arguments[1], arguments[2]) === arguments[0]", elementRef(el), at.x, at.y);
    assert.ok(hit, "the point to right-click is on the field's text");
    await xdotool("mousemove", "--window", win, String(at.x), String(at.y));
    const shown = (await topLevels()).length;
    await xdotool("click", "3");
    const items = await app.s.waitFor(menu, "the right-click menu is asked for");
    await app.s.waitFor(async () => (await topLevels()).length > shown, "the menu is on screen");
    return items;
  }

  /** The windows shown on the X display (the menu is one of its own). */
  const topLevels = () =>
    xdotool("search", "--onlyvisible", "--maxdepth", "1", "--class", ".").then(
      ({ stdout }) => stdout.split(/\s+/).filter(Boolean),
      () => [],
    );

  /** Picks the menu's item number `index` (0 = first) with the keyboard, as the menu has the keyboard. */
  async function choose(index) {
    // The menu opens under the pointer, which would pick an item by hovering: move it off first.
    await xdotool("mousemove_relative", "--", "-20", "-20");
    // GTK's menu takes the keyboard a moment after it is mapped; keys sent before are lost.
    await sleep(300);
    const keys = [...Array(index + 1).fill("Down"), "Return"];
    await xdotool("key", "--delay", "60", ...keys);
  }

  /**
   * Right-clicks the body's first word and picks the item `pick(items)`,
   * until `done()` (three tries: on a busy machine the menu now and then
   * misses the keys; Escape closes a menu left open before the next try).
   */
  async function pickFromMenu(body, pick, done, what) {
    for (let attempt = 1; ; attempt++) {
      const items = await rightClickFirstWord(await body());
      if (!items.includes("Undo")) {
        // Not the text field's menu (the click landed elsewhere): choose nothing from it.
        await xdotool("key", "Escape");
        if (attempt === 3) throw new Error(`not the text field's menu: ${JSON.stringify(items)}`);
        continue;
      }
      await choose(pick(items));
      try {
        return await app.s.waitFor(done, what, { timeout: 4000 });
      } catch (e) {
        if (attempt === 3) throw e;
        await xdotool("key", "Escape");
      }
    }
  }

  it("suggests the right word for a misspelt one, puts it in, and Undo takes it back", async () => {
    await app.click("add-section");
    const bodies = await app.values("section-body");
    const index = bodies.length - 1;
    // Found afresh each time: a reference held across the native menu's
    // round trips once went stale in CI (WebKitWebDriver lost the node id).
    const body = () => app.find("section-body", index);
    await app.s.click(await body());
    await app.s.type(await body(), "recieve");
    const value = async () => (await app.values("section-body"))[index];

    const items = await rightClickFirstWord(await body());
    assert.ok(items.includes("SpellingGuess"), `WebKit offers spelling suggestions: ${JSON.stringify(items)}`);
    assert.ok(items.includes("Undo") && items.includes("Redo"), `the menu has Undo and Redo: ${JSON.stringify(items)}`);
    assert.ok(items.indexOf("Undo") > items.lastIndexOf("SpellingGuess"), "after the suggestions");
    // The whole X screen: the native menu is not in the page's own screenshot.
    await sleep(400);
    await run("import", ["-window", "root", join(process.env.E2E_SCREENSHOTS || dir, "spelling-menu.png")]);
    await xdotool("key", "Escape");

    // Again, and take WebKit's first suggestion.
    await pickFromMenu(body, () => 0, async () => (await value()) === "receive", "the first suggestion replaces the word").catch(
      async (e) => {
        throw new Error(`${e.message}; the field holds ${JSON.stringify(await value())}`);
      },
    );
    await app.waitSaved("the corrected word is saved");

    // The menu's Undo runs the editor's undo: the word as typed comes back.
    await pickFromMenu(body, (items) => items.indexOf("Undo"), async () => (await value()) === "recieve", "Undo in the menu takes the correction back");
    // A word spelt right gets no suggestions.
    await app.setValue("section-body", "receive", index);
    const right = await rightClickFirstWord(await body());
    assert.ok(!right.includes("SpellingGuess"), `no suggestion for a right word: ${JSON.stringify(right)}`);
    await xdotool("key", "Escape");
  });
  it("checks a post in its own language, and the site's when it has none", async () => {
    const index = (await app.values("section-body")).length - 1;
    const body = () => app.find("section-body", index);
    await app.setValue("section-body", "recieve", index);
    // A German post on an English blog: the English dictionary is not asked (no German one is installed here).
    await app.setValue("language", "de");
    await app.s.click(await body()); // back in the text, as the editor would be
    const german = await rightClickFirstWord(await body());
    await xdotool("key", "Escape");
    assert.ok(german.includes("Undo"), `the menu is the text field's: ${JSON.stringify(german)}`);
    assert.ok(!german.includes("SpellingGuess"), `no English suggestion in a German post: ${JSON.stringify(german)}`);
    // The post's language cleared: the site's English again.
    await app.setValue("language", "");
    await app.s.click(await body());
    const english = await rightClickFirstWord(await body());
    await xdotool("key", "Escape");
    assert.ok(english.includes("SpellingGuess"), `the site's English suggests again: ${JSON.stringify(english)}`);
  });
  it("leaves a browser's Back, Forward, Stop and Reload out of the menu", async () => {
    const at = await app.s.execute("const r = document.querySelector('.brand').getBoundingClientRect(); return { x: Math.round(r.left + 10), y: Math.round(r.top + r.height / 2) }");
    await app.s.execute("window.quire.lastContextMenu = null");
    await xdotool("mousemove", "--window", win, String(at.x), String(at.y));
    await xdotool("click", "3");
    const items = await app.s.waitFor(menu, "the right-click menu is asked for");
    await xdotool("key", "Escape");
    for (const navigation of ["GoBack", "GoForward", "Stop", "Reload"]) {
      assert.ok(!items.includes(navigation), `no ${navigation}, which would navigate the editor away: ${JSON.stringify(items)}`);
    }
  });
});
