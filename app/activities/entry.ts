import { z } from "zod";

/** the keys every activity entry in module.yaml has; each kind extends it */
export const activityEntryBase = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "activity ids use lower-case letters, digits and hyphens"),
  kind: z.string(),
  /** optional activities count for nothing in completion */
  required: z.boolean().default(true),
});

export const fileField = z
  .string()
  .trim()
  .min(1)
  .regex(/^[^\\:]+$/, "use a relative path with forward slashes, like lessons/what-is-mentoring.md");
