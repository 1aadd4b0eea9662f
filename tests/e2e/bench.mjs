// Desktop benchmark in the real app (not a test: it prints figures).
//   xvfb-run -a -s "-screen 0 1440x900x24" node tests/e2e/bench.mjs
//   (or tests/e2e/run.sh --bench)
// Measures: cold start to the post list drawn; preview refresh for a
// 10,000-word post (input event → new page painted in the iframe); idle RSS
// of quire-desktop plus its WebKit processes.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Driver, tempDir, sleep, appBinary } from "./app.mjs";

const RUNS = Number(process.env.BENCH_RUNS || 7);
const EDITS = Number(process.env.BENCH_EDITS || 25);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${ms.toFixed(0)} ms`;

const driver = await Driver.start(join(tempDir("bench"), "quire.db"));
try {
  // 1. Cold start: from asking for a window to the post list drawn (includes WebDriver's own start-up).
  const starts = [];
  const toDocument = [];
  const fromExec = [];
  let sampleRss = [];
  const inPage = [];
  const modules = [];
  for (let i = 0; i < RUNS; i++) {
    const app = await driver.launch();
    const b = await app.s.execute("return window.quireBench");
    const listAt = b.timeOrigin + b.listVisible; // epoch ms, in the webview's clock (= this machine's)
    starts.push(listAt - app.startedAt);
    toDocument.push(b.timeOrigin - app.startedAt);
    const exec = processStart(driver.child.pid, "quire-desktop");
    if (exec) fromExec.push(listAt - exec);
    if (i === RUNS - 1) {
      await sleep(3000);
      sampleRss = memoryOf(driver.child.pid);
    }
    inPage.push(b.listVisible);
    modules.push(b.modulesLoaded);
    await app.quit();
    await sleep(300);
  }

  // 2. Preview refresh for a 10,000-word post.
  const app = await driver.launch();
  const words = "editors plan sections before prose because readers finish posts that keep one promise per part".split(" ");
  const sections = Array.from({ length: 20 }, (_, s) => ({
    heading: `Part ${s + 1}`,
    body: Array.from({ length: 5 }, (_, p) =>
      Array.from({ length: 100 }, (_, w) => words[(s * 7 + p * 3 + w) % words.length]).join(" ") + ".",
    ).join("\n\n"),
  }));
  const created = await app.s.evaluate(`window.__TAURI__.core.invoke("create_post", { post: {
      title: "Ten Thousand Words", summary: "A long post to time the preview with.", sections: ${JSON.stringify(sections)},
      takeaways: [], tags: [], related: [] } })`);
  await app.quit();
  const big = await driver.launch(); // startup opens the most recently updated post: this one
  const opened = await big.s.execute("return document.querySelector('[data-testid=title]').value");
  if (opened !== created.title) throw new Error(`expected the long post to open, got ${opened}`);
  const stats = await big.text("stats");
  const body = await big.find("section-body", 0);
  await big.s.click(body);
  const refresh = [];
  const typed = [];
  const parts = { core: [], load: [], layout: [], paint: [] };
  for (let i = 0; i < EDITS; i++) {
    const before = await big.s.execute("return window.quireBench.preview.length");
    await big.s.type(body, "x");
    await big.s.waitFor(
      () => big.s.execute("return window.quireBench.preview.length > arguments[0]", before),
      "the preview refreshes",
    );
    const p = await big.s.execute("return window.quireBench.preview.at(-1)");
    refresh.push(p.painted - p.started);
    parts.core.push(p.rendered - p.started);
    parts.load.push(p.loaded - p.rendered);
    parts.layout.push((p.laidOut ?? p.loaded) - p.loaded);
    parts.paint.push(p.painted - (p.laidOut ?? p.loaded));
    typed.push(p.painted - p.typed);
    await sleep(250);
  }
  const bytes = await big.s.execute("return window.quireBench.preview.at(-1).bytes");
  // The same wait with nothing changed: how long this machine's frame clock takes to tick.
  const idleFrame = [];
  for (let i = 0; i < EDITS; i++) {
    idleFrame.push(
      await big.s.executeAsync("const done = arguments[0]; const t = performance.now(); requestAnimationFrame(() => done(performance.now() - t))"),
    );
    await sleep(100);
  }

  // 3. Idle memory: the app and the WebKit processes it started.
  await sleep(3000);
  const rss = memoryOf(driver.child.pid);
  await big.quit();

  console.log(`# Desktop benchmark (${new Date().toISOString()})`);
  console.log(`app: ${appBinary}`);
  console.log(`cold start, quire-desktop process exec → post list drawn: median ${fmt(median(fromExec))} over ${fromExec.length} launches (min ${fmt(Math.min(...fromExec))}, max ${fmt(Math.max(...fromExec))}; 10 ms clock-tick resolution)`);
  console.log(`cold start incl. the WebDriver session (new-session request → post list drawn): median ${fmt(median(starts))}; of which before the page began loading: median ${fmt(median(toDocument))}; in the page: modules loaded at ${fmt(median(modules))}, list drawn at ${fmt(median(inPage))}`);
  console.log(`preview refresh, 10,000-word post (${stats}; ${(bytes / 1024).toFixed(0)} KiB of HTML): render+load+paint median ${fmt(median(refresh))} (min ${fmt(Math.min(...refresh))}, max ${fmt(Math.max(...refresh))}) over ${EDITS} edits (render_preview call ${fmt(median(parts.core))}, patching the page ${fmt(median(parts.load))}, layout ${fmt(median(parts.layout))}, then waiting for the next frame ${fmt(median(parts.paint))}); without that wait: median ${fmt(median(refresh.map((r, i) => r - parts.paint[i])))}; the next frame with nothing to do comes after ${fmt(median(idleFrame))} (median); keystroke → painted incl. the 150 ms typing pause: median ${fmt(median(typed))}`);
  console.log(`idle memory (RSS), the sample post open: ${sampleRss.map((p) => `${p.name} ${(p.kb / 1024).toFixed(0)} MiB`).join(", ")}; total ${(sampleRss.reduce((a, p) => a + p.kb, 0) / 1024).toFixed(0)} MiB`);
  console.log(`idle memory (RSS), the 10,000-word post open after the edits: ${rss.map((p) => `${p.name} ${(p.kb / 1024).toFixed(0)} MiB`).join(", ")}; total ${(rss.reduce((a, p) => a + p.kb, 0) / 1024).toFixed(0)} MiB`);
} finally {
  await driver.stop();
}

/** When the newest process named `name` under `rootPid` was started, as epoch ms (from /proc, 10 ms ticks). */
function processStart(rootPid, name) {
  // The boot moment in epoch ms, from /proc/uptime (10 ms) rather than btime (whole seconds).
  const boot = Date.now() - Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;
  const found = descendants(rootPid).filter((p) => p.name === name);
  if (!found.length) return null;
  const newest = found.reduce((a, b) => (a.start > b.start ? a : b));
  return boot + (newest.start * 1000) / 100; // CLK_TCK is 100 on Linux
}

/** RSS of quire-desktop and the WebKit processes under it, found by walking /proc from tauri-driver. */
function memoryOf(rootPid) {
  return descendants(rootPid).filter((p) => /quire-desktop|WebKitWebProces|WebKitNetworkPr|WebKitGPUProces/.test(p.name));
}

/** Every process under `rootPid`: {pid, ppid, name, kb (RSS), start (clock ticks after boot)}. */
function descendants(rootPid) {
  const procs = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      const start = Number(fields[19]); // field 22 of stat: starttime
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${d}/status`, "utf8"))?.[1] || 0);
      procs.push({ pid: Number(d), ppid, name, kb, start });
    } catch {
      /* gone */
    }
  }
  const below = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) if (!below.has(p.pid) && below.has(p.ppid)) (below.add(p.pid), (grew = true));
  }
  return procs.filter((p) => below.has(p.pid) && p.pid !== rootPid);
}
