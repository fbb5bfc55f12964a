import { randomBytes } from "node:crypto";
import { createActor, getInitialSnapshot } from "xstate";
import { z } from "zod";
import { prisma } from "~/db.server";
import { roleplayMinutes } from "~/courses/estimates";
import { SKILLS } from "~/courses/types";
import { sha256 } from "~/utils/tokens.server";
import { LATEST, toLatest } from "../common.server";
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
import {
  quizRetake,
  retakeState,
  type AttemptFact,
  type RetakePolicy,
  type RetakeState,
} from "../quiz/retake";
import { analyseScenario, offeredChoices } from "./analyse";
import { compileScenario, type RoleplayContext } from "./scenario.machine";
import { assessPaths } from "./assess";
import { ENDING_RESULTS, scenarioSchema, type EndingResult, type ScenarioDefinition } from "./schema";
import { secondsText, tooSoon } from "../reading";
import {
  attemptPasses,
  choiceKey,
  machineFor,
  replyReadingSeconds,
  restoreSnapshot,
  RoleplayError,
  scorePercent,
  TooSoonError,
} from "./rules";

const entrySchema = activityEntryBase.extend({
  kind: z.literal("roleplay"),
  file: fileField.regex(/\.ya?ml$/, "a scenario file ends in .yaml"),
  completion: z
    .strictObject({
      /** besides reaching an ending: at least this score in each named skill */
      minScores: z.partialRecord(z.enum(SKILLS), z.number().int().min(-100).max(100)).default({}),
      /** the ending results that complete the activity */
      endings: z.array(z.enum(ENDING_RESULTS)).min(1).default(["good", "partial"]),
    })
    .default({ minScores: {}, endings: ["good", "partial"] }),
});

export const roleplayKind: ActivityKind<ScenarioDefinition> = {
  kind: "roleplay",
  label: "Role-play",
  entrySchema,
  async compile(raw, ctx, where) {
    const entry = raw as z.output<typeof entrySchema>;
    const read = await ctx.readReferenced(entry.file, { yaml: where.yaml, at: [...where.at, "file"] });
    if (!read) return undefined;
    const yaml = ctx.parseYaml(read.file, read.text);
    if (!yaml) return undefined;
    const file = ctx.validate(yaml, scenarioSchema);
    if (!file) return undefined;
    const analysis = analyseScenario(file);
    for (const p of analysis.problems) {
      ctx.report(
        read.file,
        p.node ? yaml.locate(["nodes"], { key: p.node }) : yaml.locate(["start"]),
        p.message,
      );
    }
    let ok = analysis.problems.length === 0;
    for (const [skill, min] of Object.entries(entry.completion.minScores)) {
      const where2 = where.yaml.locate([...where.at, "completion", "minScores", skill]);
      if (!file.skills.includes(skill as never)) {
        ctx.report(
          where.yaml.file,
          where2,
          `completion needs a ${skill} score, but the scenario does not assess ${skill}`,
        );
        ok = false;
      } else if (analysis.bounds[skill] && (min as number) > analysis.bounds[skill]!.max) {
        ctx.report(
          where.yaml.file,
          where2,
          `completion needs ${skill} ${min}, but the best path only reaches ${analysis.bounds[skill]!.max}`,
        );
        ok = false;
      }
    }
    if (!ok) return undefined;

    // does it assess anything? every complete conversation, and the cheats
    const allowedEndings = [...new Set(entry.completion.endings)];
    const endingsAt = where.yaml.locate([...where.at, "completion", "endings"]);
    if (allowedEndings.includes("harmful")) {
      ctx.report(
        where.yaml.file,
        endingsAt,
        "completion allows a harmful ending: a conversation that leaves the mentee worse off can never complete a role-play; allow good and partial endings only",
      );
      return undefined;
    }
    const a = assessPaths(file, compileScenario({ ...file, hash: "assess" }), {
      minScores: entry.completion.minScores,
      allowedEndings,
    });
    const head = yaml.locate(["title"]);
    if (a.passing === 0) {
      ctx.report(
        where.yaml.file,
        where.yaml.locate([...where.at, "completion"]),
        `no complete conversation in ${read.file.split("/").pop()} passes: it needs an ending that is ${allowedEndings.join(" or ")}, ${
          Object.entries(entry.completion.minScores)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ") || "no minimum score"
        } and no critical reply`,
      );
      return undefined;
    }
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const endingList = (Object.keys(a.byResult) as EndingResult[])
      .filter((r) => a.byResult[r].total > 0)
      .map((r) => `${r} ${a.byResult[r].passing}/${a.byResult[r].total}`)
      .join(", ");
    ctx.note(
      read.file,
      head,
      "pass-rate",
      `${file.title}: ${a.passing} of ${a.total} complete conversations pass (${pct(a.passing / a.total)}; by ending ${endingList}); replies picked at random pass ${pct(a.randomPass)}; always the longest reply ${a.longest.passes ? "passes" : "fails"} (ends at ${a.longest.ending}${a.longest.result ? `, ${a.longest.result}` : ""})`,
    );
    const waivers = { waivers: file.waivers };
    if (a.passing / a.total > 0.5 || a.randomPass > 0.5) {
      ctx.warn(
        read.file,
        head,
        "non-discriminating",
        `${pct(a.passing / a.total)} of complete conversations pass and a reply picked at random passes ${pct(a.randomPass)} of the time: the scenario does not tell a skilled mentor from a guess. Mark the replies that would do harm as critical, rate endings honestly (result: partial or harmful), or raise the minimum scores`,
        waivers,
      );
    }
    if (a.longest.passes) {
      ctx.warn(
        read.file,
        head,
        "longest-reply-passes",
        `always choosing the longest reply passes (it ends at ${a.longest.ending}): write the weak replies as fully as the good ones`,
        waivers,
      );
    }
    if (a.longestIsBest.points >= 3 && a.longestIsBest.longest / a.longestIsBest.points > 0.5) {
      ctx.warn(
        read.file,
        head,
        "longest-best-reply",
        `at ${a.longestIsBest.longest} of ${a.longestIsBest.points} decision points the best-scoring reply is the longest (${a.longestIsBest.nodes.join(", ")}): test-wise learners pick the longest reply`,
        waivers,
      );
    }
    for (const g of a.gatedOnPassingPaths) {
      const idx = file.nodes[g.node]!.choices!.findIndex((c) => c.id === g.choice);
      ctx.warn(
        read.file,
        yaml.locate(["nodes", g.node, "choices", idx, "when", "minScore"]),
        "gated-best-reply",
        `reply "${g.choice}" in node "${g.node}" leads to a good ending but is offered only when ${Object.entries(
          g.minScore,
        )
          .map(([k, v]) => `${k} ≥ ${v}`)
          .join(
            ", ",
          )}: the learners who most need it never see it. Keep "when" for the story (visited, notVisited), and offer good replies to everyone`,
        { ...waivers, subject: `${g.node}/${g.choice}` },
      );
    }

    const definition = {
      ...file,
      maxSteps: analysis.maxSteps,
      bounds: analysis.bounds,
      minScores: entry.completion.minScores,
      allowedEndings,
      bestPath: a.bestPath ?? [],
    };
    const measured = roleplayMinutes(a.bestPath?.length ?? analysis.maxSteps);
    ctx.estimate(read.file, yaml.locate(["estimatedMinutes"]), file.estimatedMinutes, measured);
    return {
      title: file.title,
      estimatedMinutes: file.estimatedMinutes,
      measuredMinutes: measured.minutes,
      content: { ...definition, hash: sha256(JSON.stringify(definition)) },
    };
  },
  async latest(enrolmentId) {
    return toLatest(await prisma.roleplayAttempt.findFirst({ where: { enrolmentId }, ...LATEST }));
  },
  async statuses(enrolment, activities) {
    const attempts = await prisma.roleplayAttempt.findMany({
      where: { enrolmentId: enrolment.id, activityId: { in: activities.map((a) => a.id) } },
      select: { activityId: true, state: true, snapshot: true, updatedAt: true },
    });
    return new Map(
      activities.map((a): [string, ActivityStatus] => {
        const mine = attempts.filter((t) => t.activityId === a.id);
        if (mine.length === 0) return [a.id, NOT_STARTED];
        const lastWorkedAt = latestOf(mine.map((t) => t.updatedAt));
        const ended = mine
          .filter((t) => t.state === "ended")
          .map((t) => (JSON.parse(t.snapshot) as { context: RoleplayContext }).context);
        const scored = ended.map((ctx) => ({
          ctx,
          percent: scorePercent(a.content, ctx),
          passed: attemptPasses(a.content, ctx),
        }));
        const best = scored.sort((x, y) => Number(y.passed) - Number(x.passed) || y.percent - x.percent)[0];
        if (!best) return [a.id, { state: "in_progress", lastWorkedAt }];
        return [
          a.id,
          {
            state: best.passed ? "completed" : "in_progress",
            passed: best.passed,
            score: best.percent,
            lastWorkedAt,
          },
        ];
      }),
    );
  },
};


export {
  roleplayRefusal,
  attemptSeed,
  choiceKey,
  restoreSnapshot,
  RoleplayError,
  TooSoonError,
  attemptPasses,
  criticalErrors,
  endingAllowed,
  endingReached,
  machineFor,
  meetsMinimum,
  replyReadingSeconds,
  scorePercent,
} from "./rules";

// ---- attempts ---------------------------------------------------------------------------

export async function listRoleplayAttempts(enrolmentId: string, activityId: string) {
  return prisma.roleplayAttempt.findMany({
    where: { enrolmentId, activityId },
    orderBy: { attemptNumber: "asc" },
  });
}

/**
 * where a trainee stands with a role-play. conversations follow the course's retake rules
 * like quizzes (without a cap: a completed role-play may always be practised again): after
 * the set number of conversations that do not complete it, read the module's lessons again
 * (or wait) before the next. a conversation abandoned part-way counts as one that did not
 * complete; one restarted at its opening line does not. `restarting` asks: may the open
 * conversation be abandoned for a new one now?
 */
export async function roleplayStanding(
  enrolment: EnrolmentRef,
  activityId: string,
  s: ScenarioDefinition,
  context: {
    rules: CourseRules;
    moduleLessonIds: string[];
    restarting?: boolean;
    /** the attempts, when the caller has read them already */
    attempts?: Awaited<ReturnType<typeof listRoleplayAttempts>>;
  },
  now = new Date(),
): Promise<{ policy: RetakePolicy; state: RetakeState; passed: boolean }> {
  const policy = { ...quizRetake(context.rules, {}), maxAttempts: null };
  const [attempts, reads] = await Promise.all([
    context.attempts ?? listRoleplayAttempts(enrolment.id, activityId),
    lessonReads(enrolment.id, context.moduleLessonIds),
  ]);
  const facts: AttemptFact[] = [];
  let passed = false;
  for (const a of attempts) {
    const number = a.attemptNumber;
    if (a.state === "ended") {
      const ok = attemptPasses(s, (JSON.parse(a.snapshot) as { context: RoleplayContext }).context);
      passed ||= ok;
      facts.push({ number, state: "graded", passed: ok, submittedAt: a.endedAt ?? a.updatedAt });
    } else if (a.state === "playing" && !context.restarting) {
      facts.push({ number, state: "answering", passed: null, submittedAt: null });
    } else if (a.nodeId !== s.start) {
      // abandoned part-way (or about to be): a conversation that did not complete
      facts.push({ number, state: "graded", passed: false, submittedAt: a.updatedAt });
    }
  }
  return { policy, state: retakeState(policy, facts, reads, now), passed };
}

export async function startRoleplay(
  enrolment: EnrolmentRef,
  activityId: string,
  s: ScenarioDefinition,
  restart = false,
) {
  const attempts = await listRoleplayAttempts(enrolment.id, activityId);
  const latest = attempts[attempts.length - 1];
  if (latest && latest.state === "playing" && !restart) return latest;
  const initial = getInitialSnapshot(machineFor(s), undefined as never);
  const actor = createActor(machineFor(s), { snapshot: initial });
  actor.start();
  const snapshot = JSON.stringify(actor.getPersistedSnapshot());
  actor.stop();
  const attemptNumber = (latest?.attemptNumber ?? 0) + 1;
  return prisma.$transaction(async (tx) => {
    // a restarted conversation is kept, closed as abandoned
    if (latest && latest.state === "playing") {
      await tx.roleplayAttempt.updateMany({
        where: { id: latest.id, state: "playing" },
        data: { state: "abandoned", version: { increment: 1 } },
      });
    }
    const existing = await tx.roleplayAttempt.findFirst({
      where: { enrolmentId: enrolment.id, activityId, attemptNumber },
    });
    if (existing) return existing;
    return tx.roleplayAttempt.create({
      data: {
        enrolmentId: enrolment.id,
        activityId,
        attemptNumber,
        state: "playing",
        nodeId: s.start,
        snapshot,
        scenarioHash: s.hash,
        seed: randomBytes(16).toString("hex"),
      },
    });
  });
}

/**
 * applies one choice. the browser only says "the reply with key K in attempt Y at version V":
 * the server restores the machine, checks the reply is on offer now, applies it and saves, so
 * scores, nodes and endings cannot be forged, skipped or replayed. a reply chosen sooner than
 * the mentee's words and the replies can be read at `readingWpm` is refused (nothing changes).
 */
export async function choose(
  enrolment: EnrolmentRef,
  activityId: string,
  s: ScenarioDefinition,
  input: { attemptId: string; version: string; choice: string },
  { readingWpm = 0, now = new Date() }: { readingWpm?: number; now?: Date } = {},
) {
  const attempt = await prisma.roleplayAttempt.findFirst({
    where: { id: input.attemptId, enrolmentId: enrolment.id, activityId },
  });
  if (!attempt) throw new RoleplayError("That conversation was not found. Reload the page.", 404);
  if (attempt.state !== "playing")
    throw new RoleplayError("This conversation has finished. Start it again to have another go.", 409);
  if (String(attempt.version) !== input.version) {
    throw new RoleplayError(
      "This conversation moved on in another tab or window. Reload the page to continue from where it is now.",
      409,
    );
  }
  const snap = restoreSnapshot(s, attempt);
  const nodeId = String(snap.value);
  const onOffer = offeredChoices(machineFor(s), s, snap);
  const offered = onOffer.find((o) => choiceKey(attempt, nodeId, o.choice) === input.choice);
  if (!offered)
    throw new RoleplayError(
      "That reply is not available at this point in the conversation. Choose one of the replies shown.",
      400,
    );
  const node = s.nodes[nodeId]!;
  const says = onOffer.map((o) => node.choices!.find((c) => c.id === o.choice)!);
  const early = tooSoon(attempt.updatedAt, replyReadingSeconds(node, says, readingWpm), now);
  if (early) {
    throw new TooSoonError(
      `Take the time to read what ${s.persona.name} says and every reply before you answer: you can choose a reply in ${secondsText(early.wait)}.`,
      400,
    );
  }
  const next = offered.next;
  const actor = createActor(machineFor(s), { snapshot: next });
  actor.start();
  const persisted = JSON.stringify(actor.getPersistedSnapshot());
  actor.stop();
  const ended = next.status === "done";
  const { count } = await prisma.roleplayAttempt.updateMany({
    where: { id: attempt.id, version: attempt.version, state: "playing" },
    data: {
      snapshot: persisted,
      nodeId: String(next.value),
      state: ended ? "ended" : "playing",
      endedAt: ended ? now : null,
      version: { increment: 1 },
    },
  });
  if (count !== 1) {
    throw new RoleplayError(
      "This conversation moved on in another tab or window. Reload the page to continue from where it is now.",
      409,
    );
  }
  return { attemptId: attempt.id, ended, node: String(next.value), choice: offered.choice };
}

/** the trainee's private note on a finished conversation (never shown to their organisation) */
export async function saveNote(enrolment: EnrolmentRef, activityId: string, attemptId: string, note: string) {
  const { count } = await prisma.roleplayAttempt.updateMany({
    where: { id: attemptId, enrolmentId: enrolment.id, activityId },
    data: { note: note || null },
  });
  if (count !== 1) throw new RoleplayError("That conversation was not found. Reload the page.", 404);
}

/**
 * plays authored replies, in order, in one attempt (demo data and tests: the page posts the
 * opaque keys it was given). returns the attempt as it ends up.
 */
export async function playReplies(
  enrolment: EnrolmentRef,
  activityId: string,
  s: ScenarioDefinition,
  attemptId: string,
  choiceIds: readonly string[],
) {
  let row = await prisma.roleplayAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  for (const id of choiceIds) {
    await choose(enrolment, activityId, s, {
      attemptId,
      version: String(row.version),
      choice: choiceKey(row, row.nodeId, id),
    });
    row = await prisma.roleplayAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  }
  return row;
}
