#!/usr/bin/env node
// Checks exported HTML pages against the W3C Nu HTML Checker (vnu.jar from
// the npm package vnu-jar, run with the system's Java 17+), in ONE run of
// the JVM for all pages (its start-up is most of the time).
//
//   node tests/standards/validate.mjs FILE_OR_DIR...
//
// Prints each error as `path:line:col: message`. Exit 0: no errors; 1: errors;
// 2: the check could not be done (no java, no jar: `npm ci` here, a page vnu
// did not read, a crash). Only errors count: vnu's warnings are not printed.
//
// Guards against vnu's silent passes: it skips a file it cannot open (a
// missing file, or a non-ASCII name under a C/POSIX locale) with no message
// and exit 0, so java runs under C.UTF-8 with --verbose (which lists every
// file it checked) and any file not in that list fails the run.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fail, htmlFiles, shown } from "./files.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const jar = process.env.VNU_JAR || join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
const java = process.env.JAVA || "java";

const files = htmlFiles(process.argv.slice(2), "usage: validate.mjs FILE_OR_DIR...");
if (!existsSync(jar)) fail(`validate: no ${jar}: run \`npm ci\` in ${here}`);

// C1 only (TieredStopAtLevel=1) halves the CPU time of a run here, but its
// bigger frames overflow the default stack on vnu's schema: hence -Xss8m.
const run = spawnSync(
  java,
  ["-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar,
   "--errors-only", "--format", "json", "--verbose", ...files],
  { encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: "C.UTF-8" } },
);
if (run.error?.code === "ENOENT") {
  fail(`validate: \`${java}\` not found: install a Java 17+ runtime (Debian: default-jre-headless)`);
}
if (run.error) fail(`validate: could not run java: ${run.error.message}`);

// --verbose: stdout lists the files checked; the JSON report is on stderr,
// possibly after JVM warnings, so take its last line that starts with "{".
const report = run.stderr.split("\n").filter((l) => l.startsWith("{")).pop();
let messages;
try {
  messages = JSON.parse(report).messages;
} catch {
  fail(`validate: vnu gave no report (exit ${run.status}):\n${run.stderr}${run.stdout}`);
}
const checked = new Set(run.stdout.split("\n"));
const unchecked = files.filter((f) => !checked.has(f));
if (unchecked.length) fail(`validate: vnu did not check:\n  ${unchecked.map(shown).join("\n  ")}`);

let errors = 0;
let broken = false;
for (const m of messages) {
  const where = m.url ? shown(fileURLToPath(m.url)) : "?";
  const text = m.message.replace(/\s+/g, " ");
  if (m.type === "error") {
    errors++;
    const line = m.firstLine ?? m.lastLine;
    const col = m.firstColumn ?? m.lastColumn;
    console.log(line ? `${where}:${line}:${col}: ${text}` : `${where}: ${text}`);
  } else if (m.type === "non-document-error") {
    broken = true;
    console.error(`${where}: vnu could not check it: ${text}`);
  }
}
if (broken) process.exit(2);
console.error(`validate: ${files.length} page(s), ${errors} error(s)`);
process.exit(errors ? 1 : 0);
