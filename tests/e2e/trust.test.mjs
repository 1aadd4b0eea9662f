// No lost work, with the window and the command line on one database, as
// editors use them: the window says "Saved" only when a separate `quire`
// process sees the edit, even after a native file dialog listed the
// database's own folder (which, run inside the app's process, made SQLite
// lose its locks and the next `quire` command delete the window's log); and
// what is pasted into the editor never brings in a character the core
// refuses.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, sleep, tempDir } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";
import * as x11 from "./x11.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");

/** Runs the `quire` command line on `db`; its stdout (throws when it fails). */
function quire(db, ...args) {
  return execFileSync(cli, ["--db", db, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const shown = (db, id) => JSON.parse(quire(db, "show", String(id), "--json"));

describe("No lost work: the window and the CLI on one database", () => {
  const dir = tempDir("trust");
  const db = join(dir, "quire.db");
  let driver;
  let app;

  before(async () => {
    assert.ok(existsSync(cli), `the quire CLI is built at ${cli} (run.sh builds it)`);
    driver = await Driver.start(db);
    app = await driver.launch();
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  it("keeps an edit saved after a file dialog listed the database's folder and the CLI ran", async () => {
    const id = await app.s.execute("return window.quire.openPostId()");
    // An editor once exported into the database's folder: the next dialog opens there.
    await app.click("export");
    await app.s.evaluate(`window.quire.exportPostTo(${JSON.stringify(join(dir, "first.html"))})`);
    // "Export this post…" shows the native Save dialog, listing that folder; the editor cancels.
    await app.click("export-post");
    const dialog = await x11.waitForWindow("^Export this post$");
    await sleep(1500); // the dialog lists the folder and looks into its files
    await x11.press(dialog, "Escape");
    await x11.waitGone("^Export this post$");
    assert.equal(await app.s.execute("return document.querySelector('[data-testid=export-dialog]').open"), true, "Esc in the native dialog left Quire's Export dialog open");
    await app.click("export-close");

    quire(db, "list"); // another process opens and closes the database

    await app.setValue("title", "Edited after the dialog");
    await app.waitSaved("the window says Saved");
    assert.equal(shown(db, id).title, "Edited after the dialog", "a separate quire process sees what the window says it saved");

    await app.setValue("summary", "A second edit, saved before the window closes.");
    await app.waitSaved();
    await app.quit();
    app = null;
    const after = shown(db, id);
    assert.equal(after.title, "Edited after the dialog", "the first edit survived the window closing");
    assert.equal(after.summary, "A second edit, saved before the window closes.", "and so did the second");
  });

  it("pastes text with control characters as the core accepts it", async () => {
    await app?.quit(); // the window of a test that failed half-way
    app = await driver.launch();
    await app.click("add-section");
    const body = await app.find("section-body", (await app.values("section-body")).length - 1);
    await app.s.click(body);
    await x11.setClipboard("From a terminal:\u001b[1mbold\u001b[0m\r\nnext line\u0007");
    await app.chord(["Control"], "v");
    await app.s.waitFor(
      async () => (await app.s.execute("return arguments[0].value", elementRef(body))) !== "",
      "the paste arrives",
    );
    const value = await app.s.execute("return arguments[0].value", elementRef(body));
    assert.equal(value, "From a terminal: [1mbold [0m\nnext line ", "control characters became spaces, CR LF a line feed");
    await app.waitSaved("the pasted text is accepted by the core and saved");
  });
});
