import { z } from "zod";

// a quiz's or course's retake rules as content files write them (see ./retake.ts)

export const retakeSchema = z.strictObject({
  backToBack: z.number().int().min(1).max(20).optional(),
  pause: z.enum(["revisit-lessons", "cool-down", "none"]).optional(),
  coolDownHours: z
    .number()
    .min(1)
    .max(24 * 30)
    .optional(),
  coolDownAfter: z.number().int().min(1).max(100).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  counts: z.enum(["best", "last"]).optional(),
});

export type RetakeSettings = z.output<typeof retakeSchema>;
