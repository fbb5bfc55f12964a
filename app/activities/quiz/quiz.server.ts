import { randomBytes } from "node:crypto";
import { createActor } from "xstate";
import { z } from "zod";
import { prisma } from "~/db.server";
import { isUniqueViolation } from "~/utils/db-errors";
import { quizMinutes } from "~/courses/estimates";
import { sha256 } from "~/utils/tokens.server";
import { ActivityError, LATEST, toLatest } from "../common.server";
import { activityEntryBase, fileField } from "../entry";
import {
  latestOf,
  NOT_STARTED,
  type ActivityKind,
  type ActivityStatus,
  type CourseRules,
  type EnrolmentRef,
} from "../types";
import { lessonReads } from "../lesson/lesson.server";
import { questionWords, readAnswers, submittedValues, type AnswerErrors } from "./answers";
import { readingSeconds, secondsText, tooSoon } from "../reading";
import { attemptQuestions, drawQuestions, outcomesOf } from "./draw";
import { checkItems } from "./item-checks";
import { createQuizMachine, type QuizContext } from "./quiz.machine";
import { quizRetake, retakeRefusal, retakeState, type RetakePolicy, type RetakeState } from "./retake";

export { retakeRefusal };
import {
  QUESTION_KINDS,
  QUESTION_SCHEMAS,
  quizFileSchema,
  type Question,
  type QuizDefinition,
} from "./schema";

const entrySchema = activityEntryBase.extend({
  kind: z.literal("quiz"),
  file: fileField.regex(/\.ya?ml$/, "a quiz file ends in .yaml"),
  completion: z.enum(["pass", "submit"]).default("pass"),
});

export const quizKind: ActivityKind<QuizDefinition> = {
  kind: "quiz",
  label: "Quiz",
  entrySchema,
  async compile(raw, ctx, where) {
    const entry = raw as z.output<typeof entrySchema>;
    const read = await ctx.readReferenced(entry.file, { yaml: where.yaml, at: [...where.at, "file"] });
    if (!read) return undefined;
    const yaml = ctx.parseYaml(read.file, read.text);
    if (!yaml) return undefined;
    const value = yaml.doc.toJS() as Record<string, unknown>;
    const quiz = ctx.validate(yaml, quizFileSchema, value);
    const questions: Question[] = [];
    const seen = new Set<string>();
    const rawQuestions = Array.isArray(value?.questions) ? (value.questions as unknown[]) : [];
    let ok = quiz !== undefined;
    rawQuestions.forEach((rq, i) => {
      const at = ["questions", i];
      const kind = (rq as { kind?: unknown })?.kind;
      if (typeof kind !== "string" || !(QUESTION_KINDS as string[]).includes(kind)) {
        ctx.report(
          read.file,
          yaml.locate([...at, "kind"]),
          `question "kind" must be one of: ${QUESTION_KINDS.join(", ")}`,
        );
        ok = false;
        return;
      }
      const q = ctx.validate(yaml, QUESTION_SCHEMAS[kind as keyof typeof QUESTION_SCHEMAS], rq, at) as
        Question | undefined;
      if (!q) {
        ok = false;
        return;
      }
      if (seen.has(q.id)) {
        ctx.report(read.file, yaml.locate([...at, "id"]), `duplicate question id "${q.id}"`);
        ok = false;
      }
      seen.add(q.id);
      const problem = answerProblem(q);
      if (problem) {
        ctx.report(read.file, yaml.locate([...at, problem.at]), problem.message);
        ok = false;
      }
      questions.push(q);
    });
    if (ok && quiz?.draw) {
      const perOutcome = quiz.draw.perOutcome;
      questions.forEach((q, i) => {
        if (!q.outcome) {
          ctx.report(
            read.file,
            yaml.locate(["questions", i]),
            `question "${q.id}" has no "outcome": a quiz that draws ${perOutcome} per outcome needs every question tagged`,
          );
          ok = false;
        }
      });
      if (ok) {
        const sizes = outcomesOf(questions).map((o) => ({
          outcome: o,
          size: questions.filter((q) => q.outcome === o).length,
        }));
        for (const { outcome, size } of sizes.filter((x) => x.size < perOutcome)) {
          ctx.report(
            read.file,
            yaml.locate(["draw", "perOutcome"]),
            `outcome "${outcome}" has ${size} ${size === 1 ? "question" : "questions"}: fewer than the ${perOutcome} each attempt draws`,
          );
          ok = false;
        }
        if (ok) {
          ctx.note(
            read.file,
            yaml.locate(["draw"]),
            "pool",
            `each attempt draws ${perOutcome * sizes.length} of ${questions.length} questions: ${sizes
              .map((x) => `${x.outcome} ${perOutcome} of ${x.size}`)
              .join(", ")}`,
          );
        }
      }
    }
    if (ok && quiz?.outcomes) {
      const named = quiz.outcomes;
      const used = new Set(questions.map((q) => q.outcome).filter((o): o is string => Boolean(o)));
      questions.forEach((q, i) => {
        if (q.outcome && !named[q.outcome]) {
          ctx.report(
            read.file,
            yaml.locate(["questions", i, "outcome"]),
            `outcome "${q.outcome}" is not in "outcomes": give it a title and a lesson`,
          );
          ok = false;
        }
      });
      for (const [outcomeId, o] of Object.entries(named)) {
        if (!used.has(outcomeId)) {
          ctx.report(
            read.file,
            yaml.locate(["outcomes", outcomeId]),
            `no question has outcome "${outcomeId}"`,
          );
          ok = false;
        }
        // the lesson (and section) are checked once the module is loaded, like a lesson's links
        const at = yaml.locate(["outcomes", outcomeId, o.section ? "section" : "lesson"]);
        ctx.links.push({ file: read.file, ...at, href: `./${o.lesson}${o.section ? `#${o.section}` : ""}` });
      }
    }
    if (!ok || !quiz) return undefined;
    // waivers are for authors: leaving them out of the definition keeps them out of its hash
    const { questions: _ignored, waivers, ...rest } = quiz;
    for (const f of checkItems(questions)) {
      ctx.warn(read.file, yaml.locate(f.at), f.check, f.message, { subject: f.subject, waivers });
    }
    const definition = { ...rest, questions, completion: entry.completion };
    const perOutcome = quiz.draw?.perOutcome;
    const asked = perOutcome ? outcomesOf(questions).length * perOutcome : questions.length;
    // in a pool, the share of written reflections drawn is the pool's share
    const reflections = Math.round(
      (questions.filter((q) => q.kind === "reflection").length / Math.max(1, questions.length)) * asked,
    );
    const measured = quizMinutes(asked, reflections);
    ctx.estimate(read.file, yaml.locate(["estimatedMinutes"]), quiz.estimatedMinutes, measured);
    return {
      title: quiz.title,
      estimatedMinutes: quiz.estimatedMinutes,
      measuredMinutes: measured.minutes,
      content: { ...definition, hash: sha256(JSON.stringify(definition)) },
    };
  },
  async latest(enrolmentId) {
    return toLatest(await prisma.quizAttempt.findFirst({ where: { enrolmentId }, ...LATEST }));
  },
  async statuses(enrolment, activities, rules) {
    const attempts = await prisma.quizAttempt.findMany({
      where: { enrolmentId: enrolment.id, activityId: { in: activities.map((a) => a.id) } },
      select: {
        activityId: true,
        state: true,
        scorePercent: true,
        passed: true,
        attemptNumber: true,
        updatedAt: true,
      },
      orderBy: { attemptNumber: "asc" },
    });
    return new Map(
      activities.map((a): [string, ActivityStatus] => {
        const mine = attempts.filter((t) => t.activityId === a.id);
        if (mine.length === 0) return [a.id, NOT_STARTED];
        const lastWorkedAt = latestOf(mine.map((t) => t.updatedAt));
        const graded = mine.filter((t) => t.scorePercent !== null);
        if (graded.length === 0) return [a.id, { state: "in_progress", lastWorkedAt }];
        const counted =
          quizRetake(rules, a.content).counts === "last"
            ? graded[graded.length - 1]!
            : graded.reduce((best, t) => (t.scorePercent! > best.scorePercent! ? t : best));
        const passed = Boolean(counted.passed);
        const done = a.content.completion === "submit" || passed;
        return [
          a.id,
          { state: done ? "completed" : "in_progress", passed, score: counted.scorePercent!, lastWorkedAt },
        ];
      }),
    );
  },
};

/** the checks zod cannot express: is the right answer among the options? */
function answerProblem(q: Question): { at: string; message: string } | undefined {
  if (q.kind === "single" || q.kind === "multiple") {
    const ids = q.options.map((o) => o.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) return { at: "options", message: `duplicate option id "${dup}"` };
    const correct = q.options.filter((o) => o.correct).length;
    if (correct === 0) return { at: "options", message: "no option is marked correct: true" };
    if (q.kind === "single" && correct > 1) {
      return {
        at: "options",
        message: `a single-choice question has ${correct} correct options: use kind: multiple, or mark one`,
      };
    }
  }
  if (q.kind === "ordering") {
    const ids = q.items.map((o) => o.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) return { at: "items", message: `duplicate item id "${dup}"` };
  }
  if (q.kind === "reflection" && q.minLength > q.maxLength) {
    return { at: "minLength", message: "minLength is larger than maxLength" };
  }
  return undefined;
}

// ---- attempts ---------------------------------------------------------------------------

export class QuizError extends ActivityError {}

type AttemptRow = NonNullable<Awaited<ReturnType<typeof prisma.quizAttempt.findFirst>>>;

function restore(quiz: QuizDefinition, attempt: AttemptRow) {
  if (attempt.quizHash !== quiz.hash) {
    // the enrolment is pinned to a course version, so this means a corrupted row
    throw new QuizError("This attempt belongs to another version of the quiz.", 409);
  }
  const machine = createQuizMachine(quiz);
  const actor = createActor(machine, {
    snapshot: JSON.parse(attempt.snapshot),
    input: { attemptNumber: 0, maxAttempts: null },
  });
  actor.start();
  return actor;
}

/** the questions an attempt asks, in its order */
export function questionsOf(quiz: QuizDefinition, attempt: AttemptRow) {
  return attemptQuestions(quiz.questions, attemptContext(attempt).questionIds);
}

export function attemptContext(attempt: AttemptRow): QuizContext & { value: string } {
  const snap = JSON.parse(attempt.snapshot) as { value: string; context: QuizContext };
  return { ...snap.context, value: snap.value };
}

export async function listAttempts(enrolmentId: string, activityId: string) {
  return prisma.quizAttempt.findMany({
    where: { enrolmentId, activityId },
    orderBy: { attemptNumber: "asc" },
  });
}

/** where a trainee stands with a quiz: its rules, the attempts, and whether another may start */
export type QuizStanding = {
  policy: RetakePolicy;
  attempts: AttemptRow[];
  state: RetakeState;
};

export async function quizStanding(
  enrolment: EnrolmentRef,
  activityId: string,
  quiz: QuizDefinition,
  context: { rules: CourseRules; moduleLessonIds: string[] },
  now = new Date(),
): Promise<QuizStanding> {
  const policy = quizRetake(context.rules, quiz);
  const [attempts, reads] = await Promise.all([
    listAttempts(enrolment.id, activityId),
    lessonReads(enrolment.id, context.moduleLessonIds),
  ]);
  const state = retakeState(
    policy,
    attempts.map((a) => ({
      number: a.attemptNumber,
      state: a.state,
      passed: a.passed,
      submittedAt: a.submittedAt,
    })),
    reads,
    now,
  );
  return { policy, attempts, state };
}

/** the open attempt, or a new first attempt; never a second one while the first is open */
export async function startAttempt(
  enrolment: EnrolmentRef,
  activityId: string,
  quiz: QuizDefinition,
  maxAttempts: number | null = quiz.maxAttempts ?? null,
) {
  const attempts = await listAttempts(enrolment.id, activityId);
  const open = attempts.find((a) => a.state === "answering");
  if (open) return open;
  if (attempts.length > 0)
    throw new QuizError("You have already taken this quiz. Use “Try again” on your results.", 409);
  return orTheOtherTabs(enrolment.id, activityId, 1, () =>
    prisma.$transaction((tx) => createAttempt(tx, enrolment.id, activityId, quiz, 1, [], maxAttempts)),
  );
}

/**
 * two tabs started the same attempt and the other one won: its attempt is used. the loser's
 * transaction is over (rolled back) before the winner is read: postgresql accepts no further
 * statement in a transaction after a failed one.
 */
async function orTheOtherTabs<T>(
  enrolmentId: string,
  activityId: string,
  attemptNumber: number,
  create: () => Promise<T>,
) {
  try {
    return await create();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await prisma.quizAttempt.findUnique({
      where: { enrolmentId_activityId_attemptNumber: { enrolmentId, activityId, attemptNumber } },
    });
    if (existing) return existing;
    throw error;
  }
}

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/**
 * a new attempt: its own seed (option order, opaque keys) and its own draw from the pool,
 * preferring the questions the earlier attempts asked least
 */
async function createAttempt(
  tx: Tx,
  enrolmentId: string,
  activityId: string,
  quiz: QuizDefinition,
  attemptNumber: number,
  earlier: AttemptRow[],
  maxAttempts: number | null,
) {
  const seed = randomBytes(16).toString("hex");
  const seen = new Map<string, number>();
  for (const a of earlier) {
    for (const q of attemptQuestions(quiz.questions, attemptContext(a).questionIds)) {
      seen.set(q.id, (seen.get(q.id) ?? 0) + 1);
    }
  }
  const questionIds = quiz.draw ? drawQuestions(quiz.questions, quiz.draw, seed, seen) : undefined;
  const actor = createActor(createQuizMachine(quiz), {
    input: { attemptNumber, maxAttempts, questionIds },
  });
  actor.start();
  actor.send({ type: "START" });
  const snapshot = actor.getPersistedSnapshot();
  actor.stop();
  // a unique violation here means another tab made it first (orTheOtherTabs)
  return tx.quizAttempt.create({
    data: {
      enrolmentId,
      activityId,
      attemptNumber,
      state: "answering",
      snapshot: JSON.stringify(snapshot),
      quizHash: quiz.hash,
      seed,
    },
  });
}

export type SubmitResult =
  | { ok: true; attemptId: string; passed: boolean; scorePercent: number }
  | { ok: false; errors: AnswerErrors; values: Record<string, string[]> };

/** the seconds an attempt's questions take to read at `wordsPerMinute` (0: no minimum) */
export function attemptReadingSeconds(quiz: QuizDefinition, attempt: AttemptRow, wordsPerMinute: number) {
  const words = questionsOf(quiz, attempt).reduce((sum, q) => sum + questionWords(q), 0);
  return readingSeconds(words, wordsPerMinute);
}

/**
 * grades a submission. the form carries the attempt id and the version the page was rendered
 * from: a stale or replayed submission changes nothing. one sent sooner than its questions can
 * be read at `readingWpm` is refused with the answers kept (app/activities/reading.ts).
 */
export async function submitAttempt(
  enrolment: EnrolmentRef,
  activityId: string,
  quiz: QuizDefinition,
  form: FormData,
  { readingWpm = 0, now = new Date() }: { readingWpm?: number; now?: Date } = {},
): Promise<SubmitResult> {
  const attempt = await prisma.quizAttempt.findFirst({
    where: { id: String(form.get("attemptId") ?? ""), enrolmentId: enrolment.id, activityId },
  });
  if (!attempt) throw new QuizError("That quiz attempt was not found. Reload the page and try again.", 404);
  if (attempt.state !== "answering" || String(attempt.version) !== String(form.get("version") ?? "")) {
    throw new QuizError("This attempt has already been submitted. Your answers were not changed.", 409);
  }
  // only the questions this attempt drew are read: an answer to any other is ignored
  const read = readAnswers(questionsOf(quiz, attempt), attempt.seed, form);
  if (!read.ok) return read;
  const early = tooSoon(attempt.startedAt, attemptReadingSeconds(quiz, attempt, readingWpm), now);
  if (early) {
    return {
      ok: false,
      errors: {
        form: `These answers were sent ${secondsText(early.elapsed)} after the quiz opened, sooner than its questions can be read, so they have not been marked. Your answers are kept: check them, and submit again in ${secondsText(early.wait)} or later.`,
      },
      values: submittedValues(form),
    };
  }
  const actor = restore(quiz, attempt);
  actor.send({ type: "SUBMIT", answers: read.answers });
  const snap = actor.getSnapshot();
  actor.stop();
  if (snap.value !== "graded" || !snap.context.result) {
    throw new QuizError("Every question needs an answer before you submit.");
  }
  const { count } = await prisma.quizAttempt.updateMany({
    where: { id: attempt.id, version: attempt.version, state: "answering" },
    data: {
      state: "graded",
      snapshot: JSON.stringify(actor.getPersistedSnapshot()),
      scorePercent: snap.context.result.scorePercent,
      passed: snap.context.result.passed,
      submittedAt: now,
      version: { increment: 1 },
    },
  });
  if (count !== 1)
    throw new QuizError("This attempt has already been submitted. Your answers were not changed.", 409);
  return {
    ok: true,
    attemptId: attempt.id,
    passed: snap.context.result.passed,
    scorePercent: snap.context.result.scorePercent,
  };
}

/**
 * opens the next attempt when the quiz's retake rules allow it now; otherwise says why not
 * (409). the previous attempt is closed and the next one created in one transaction.
 */
export async function retryQuiz(
  enrolment: EnrolmentRef,
  activityId: string,
  quiz: QuizDefinition,
  standing: QuizStanding,
  lessonTitle: (id: string) => string = (id) => id,
) {
  const { attempts, state } = standing;
  const last = attempts[attempts.length - 1];
  if (!last) return startAttempt(enrolment, activityId, quiz, standing.policy.maxAttempts);
  if (last.state === "answering") return last;
  const refusal = retakeRefusal(state, lessonTitle);
  if (refusal) throw new QuizError(refusal, 409);
  const actor = restore(quiz, last);
  actor.send({ type: "RETRY" });
  const snap = actor.getSnapshot();
  actor.stop();
  if (snap.value !== "retried") {
    throw new QuizError(`You have used all ${standing.policy.maxAttempts} attempts at this quiz.`, 409);
  }
  const next = last.attemptNumber + 1;
  return orTheOtherTabs(enrolment.id, activityId, next, () =>
    prisma.$transaction(async (tx) => {
      const { count } = await tx.quizAttempt.updateMany({
        where: { id: last.id, version: last.version },
        data: {
          state: "retried",
          snapshot: JSON.stringify(actor.getPersistedSnapshot()),
          version: { increment: 1 },
        },
      });
      if (count !== 1) {
        const existing = await tx.quizAttempt.findFirst({
          where: { enrolmentId: enrolment.id, activityId, attemptNumber: next },
        });
        if (existing) return existing;
        throw new QuizError("The quiz changed in another tab. Reload the page.", 409);
      }
      return createAttempt(tx, enrolment.id, activityId, quiz, next, attempts, standing.policy.maxAttempts);
    }),
  );
}
