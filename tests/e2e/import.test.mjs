// Import, as an editor brings a blog in: the Import button opens the
// dialog, whose button opens the native folder dialog (cancelled here: GTK
// picks up a typed folder or not depending on timing, so the test runs the
// step the button runs after it, as the export tests do); the folder is
// looked at first — a dry run that lists every post and what would happen
// to it, the malformed file named by line, the remote image listed — and
// nothing is written until "Import N posts"; then the posts are in the
// list and the `quire` CLI on the same database sees them. A second import
// changes nothing.

import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, sleep, tempDir } from "./app.mjs";
import * as x11 from "./x11.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");

/** Waits for the native folder dialog titled `title`, then closes it with Escape, as a user who changes their mind. */
async function cancelFolderDialog(title) {
  const dialog = await x11.waitForWindow(`^${title}$`);
  await sleep(300);
  await x11.press(dialog, "Escape");
  await x11.waitGone(`^${title}$`, 10000);
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
    // The button opens the native folder dialog (in its own process); a
    // folder typed into GTK's chooser is picked up or not depending on how
    // fast GTK looks the path up, so the test closes it and goes on with
    // the step the button runs after the dialog (`checkImport`), as the
    // export tests do.
    await app.click("import-folder");
    await cancelFolderDialog("Import the blog in this folder");
    assert.equal(await app.text("import-message"), "", "a cancelled dialog imports nothing");
    await app.s.evaluate(`window.quire.checkImport([${JSON.stringify(site)}])`);
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
