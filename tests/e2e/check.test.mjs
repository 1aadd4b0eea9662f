// The pre-publish check panel in the real window: a post with a 712-
// character summary, a 70-character title, an empty section, an image
// without alt text loaded from another site, a link to a draft and a link
// to another site. The Check button lists every finding grouped by
// severity, the other sites named; each "Go to" puts the caret in the field
// concerned; fixing the summary in the editor drops its finding while the
// panel stays open; switching the status to Published shows the count in
// the top bar with a way to the panel; History and the check take turns.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, tempDir } from "./app.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");
const TITLE = "Seventy characters of title, which is more than a search result shows!";
const SUMMARY = "A summary that runs on far past what a search result shows. ".repeat(12).slice(0, 712);

describe("Check: the pre-publish panel", () => {
  const dir = tempDir("check");
  const db = join(dir, "quire.db");
  const quire = (args, input) =>
    execFileSync(cli, ["--db", db, ...args], { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  const put = (post) => JSON.parse(quire(["put", "-", "--json"], JSON.stringify(post)));
  let driver;
  let app;

  before(async () => {
    assert.equal(TITLE.length, 70);
    assert.equal(SUMMARY.length, 712);
    const draft = put({ title: "Unfinished notes", status: "draft", sections: [{ heading: "Ideas", body: "Later." }] });
    put({
      title: TITLE,
      summary: SUMMARY,
      status: "draft",
      sections: [
        {
          heading: "Opening",
          body: `Read [my notes](quire:post/${draft.id}) first.\n\n![](https://images.example.com/cat.jpg)`,
        },
        { heading: "Empty part", body: "" },
        { heading: "Closing", body: "More in [the guide](https://docs.example.org/guide)." },
      ],
    });
    driver = await Driver.start(db);
    app = await driver.launch();
    await app.openFromList(TITLE);
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  const findings = () =>
    app.s.execute(
      `return [...document.querySelectorAll('[data-testid=check-finding]')].map((li) => ({
         rule: li.dataset.rule,
         severity: li.dataset.severity,
         group: li.closest('section').dataset.testid,
         text: li.querySelector('.check-message').textContent,
         target: li.querySelector('[data-testid=check-goto]')?.dataset.target ?? null,
       }))`,
    );
  const panelOpen = () => app.s.execute("return !document.getElementById('check-panel').hidden");

  it("lists every finding, grouped by severity, the other sites named", async () => {
    await app.click("check-button");
    await app.s.waitFor(async () => (await findings()).length >= 7, "the panel lists the findings");
    assert.equal(await app.s.execute("return document.getElementById('check-button').getAttribute('aria-pressed')"), "true");
    const list = await findings();
    const rules = list.map((f) => f.rule).sort();
    assert.deepEqual(rules, ["empty_section", "external", "external", "image_alt", "linked_post", "summary_length", "title_length"]);
    const of = (rule) => list.filter((f) => f.rule === rule);
    assert.match(of("summary_length")[0].text, /712 characters/);
    assert.match(of("title_length")[0].text, /70 characters/);
    assert.match(of("linked_post")[0].text, /Unfinished notes.*draft/);
    assert.match(of("empty_section")[0].text, /Empty part/);
    assert.match(of("image_alt")[0].text, /images\.example\.com\/cat\.jpg/);
    const hosts = of("external").map((f) => f.text).join(" ");
    assert.match(hosts, /images\.example\.com/, "the page loads an image from there");
    assert.match(hosts, /docs\.example\.org/, "the page links there");
    for (const f of list) {
      assert.equal(f.group, `check-group-${f.severity}`, `${f.rule} sits under its severity`);
    }
    assert.ok(of("external").every((f) => f.severity === "info"));
    assert.deepEqual(
      Object.fromEntries(list.filter((f) => f.rule !== "external").map((f) => [f.rule, f.target])),
      {
        title_length: "title",
        summary_length: "summary",
        image_alt: "section-body-0",
        linked_post: "section-body-0",
        empty_section: "section-body-1",
      },
    );
    if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "check-panel.png"));
  });

  it("“Go to” puts the caret in the field concerned", async () => {
    for (const [rule, id] of [
      ["summary_length", "summary"],
      ["empty_section", "section-body-1"],
      ["title_length", "title"],
      ["image_alt", "section-body-0"],
    ]) {
      await app.s.execute(
        "document.querySelector(`[data-testid=check-finding][data-rule=${arguments[0]}] [data-testid=check-goto]`).click()",
        rule,
      );
      await app.s.waitFor(
        async () => (await app.s.execute("return document.activeElement?.id")) === id,
        `Go to on ${rule} focuses #${id}`,
      );
    }
    assert.ok(await panelOpen(), "the panel stays open");
  });

  it("drops the summary's finding once it is fixed, while open", async () => {
    await app.setValue("summary", "A summary of the right length for a search result: it says what the post is about, why it matters, and who should read it today.");
    await app.s.waitFor(
      async () => !(await findings()).some((f) => f.rule === "summary_length"),
      "the summary finding disappears",
    );
    assert.ok(await panelOpen(), "the panel is still open");
    assert.ok((await findings()).some((f) => f.rule === "title_length"), "the rest stay");
  });

  it("shows the count in the top bar when the status is set to Published", async () => {
    await app.click("check-button"); // close it: the reminder is for when it is not open
    await app.s.waitFor(async () => !(await panelOpen()), "the panel closes");
    await app.setValue("status", "published");
    await app.s.waitFor(
      async () => /finds \d+ warnings? and \d+ notes?/.test((await app.text("check-hint")) || ""),
      "the top bar says how many findings there are",
    );
    await app.click("check-summary-open");
    await app.s.waitFor(panelOpen, "its button opens the panel");
    assert.ok(await app.s.execute("return document.getElementById('check-hint').hidden"), "the reminder goes once the panel is open");
  });

  it("says what it finds in the Export dialog, before the post goes out", async () => {
    await app.click("check-button");
    await app.s.waitFor(async () => !(await panelOpen()), "the panel closes");
    await app.click("export");
    await app.s.waitFor(
      async () =>
        /finds \d+ warnings? and \d+ notes?/.test(
          (await app.s.execute("return document.querySelector('[data-testid=export-dialog] [data-testid=check-summary]')?.textContent")) || "",
        ),
      "the Export dialog says how many findings there are",
    );
    assert.equal(
      await app.s.execute("return document.querySelector('[data-testid=export-post]').disabled"),
      false,
      "and never blocks the export",
    );
    await app.s.execute("document.querySelector('[data-testid=export-dialog] [data-testid=check-summary-open]').click()");
    await app.s.waitFor(panelOpen, "its button opens the panel");
    assert.equal(await app.s.execute("return document.querySelector('[data-testid=export-dialog]').open"), false, "and closes the dialog");
  });

  it("takes turns with History", async () => {
    await app.click("history-button");
    await app.s.waitFor(() => app.s.execute("return !document.getElementById('history-panel').hidden"), "History opens");
    assert.equal(await panelOpen(), false, "opening History closes the check");
    await app.click("check-button");
    await app.s.waitFor(panelOpen, "the check opens");
    assert.ok(await app.s.execute("return document.getElementById('history-panel').hidden"), "and closes History");
  });
});
