// A hand-picked related post that is still a draft is left out of "What to
// Read Next" — as the published page will — and the preview says so above
// the page instead of letting it vanish without a hint; once the post is
// published, the note goes and the post is listed.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, tempDir } from "./app.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");

describe("Preview: what the page leaves out is said", () => {
  const dir = tempDir("preview-notes");
  const db = join(dir, "quire.db");
  const quire = (...args) => execFileSync(cli, ["--db", db, ...args], { encoding: "utf8" });
  const put = (name, post) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(post));
    return JSON.parse(quire("put", file, "--json"));
  };
  let driver;
  let app;
  let target;

  before(async () => {
    target = put("target", {
      title: "Pruning in Winter",
      slug: "pruning-in-winter",
      summary: "When to cut.",
      status: "draft",
      sections: [{ heading: "Why", body: "Because." }],
      takeaways: [],
      tags: [],
      related: [],
    });
    put("main", {
      title: "The Gardener's Year",
      summary: "A year in the garden.",
      status: "draft",
      sections: [{ heading: "Spring", body: "Sow." }],
      takeaways: [],
      tags: [],
      related: ["pruning-in-winter"],
    });
    driver = await Driver.start(db);
    app = await driver.launch();
    await app.openFromList("The Gardener's Year");
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  const notes = () => app.s.execute("const n = document.querySelector('[data-testid=preview-notes]'); return n.hidden ? '' : n.textContent");
  const relatedInPage = () =>
    app.s.execute(
      "const d = document.querySelector('iframe[data-testid=preview]')?.contentDocument; return d ? d.body.textContent.includes('Pruning in Winter') : false",
    );

  it("says a hand-picked related draft is left out, until it is published", async () => {
    await app.s.waitFor(async () => (await notes()).includes("is a draft"), "the preview says the related post is a draft");
    const text = await notes();
    assert.match(text, /Pruning in Winter/, `the note names the post: ${text}`);
    assert.equal(await relatedInPage(), false, "the draft is not listed on the page, as the published page will not list it");

    target.status = "published";
    target.publish_at = "2026-01-01T09:00:00Z";
    put("target", target);
    // Any edit re-renders the preview.
    await app.setValue("summary", "A year in the garden, season by season.");
    await app.s.waitFor(async () => (await notes()) === "", "the note goes once the post is published");
    await app.s.waitFor(relatedInPage, "and the page lists it under What to Read Next");
  });
});
