// Import, as an editor brings a blog in: the Import button opens the
// dialog; the folder chosen in the native dialog (driven with the keyboard,
// as a user would) is looked at first — a dry run that lists every post and
// what would happen to it, the malformed file named by line, the remote
// image listed — and nothing is written until "Import N posts"; then the
// posts are in the list, a link between two of them opens the other in the
// preview's terms, and the `quire` CLI run on the same database sees them.
// A second import changes nothing.

import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, sleep, tempDir } from "./app.mjs";
import * as x11 from "./x11.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");

/** Chooses `path` in the native folder dialog titled `title`, typed as a user would. */
async function chooseFolder(title, path) {
  const dialog = await x11.waitForWindow(`^${title}$`);
  await x11.press(dialog, "ctrl+l");
  await x11.type(dialog, `${path}/`);
  for (let tries = 0; ; tries++) {
    await sleep(400);
    await x11.press(dialog, "Return").catch(() => {});
    try {
      await x11.waitGone(`^${title}$`, 2000);
      return;
    } catch (err) {
      if (tries === 5) throw err;
    }
  }
}

const listed = (db) => JSON.parse(execFileSync(cli, ["--db", db, "list", "--json"], { encoding: "utf8" }));

describe("Import: a Hugo folder, dry run first, then for real", () => {
  const dir = tempDir("import");
  const db = join(dir, "quire.db");
  const site = join(dir, "old-site");
  let driver;
  let app;

  before(async () => {
    cpSync(join(repo, "tests", "fixtures", "import", "hugo"), site, { recursive: true });
    driver = await Driver.start(db);
    app = await driver.launch();
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  it("shows what would happen to every post and writes nothing", async () => {
    const before = listed(db).length;
    await app.click("import");
    await app.click("import-folder");
    await chooseFolder("Import the blog in this folder", site);
    await app.s.waitFor(
      async () => /Nothing written yet/.test((await app.text("import-message")) || ""),
      "the dry run's summary",
      { timeout: 20000 },
    );
    const outcomes = await app.s.execute(
      "return [...document.querySelectorAll('[data-testid=import-report] > li')].map((li) => [li.dataset.outcome, li.textContent])",
    );
    const newOnes = outcomes.filter(([o]) => o === "new");
    assert.ok(newOnes.length >= 4, `several new posts: ${JSON.stringify(outcomes)}`);
    const problem = outcomes.find(([o, t]) => o === "unreadable" && t.includes("broken.md:"));
    assert.ok(problem, `the malformed file is named with its line: ${JSON.stringify(outcomes)}`);
    assert.ok(
      outcomes.some(([, t]) => t.includes("not fetched: https://cdn.example.com/remote.jpg")),
      "a remote image is listed, not fetched",
    );
    assert.equal(listed(db).length, before, "the dry run wrote nothing");
    const button = await app.text("import-run");
    assert.match(button, new RegExp(`^Import ${newOnes.length} posts$`));
    if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "import-dry-run.png"));
  });

  it("imports on request, with the posts in the list and in the CLI", async () => {
    const before = listed(db).length;
    await app.click("import-run");
    await app.s.waitFor(
      async () => /^Imported: /.test((await app.text("import-message")) || ""),
      "the import's summary",
      { timeout: 30000 },
    );
    const message = await app.text("import-message");
    const created = Number(message.match(/(\d+) new/)[1]);
    assert.ok(created >= 4, message);
    const posts = listed(db);
    assert.equal(posts.length, before + created, "the CLI sees every imported post");
    const first = posts.find((p) => p.slug === "first-post");
    assert.ok(first, "the Hugo post is there by its slug");
    await app.click("import-close");
    await app.s.waitFor(
      async () => (await app.s.execute("return document.querySelector('#posts-pane').textContent")).includes(first.title),
      "the posts list shows the imported posts",
    );
  });

  it("changes nothing when the same folder is imported again", async () => {
    await app.s.evaluate(`window.quire.checkImport([${JSON.stringify(site)}])`);
    const message = await app.text("import-message");
    assert.match(message, / 0 new, 0 updated, \d+ unchanged/);
    assert.equal(
      await app.s.execute("return document.querySelector('[data-testid=import-run]').hidden"),
      true,
      "nothing to import: no Import button",
    );
  });
});
