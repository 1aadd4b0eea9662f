// Desktop benchmark in the real app (not a test: it prints figures).
//   xvfb-run -a -s "-screen 0 1440x900x24" node tests/e2e/bench.mjs
//   (or tests/e2e/run.sh --bench)
// Measures: cold start to the post list drawn; preview refresh for a
// 10,000-word post (input event → new page painted in the iframe); idle RSS
// of quire-desktop plus its WebKit processes; undo of one step in an
// 11,000-word post (Ctrl+Z pressed → the field or the editor restored, and
// the next frame); paste of a 3,000-word Google Docs article into a section
// body (the paste event → the Markdown in the field, and the next frame).
// Times are taken in the page (window.quireBench), so WebDriver's own
// round trips are not in them.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Driver, tempDir, sleep, appBinary } from "./app.mjs";
import { elementRef } from "./webdriver.mjs";
import * as x11 from "./x11.mjs";

const RUNS = Number(process.env.BENCH_RUNS || 7);
const EDITS = Number(process.env.BENCH_EDITS || 25);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${ms.toFixed(0)} ms`;
const fmt1 = (ms) => `${ms.toFixed(1)} ms`;

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

  // 4. Undo of one step in an 11,000-word post: typing in a section body, then a section moved.
  const setup = await driver.launch();
  const long = await setup.s.evaluate(`window.__TAURI__.core.invoke("create_post", { post: {
      title: "Eleven Thousand Words", summary: "A long post to time undo with.", sections: ${JSON.stringify(longSections(22, 500))},
      takeaways: ["One.", "Two.", "Three."], tags: [], related: [] } })`);
  await setup.quit();
  const ed = await driver.launch();
  const openedLong = await ed.s.execute("return document.querySelector('[data-testid=title]').value");
  if (openedLong !== long.title) throw new Error(`expected the 11,000-word post to open, got ${openedLong}`);
  const undoStats = await ed.text("stats");
  const undoBody = await ed.find("section-body", 11);
  const undoField = [];
  const undoFieldFrame = [];
  for (let i = 0; i < EDITS; i++) {
    await ed.s.click(undoBody);
    await ed.s.execute("const e = arguments[0]; e.setSelectionRange(e.value.length / 2, e.value.length / 2)", elementRef(undoBody));
    await ed.s.type(undoBody, " three more words");
    const marks = await ed.s.execute("return window.quireBench.undo.length");
    await ed.chord(["Control"], "z");
    const m = await lastMark(ed, "undo", marks);
    if (m.kind !== "field") throw new Error(`typing was undone as ${m.kind}, not in its field`);
    undoField.push(m.applied - m.started);
    undoFieldFrame.push(m.frame - m.started);
    await sleep(250);
  }
  const undoPost = [];
  const undoPostFrame = [];
  for (let i = 0; i < EDITS; i++) {
    // The previous undo's preview refresh done first: its layout of the
    // 11,000-word page would otherwise land inside the next undo's.
    await sleep(1000);
    await ed.click("section-down", 3);
    const marks = await ed.s.execute("return window.quireBench.undo.length");
    await ed.chord(["Control"], "z");
    const m = await lastMark(ed, "undo", marks);
    undoPost.push(m.applied - m.started);
    undoPostFrame.push(m.frame - m.started);
    await sleep(250);
  }
  await ed.s.evaluate("window.quire.flush()");
  await ed.quit();

  // 5. Paste of a 3,000-word Google Docs article into an empty section body.
  const pasteApp = await driver.launch();
  const article = googleDocsArticle(3000);
  await x11.setClipboard(article, "text/html");
  await pasteApp.click("add-section");
  const bodyCount = (await pasteApp.values("section-body")).length;
  const target = await pasteApp.find("section-body", bodyCount - 1);
  // Marks: the paste event reaching the page, the Markdown arriving in the field (its input event), the next frame.
  await pasteApp.s.execute(`
    const b = (window.quireBench.paste = []);
    document.addEventListener("paste", () => b.push({ started: performance.now() }), true);
    arguments[0].addEventListener("input", (e) => {
      const m = b.at(-1);
      if (!m || !e.target.value) return;
      const at = (m.inField = performance.now()); // the last input event of the paste counts
      m.words = e.target.value.split(/\\s+/).filter((w) => /\\w/.test(w)).length;
      m.inputs = (m.inputs || 0) + 1;
      m.markdown = e.target.value.startsWith("## ");
      requestAnimationFrame(() => m.inField === at && (m.frame = performance.now()));
    });`, elementRef(target));
  const paste = [];
  const pasteFrame = [];
  let pasted = null;
  for (let i = 0; i < Math.min(EDITS, 15); i++) {
    await pasteApp.setValue("section-body", "", bodyCount - 1);
    await pasteApp.s.click(target);
    const marks = await pasteApp.s.execute("return window.quireBench.paste.length");
    await pasteApp.chord(["Control"], "v");
    const m = await pasteApp.s.waitFor(
      () => pasteApp.s.execute("const l = window.quireBench.paste; const m = l.at(-1); return l.length > arguments[0] && m.words >= 2900 && m.frame ? m : null", marks),
      "the whole article arrives in the field",
      { timeout: 30000 },
    );
    if (!m.markdown) throw new Error("the paste did not arrive as Markdown");
    pasted = m;
    paste.push(m.inField - m.started);
    pasteFrame.push(m.frame - m.started);
    await sleep(1500); // the autosave and preview of the pasted text, between pastes
  }
  await pasteApp.quit();

  console.log(`# Desktop benchmark (${new Date().toISOString()})`);
  console.log(`app: ${appBinary}`);
  console.log(`cold start, quire-desktop process exec → post list drawn: median ${fmt(median(fromExec))} over ${fromExec.length} launches (min ${fmt(Math.min(...fromExec))}, max ${fmt(Math.max(...fromExec))}; 10 ms clock-tick resolution)`);
  console.log(`cold start incl. the WebDriver session (new-session request → post list drawn): median ${fmt(median(starts))}; of which before the page began loading: median ${fmt(median(toDocument))}; in the page: modules loaded at ${fmt(median(modules))}, list drawn at ${fmt(median(inPage))}`);
  console.log(`preview refresh, 10,000-word post (${stats}; ${(bytes / 1024).toFixed(0)} KiB of HTML): render+load+paint median ${fmt(median(refresh))} (min ${fmt(Math.min(...refresh))}, max ${fmt(Math.max(...refresh))}) over ${EDITS} edits (render_preview call ${fmt(median(parts.core))}, patching the page ${fmt(median(parts.load))}, layout ${fmt(median(parts.layout))}, then waiting for the next frame ${fmt(median(parts.paint))}); without that wait: median ${fmt(median(refresh.map((r, i) => r - parts.paint[i])))}; the next frame with nothing to do comes after ${fmt(median(idleFrame))} (median); keystroke → painted incl. the 150 ms typing pause: median ${fmt(median(typed))}`);
  console.log(`idle memory (RSS), the sample post open: ${sampleRss.map((p) => `${p.name} ${(p.kb / 1024).toFixed(0)} MiB`).join(", ")}; total ${(sampleRss.reduce((a, p) => a + p.kb, 0) / 1024).toFixed(0)} MiB`);
  console.log(`idle memory (RSS), the 10,000-word post open after the edits: ${rss.map((p) => `${p.name} ${(p.kb / 1024).toFixed(0)} MiB`).join(", ")}; total ${(rss.reduce((a, p) => a + p.kb, 0) / 1024).toFixed(0)} MiB`);
  console.log(`undo of one step, ${undoStats}: typing in a section body (restored in its field) median ${fmt1(median(undoField))} (max ${fmt1(Math.max(...undoField))}) over ${undoField.length}, to the next frame median ${fmt(median(undoFieldFrame))}; a moved section (the editor re-shown) median ${fmt1(median(undoPost))} (max ${fmt1(Math.max(...undoPost))}) over ${undoPost.length}, to the next frame median ${fmt(median(undoPostFrame))}`);
  console.log(`paste of a Google Docs article (${(article.length / 1024).toFixed(0)} KiB of HTML, ${pasted.words} words in the field as Markdown, ${pasted.inputs} input event(s)): paste event → Markdown in the field median ${fmt(median(paste))} (min ${fmt(Math.min(...paste))}, max ${fmt(Math.max(...paste))}) over ${paste.length}; to the next frame median ${fmt(median(pasteFrame))}`);
} finally {
  await driver.stop();
}

/** Waits for the page's bench mark list `name` to grow past `count` and its last mark to have its next frame. */
async function lastMark(app, name, count) {
  return app.s.waitFor(
    () => app.s.execute("const l = window.quireBench[arguments[0]]; return l.length > arguments[1] && l.at(-1).frame ? l.at(-1) : null", name, count),
    `a ${name} mark`,
  );
}

/** `count` sections of `words` words each, in paragraphs of 100. */
function longSections(count, words) {
  const vocabulary = "editors plan sections before prose because readers finish posts that keep one promise per part".split(" ");
  return Array.from({ length: count }, (_, s) => ({
    heading: `Part ${s + 1}`,
    body: Array.from({ length: words / 100 }, (_, p) =>
      Array.from({ length: 100 }, (_, w) => vocabulary[(s * 7 + p * 3 + w) % vocabulary.length]).join(" ") + ".",
    ).join("\n\n"),
  }));
}

/**
 * A Google Docs clipboard article of about `words` words, as benches/paste.rs
 * builds it for the core's half: the docs-internal-guid wrapper, every run
 * in a span with Docs' inline style, headings, bold, italic, links, lists.
 */
function googleDocsArticle(words) {
  const vocabulary = "editors plan sections before prose because readers finish posts that keep one promise per part and trust grows with every honest sentence".split(" ");
  const RUN = "font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-variant:normal;text-decoration:none;vertical-align:baseline;white-space:pre;white-space:pre-wrap;";
  const P = "line-height:1.38;margin-top:0pt;margin-bottom:0pt;";
  let n = 0;
  const word = () => {
    n += 1;
    return vocabulary[(n * 7 + Math.floor(n / 5)) % vocabulary.length];
  };
  const text = (count) => Array.from({ length: count }, word).join(" ");
  const span = (style, t) => `<span style="${RUN}${style}">${t}</span>`;
  const plain = "font-weight:400;font-style:normal;";
  let html = '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5f1c7a2e-7fff-4b1d-9c3e-0a1b2c3d4e5f">';
  for (let block = 0; n < words; block++) {
    if (block % 5 === 0) {
      html += `<h2 dir="ltr" style="${P}">${span("font-size:16pt;font-weight:400;font-style:normal;", text(4))}</h2>`;
    } else if (block % 4 === 0) {
      html += '<ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;">';
      for (let i = 0; i < 3; i++) {
        html += `<li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1"><p dir="ltr" style="${P}" role="presentation">${span(plain, text(10))}</p></li>`;
      }
      html += "</ul>";
    } else {
      const [a, bold, b, italic, c, link, d] = [20, 3, 12, 2, 10, 3, 10].map(text);
      html +=
        `<p dir="ltr" style="${P}">${span(plain, `${a} `)}${span("font-weight:700;font-style:normal;", bold)}${span(plain, ` ${b} `)}` +
        `${span("font-weight:400;font-style:italic;", italic)}${span(plain, ` ${c} `)}` +
        `<a href="https://example.com/${block}" style="text-decoration:none;">${span(`${plain}text-decoration:underline;color:#1155cc;`, link)}</a>${span(plain, ` ${d}.`)}</p><br>`;
    }
  }
  return `${html}</b>`;
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
