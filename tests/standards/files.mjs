// Shared by validate.mjs and axe.mjs: turns the command line (files and
// folders) into a sorted list of absolute .html/.htm paths, and gives each
// a short name to print. A missing argument or an empty result is an error
// of the harness (exit 2), never a silent pass.

import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";

const HTML = /\.html?$/i;

export function fail(message) {
  console.error(message);
  process.exit(2);
}

/** All .html/.htm files named by `args` (a file is taken as given; a folder is searched recursively). */
export function htmlFiles(args, usage) {
  if (args.length === 0 || args.some((a) => a.startsWith("-"))) fail(usage);
  const found = new Set();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && HTML.test(e.name)) found.add(p);
    }
  };
  for (const arg of args) {
    const abs = resolve(arg);
    let st;
    try {
      st = statSync(abs);
    } catch {
      fail(`no such file or folder: ${arg}`);
    }
    if (st.isDirectory()) walk(abs);
    else found.add(abs);
  }
  if (found.size === 0) fail(`no .html files in: ${args.join(" ")}`);
  return [...found].sort();
}

/** The path to print: relative to the current folder when it is inside it. */
export function shown(abs) {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
}
