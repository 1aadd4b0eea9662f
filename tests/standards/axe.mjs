#!/usr/bin/env node
// Checks exported HTML pages for accessibility with axe-core (npm package
// axe-core), run in a real engine: Debian's headless Chromium, driven by
// chromedriver through the small W3C WebDriver client of tests/e2e.
//
//   node tests/standards/axe.mjs FILE_OR_DIR...
//
// One chromedriver on a free port, one browser session for all pages, each
// loaded as a file:// URL. Prints each violation as
// `path: rule-id (impact): help — target selectors`. Exit 0: none; 1: some;
// 2: the check could not be done (no chromium/chromedriver, no axe-core:
// `npm ci` here, a crash). CHROMIUM and CHROMEDRIVER override the binaries.

import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Session } from "../e2e/webdriver.mjs";
import { fail, htmlFiles, shown } from "./files.mjs";

const here = dirname(fileURLToPath(import.meta.url));

// WCAG 2.0/2.1 A and AA are the standard. best-practice is in as well: its
// rules (landmark-unique, region, landmark-one-main, page-has-heading-one,
// heading-order, empty-heading...) are exactly what a page template gets
// wrong, e.g. two <nav>s that a screen reader cannot tell apart. None fires
// on a page laid out as Quire's are (header, main, footer, one h1); region
// and landmark-one-main do fire on a page with no landmarks at all, valid
// HTML though it is. A rule that proves noisy is better turned off by id
// (`rules: { id: { enabled: false } }`) than the whole tag.
const OPTIONS = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  resultTypes: ["violations"],
};

// Chromium's flags on a closed network: without the background-networking
// ones it keeps trying (and failing) to reach Google's hosts.
const CHROME_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--window-size=1280,1024",
];

/** `name` itself if it is a path, else its first match in PATH; null if not executable. */
function which(name) {
  for (const p of name.includes("/") ? [name] : (process.env.PATH || "").split(":").map((d) => join(d, name))) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

const freePort = () =>
  new Promise((ok, ko) => {
    const srv = createServer().once("error", ko);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });

const files = htmlFiles(process.argv.slice(2), "usage: axe.mjs FILE_OR_DIR...");
const chromium = which(process.env.CHROMIUM || "chromium");
const chromedriver = which(process.env.CHROMEDRIVER || "chromedriver");
if (!chromium || !chromedriver) {
  fail("axe: chromium or chromedriver not found (Debian: chromium chromium-driver; or set CHROMIUM, CHROMEDRIVER)");
}
let axeSource;
try {
  axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
} catch {
  fail(`axe: no axe-core: run \`npm ci\` in ${here}`);
}

// chromedriver gets its own process group, so that killing the group also
// ends the Chromium it started, whatever way this script ends.
const profile = mkdtempSync(join(tmpdir(), "quire-axe-"));
let driver;
process.on("exit", () => {
  try {
    process.kill(-driver.pid, "SIGKILL");
  } catch {}
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  } catch {}
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => process.exit(2));

/** Loads one page, injects axe-core and returns its violations, trimmed to what is printed. */
async function check(session, file) {
  await session.navigate(pathToFileURL(file).href);
  await session.execute(axeSource);
  return session.evaluate(
    `axe.run(document, ${JSON.stringify(OPTIONS)}).then((r) => r.violations.map((v) => ({
       id: v.id, impact: v.impact, help: v.help,
       targets: v.nodes.map((n) => n.target.map((t) => [].concat(t).join(" >>> ")).join(" ")),
     })))`,
  );
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  driver = spawn(chromedriver, [`--port=${port}`], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let driverLog = "";
  driver.stderr.on("data", (d) => (driverLog += d));
  driver.on("error", (e) => (driverLog += e.message)); // then "did not start" below
  for (const end = Date.now() + 20000; ; await new Promise((r) => setTimeout(r, 100))) {
    const ready = await fetch(`${base}/status`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.json()).then((b) => b.value?.ready, () => false);
    if (ready) break;
    if (driver.exitCode !== null || Date.now() > end) throw new Error(`chromedriver did not start: ${driverLog}`);
  }
  const session = await Session.start(base, {
    browserName: "chrome",
    "goog:chromeOptions": { binary: chromium, args: [...CHROME_ARGS, `--user-data-dir=${profile}`] },
  });
  let count = 0;
  try {
    await session.setTimeouts({ script: 120000, pageLoad: 60000 });
    for (const file of files) {
      const violations = await check(session, file).catch((e) => {
        throw new Error(`${shown(file)}: ${e.message}`);
      });
      for (const v of violations) {
        count++;
        console.log(`${shown(file)}: ${v.id} (${v.impact}): ${v.help} — ${v.targets.join(", ")}`);
      }
    }
  } finally {
    await session.quit();
  }
  console.error(`axe: ${files.length} page(s), ${count} violation(s)`);
  return count ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`axe: ${e.message}`);
    process.exit(2);
  },
);
