// History shows what changed before restoring (editor.test.mjs covers the
// plain list-and-restore): a post edited over a few saves lists each
// revision with its change count against the draft; choosing the oldest
// shows the word-level diff of the right sections — the replaced words in
// <del>, their replacements in <ins>, said in words for screen readers —
// unchanged sections only counted, and "Restore" under the diff brings the
// old text back.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, tempDir } from "./app.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");
const TITLE = "Measuring the river";
const METHOD = "We measured the river at dawn with a ruler.";
const ENDING = "Short ending.";

describe("History: what changed since a revision", () => {
  const dir = tempDir("history");
  const db = join(dir, "quire.db");
  const quire = (args, input) =>
    execFileSync(cli, ["--db", db, ...args], { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  let driver;
  let app;

  before(async () => {
    quire(
      ["put", "-", "--json"],
      JSON.stringify({
        title: TITLE,
        summary: "How we measured it.",
        status: "draft",
        sections: [
          { heading: "Intro", body: "The first draft of the opening." },
          { heading: "Method", body: METHOD },
          { heading: "End", body: ENDING },
        ],
      }),
    );
    driver = await Driver.start(db);
    app = await driver.launch();
    await app.openFromList(TITLE);
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  const diffSection = (after) =>
    app.s.execute(
      `const el = document.querySelector('[data-testid=diff-section][data-after="' + arguments[0] + '"]');
       if (!el) return null;
       return {
         title: el.querySelector('h4').textContent,
         ins: [...el.querySelectorAll('ins')].map((e) => e.textContent),
         del: [...el.querySelectorAll('del')].map((e) => e.textContent),
         said: [...el.querySelectorAll('.visually-hidden')].map((e) => e.textContent.trim()),
       };`,
      after,
    );

  it("lists each revision with what changed since, and shows the word diff of the right sections", async () => {
    await app.setValue("section-body", "We measured the river at noon with a laser.", 1);
    await app.waitSaved("the first edit is saved");
    await app.setValue("section-body", "Short ending, revised.", 2);
    await app.waitSaved("the second edit is saved");

    await app.click("history-button");
    await app.s.waitFor(async () => (await app.s.findAll("[data-testid=revision]")).length === 3, "three revisions");
    const summaries = () =>
      app.s.execute(
        "return [...document.querySelectorAll('[data-testid=revision]')].map((li) => li.querySelector('[data-testid=revision-changes]').textContent)",
      );
    await app.s.waitFor(async () => (await summaries()).every(Boolean), "each row says what changed since");
    assert.deepEqual(await summaries(), [
      "Same as the draft",
      "Since: +1 −0 words, 1 section changed",
      "Since: +3 −2 words, 2 sections changed",
    ]);

    const rows = await app.s.findAll("[data-testid=revision] button");
    await app.s.click(rows[2]); // the oldest: before both edits
    await app.s.waitFor(() => diffSection(1), "the diff shows the Method section");
    assert.deepEqual(await diffSection(1), {
      title: "Section 2 — changed",
      ins: ["noon", "laser"],
      del: ["dawn", "ruler"],
      said: ["removed:", "(end)", "added:", "(end)", "removed:", "(end)", "added:", "(end)"],
    });
    const ending = await diffSection(2);
    assert.deepEqual([ending.ins, ending.del], [[", revised"], []]);
    assert.equal(await diffSection(0), null, "the unchanged Intro is not shown as changed");
    assert.equal(
      await app.s.execute("return document.querySelector('[data-testid=history-diff] .diff-same').textContent"),
      "1 section unchanged.",
    );
    assert.equal(await app.text("diff-summary"), "+3 −2 words, 2 sections changed");
    // The diff's text is the text: nothing of it is markup.
    assert.equal(
      await app.s.execute(
        "return [...document.querySelectorAll('[data-testid=diff-section][data-after=\"1\"] .diff-text')].map((e) => e.textContent.replace(/ ?(added|removed): | \\(end\\) /g, '')).join('')",
      ),
      "We measured the river at dawnnoon with a rulerlaser.",
    );
    await app.s.waitFor(
      async () => (await app.previewText()).includes("at dawn with a ruler"),
      "the preview shows the chosen revision",
    );
    if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "history-diff.png"));
  });

  it("restores the chosen revision from under its diff", async () => {
    const below = await app.s.execute(
      "const d = document.querySelector('[data-testid=history-diff]'); const r = d.querySelector('[data-testid=restore-revision]'); return Boolean(r) && r.getBoundingClientRect().top > d.querySelector('.diff').getBoundingClientRect().top",
    );
    assert.ok(below, "Restore sits under the diff");
    await app.click("restore-revision");
    await app.s.waitFor(
      async () => (await app.values("section-body"))[1] === METHOD,
      "the Method section's old text is back in the editor",
    );
    assert.equal((await app.values("section-body"))[2], ENDING);
    assert.ok(await app.s.execute("return document.querySelector('[data-testid=history]').hidden"), "History closes after a restore");
  });
});
