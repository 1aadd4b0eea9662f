// The link dialog, driven by real key events: Ctrl+K in a section body
// opens it, typing searches Quire's posts (their status said, a trashed one
// included), Enter links the selection to the chosen post in the internal
// form `quire:post/ID` — the preview points at that post's page, and after
// the target's slug changes (by the CLI) the export still links right; an
// address typed whole links to that URL; Esc leaves the text and selection
// as they were; Ctrl+K inside a link edits it.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, tempDir } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");
const ENTER = "\uE007";
const ESCAPE = "\uE00C";
const DOWN = "\uE015";

describe("Link dialog: Ctrl+K links to a post or a URL", () => {
  const dir = tempDir("link");
  const db = join(dir, "quire.db");
  const quire = (args, input) =>
    execFileSync(cli, ["--db", db, ...args], { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  const put = (post) => JSON.parse(quire(["put", "-", "--json"], JSON.stringify(post)));
  const published = { status: "published", publish_at: "2023-10-06T09:00:00Z" };
  let driver;
  let app;
  let target;
  let source;
  let body;

  before(async () => {
    target = put({ title: "Gardening Tools Guide", slug: "gardening-tools", summary: "Spades and forks.", ...published, sections: [{ heading: "Tools", body: "A spade." }] });
    put({ title: "Gardening Diary", summary: "Still a draft.", status: "draft", sections: [{ heading: "May", body: "Rain." }] });
    const trashed = put({ title: "Gardening Myths", summary: "Gone.", status: "draft", sections: [{ heading: "Myth", body: "Moon." }] });
    quire(["delete", String(trashed.id)]);
    source = put({ title: "Notes on linking", summary: "Links between posts.", ...published, sections: [{ heading: "Start", body: "Read the guide first." }] });
    driver = await Driver.start(db);
    app = await driver.launch();
    await app.openFromList("Notes on linking");
    body = await app.find("section-body", 0);
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  const valueOf = (el) => app.s.execute("return arguments[0].value", elementRef(el));
  const select = (el, from, to) =>
    app.s.execute("arguments[0].focus(); arguments[0].setSelectionRange(arguments[1], arguments[2])", elementRef(el), from, to);
  const selection = (el) =>
    app.s.execute(
      "const el = arguments[0]; return [document.activeElement === el, el.selectionStart, el.selectionEnd]",
      elementRef(el),
    );
  const dialogOpen = () => app.s.execute("return document.querySelector('[data-testid=link-dialog]').open");
  const options = () =>
    app.s.execute(
      `return [...document.querySelectorAll('[data-testid=link-option]')].map((li) => ({
         id: li.dataset.id ? Number(li.dataset.id) : null,
         text: li.textContent,
         status: li.querySelector('[data-testid=link-option-status]')?.textContent ?? null,
         active: li.getAttribute('aria-selected') === 'true',
       }))`,
    );
  async function openDialog() {
    await app.chord(["Control"], "k");
    await app.s.waitFor(
      () => app.s.execute("return document.activeElement?.dataset.testid === 'link-search' && document.querySelector('[data-testid=link-dialog]').open"),
      "Ctrl+K opens the link dialog with the focus in its field",
    );
  }

  it("searches the posts, says their status, and links the selection to the chosen one", async () => {
    await select(body, 5, 14); // "the guide"
    await openDialog();
    await app.type("link-search", "Gardening");
    const found = await app.s.waitFor(async () => {
      const list = await options();
      return list.length === 3 && list.every((o) => o.text.startsWith("Gardening")) ? list : false;
    }, "the three gardening posts are listed");
    const statusOf = (title) => found.find((o) => o.text.startsWith(title)).status;
    assert.equal(statusOf("Gardening Tools Guide"), "Published");
    assert.equal(statusOf("Gardening Diary"), "Draft", "a draft may be linked, and the list says it is one");
    assert.equal(statusOf("Gardening Myths"), "In the Trash", "so may a trashed post");
    assert.ok(found.find((o) => o.id === target.id).text.includes("gardening-tools"), "the row shows the slug");
    assert.ok(found[0].active, "the first result is active");
    await app.screenshot(join(process.env.E2E_SCREENSHOTS || dir, "link-dialog.png"));

    // ↓ until the target is the active row (its place depends on relevance), then Enter.
    for (let i = 0; i < 3 && !(await options()).find((o) => o.active && o.id === target.id); i++) await app.chord([], DOWN);
    assert.ok((await options()).find((o) => o.active && o.id === target.id), "↓ makes the target active");
    await app.chord([], ENTER);

    const linked = `Read [the guide](quire:post/${target.id}) first.`;
    await app.s.waitFor(async () => (await valueOf(body)) === linked, "Enter links the selection in the internal form");
    assert.equal(await dialogOpen(), false, "the dialog closed");
    const [focused, , caret] = await selection(body);
    assert.ok(focused, "the focus is back in the body");
    assert.equal(caret, linked.indexOf(" first."), "the caret is after the link");

    await app.waitSaved();
    const stored = JSON.parse(quire(["show", String(source.id), "--json"]));
    assert.equal(stored.sections[0].body, linked, "the post holds the link (the body's input handler got it)");
    const href = await app.s.waitFor(
      () =>
        app.s.execute(
          "const a = document.querySelector('iframe[data-testid=preview]')?.contentDocument?.querySelector('a[data-slug=\"gardening-tools\"]'); return a && a.textContent === 'the guide' ? a.getAttribute('href') : false",
        ),
      "the preview links to the target's page",
    );
    assert.equal(href, "../gardening-tools/");

    // The target's slug changes: the link, by id, follows it in the exports.
    const moved = JSON.parse(quire(["show", String(target.id), "--json"]));
    quire(["put", "-"], JSON.stringify({ ...moved, slug: "garden-tools-2024" }));
    quire(["settings", "base_url", "https://blog.example.com"]); // a page on its own links by the site's address
    const html = quire(["export", String(source.id), "--format", "html"]);
    assert.match(html, /<a href="https:\/\/blog\.example\.com\/posts\/garden-tools-2024\/">the guide<\/a>/, "the HTML export links to the new slug");
    assert.doesNotMatch(html, /gardening-tools/, "and not to the old one");
    const md = quire(["export", String(source.id), "--format", "md"]);
    assert.match(md, /\[the guide\]\([^)]*garden-tools-2024[^)]*\)/, "so does the Markdown export");
  });

  it("links to an address typed whole", async () => {
    await app.setValue("section-body", "Also see the docs.", 0);
    await select(body, 9, 17); // "the docs"
    await openDialog();
    await app.type("link-search", "https://example.com/docs");
    await app.s.waitFor(async () => {
      const [o] = await options();
      return o && o.text === "Link to URLhttps://example.com/docs" && o.active;
    }, "the dialog offers “Link to URL”");
    await app.chord([], ENTER);
    await app.s.waitFor(
      async () => (await valueOf(body)) === "Also see [the docs](https://example.com/docs).",
      "Enter links the selection to the URL",
    );
  });

  it("edits the link the caret is in", async () => {
    await select(body, 12, 12); // inside "[the docs]"
    await openDialog();
    assert.equal(await app.s.execute("return document.activeElement.value"), "https://example.com/docs", "the field holds the link's URL");
    await app.chord(["Control"], "a");
    await app.s.type(await app.find("link-search"), "/about");
    await app.s.waitFor(async () => (await options())[0]?.text === "Link to URL/about", "the new path is offered");
    await app.chord([], ENTER);
    await app.s.waitFor(
      async () => (await valueOf(body)) === "Also see [the docs](/about).",
      "Enter puts the new URL in the same link, its text kept",
    );
    await app.waitSaved();
    assert.equal(JSON.parse(quire(["show", String(source.id), "--json"])).sections[0].body, "Also see [the docs](/about).");
  });

  it("Esc closes the dialog and gives the body its focus and selection back", async () => {
    await select(body, 0, 4); // "Also"
    await openDialog();
    await app.type("link-search", "Gar");
    await app.chord([], ESCAPE);
    await app.s.waitFor(async () => !(await dialogOpen()), "Esc closes the dialog");
    assert.deepEqual(await selection(body), [true, 0, 4], "the body has the focus and the same selection");
    assert.equal(await valueOf(body), "Also see [the docs](/about).", "and the same text");
  });
});
