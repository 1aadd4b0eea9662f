// The front matter Quire's Astro export writes, as a blog's content
// collection declares it: a key missing or of the wrong type fails the build.
// (`slug` is Astro's own key: it names the entry, and so the page.)
import { defineCollection, z } from "astro:content";

const blog = defineCollection({
  type: "content",
  // `image()`: a cover is a file beside the post, checked and optimised by
  // Astro's image pipeline, as the Astro blog template declares it.
  schema: ({ image }) => z.object({
    title: z.string(),
    description: z.string(),
    pubDate: z.coerce.date(),
    updatedDate: z.coerce.date().optional(),
    author: z.string().optional(),
    tags: z.array(z.string()),
    category: z.string().optional(),
    // Hand-picked "What to Read Next" (slugs) and the post's own language.
    related: z.array(z.string()).optional(),
    lang: z.string().optional(),
    heroImage: image().optional(),
    heroImageAlt: z.string().optional(),
    draft: z.boolean(),
  }),
});

export const collections = { blog };
