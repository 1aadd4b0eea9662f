// What WebDriver cannot reach, driven on the X display the tests run on:
// native windows (Quire's file dialogs run in a process of their own) with
// xdotool, and the clipboard with xclip, as a user's keyboard and another
// application would.

import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { sleep } from "./app.mjs";

const run = promisify(execFile);

/** Ids of the windows whose title matches `name` (a regular expression). */
async function windows(name) {
  try {
    const { stdout } = await run("xdotool", ["search", "--onlyvisible", "--name", name]);
    return stdout.split(/\s+/).filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

/** Waits for a window titled `name` to be shown; resolves to its id. */
export async function waitForWindow(name, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [id] = await windows(name);
    if (id) return id;
    if (Date.now() > end) throw new Error(`no window titled ${name} appeared`);
    await sleep(100);
  }
}

/** Waits until no window titled `name` is shown. */
export async function waitGone(name, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  while ((await windows(name)).length > 0) {
    if (Date.now() > end) throw new Error(`the window titled ${name} stayed open`);
    await sleep(100);
  }
}

/** Gives window `id` the keyboard, then presses `keys` (xdotool names, e.g. "Escape", "ctrl+a"). */
export async function press(id, ...keys) {
  await run("xdotool", ["windowfocus", "--sync", id]);
  await run("xdotool", ["key", "--clearmodifiers", ...keys]);
}

/** Gives window `id` the keyboard and types `text` into what has focus there. */
export async function type(id, text) {
  await run("xdotool", ["windowfocus", "--sync", id]);
  await run("xdotool", ["type", "--delay", "8", "--clearmodifiers", text]);
}

/**
 * Puts `data` on the clipboard as `mime` (xclip keeps serving it in the
 * background until something else takes the clipboard); resolves once it is
 * there.
 */
export async function setClipboard(data, mime = "text/plain") {
  const child = spawn("xclip", ["-selection", "clipboard", "-t", mime, "-i"], { stdio: ["pipe", "ignore", "ignore"] });
  child.stdin.end(data);
  await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve); // xclip forks to serve the selection; the parent exits
  });
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    try {
      const targets = execFileSync("xclip", ["-selection", "clipboard", "-t", "TARGETS", "-o"], { encoding: "utf8" });
      if (targets.includes(mime)) return;
    } catch {
      /* not yet */
    }
    await sleep(50);
  }
  throw new Error(`the clipboard did not take ${mime}`);
}
