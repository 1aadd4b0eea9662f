// Images, as an editor adds them: "Add image…" under a section body opens
// the native file dialog (driven with the keyboard, as a user would), the
// window asks for the alternative text (and says the photo holds its GPS
// position), the figure goes in at the cursor and shows in the preview at
// once, served by the app; a cover chosen the same way heads the preview;
// the post exported on its own carries its images; after a restart it is
// all still there, and the `quire` CLI sees the same image.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, sleep, tempDir } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";
import * as x11 from "./x11.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");
const fixture = (name) => join(repo, "tests", "fixtures", "images", name);

/** Chooses `path` in the native file dialog titled `title`, as a user types it. */
async function chooseInDialog(title, path) {
  const dialog = await x11.waitForWindow(`^${title}$`);
  await x11.press(dialog, "ctrl+l"); // the location field
  await x11.type(dialog, path);
  // GTK enables "Open" once it has looked the typed path up: a Return
  // before that does nothing, so it is pressed again until the dialog goes.
  for (let tries = 0; ; tries++) {
    await sleep(400);
    await x11.press(dialog, "Return").catch(() => {}); // the window may be gone already
    try {
      await x11.waitGone(`^${title}$`, 2000);
      return;
    } catch (err) {
      if (tries === 5) throw err;
    }
  }
}

/** Waits for the window to ask how to describe the image just chosen. */
async function waitForImageDialog(app, message) {
  const said = new Set(); // what the window said meanwhile (its notes go away)
  await app.s
    .waitFor(async () => {
      const [open, toasts] = await app.s.execute(
        "return [document.querySelector('[data-testid=image-dialog]').open, document.querySelector('#toasts').textContent]",
      );
      if (toasts) said.add(toasts);
      return open;
    }, message, { timeout: 15000 })
    .catch((err) => {
      throw new Error(`${err.message}; the window said: ${[...said].join(" / ") || "nothing"}`);
    });
}

/** Clicks `testid` (#index) after bringing it to the middle of the form. */
async function clickInView(app, testid, index = 0) {
  await app.s.execute(
    `document.querySelectorAll('[data-testid="${testid}"]')[${index}].scrollIntoView({ block: "center" })`,
  );
  await app.click(testid, index);
}

/** The images the preview shows: src, alt, and whether each loaded. */
const previewImages = (app) =>
  app.s.execute(
    `const f = document.querySelector('iframe[data-testid=preview]');
     const d = f && f.contentDocument;
     return d ? [...d.querySelectorAll('article img')].map((i) => [i.getAttribute('src'), i.alt, i.complete && i.naturalWidth > 0]) : [];`,
  );

describe("Images: add, describe, preview, export, restart", () => {
  const dir = tempDir("images");
  const db = join(dir, "quire.db");
  let driver;
  let app;

  before(async () => {
    driver = await Driver.start(db);
    app = await driver.launch();
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  it("adds a photo from the file dialog with its alt text, and the preview shows it", async () => {
    await app.setValue("section-body", "The harbour at first light.", 0);
    const body = await app.find("section-body", 0);
    await app.s.execute("arguments[0].focus(); arguments[0].setSelectionRange(arguments[0].value.length, arguments[0].value.length)", elementRef(body));
    await clickInView(app, "add-image", 0);
    await chooseInDialog("Add an image", fixture("phone-photo.jpg"));

    await waitForImageDialog(app, "the window asks how to describe the image");
    assert.equal(
      await app.s.execute("return document.querySelector('[data-testid=image-gps]').hidden"),
      false,
      "it says the photo holds the place it was taken",
    );
    await app.click("image-insert");
    assert.match(
      await app.s.execute("return document.querySelector('#image-dialog .form-message').textContent"),
      /Describe the image, or mark it decorative/,
      "an image is not inserted without alt text or an explicit 'decorative'",
    );
    await app.setValue("image-alt", "A harbour at dawn");
    await app.click("image-insert");

    await app.s.waitFor(
      async () => (await app.values("section-body"))[0].includes("![A harbour at dawn](media/phone-photo.jpg)"),
      "the figure goes into the section body",
    );
    await app.s.waitFor(
      async () => {
        const imgs = await previewImages(app);
        return imgs.length === 1 && imgs[0][2] ? imgs : false;
      },
      "the preview shows the photo, loaded from the app",
      { timeout: 15000 },
    );
    const [[src, alt]] = await previewImages(app);
    assert.match(src, /^quire-media:\/\/localhost\/phone-photo\.jpg\?w=\d+$/);
    assert.equal(alt, "A harbour at dawn");
    await app.s.waitFor(
      async () => (await app.text("image-list"))?.includes("media/phone-photo.jpg"),
      "the post's images list it, and where it is used",
    );
    assert.match(await app.text("image-list"), /used in section 1/);
    assert.match(await app.text("image-list"), /GPS/);
    await app.waitSaved();
  });

  it("chooses a cover the same way, and the preview puts it above the text", async () => {
    await clickInView(app, "cover-choose");
    await chooseInDialog("Choose a cover image", fixture("harbour.jpg"));
    await waitForImageDialog(app, "the window asks for the cover's description");
    await app.setValue("image-alt", "The sun rising over the bay");
    await app.click("image-insert");
    await app.setValue("cover-caption", "First light over the bay.");
    await app.s.waitFor(
      async () => {
        const imgs = await previewImages(app);
        return imgs.length === 2 && imgs.every((i) => i[2]) ? imgs : false;
      },
      "the preview shows the cover and the figure",
      { timeout: 15000 },
    );
    const [[cover, coverAlt]] = await previewImages(app);
    assert.match(cover, /harbour\.jpg/, "the cover comes first");
    assert.equal(coverAlt, "The sun rising over the bay");
    await app.waitSaved();
    if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "editor-with-images.png"));
  });

  it("exports the post as one HTML file with its images inside", async () => {
    const file = join(dir, "post.html");
    await app.click("export");
    await app.s.evaluate(`window.quire.exportPostTo(${JSON.stringify(file)})`);
    await app.click("export-close");
    const html = readFileSync(file, "utf8");
    const inline = html.match(/<img src="data:image\/(png|jpeg);base64,/g) || [];
    assert.equal(inline.length, 2, "cover and figure are inside the page");
    assert.ok(!html.includes("quire-media:"), "nothing points back into the app");
  });

  it("has it all after a restart, and the CLI sees the same image", async () => {
    await app.quit();
    app = await driver.launch();
    await app.s.waitFor(
      async () => {
        const imgs = await previewImages(app);
        return imgs.length === 2 && imgs.every((i) => i[2]) ? imgs : false;
      },
      "the reopened post shows its cover and figure",
      { timeout: 15000 },
    );
    assert.equal(await app.s.execute("return document.querySelector('[data-testid=cover-alt]').value"), "The sun rising over the bay");
    const stored = JSON.parse(execFileSync(cli, ["--db", db, "media", "list", "--json"], { encoding: "utf8" }));
    const names = stored.map((m) => m.name).sort();
    assert.deepEqual(names, ["harbour.jpg", "phone-photo.jpg"]);
    const photo = stored.find((m) => m.name === "phone-photo.jpg");
    assert.equal(photo.alt, "A harbour at dawn");
    assert.equal(photo.has_gps, true);
  });

  it("keeps the post's images list true when its section moves, goes and comes back by Ctrl+Z", async () => {
    const listed = () => app.text("image-list");
    const headings = await app.values("section-heading");
    assert.match((await app.values("section-body"))[0], /phone-photo\.jpg/, "the photo is in the first section");
    await app.click("section-down", 0);
    await app.s.waitFor(async () => /phone-photo\.jpg[\s\S]*used in section 2/.test(await listed()), "moved down, the photo is listed as used in section 2");
    await app.click("section-remove", 1);
    await app.s.waitFor(async () => !(await listed()).includes("phone-photo.jpg"), "its section removed, the photo is no longer listed");
    await app.chord(["Control"], "z");
    const back = [headings[1], headings[0], ...headings.slice(2)];
    await app.s.waitFor(async () => JSON.stringify(await app.values("section-heading")) === JSON.stringify(back), "Ctrl+Z brings the section back");
    await app.s.waitFor(async () => /phone-photo\.jpg[\s\S]*used in section 2/.test(await listed()), "and the photo is listed again");
    await app.waitSaved();
  });
});
