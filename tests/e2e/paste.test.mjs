// Rich paste, as an editor copies from Google Docs or a web page: the X
// clipboard holds only `text/html` (put there with xclip, as a browser
// does), Ctrl+V in a section body brings it in as Markdown through the
// core's converter — headings, bold, italic, links and lists kept, and
// Google Docs' not-bold wrapper around the whole document not made bold —
// and after a long paste the caret, at its end, is in view.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, tempDir } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";
import * as x11 from "./x11.mjs";

const GOOGLE_DOCS =
  '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c4d-7fff-1234-5678-9abcdef01234">' +
  '<h2 dir="ltr"><span style="font-size:16pt;font-weight:400;">Why it matters</span></h2>' +
  '<p dir="ltr"><span style="font-weight:400;">Plain, </span><span style="font-weight:700;">bold</span>' +
  '<span style="font-weight:400;"> and </span><span style="font-style:italic;">italic</span>' +
  '<span style="font-weight:400;">, with a </span><a href="https://example.com/"><span style="text-decoration:underline;">link</span></a>.</p>' +
  "</b>";

describe("Paste: rich text becomes Markdown", () => {
  const dir = tempDir("paste");
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

  it("pastes Google Docs HTML into a section body as Markdown", async () => {
    await app.click("add-section");
    const bodies = await app.values("section-body");
    const body = await app.find("section-body", bodies.length - 1);
    await app.s.click(body);
    await x11.setClipboard(GOOGLE_DOCS, "text/html");
    await app.chord(["Control"], "v");
    await app.s.waitFor(
      async () => (await app.s.execute("return arguments[0].value", elementRef(body))) !== "",
      "the paste arrives",
    );
    const value = await app.s.execute("return arguments[0].value", elementRef(body));
    assert.equal(
      value,
      // (JSON.stringify in the message shows any invisible character)
      "## Why it matters\n\nPlain, **bold** and *italic*, with a [link](https://example.com/).",
      `the formatting survives as Markdown, and the whole is not bold: ${JSON.stringify(value)} ${[...value].filter((c) => c.codePointAt(0) > 126).map((c) => c.codePointAt(0).toString(16))}`,
    );
    await app.waitSaved("the pasted Markdown is saved");
  });

  it("brings the caret into view after a long paste", async () => {
    // An article of 60 paragraphs: the body grows far below the pane's bottom edge.
    const paragraphs = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i + 1} of a long article pasted from the web, long enough to wrap.</p>`);
    await app.click("add-section");
    const bodies = await app.values("section-body");
    const body = await app.find("section-body", bodies.length - 1);
    await app.s.click(body);
    await x11.setClipboard(`<meta charset="utf-8">${paragraphs.join("")}`, "text/html");
    await app.chord(["Control"], "v");
    await app.s.waitFor(
      async () => (await app.s.execute("return arguments[0].value", elementRef(body))).includes("Paragraph 60 "),
      "the long paste arrives",
    );
    const seen = await app.s.execute(
      `const body = arguments[0];
       const view = body.closest(".editor-scroll").getBoundingClientRect();
       const box = body.getBoundingClientRect();
       return { caretAtEnd: body.selectionEnd === body.value.length, bottom: box.bottom, viewTop: view.top, viewBottom: view.bottom, height: box.height };`,
      elementRef(body),
    );
    assert.ok(seen.caretAtEnd, "the caret is after the pasted text");
    assert.ok(seen.height > seen.viewBottom - seen.viewTop, `the body is taller than the pane (${JSON.stringify(seen)})`);
    // The caret is on the body's last line: that line is inside the pane's view.
    assert.ok(
      seen.bottom > seen.viewTop && seen.bottom - 40 < seen.viewBottom,
      `the end of the pasted text is in view: ${JSON.stringify(seen)}`,
    );
  });

  it("pastes plain text with Ctrl+Shift+V", async () => {
    const bodies = await app.values("section-body");
    const body = await app.find("section-body", bodies.length - 1);
    await app.s.execute("arguments[0].focus(); arguments[0].setSelectionRange(0, arguments[0].value.length)", elementRef(body));
    await x11.setClipboard("Just *these* words");
    await app.chord(["Control", "Shift"], "v");
    await app.s.waitFor(
      async () => (await app.s.execute("return arguments[0].value", elementRef(body))) === "Just *these* words",
      "the plain text replaces the selection",
    );
  });
});
