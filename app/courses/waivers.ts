import { z } from "zod";

/** a warning the author keeps on purpose, with the reason (a `waivers:` entry in a content file) */
export type Waiver = { check: string; subject?: string; reason: string };

/** the `waivers:` list a quiz or scenario file may carry */
export const waiversSchema = z
  .array(
    z.strictObject({
      /** the check's name, as courses:check prints it in [brackets] */
      check: z.string().trim().min(1).max(64),
      /** the question or node the waiver is about; without it, the whole file */
      subject: z.string().trim().min(1).max(64).optional(),
      /** why the warning does not apply here: a real reason, read by the next author */
      reason: z.string().trim().min(20, "write the reason in a sentence (20 characters or more)").max(1000),
    }),
  )
  .max(50)
  .default([]);
