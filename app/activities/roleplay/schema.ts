import { z } from "zod";
import { waiversSchema } from "~/courses/waivers";
import { SKILLS, type Skill } from "~/courses/types";
import { CRITICAL_CATEGORIES, ENDING_RESULTS, type EndingResult } from "./labels";

export {
  CRITICAL_CATEGORIES,
  CRITICAL_LABELS,
  ENDING_LABELS,
  ENDING_RESULTS,
  type CriticalCategory,
  type EndingResult,
} from "./labels";

// the role-play scenario file format (courses/<course>/<module>/<scenario>.yaml)

const nodeId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    "node ids use lower-case letters, digits and hyphens, like opening or opens-up",
  );
const line = z.string().trim().min(1).max(2000);
const skill = z.enum(SKILLS);
const scores = z.partialRecord(skill, z.number().int().min(-10).max(10));

const condition = z.strictObject({
  /** offered only when the running score of each named skill is at least this */
  minScore: scores.optional(),
  /** offered only after every one of these nodes has been visited */
  visited: z.array(nodeId).min(1).optional(),
  /** offered only if none of these nodes has been visited */
  notVisited: z.array(nodeId).min(1).optional(),
});

const choice = z.strictObject({
  id: nodeId,
  /** the trainee's words */
  say: line,
  next: nodeId,
  scores: scores.default({}),
  /** shown after choosing: why this works, or what to try instead */
  feedback: line,
  when: condition.optional(),
  /**
   * where this reply stands when the order matters to the conversation ("first" or "last");
   * every other reply is shuffled per attempt
   */
  pin: z.enum(["first", "last"]).optional(),
  /**
   * a reply that would do harm in a real conversation. an attempt that includes one does not
   * complete the activity, whatever its scores; the debrief names it, why it matters and what
   * to do instead
   */
  critical: z
    .strictObject({
      category: z.enum(CRITICAL_CATEGORIES),
      why: line,
      instead: line,
    })
    .optional(),
});

const ending = z.strictObject({
  result: z.enum(ENDING_RESULTS),
  /** what happened, shown at the debrief */
  outcome: line,
  /** what a skilled mentor would have done */
  modelAnswer: line,
});

const node = z.strictObject({
  /** what the mentee says */
  mentee: line.optional(),
  /** stage directions: tone, body language, what the trainee notices */
  observe: z.string().trim().min(1).max(1000).optional(),
  choices: z.array(choice).min(1).max(8).optional(),
  ending: ending.optional(),
});

export const scenarioSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().min(1).max(1000),
  estimatedMinutes: z.number().int().min(1).max(120),
  persona: z.strictObject({
    name: z.string().trim().min(1).max(100),
    /** e.g. FY2, ST4, SAS doctor, consultant, GP trainee */
    grade: z.string().trim().min(1).max(60),
    setting: z.string().trim().min(1).max(200),
    /** what the trainee is told before the conversation */
    background: line,
  }),
  skills: z.array(skill).min(1).max(6),
  /** the longest conversation allowed; a longer path is an authoring error (default: node count) */
  maxSteps: z.number().int().min(1).max(200).optional(),
  start: nodeId,
  nodes: z.record(nodeId, node),
  /** warnings of courses:check the author keeps on purpose, each with the reason */
  waivers: waiversSchema,
});

export type ScenarioFile = z.output<typeof scenarioSchema>;
export type ScenarioChoice = z.output<typeof choice>;
export type ScenarioNode = z.output<typeof node>;
export type Scores = Partial<Record<Skill, number>>;

/** a scenario as stored in a course version: validated, analysed, ready to compile */
export type ScenarioDefinition = Omit<ScenarioFile, "maxSteps" | "waivers"> & {
  maxSteps: number;
  /** per assessed skill: the lowest and highest total any complete path can reach */
  bounds: Record<string, { min: number; max: number }>;
  /** completion: an ending, and at least these scores */
  minScores: Scores;
  /** the ending results that complete the activity (absent in versions compiled before them: any) */
  allowedEndings?: EndingResult[];
  /**
   * the best conversation: the highest-scoring path that passes and ends well, shown as a replay
   * once an attempt has ended (absent in older versions)
   */
  bestPath?: { node: string; choice: string }[];
  /** sha-256 of this definition: the version stamp of attempts' snapshots */
  hash: string;
};
