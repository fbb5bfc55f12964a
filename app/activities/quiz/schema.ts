import { z } from "zod";
import { waiversSchema } from "~/courses/waivers";
import { retakeSchema } from "./retake-schema";

// the quiz file format (courses/<course>/<module>/<quiz>.yaml)
const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    "ids use lower-case letters, digits and hyphens, like q1 or open-question",
  );
const text = z.string().trim().min(1).max(2000);
const explanation = z.string().trim().min(1).max(4000).optional();

/** the learning outcome a question tests: questions are drawn per outcome (draw: perOutcome) */
const outcome = id.optional();

const option = z.strictObject({ id, text, correct: z.boolean().default(false), explanation });

const single = z.strictObject({
  id,
  kind: z.literal("single"),
  outcome,
  prompt: text,
  options: z.array(option).min(2).max(10),
  explanation,
  shuffle: z.boolean().optional(),
});
const multiple = single.extend({ kind: z.literal("multiple") });
const trueFalse = z.strictObject({
  id,
  kind: z.literal("true_false"),
  outcome,
  prompt: text,
  answer: z.boolean(),
  explanation,
});
const ordering = z.strictObject({
  id,
  kind: z.literal("ordering"),
  outcome,
  prompt: text,
  /** in the correct order; shown shuffled */
  items: z.array(z.strictObject({ id, text })).min(2).max(10),
  explanation,
});
const reflection = z.strictObject({
  id,
  kind: z.literal("reflection"),
  outcome,
  prompt: text,
  hint: z.string().trim().max(1000).optional(),
  minLength: z.number().int().min(1).max(2000).default(1),
  maxLength: z.number().int().min(10).max(10000).default(5000),
});

export const QUESTION_SCHEMAS = {
  single,
  multiple,
  true_false: trueFalse,
  ordering,
  reflection,
} as const;
export type QuestionKind = keyof typeof QUESTION_SCHEMAS;
export const QUESTION_KINDS = Object.keys(QUESTION_SCHEMAS) as QuestionKind[];

export type Question =
  | z.output<typeof single>
  | z.output<typeof multiple>
  | z.output<typeof trueFalse>
  | z.output<typeof ordering>
  | z.output<typeof reflection>;

/** the quiz file without its questions: they are checked one by one, by kind */
export const quizFileSchema = z.strictObject({
  title: text,
  intro: z.string().trim().max(4000).optional(),
  passMark: z.number().min(0).max(100).default(80),
  /** kept for old files: the same as retake: {maxAttempts} */
  maxAttempts: z.number().int().min(1).max(100).optional(),
  /** this quiz's own retake rules, over the course's completion.retake */
  retake: retakeSchema.optional(),
  /** a pool: each attempt draws this many questions per outcome */
  draw: z.strictObject({ perOutcome: z.number().int().min(1).max(20) }).optional(),
  /**
   * what each outcome is about, for a trainee who did not pass: "you lost marks on <title>",
   * with a link to the lesson (and its section) that teaches it
   */
  outcomes: z
    .record(
      id,
      z.strictObject({
        title: z.string().trim().min(1).max(120),
        lesson: id,
        section: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]*$/, "a section is a heading's anchor, like knowing-when-to-stop")
          .optional(),
      }),
    )
    .optional(),
  shuffle: z.boolean().default(true),
  estimatedMinutes: z.number().int().min(1).max(240),
  questions: z.array(z.unknown()).min(1).max(200),
  waivers: waiversSchema,
});

export type QuizDefinition = Omit<z.output<typeof quizFileSchema>, "questions" | "waivers"> & {
  questions: Question[];
  /** sha-256 of this definition: the version stamp of attempts' snapshots */
  hash: string;
  /** pass | submit: what completes the activity */
  completion: "pass" | "submit";
};

export type Answer =
  | { kind: "single"; optionId: string }
  | { kind: "multiple"; optionIds: string[] }
  | { kind: "true_false"; value: boolean }
  | { kind: "ordering"; order: string[] }
  | { kind: "reflection"; text: string };

export type Answers = Record<string, Answer>;
