// Formatting keys in a section body, pressed as a user does (real key
// events through WebDriver): Ctrl+B and Ctrl+I wrap the selection in
// Markdown's `**` and `*`, the same keys on a wrapped selection take the
// markers off, and the preview shows the emphasis.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, tempDir } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";

describe("Formatting: Ctrl+B and Ctrl+I in a section body", () => {
  const dir = tempDir("formatting");
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

  const valueOf = (body) => app.s.execute("return arguments[0].value", elementRef(body));
  const select = (body, from, to) =>
    app.s.execute("arguments[0].focus(); arguments[0].setSelectionRange(arguments[1], arguments[2])", elementRef(body), from, to);

  it("wraps the selection in ** and *, and unwraps it again", async () => {
    await app.click("add-section");
    const bodies = await app.values("section-body");
    const index = bodies.length - 1;
    await app.setValue("section-body", "make this bold and this italic", index);
    const body = await app.find("section-body", index);

    await select(body, 10, 14); // "bold"
    await app.chord(["Control"], "b");
    await app.s.waitFor(async () => (await valueOf(body)) === "make this **bold** and this italic", "Ctrl+B wraps in **");

    await select(body, 28, 34); // "italic"
    await app.chord(["Control"], "i");
    await app.s.waitFor(async () => (await valueOf(body)) === "make this **bold** and this *italic*", "Ctrl+I wraps in *");

    await select(body, 10, 18); // "**bold**"
    await app.chord(["Control"], "b");
    await app.s.waitFor(async () => (await valueOf(body)) === "make this bold and this *italic*", "Ctrl+B on a bold selection unwraps it");

    await app.waitSaved();
    await app.s.waitFor(
      async () =>
        app.s.execute(
          "const d = document.querySelector('iframe[data-testid=preview]')?.contentDocument; return [...(d?.querySelectorAll('article em') || [])].some((e) => e.textContent === 'italic')",
        ),
      "the preview shows the emphasis",
    );
  });
});
