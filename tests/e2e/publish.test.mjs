// Publish, as an editor whose blog lives in a Git repository: a bare
// repository stands for GitHub (no network), the owner's Hugo site in it;
// the editor's clone is set as the site repository (through the step the
// "Choose the site's folder…" button runs after its native dialog, which
// WebDriver cannot drive). The Publish dialog lists the published post to
// add; Publish makes one commit with the post's file and pushes it, the
// owner's hugo.toml untouched. A colleague then changes that file in a
// clone of their own and pushes; Pull in the window takes it in and the
// editor shows the new text. The same post then changed on both sides: the
// pull keeps both versions and the dialog lists the conflict until the post
// is saved again. Real git, real binaries, real window.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, repo, tempDir } from "./app.mjs";

const cli = process.env.QUIRE_CLI_BIN || join(repo, "target", "debug", "quire");

const HUGO_TOML = "baseURL = 'https://example.org/'\ntitle = 'Owner'\n";
const POST = {
  title: "Harbour lights",
  summary: "What the harbour looks like at night.",
  status: "published",
  sections: [{ heading: "Evening", body: "The lights come on one by one." }],
  takeaways: [],
};

describe("Publish: the site's Git repository from the window", () => {
  const dir = tempDir("publish");
  const db = join(dir, "quire.db");
  const remote = join(dir, "remote.git");
  const mine = join(dir, "mine");
  const theirs = join(dir, "theirs");
  // Git with a configuration and identity of the test's own (the app,
  // started by tauri-driver, inherits them): no machine settings.
  writeFileSync(join(dir, "gitconfig"), "[init]\n\tdefaultBranch = main\n");
  const gitEnv = {
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: join(dir, "gitconfig"),
    GIT_AUTHOR_NAME: "Owner",
    GIT_AUTHOR_EMAIL: "owner@example.org",
    GIT_COMMITTER_NAME: "Owner",
    GIT_COMMITTER_EMAIL: "owner@example.org",
    GIT_TERMINAL_PROMPT: "0",
  };
  const git = (cwd, ...args) =>
    execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...gitEnv, HOME: dir },
    });
  const quire = (args, input) =>
    execFileSync(cli, ["--db", db, ...args], {
      encoding: "utf8",
      input,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, ...gitEnv },
    });
  let driver;
  let app;
  let id;
  let postFile;

  before(async () => {
    git(dir, "init", "--quiet", "--bare", "-b", "main", "remote.git");
    git(dir, "clone", "--quiet", "remote.git", "seed");
    writeFileSync(join(dir, "seed", "hugo.toml"), HUGO_TOML);
    git(join(dir, "seed"), "add", ".");
    git(join(dir, "seed"), "commit", "--quiet", "-m", "The owner's site");
    git(join(dir, "seed"), "push", "--quiet", "origin", "main");
    git(dir, "clone", "--quiet", "remote.git", "mine");
    id = JSON.parse(quire(["put", "-", "--json"], JSON.stringify(POST))).id;
    Object.assign(process.env, gitEnv);
    driver = await Driver.start(db);
    app = await driver.launch();
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
  });

  it("lists the post to add, publishes it in one commit and pushes it", async () => {
    await app.click("publish");
    await app.s.waitFor(
      async () => (await app.s.execute("return !document.querySelector('[data-testid=publish-setup]').hidden")),
      "with no repository set, the dialog offers to choose the site's folder",
    );
    assert.match(await app.text("publish-setup"), /No site repository yet/);
    assert.equal(await app.text("publish-choose"), "Choose the site's folder…");
    if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "publish-setup.png"));
    const settings = await app.s.evaluate(`window.quire.publishInit(${JSON.stringify(mine)}, "hugo")`);
    assert.equal(settings.content, "content/posts");
    await app.s.waitFor(
      () =>
        app.s.execute(
          "return [...document.querySelectorAll('[data-testid=publish-changes] li[data-kind=added]')].some((li) => li.textContent.includes(arguments[0]))",
          POST.title,
        ),
      "the dialog lists the published post as one to add",
    );
    assert.match(await app.text("publish-repo"), new RegExp(mine.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    assert.match(await app.text("publish-sync"), /^Branch main: 0 ahead, 0 behind origin\/main/);
    const message = (await app.values("publish-commit-message"))[0];
    assert.match(message, /^Publish from Quire: \d+ added/);
    assert.ok(message.includes(`- ${POST.title}`), `the message the core would write names the post: ${message}`);

    if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "publish-plan.png"));
    await app.click("publish-run");
    const result = await app.s.waitFor(
      async () => {
        const t = await app.text("publish-result");
        return t && !t.startsWith("Publishing") ? t : false;
      },
      "the publish's result",
      { timeout: 30000 },
    );
    assert.match(result, /^Published: commit [0-9a-f]{12} \(\d+ added\), pushed\./);
    if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "publish.png"));

    const subjects = git(dir, "--git-dir", remote, "log", "--format=%s", "main").trim().split("\n");
    assert.equal(subjects.length, 2, `the owner's commit and one publish commit: ${subjects}`);
    assert.match(subjects[0], /^Publish from Quire: \d+ added/);
    const files = git(dir, "--git-dir", remote, "show", "--name-only", "--format=", "main").trim().split("\n");
    postFile = files.find((f) => f.startsWith("content/posts/") && f.includes("harbour-lights"));
    assert.ok(postFile, `the commit holds the post's file: ${files}`);
    assert.ok(!files.includes("hugo.toml"), "the owner's hugo.toml is not in the commit");
    assert.equal(git(dir, "--git-dir", remote, "show", "main:hugo.toml"), HUGO_TOML, "hugo.toml untouched");
    assert.equal(readFileSync(join(mine, "hugo.toml"), "utf8"), HUGO_TOML);
    assert.match(git(dir, "--git-dir", remote, "show", `main:${postFile}`), /The lights come on one by one\./);
    assert.match(await app.text("publish-changes"), /Nothing new to publish/);
  });

  it("pulls a colleague's change to the post and the editor shows it", async () => {
    git(dir, "clone", "--quiet", "remote.git", "theirs");
    const path = join(theirs, postFile);
    const text = readFileSync(path, "utf8");
    assert.ok(text.includes("The lights come on one by one."));
    writeFileSync(path, text.replace("The lights come on one by one.", "The lights come on all at once."));
    git(theirs, "commit", "--quiet", "-am", "A colleague's edit");
    git(theirs, "push", "--quiet", "origin", "main");

    await app.click("publish-close");
    await app.openFromList(POST.title);
    await app.click("publish");
    await app.click("publish-pull");
    const result = await app.s.waitFor(
      async () => {
        const t = await app.text("publish-result");
        return t && !t.startsWith("Pulling") && t !== "" ? t : false;
      },
      "the pull's result",
      { timeout: 30000 },
    );
    assert.match(result, /^Pulled [0-9a-f]{12}\.\.[0-9a-f]{12}: 1 post taken in\./);
    assert.match(await app.text("publish-taken"), /updated/);
    await app.click("publish-close");
    await app.s.waitFor(
      () =>
        app.s.execute(
          "return [...document.querySelectorAll('[data-role=body]')].some((b) => b.value.includes('all at once'))",
        ),
      "the editor shows the colleague's text",
    );
    const shown = JSON.parse(quire(["show", String(id), "--json"]));
    assert.ok(
      shown.sections.some((s) => s.body.includes("The lights come on all at once.")),
      "the database holds the colleague's text as the post's current revision",
    );
  });

  it("keeps both versions of a post changed here and in the repository, and lists the conflict", async () => {
    // The colleague changes the post again and pushes…
    const path = join(theirs, postFile);
    writeFileSync(path, readFileSync(path, "utf8").replace("The lights come on all at once.", "The lights come on in a slow wave."));
    git(theirs, "commit", "--quiet", "-am", "A colleague's second edit");
    git(theirs, "push", "--quiet", "origin", "main");
    // …while the editor, not yet pulled, changes the same paragraph in the window.
    const mineText = "The lights come on all at once. The harbour master counts them.";
    await app.setValue("section-body", mineText, 0);
    await app.waitSaved("the editor's change is saved");

    await app.click("publish");
    await app.click("publish-pull");
    await app.s.waitFor(
      async () => {
        const t = await app.text("publish-result");
        return t && !t.startsWith("Pulling") ? t : false;
      },
      "the pull's result",
      { timeout: 30000 },
    );
    const status = JSON.parse(quire(["publish", "status", "--json"]));
    assert.equal(status.conflicts.length, 1, `one conflict: ${JSON.stringify(status.conflicts)}`);
    const conflict = status.conflicts[0];
    assert.equal(conflict.post_id, id);
    const shown = await app.s.waitFor(
      () =>
        app.s.execute(
          `const part = document.querySelector("[data-testid=publish-conflicts]");
           const li = part.querySelector("li[data-post-id='" + arguments[0] + "']");
           return li && part.offsetParent !== null ? li.textContent : false;`,
          id,
        ),
      "the dialog lists the conflict",
    );
    assert.ok(shown.startsWith(POST.title), `the conflict names the post: ${shown}`);
    assert.ok(
      shown.includes(`Theirs is revision ${conflict.theirs}, yours revision ${conflict.mine}`),
      `the conflict says where each version is: ${shown}`,
    );
    if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "publish-conflict.png"));

    // The repository's version is the current one (the editor shows it); the editor's own is kept, one revision back.
    await app.click("publish-close");
    await app.s.waitFor(
      () => app.s.execute("return [...document.querySelectorAll('[data-role=body]')].some((b) => b.value.includes('slow wave'))"),
      "the editor shows the repository's version",
    );
    quire(["revert", String(id), String(conflict.mine)]);
    const reverted = JSON.parse(quire(["show", String(id), "--json"]));
    assert.ok(
      reverted.sections.some((sec) => sec.body === mineText),
      "the editor's own version was kept and comes back whole",
    );
    // Saved since the pull: the conflict is resolved and leaves the list.
    assert.equal(JSON.parse(quire(["publish", "status", "--json"])).conflicts.length, 0);
    await app.click("publish");
    await app.s.waitFor(
      () => app.s.execute("return document.querySelector('[data-testid=publish-conflicts]').offsetParent === null"),
      "no conflict is listed once the post is saved again",
    );
    await app.click("publish-close");
  });

  it("says what to fix when the remote refuses the credentials", async () => {
    // An HTTPS-like remote that asks for a password: git (prompts off, no
    // credential helper in the test's config) cannot answer it.
    const server = createServer((req, res) => {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="site"' });
      res.end();
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    try {
      git(mine, "remote", "set-url", "origin", `http://127.0.0.1:${server.address().port}/site.git`);
      await app.click("publish");
      await app.click("publish-pull");
      await app.s.waitFor(
        () => app.s.execute("return document.querySelector('[data-testid=publish-result]').dataset.error || false"),
        "the pull's failure",
        { timeout: 30000 },
      );
      assert.equal(
        await app.s.execute("return document.querySelector('[data-testid=publish-result]').dataset.error"),
        "git_auth",
      );
      const text = await app.text("publish-result");
      assert.match(text, /^Pulling failed: the remote `origin` refused the credentials/);
      assert.match(text, /stores no password/, "the message says what to fix");
      if (process.env.E2E_SCREENSHOTS) await app.screenshot(join(process.env.E2E_SCREENSHOTS, "publish-auth.png"));
    } finally {
      server.close();
    }
  });
});
