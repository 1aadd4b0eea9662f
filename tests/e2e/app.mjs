// Starts the real quire-desktop binary under tauri-driver (which drives
// Debian's WebKitWebDriver) against a database of the test's own, and gives
// the tests a few steps in the editor's words.
//
// Needs an X display (run.sh wraps everything in xvfb-run) and:
//   QUIRE_DESKTOP_BIN  the built app (run.sh sets it; default target-desktop/debug)
//   TAURI_DRIVER       default ~/.cargo/bin/tauri-driver
//   E2E_PORT           tauri-driver's port (default 4444; WebKitWebDriver gets +1)

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after } from "node:test";
import { fileURLToPath } from "node:url";
import { Session, elementRef } from "./webdriver.mjs";

// Node 18 (Debian 12's) has no --test-force-exit: a test file whose tests
// are all done but that still holds a handle (seen in the fresh-Debian run:
// an app left behind by its driver) never exits, and the run stops at its
// time limit. The same by hand, for files run by `node --test`: once the
// file's tests and hooks are done, it exits a moment later if nothing else
// has ended it.
if (process.env.NODE_TEST_CONTEXT) {
  after(() => {
    setTimeout(() => process.exit(), 2000).unref();
  });
}

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const appBinary =
  process.env.QUIRE_DESKTOP_BIN || join(repo, "target-desktop", "debug", "quire-desktop");
const driverBinary = process.env.TAURI_DRIVER || join(homedir(), ".cargo", "bin", "tauri-driver");
const port = Number(process.env.E2E_PORT || 4444);
const base = `http://127.0.0.1:${port}`;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const tempDir = (name) => mkdtempSync(join(tmpdir(), `quire-e2e-${name}-`));

/** XDG data, config and cache folders of a fresh temporary home. */
function freshXdg() {
  const home = tempDir("xdg");
  return { XDG_DATA_HOME: join(home, "data"), XDG_CONFIG_HOME: join(home, "config"), XDG_CACHE_HOME: join(home, "cache") };
}

/** tauri-driver with QUIRE_DB in its environment, so every app it launches uses that database. */
export class Driver {
  static async start(dbPath) {
    if (!existsSync(appBinary)) throw new Error(`no app at ${appBinary}: build it (tests/e2e/run.sh does)`);
    for (const p of [port, port + 1]) {
      const busy = await fetch(`http://127.0.0.1:${p}/status`, { signal: AbortSignal.timeout(500) }).then(
        () => true,
        () => false,
      );
      if (busy) throw new Error(`port ${p} is taken by another WebDriver: stop it or set E2E_PORT`);
    }
    const child = spawn(driverBinary, ["--port", String(port), "--native-port", String(port + 1)], {
      // Its own XDG folders too: the window's saved state (localStorage: export
      // options, pane sizes; window size) starts empty on every run and lasts
      // across the app's restarts within it, as on a new machine.
      env: { ...process.env, QUIRE_DB: dbPath, ...freshXdg() },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const driver = new Driver(child);
    const stop = () => driver.stopNow();
    process.once("exit", stop);
    driver.unhook = () => process.off("exit", stop);
    const end = Date.now() + 20000;
    for (;;) {
      try {
        const res = await fetch(`${base}/status`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        /* not up yet */
      }
      if (child.exitCode !== null) throw new Error(`tauri-driver exited: ${stderr}`);
      if (Date.now() > end) throw new Error(`tauri-driver did not listen on ${port}: ${stderr}`);
      await sleep(100);
    }
    return driver;
  }

  constructor(child) {
    this.child = child;
  }

  /** Launches the app (a new WebDriver session) and waits until its first screen is drawn. */
  async launch() {
    let started = Date.now();
    let session;
    for (let attempt = 1; ; attempt++) {
      try {
        session = await Session.start(base, { "tauri:options": { application: appBinary } });
        break;
      } catch (e) {
        // Right after a previous app quits, the driver can drop the next connection once.
        if (attempt === 3 || e.name === "WebDriverError") throw e;
        await sleep(1000);
        started = Date.now();
      }
    }
    const app = new App(session, started);
    await session.setTimeouts({ script: 30000 });
    // The window remembers its size between runs (window-state): screenshots want the design size.
    await session.setWindowRect({ width: 1280, height: 800 }).catch(() => {});
    await session.waitFor(
      () => session.execute("return document.body.dataset.ready === 'true'"),
      "the window shows its post list and open post",
      { timeout: 30000 },
    );
    return app;
  }

  // SIGTERM, never SIGKILL: tauri-driver then stops WebKitWebDriver, which frees its port.
  stopNow() {
    if (this.child.exitCode === null) this.child.kill("SIGTERM");
  }

  async stop() {
    this.unhook();
    if (this.child.exitCode !== null) return;
    const gone = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    await Promise.race([gone, sleep(5000)]);
  }
}

/** One running app window, driven the way an editor would. */
export class App {
  constructor(session, startedAt) {
    this.s = session;
    this.startedAt = startedAt;
  }

  quit() {
    return this.s.quit();
  }

  find(testid, index = 0) {
    return this.s
      .findAll(`[data-testid="${testid}"]`)
      .then((all) => all[index] ?? Promise.reject(new Error(`no [data-testid=${testid}] #${index}`)));
  }

  async click(testid, index = 0) {
    return this.s.click(await this.find(testid, index));
  }

  async type(testid, text, index = 0) {
    const el = await this.find(testid, index);
    await this.s.click(el);
    return this.s.type(el, text);
  }

  /** Replaces a field's text through the DOM (WebDriver "clear" can drop WebKitWebDriver's connection). */
  async setValue(testid, value, index = 0) {
    const el = await this.find(testid, index);
    await this.s.execute(
      `const el = arguments[0]; el.focus(); el.value = arguments[1];
       el.dispatchEvent(new Event("input", { bubbles: true }));
       el.dispatchEvent(new Event("change", { bubbles: true }));`,
      elementRef(el),
      value,
    );
  }

  values(testid) {
    return this.s.execute(
      `return [...document.querySelectorAll('[data-testid="${testid}"]')].map((e) => e.value ?? e.textContent)`,
    );
  }

  text(testid) {
    return this.s.execute(`return document.querySelector('[data-testid="${testid}"]')?.textContent ?? null`);
  }

  /** The article the preview pane shows now (its text as written, before CSS casing), or "" before the first render. */
  previewText() {
    return this.s.execute(
      "const f = document.querySelector('iframe[data-testid=preview]'); return f && f.contentDocument && f.contentDocument.body ? f.contentDocument.body.textContent.replace(/\\s+/g, ' ') : ''",
    );
  }

  previewHeadings() {
    return this.s.execute(
      "const f = document.querySelector('iframe[data-testid=preview]'); return f && f.contentDocument ? [...f.contentDocument.querySelectorAll('h2')].map((h) => h.textContent.trim()) : []",
    );
  }

  listTitles() {
    return this.s.execute(
      "return [...document.querySelectorAll('[data-testid=post-list] .row-title')].map((e) => e.textContent)",
    );
  }

  async waitSaved(message = "the status says Saved") {
    return this.s.waitFor(
      async () => {
        const t = await this.text("save-state");
        return t && t.startsWith("Saved") ? t : false;
      },
      message,
      { timeout: 15000 },
    );
  }

  async openFromList(title) {
    // The list redraws (and reorders) after saves, so a click by coordinates could land
    // on a row that just moved: find the row and click it in one script.
    await this.s.waitFor(
      () =>
        this.s.execute(
          `const row = [...document.querySelectorAll('[data-testid=post-list] button.post-row')]
             .find((b) => b.querySelector('.row-title').textContent === arguments[0]);
           if (row) row.click();
           return Boolean(row);`,
          title,
        ),
      `“${title}” is in the post list (${JSON.stringify(await this.listTitles())})`,
    );
    await this.s.waitFor(
      async () => (await this.s.execute("return document.querySelector('[data-testid=title]').value")) === title,
      `the editor opens “${title}”`,
    );
  }

  /** Presses keys with modifiers held, e.g. chord(["Alt"], "ArrowUp"). */
  chord(modifiers, key) {
    const codes = { Alt: "\uE00A", Control: "\uE009", Shift: "\uE008", ArrowUp: "\uE013", ArrowDown: "\uE015" };
    const seq = [...modifiers, key].map((k) => codes[k] || k);
    const actions = [
      ...seq.map((value) => ({ type: "keyDown", value })),
      ...seq.reverse().map((value) => ({ type: "keyUp", value })),
    ];
    return this.s
      .cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] })
      .then(() => this.s.cmd("DELETE", "/actions"));
  }

  async screenshot(path) {
    const { mkdirSync, writeFileSync } = await import("node:fs");
    await sleep(400); // let the last change paint
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await this.s.screenshot());
  }
}

export { repo };
