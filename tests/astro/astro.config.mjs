// The minimal Astro settings under which Quire's Markdown export shows the
// text of Quire's preview (the README lists them per generator): Astro's
// own smartypants turns `--` into an em dash where CommonMark's smart
// punctuation (Quire's, Hugo's, kramdown's) makes it an en dash, so it is
// swapped for remark-smartypants with the "oldschool" dashes (`--` en,
// `---` em). GitHub-flavoured Markdown (tables, footnotes, task lists,
// strikethrough) and raw HTML are Astro's defaults.
import { defineConfig } from "astro/config";
import remarkSmartypants from "remark-smartypants";

export default defineConfig({
  markdown: {
    smartypants: false,
    remarkPlugins: [[remarkSmartypants, { dashes: "oldschool" }]],
  },
});
