//! The open post and its journey to the store: edits mark it unsaved, a
//! pause of about a second saves it, saves never overlap, a save never
//! clobbers what was typed while it was in flight, and a conflict stops
//! autosave until the editor decides. `flush()` is what every "leave this
//! post" path (switching posts, closing the window) awaits first.
//!
//! Events (EventTarget): "state" whenever `state` changes, "saved" with
//! `detail` = the stored post after each successful save.
//!
//! `undo` is the open post's undo history (ui/undo.js): every change is
//! recorded there; opening another post starts it afresh.

import * as api from "./api.js";
import { UndoHistory } from "./undo.js";

const AUTOSAVE_MS = 1000;

export class Draft extends EventTarget {
  constructor() {
    super();
    /** The post being edited (the DESIGN.md JSON shape), or null. */
    this.post = null;
    /** While true the slug is derived by the core from the title: we send "". */
    this.slugFollows = false;
    /** "empty" | "new" | "saved" | "unsaved" | "saving" | "error" | "conflict" */
    this.state = "empty";
    this.error = null;
    this.savedAt = null;
    this.edits = 0; // bumps on every change
    this.savedEdits = 0; // the edit count the store has
    this.inFlight = null;
    this.timer = null;
    this.undo = new UndoHistory();
  }

  get dirty() {
    return this.post !== null && this.edits !== this.savedEdits;
  }

  /** Starts editing `post` (a stored post, or a fresh unsaved one with id null). */
  open(post, { slugFollows }) {
    clearTimeout(this.timer);
    this.post = post;
    this.slugFollows = slugFollows;
    this.edits = 0;
    this.savedEdits = 0;
    this.error = null;
    this.savedAt = post.updated_at ? new Date(post.updated_at) : null;
    this.undo.reset(post, slugFollows);
    this.setState(post.id == null ? "new" : "saved");
  }

  close() {
    clearTimeout(this.timer);
    this.post = null;
    this.undo.reset(null);
    this.setState("empty");
  }

  /** Records an edit already applied to `this.post` and schedules the autosave. */
  changed() {
    if (!this.post) return;
    this.undo.record(this.post, this.slugFollows);
    this.edits += 1;
    if (this.state === "conflict") return; // never overwrite: wait for the editor's choice
    this.setState(this.inFlight ? "saving" : "unsaved");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), AUTOSAVE_MS);
  }

  /** Saves now if there is anything to save. Resolves true when the store has every edit. */
  async save() {
    clearTimeout(this.timer);
    if (this.inFlight) {
      await this.inFlight.catch(() => {});
      return this.save();
    }
    if (!this.post || !this.dirty) return true;
    if (this.state === "conflict") return false;
    this.inFlight = this.saveOnce();
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }

  async saveOnce() {
    const post = this.post;
    const edits = this.edits;
    const body = structuredClone(post);
    if (this.slugFollows) body.slug = "";
    this.setState("saving");
    let stored;
    try {
      stored = body.id == null ? await api.createPost(body) : await api.savePost(body);
    } catch (err) {
      if (this.post !== post) return false;
      this.error = err;
      this.setState(err.kind === "conflict" ? "conflict" : "error");
      return false;
    }
    if (this.post !== post) return true; // another post was opened meanwhile; this one is stored
    // Adopt what the store decided, never the content: that may have moved on while we waited.
    Object.assign(post, {
      id: stored.id,
      revision: stored.revision,
      slug: stored.slug,
      created_at: stored.created_at,
      updated_at: stored.updated_at,
    });
    if (!post.author && stored.author) post.author = stored.author;
    this.savedEdits = edits;
    this.error = null;
    this.savedAt = new Date();
    this.dispatchEvent(new CustomEvent("saved", { detail: stored }));
    if (this.dirty) {
      this.setState("unsaved");
      this.timer = setTimeout(() => this.save(), AUTOSAVE_MS);
    } else {
      this.setState("saved");
    }
    return true;
  }

  /** Everything typed is stored (true), or could not be (false: state says why). */
  async flush() {
    if (!this.post) return true;
    if (!this.dirty && !this.inFlight) return true;
    return this.save();
  }

  /** After a conflict: keep the editor's text as a brand-new post. */
  async keepAsCopy() {
    const post = this.post;
    post.id = null;
    post.revision = 0;
    post.created_at = null;
    post.updated_at = null;
    post.status = "draft";
    this.slugFollows = true;
    this.setState("unsaved");
    return this.save();
  }

  setState(state) {
    this.state = state;
    this.dispatchEvent(new Event("state"));
  }
}
