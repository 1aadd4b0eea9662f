// The window at the sizes editors use: a 1024×700 laptop window keeps the
// preview inside the window (it once ran past the right edge until another
// resize), History open beside the preview leaves the page readable (it
// once squeezed it to ~150 px of broken words), and removing sections one
// after another leaves one notice, away from the cards' buttons (five of
// them once stacked over the next card's ✕).

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, sleep, tempDir } from "./app.mjs";

const rect = (app, css) =>
  app.s.execute(
    `const el = document.querySelector(arguments[0]);
     if (!el) return null;
     const r = el.getBoundingClientRect();
     return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };`,
    css,
  );

describe("Layout: small windows, side panels and notices", () => {
  const dir = tempDir("layout");
  let driver;
  let app;

  before(async () => {
    driver = await Driver.start(join(dir, "quire.db"));
    app = await driver.launch();
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  it("keeps the preview inside a 1024×700 window, History open or not", async () => {
    await app.setValue("title", "A post read at laptop size");
    await app.click("add-section");
    await app.setValue("section-body", "Words enough to lay out a paragraph in the preview. ".repeat(20), 0);
    await app.waitSaved();

    // Wide first, then the laptop size, the way a window is restored and then resized.
    await app.s.setWindowRect({ width: 1440, height: 900 });
    await sleep(300);
    await app.s.setWindowRect({ width: 1024, height: 700 });
    const fits = () =>
      app.s.execute(
        `const r = document.getElementById("preview-pane").getBoundingClientRect();
         return r.right <= document.documentElement.clientWidth + 1 && r.width >= 280;`,
      );
    await app.s.waitFor(fits, "the preview pane ends inside the 1024 px window");

    await app.click("history-button");
    await app.s.waitFor(
      () => app.s.execute("return !document.getElementById('history-panel').hidden"),
      "History opens",
    );
    await sleep(300); // the layout answers the panel opening
    const page = await rect(app, "iframe[data-testid=preview]");
    assert.ok(page.width >= 300, `the page beside History is ${page.width}px wide, not a column of broken words`);
    assert.ok(await fits(), "with History open the preview still ends inside the window");
    const panel = await rect(app, "#history-panel");
    assert.ok(panel.width >= 200, `History itself is usable (${panel.width}px)`);
    if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "history-1024.png"));
    await app.click("history-button");
    await app.s.setWindowRect({ width: 1280, height: 800 });
  });

  it("shows one notice for sections removed one after another, clear of the cards' buttons", async () => {
    for (let i = 0; i < 5; i++) await app.click("add-section");
    for (let i = 0; i < 4; i++) {
      const count = (await app.values("section-body")).length;
      await app.click("section-remove", count - 1);
    }
    const notices = await app.s.execute(
      "return [...document.querySelectorAll('[data-testid=notice]')].map((n) => n.textContent)",
    );
    assert.equal(notices.filter((t) => t.startsWith("Section removed")).length, 1, `one notice, not a stack: ${notices}`);

    const overlaps = await app.s.execute(
      `const boxes = [...document.querySelectorAll('[data-testid=notice]')].map((n) => n.getBoundingClientRect());
       return [...document.querySelectorAll('.card-tools button')].filter((b) => {
         const r = b.getBoundingClientRect();
         return boxes.some((n) => r.left < n.right && n.left < r.right && r.top < n.bottom && n.top < r.bottom);
       }).length;`,
    );
    assert.equal(overlaps, 0, "no notice covers a card's buttons");

    // The notice's Undo still brings back the last section removed.
    const before = (await app.values("section-body")).length;
    await app.click("undo");
    await app.s.waitFor(async () => (await app.values("section-body")).length === before + 1, "Undo restores the section");
  });
});
