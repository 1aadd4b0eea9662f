// The editor's day, end to end in the real app: write a post, see it
// rendered, have it saved, find it after a restart, reorder it, export it,
// trash and restore it. Screenshots of the main screens go to
// $E2E_SCREENSHOTS (run.sh: docs/screenshots).

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, sleep, tempDir } from "./app.mjs";
import * as x11 from "./x11.mjs";

const shots = process.env.E2E_SCREENSHOTS || tempDir("shots");
mkdirSync(shots, { recursive: true });

const TITLE = "Notes on Planning Long Posts";
const SUMMARY = "How an outline, a few honest sections and a short list of takeaways turn a long post into one people finish.";
const SECTIONS = [
  ["Start From the Reader", "Write down **who** will read this and what they should be able to do afterwards."],
  ["Outline Before Prose", "List the sections first. Each one answers one question."],
];
const TAKEAWAYS = ["Know your **reader** first.", "Outline, then write."];

describe("Quire in the real window", () => {
  const dir = tempDir("main");
  const db = join(dir, "quire.db");
  let driver;
  let app;
  /** Picks HTML or Markdown in the open export dialog. */
  const chooseFormat = (value) =>
    app.s.execute(`document.querySelector('input[name=export-format][value=${value}]').click()`);

  before(async () => {
    driver = await Driver.start(db);
    app = await driver.launch();
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  it("opens the sample post on first run, rendered in the preview", async () => {
    const titles = await app.listTitles();
    assert.equal(titles.length, 1, "a new database holds exactly the sample post");
    const title = await app.s.execute("return document.querySelector('[data-testid=title]').value");
    assert.equal(title, titles[0], "first run opens the sample post so a new user sees the editor at once");
    await app.s.waitFor(async () => (await app.previewText()).includes(title), "the preview shows the sample's title");
  });

  it("writes a new post, shows it in the preview, saves it and finds it after a restart", async () => {
    await app.click("new-post");
    await app.type("title", TITLE);
    await app.type("summary", SUMMARY);
    for (const [i, [heading, body]] of SECTIONS.entries()) {
      await app.click("add-section");
      await app.type("section-heading", heading, i);
      await app.type("section-body", body, i);
    }
    for (const [i, text] of TAKEAWAYS.entries()) {
      await app.click("add-takeaway");
      await app.type("takeaway", text, i);
    }

    await app.s.waitFor(
      async () => {
        const h = await app.previewHeadings();
        return SECTIONS.every(([heading]) => h.includes(heading)) && h;
      },
      "the preview shows both section headings shortly after typing stops",
    );
    await app.s.waitFor(
      async () => /Know your reader first\..*Outline, then write\./.test(await app.previewText()),
      "takeaways reach the preview, their Markdown rendered (no ** left)",
    );
    await app.waitSaved("autosave stores the post about a second after typing stops");
    const slug = await app.s.execute("return document.querySelector('[data-testid=slug]').value");
    assert.equal(slug, "notes-on-planning-long-posts", "the slug follows the title, derived by the core");
    await app.s.waitFor(async () => (await app.listTitles()).includes(TITLE), "the new post appears in the post list once saved");
    await app.screenshot(join(shots, "editor.png"));

    await app.quit();
    app = await driver.launch();
    await app.openFromList(TITLE);
    assert.equal(await app.s.execute("return document.querySelector('[data-testid=summary]').value"), SUMMARY, "the summary survived the restart");
    assert.deepEqual(await app.values("section-heading"), SECTIONS.map(([h]) => h), "both sections survived, in order");
    assert.deepEqual(await app.values("section-body"), SECTIONS.map(([, b]) => b), "section bodies survived");
    assert.deepEqual(await app.values("takeaway"), TAKEAWAYS, "both takeaways survived, in order");
  });

  it("reorders sections with Alt+↑, the buttons and dragging, and the preview follows", async () => {
    const heading = await app.find("section-heading", 1);
    await app.s.click(heading);
    await app.chord(["Alt"], "ArrowUp");
    assert.deepEqual(
      await app.values("section-heading"),
      [SECTIONS[1][0], SECTIONS[0][0]],
      "Alt+↑ moves the focused section up",
    );
    assert.equal(
      await app.s.execute("return document.activeElement.dataset.testid"),
      "section-heading",
      "the focus stays in the moved section's heading",
    );
    await app.s.waitFor(
      async () => {
        const h = await app.previewHeadings();
        return h.indexOf(SECTIONS[1][0]) >= 0 && h.indexOf(SECTIONS[1][0]) < h.indexOf(SECTIONS[0][0]);
      },
      "the preview shows the new order",
    );
    await app.click("section-down", 0);
    assert.deepEqual(await app.values("section-heading"), SECTIONS.map(([h]) => h), "the ↓ button moves it back");
    await app.s.waitFor(
      async () => {
        const h = await app.previewHeadings();
        return h.indexOf(SECTIONS[0][0]) >= 0 && h.indexOf(SECTIONS[0][0]) < h.indexOf(SECTIONS[1][0]);
      },
      "the preview follows the button too",
    );
    // Dragging by the handle. WebKitWebDriver cannot drive a native HTML5 drag, so the
    // browser's drag events are dispatched to the cards the way WebKit sends them.
    const dragSecondToTop = () =>
      app.s.execute(`
        const cards = [...document.querySelectorAll(".card-section")];
        const dt = new DataTransfer();
        const fire = (el, type, y) => el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt, clientY: y }));
        cards[1].querySelector(".handle").dispatchEvent(new PointerEvent("pointerdown", { bubbles: true }));
        fire(cards[1], "dragstart", 0);
        const top = cards[0].getBoundingClientRect().top + 2;
        fire(cards[0], "dragover", top);
        fire(cards[0], "drop", top);
        fire(cards[1], "dragend", 0);`);
    await dragSecondToTop();
    assert.deepEqual(await app.values("section-heading"), [SECTIONS[1][0], SECTIONS[0][0]], "dropping a card above another moves it there");
    await app.s.waitFor(
      async () => {
        const h = await app.previewHeadings();
        return h.indexOf(SECTIONS[1][0]) >= 0 && h.indexOf(SECTIONS[1][0]) < h.indexOf(SECTIONS[0][0]);
      },
      "the preview follows a drag",
    );
    await dragSecondToTop();
    assert.deepEqual(await app.values("section-heading"), SECTIONS.map(([h]) => h), "and back");
    await app.waitSaved("the new order is saved");
  });

  it("removes a section and brings it back with Undo", async () => {
    await app.click("section-remove", 0);
    assert.deepEqual(await app.values("section-heading"), [SECTIONS[1][0]], "the first section is gone");
    await app.click("undo");
    assert.deepEqual(await app.values("section-heading"), SECTIONS.map(([h]) => h), "Undo puts it back in its place");
    await app.waitSaved();
  });

  it("exports the open post as HTML to the file chosen in the native Save dialog", async () => {
    await app.click("export");
    await chooseFormat("html");
    const out = join(tempDir("export"), "notes.html");
    // The Save dialog is a native window (of a helper process): driven from
    // the X display, as a user's keyboard would. The name field holds the
    // proposed name, selected; a whole path typed there saves there.
    await app.click("export-post");
    const dialog = await x11.waitForWindow("^Export this post$");
    await x11.press(dialog, "ctrl+a");
    await x11.type(dialog, out);
    await x11.press(dialog, "Return");
    await x11.waitGone("^Export this post$");
    await app.s.waitFor(
      async () => (await app.text("export-message")).includes(out),
      "the dialog says where the file went",
    );
    const html = readFileSync(out, "utf8");
    assert.ok(html.includes(TITLE), "the exported page holds the post's title");
    assert.ok(html.includes(SECTIONS[1][0]), "the exported page holds the sections");
    assert.match(await app.text("export-message"), /notes\.html/, "the dialog tells the editor where the file went");
    await app.screenshot(join(shots, "export.png"));
    await app.click("export-close");
  });

  it("moves the post to the trash and restores it", async () => {
    await app.click("delete-post");
    await app.s.waitFor(async () => !(await app.listTitles()).includes(TITLE), "the post leaves the list");
    await app.click("trash");
    await app.s.waitFor(
      () => app.s.execute("return [...document.querySelectorAll('[data-testid=trash-row] .row-title')].map((e) => e.textContent)").then((t) => t.includes(TITLE)),
      "the post is in the trash",
    );
    await app.click("restore");
    await app.s.waitFor(async () => (await app.listTitles()).includes(TITLE), "restored, it is back in the list");
    await app.s.waitFor(
      async () => (await app.s.execute("return document.querySelector('[data-testid=title]').value")) === TITLE,
      "the restored post opens in the editor",
    );
    assert.deepEqual(await app.values("section-heading"), SECTIONS.map(([h]) => h), "nothing was lost on the way");
  });

  it("searches posts as you type", async () => {
    // A few more posts, so the list screenshot shows what a real list looks like.
    await app.s.evaluate(`(async () => {
      const add = (title, status, category, publish_at) => window.__TAURI__.core.invoke("create_post", { post: {
        title, summary: "", status, category, tags: ["writing"], publish_at, sections: [], takeaways: [], related: [] } });
      await add("Writing Summaries That Earn the Click", "draft", "Craft", null);
      await add("A Field Guide to Front Matter", "scheduled", "Tooling", "2030-01-15T09:00:00Z");
      await add("Slugs, URLs and Why They Last", "published", "Craft", "2024-03-02T09:00:00Z");
    })()`);
    await app.setValue("post-search", "planning");
    await app.s.waitFor(
      async () => JSON.stringify(await app.listTitles()) === JSON.stringify([TITLE]),
      "search finds the post by a word of its title",
    );
    await app.setValue("post-search", "");
    await app.s.waitFor(async () => (await app.listTitles()).length === 5, "clearing the search lists every post");
    await app.s.execute("document.getElementById('toasts').replaceChildren()");
    await app.screenshot(join(shots, "post-list.png"));
  });

  it("lists revisions in History and restores an older one", async () => {
    await app.openFromList(TITLE);
    await app.setValue("title", `${TITLE} (rewritten)`);
    await app.waitSaved("the rewrite is saved as a new revision");
    await app.click("history-button");
    await app.s.waitFor(async () => (await app.s.findAll("[data-testid=revision]")).length >= 2, "History lists the revisions");
    const revisions = await app.s.findAll("[data-testid=revision] button");
    await app.s.click(revisions[1]); // the one before the rewrite
    await app.s.waitFor(
      async () => {
        const text = await app.previewText();
        return text.includes(TITLE) && !text.includes("(rewritten)");
      },
      "the preview shows the older version",
    );
    await app.click("restore-revision");
    await app.s.waitFor(
      async () => (await app.s.execute("return document.querySelector('[data-testid=title]').value")) === TITLE,
      "restoring brings the older title back into the editor",
    );
    assert.ok(await app.s.execute("return document.querySelector('[data-testid=history]').hidden"), "History closes after a restore");
  });

  it("changes the site name in Settings and the preview shows it", async () => {
    await app.click("settings");
    await app.setValue("setting-site_name", "Field Notes");
    await app.click("settings-save");
    await app.s.waitFor(async () => (await app.previewText()).includes("Field Notes"), "the preview uses the new site name");
  });

  it("exports the whole site into a folder with a progress bar", async () => {
    await app.click("export");
    try {
      const out = join(tempDir("site"), "public");
      // Drafts too, so the export has several posts and the bar's scale says something.
      await app.s.execute("document.getElementById('export-drafts').checked = true");
      // As for one post: the step "Export site…" runs once the folder dialog returns.
      const report = await app.s.evaluate(`window.quire.exportSiteTo(${JSON.stringify(out)})`);
      assert.ok(report.posts >= 1 && report.files >= 1, `the report counts what was written: ${JSON.stringify(report)}`);
      assert.ok(existsSync(out) && readdirSync(out, { recursive: true }).length > 0, "the folder holds the exported site");
      const bar = await app.s.execute("const p = document.querySelector('[data-testid=export-progress]'); return [p.value, p.max, p.hidden]");
      assert.equal(bar[0], bar[1], "the progress bar ends full");
      assert.equal(bar[1], report.posts, "its scale came from the export's progress events (posts in all)");
      assert.match(await app.text("export-message"), /Exported \d+ posts/, "the dialog reports the export");
    } finally {
      await app.click("export-close"); // a failure here must not leave the dialog over the next tests
    }
  });

  it("shows a conflict instead of overwriting a post saved elsewhere, and keeps both", async () => {
    await app.openFromList(TITLE);
    const id = await app.s.execute("return window.quire.openPostId()");
    // Someone else (another window, the CLI) saves the post meanwhile.
    await app.s.evaluate(`(async () => {
      const invoke = window.__TAURI__.core.invoke;
      const post = await invoke("get_post", { id: ${id} });
      post.summary = "Changed elsewhere.";
      await invoke("save_post", { post });
    })()`);
    await app.setValue("summary", "My version, typed here.");
    await app.s.waitFor(
      () => app.s.execute("return document.querySelector('[data-testid=save-state]').dataset.state === 'conflict'"),
      "the save is refused as a conflict and the status says so",
    );
    const theirs = await app.s.evaluate(`window.__TAURI__.core.invoke("get_post", { id: ${id} })`);
    assert.equal(theirs.summary, "Changed elsewhere.", "the other save was not overwritten");
    await app.click("keep-copy");
    await app.waitSaved("keeping mine saves it as a new post");
    assert.notEqual(await app.s.execute("return window.quire.openPostId()"), id, "the editor now holds the copy");
    assert.equal(await app.s.execute("return document.querySelector('[data-testid=summary]').value"), "My version, typed here.", "with my text");
    await app.s.waitFor(
      async () => (await app.listTitles()).filter((t) => t === TITLE).length === 2,
      "both versions are in the list",
    );
  });

  it("saves typed text before switching to another post", async () => {
    const titles = await app.listTitles();
    const other = titles.find((t) => t !== TITLE);
    await app.openFromList(TITLE);
    await app.setValue("summary", "Typed, then straight to another post.");
    assert.equal(await app.text("save-state"), "Unsaved", "switching comes before the autosave");
    await app.openFromList(other); // opening another post drops the pending autosave: the switch must save
    await app.openFromList(TITLE);
    assert.equal(
      await app.s.execute("return document.querySelector('[data-testid=summary]').value"),
      "Typed, then straight to another post.",
      "the text typed just before switching was saved",
    );
  });

  it("saves typed text when the window is closed before the autosave", async () => {
    await app.openFromList(TITLE);
    await app.setValue("summary", "Written just before closing the window.");
    assert.equal(await app.text("save-state"), "Unsaved", "the edit is not saved yet when the window is asked to close");
    // What the window manager's close button does: ask the window to close.
    await app.s.execute("window.__TAURI__.window.getCurrentWindow().close()");
    // Without the close handler the window would vanish at once, before the
    // autosave's pause ends, and the edit would be lost; with it, the window
    // saves first and then closes.
    await app.s.waitFor(
      () => app.s.execute("return 1").then(() => false, () => true),
      "the window closes once the text is saved",
    );
    await app.quit();
    app = await driver.launch();
    await app.openFromList(TITLE);
    assert.equal(
      await app.s.execute("return document.querySelector('[data-testid=summary]').value"),
      "Written just before closing the window.",
      "the close request waited for the save",
    );
  });

  it("keeps the posts in the QUIRE_DB file and the preview unable to run script", async () => {
    const files = [db, `${db}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
    assert.ok(
      files.some((bytes) => bytes.includes(SUMMARY)),
      "the posts are saved in the database QUIRE_DB names",
    );
    const sandboxes = await app.s.execute(
      "return [...document.querySelectorAll('iframe.preview-frame')].map((f) => f.getAttribute('sandbox'))",
    );
    assert.deepEqual(sandboxes, ["allow-same-origin", "allow-same-origin"], "both preview frames are sandboxed without allow-scripts");
  });

  it("lets the slug follow the title until it is set by hand, and keeps it then", async () => {
    await app.click("new-post");
    await app.type("title", "Slug Trial");
    await app.s.waitFor(async () => (await app.values("slug"))[0] === "slug-trial", "the slug follows the title");
    await app.setValue("slug", "my-own-address");
    await app.type("title", " Renamed");
    await sleep(600); // well past the 120 ms pause after which the slug would follow
    assert.equal((await app.values("slug"))[0], "my-own-address", "a slug set by hand stays when the title changes");
    await app.waitSaved("the post is saved with its own slug");
    await app.openFromList(TITLE);
    await app.openFromList("Slug Trial Renamed");
    assert.equal((await app.values("slug"))[0], "my-own-address", "the slug set by hand is the one stored");
  });

  it("hints at a summary's length for search results", async () => {
    await app.setValue("summary", "Too short.");
    assert.match(await app.text("summary-hint"), /110 more would fill them/, "under 120 characters (the check's limit): how many more");
    await app.setValue("summary", "x".repeat(130));
    assert.equal(await app.text("summary-hint"), "", "within 120–160 characters: no hint");
    await app.setValue("summary", "x".repeat(170));
    assert.match(await app.text("summary-hint"), /10 over/, "over 160: by how much");
  });

  it("exports Markdown for the flavor chosen in the dialog", async () => {
    await app.openFromList(TITLE);
    await app.click("export");
    try {
      await chooseFormat("md");
      await app.setValue("export-flavor", "jekyll");
      const out = join(tempDir("export-md"), "notes.md");
      const written = await app.s.evaluate(`window.quire.exportPostTo(${JSON.stringify(out)})`);
      const md = readFileSync(written, "utf8");
      assert.ok(md.startsWith("---\n"), `YAML front matter: ${md.slice(0, 80)}`);
      assert.match(md, /^layout: post$/m, "Jekyll's front matter, as chosen");
      assert.match(md, new RegExp(`^## ${SECTIONS[0][0]}$`, "m"), "the sections as ## headings");
      assert.match(md, /^## Key Takeaways$/m, "and the takeaways");
    } finally {
      await chooseFormat("html");
      await app.click("export-close");
    }
  });

  it("reorders takeaways with Alt+↓, and the preview follows", async () => {
    await app.openFromList(TITLE);
    await app.s.click(await app.find("takeaway", 0));
    await app.chord(["Alt"], "ArrowDown");
    assert.deepEqual(await app.values("takeaway"), [TAKEAWAYS[1], TAKEAWAYS[0]], "Alt+↓ moves the focused takeaway down");
    await app.s.waitFor(
      async () => /Outline, then write\..*Know your reader first\./.test(await app.previewText()),
      "the preview lists the takeaways in the new order",
    );
  });

  it("previews a post in Arabic right to left, and keeps its language", async () => {
    await app.openFromList(TITLE);
    const dir = () =>
      app.s.execute(
        "const f = document.querySelector('iframe[data-testid=preview]'); const e = f && f.contentDocument && f.contentDocument.documentElement; return e ? [e.lang, e.dir] : null",
      );
    await app.setValue("language", "ar");
    await app.s.waitFor(async () => JSON.stringify(await dir()) === '["ar","rtl"]', "the preview says lang=ar dir=rtl");
    await app.waitSaved("the language is saved with the post");
    const stored = await app.s.evaluate("window.__TAURI__.core.invoke('get_post', { id: window.quire.openPostId() })");
    assert.equal(stored.language, "ar", "the core stored the post's language");
    await app.setValue("language", "");
    await app.s.waitFor(async () => JSON.stringify(await dir()) === '["en",""]', "emptied, the post is in the site's language again");
    await app.waitSaved();
  });

  it("answers Ctrl+P, Ctrl+Shift+F and Ctrl+E", async () => {
    const pressed = () => app.s.execute("return document.querySelector('[data-testid=toggle-preview]').getAttribute('aria-pressed')");
    await app.click("title");
    await app.chord(["Control"], "p");
    await app.s.waitFor(async () => (await pressed()) === "false", "Ctrl+P hides the preview");
    await app.chord(["Control"], "p");
    await app.s.waitFor(async () => (await pressed()) === "true", "Ctrl+P shows it again");
    // Ctrl+F in the editor finds in the post (find.test.mjs); the post list's search has its own key.
    await app.chord(["Control", "Shift"], "f");
    await app.s.waitFor(
      async () => (await app.s.execute("return document.activeElement.dataset.testid")) === "post-search",
      "Ctrl+Shift+F goes to the post search",
    );
    await app.chord(["Control"], "e");
    await app.s.waitFor(
      () => app.s.execute("return document.querySelector('[data-testid=export-dialog]').open"),
      "Ctrl+E opens the export dialog",
    );
    await app.click("export-close");
  });
});
