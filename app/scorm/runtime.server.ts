import { z } from "zod";
import { ActivityError } from "~/activities/common.server";
import { definitionFor } from "~/courses/courses.server";
import { refreshCompletion, touchActivity } from "~/courses/progress.server";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { logger } from "~/logger.server";
import { pruneRateEventsByPrefix, takeBufferedRateSlot } from "~/utils/rate-limit.server";
import { isUniqueViolation } from "~/utils/db-errors";
import { newToken, sha256 } from "~/utils/tokens.server";
import {
  addSessionTime,
  DEFAULT_CMI_LIMITS,
  formatIsoDuration,
  formatScorm12Time,
  keepResults,
  meetsRule,
  validateCmi,
  type CmiError,
  type CompletionRule,
} from "./cmi";
import { findItem, launchableItems, latestVersion, manifestForVersion } from "./packages.server";
import { learnerForPackage } from "./learner-identity.server";
import type { ParsedManifest, ScormItem, ScormVersion } from "./types";

// the server side of the player: launches (one per session of a sco) and commits. the content
// origin knows a learner only by the launch token, which is bound to one attempt.

export type LaunchTarget = {
  userId: string;
  enrolmentId: string;
  activityId: string;
  packageId: string;
  rule: CompletionRule;
};

/** the version a learner plays: the one their first attempt used, else the newest */
export async function versionForLearner(
  target: Pick<LaunchTarget, "enrolmentId" | "activityId" | "packageId">,
) {
  const first = await prisma.scormAttempt.findFirst({
    where: { enrolmentId: target.enrolmentId, activityId: target.activityId },
    orderBy: { createdAt: "asc" },
    select: { versionId: true },
  });
  if (first) return prisma.scormPackageVersion.findUniqueOrThrow({ where: { id: first.versionId } });
  return latestVersion(target.packageId);
}

export function formatTotal(version: ScormVersion, seconds: number): string {
  return version === "1.2" ? formatScorm12Time(seconds) : formatIsoDuration(seconds);
}

/**
 * opens a sco for a learner: resumes the latest attempt (or starts a new one when asked or
 * when there is none) and issues a launch token for it. a new launch supersedes older ones,
 * so a forgotten tab cannot overwrite newer data.
 */
export async function createLaunch(
  target: LaunchTarget,
  itemId: string | null,
  options: { newAttempt?: boolean; review?: boolean } = {},
) {
  const version = await versionForLearner(target);
  if (!version) throw new ActivityError("This e-learning package is not available at the moment.", 404);
  const item = await launchableItem(version.id, itemId);

  const mine = {
    userId: target.userId,
    versionId: version.id,
    itemId: item.identifier,
    enrolmentId: target.enrolmentId,
  };
  if (options.review) {
    // looking back at the attempt that finished the part: it opens in review mode, and
    // nothing the content does in it is saved (the launch does not become the attempt's
    // current one, so a normal session open elsewhere keeps saving)
    const finished =
      (await prisma.scormAttempt.findFirst({
        where: { ...mine, satisfiedAt: { not: null } },
        orderBy: { number: "desc" },
      })) ??
      (await prisma.scormAttempt.findFirst({
        where: { ...mine, lastCommitAt: { not: null } },
        orderBy: { number: "desc" },
      }));
    if (!finished) throw new ActivityError("There is nothing to review in this part yet.", 409);
    const launch = await launchFor(finished, "review");
    return {
      token: launch.token,
      playerUrl: launch.playerUrl,
      itemId: item.identifier,
      attemptNumber: finished.number,
      mode: "review" as const,
      resumed: true,
      lastCommitAt: finished.lastCommitAt?.toISOString() ?? null,
    };
  }

  const latest = await prisma.scormAttempt.findFirst({ where: mine, orderBy: { number: "desc" } });
  const scormVersion = version.scormVersion as ScormVersion;
  let attempt = latest;
  if (!attempt || options.newAttempt || attemptEnded(attempt)) {
    attempt = await prisma.scormAttempt.create({
      data: {
        userId: target.userId,
        versionId: version.id,
        itemId: item.identifier,
        number: (latest?.number ?? 0) + 1,
        enrolmentId: target.enrolmentId,
        activityId: target.activityId,
        totalTime: formatTotal(scormVersion, 0),
      },
    });
  }
  const launch = await launchFor(attempt, "normal");
  await prisma.scormAttempt.update({ where: { id: attempt.id }, data: { currentLaunchId: launch.id } });

  // when the attempt was last saved before this launch: the player page says "saved" only
  // once the server has recorded a later commit
  let lastCommitAt = attempt.lastCommitAt;
  // an asset has no api to report through: opening it is completing it
  if (item.scormType === "asset" && !attempt.satisfiedAt) {
    const now = new Date();
    lastCommitAt = now;
    await prisma.scormAttempt.update({
      where: { id: attempt.id },
      data: { completionStatus: "completed", satisfiedAt: now, lastCommitAt: now },
    });
    const enrolment = await prisma.enrolment.findUnique({
      where: { id: target.enrolmentId },
      select: { id: true, userId: true, courseVersionId: true },
    });
    if (enrolment) await refreshEnrolment(enrolment);
  }
  return {
    token: launch.token,
    playerUrl: launch.playerUrl,
    itemId: item.identifier,
    attemptNumber: attempt.number,
    mode: "normal" as const,
    resumed: attempt.id === latest?.id && latest.lastCommitAt !== null,
    lastCommitAt: lastCommitAt?.toISOString() ?? null,
  };
}

/** a launchable sco of a version (the first when none is named), or a 404 for the learner */
async function launchableItem(versionId: string, itemId: string | null) {
  const items = launchableItems(await manifestForVersion(versionId));
  const item = itemId ? items.find((i) => i.identifier === itemId) : items[0];
  if (!item) throw new ActivityError("That part of the package does not exist.", 404);
  return item;
}

export type LaunchMode = "normal" | "review" | "preview";

/** a launch token for an attempt, in a mode: only a normal launch's commits are saved */
async function launchFor(attempt: { id: string; userId: string; totalSeconds: number }, mode: LaunchMode) {
  const token = newToken();
  const env = getEnv();
  const launch = await prisma.scormLaunch.create({
    data: {
      tokenHash: sha256(token),
      attemptId: attempt.id,
      userId: attempt.userId,
      baseSeconds: attempt.totalSeconds,
      mode,
      expiresAt: new Date(Date.now() + env.SCORM_LAUNCH_TTL_HOURS * 3600_000),
    },
  });
  return { id: launch.id, token, playerUrl: `${env.CONTENT_ORIGIN}/player/${token}` };
}

/**
 * an administrator of the package's organisation trying a sco of its newest version. the
 * attempt belongs to no enrolment and its launch is a preview, so nothing is ever saved to it:
 * it never reaches a report, a learner's progress or a certificate.
 */
export async function createPreviewLaunch(packageId: string, userId: string, itemId: string | null) {
  const version = await latestVersion(packageId);
  if (!version) throw new ActivityError("This package has no version to preview.", 404);
  const item = await launchableItem(version.id, itemId);
  // one preview attempt per administrator and sco, numbered 0 (learners' count from 1); it
  // stays empty, so every preview starts from the beginning
  const key = { userId, versionId: version.id, itemId: item.identifier, number: 0 };
  const find = () => prisma.scormAttempt.findUnique({ where: { userId_versionId_itemId_number: key } });
  let attempt = await find();
  if (!attempt) {
    try {
      attempt = await prisma.scormAttempt.create({
        data: { ...key, totalTime: formatTotal(version.scormVersion as ScormVersion, 0) },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      attempt = await find();
      if (!attempt) throw error;
    }
  }
  const launch = await launchFor(attempt, "preview");
  return {
    token: launch.token,
    playerUrl: launch.playerUrl,
    itemId: item.identifier,
    attemptNumber: 0,
    mode: "preview" as const,
    resumed: false,
    lastCommitAt: null,
  };
}

/**
 * an attempt is over when the content ended it normally (scorm: any exit but "suspend") after
 * finishing; the next launch then starts a new attempt. a suspended or unfinished one resumes.
 */
function attemptEnded(a: { lastCommitAt: Date | null; exit: string | null; completionStatus: string }) {
  if (a.lastCommitAt === null || a.exit === "suspend") return false;
  if (a.exit === "logout" || a.exit === "normal" || a.exit === "time-out") return true;
  return a.completionStatus === "completed";
}

export type ResolvedLaunch = NonNullable<Awaited<ReturnType<typeof resolveLaunch>>>;

/**
 * the launch a content-origin request belongs to, or null for an unknown or expired token. one
 * query brings everything a commit needs: the attempt, its package version, the learner and
 * the course enrolment (with its version, for the completion rule and progress).
 */
export async function resolveLaunch(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const launch = await prisma.scormLaunch.findUnique({
    where: { tokenHash: sha256(token) },
    include: {
      attempt: {
        include: {
          // not the manifest (parsed and cached by manifestForVersion) or the warnings
          version: {
            select: {
              id: true,
              packageId: true,
              scormVersion: true,
              storagePath: true,
              package: { select: { organisationId: true } },
            },
          },
          user: { select: { id: true, name: true } },
          enrolment: { select: { id: true, userId: true, courseVersionId: true, lastActivityAt: true } },
        },
      },
    },
  });
  if (!launch || launch.expiresAt.getTime() < Date.now()) return null;
  return launch;
}

/** a launch's sco and its package's manifest */
export async function launchItem(
  launch: ResolvedLaunch,
): Promise<{ manifest: ParsedManifest; item: ScormItem }> {
  const manifest = await manifestForVersion(launch.attempt.versionId);
  const item = findItem(manifest, launch.attempt.itemId);
  if (!item) throw new Error("launch item is missing from its manifest");
  return { manifest, item };
}

// what a new session starts with: the learner's saved state, restored before the content runs
const KEEP_12 = [
  "cmi.core.lesson_location",
  "cmi.core.lesson_status",
  "cmi.core.score.",
  "cmi.suspend_data",
  "cmi.objectives.",
  "cmi.student_preference.",
];
const KEEP_2004 = [
  "cmi.location",
  "cmi.completion_status",
  "cmi.success_status",
  "cmi.score.",
  "cmi.progress_measure",
  "cmi.suspend_data",
  "cmi.objectives.",
  "cmi.interactions.",
  "cmi.learner_preference.",
  "cmi.comments_from_learner.",
];

/** the flattened cmi the player loads into scorm-again before the sco starts */
export async function initialCmi(launch: ResolvedLaunch): Promise<Record<string, string>> {
  const { item } = await launchItem(launch);
  const attempt = launch.attempt;
  const v = attempt.version.scormVersion as ScormVersion;
  const saved = JSON.parse(attempt.cmi) as Record<string, string>;
  const keep = v === "1.2" ? KEEP_12 : KEEP_2004;
  const data: Record<string, string> = {};
  for (const [k, value] of Object.entries(saved)) {
    if (keep.some((p) => (p.endsWith(".") ? k.startsWith(p) : k === p))) data[k] = value;
  }
  // scorm: "resume" only after a suspend; "ab-initio" for a fresh attempt; otherwise ""
  const entry = attempt.exit === "suspend" ? "resume" : attempt.lastCommitAt === null ? "ab-initio" : "";
  // a review shows the finished attempt; a preview tries the package: neither counts
  const mode = launch.mode === "review" ? "review" : launch.mode === "preview" ? "browse" : "normal";
  const credit = mode === "normal" ? "credit" : "no-credit";
  const total = formatTotal(v, attempt.totalSeconds);
  // the package's organisation sees its own members by name; anyone else only as the code its
  // reports show (decision 022): the content gets no more than that, so it cannot write a real
  // name into a bookmark or an interaction the organisation reads back
  const learner = await learnerForPackage(attempt.version.package.organisationId, attempt.user);
  if (v === "1.2") {
    Object.assign(data, {
      "cmi.core.student_id": learner.id,
      "cmi.core.student_name": learner.named ? lastFirst(learner.name) : learner.name,
      "cmi.core.entry": entry,
      "cmi.core.credit": credit,
      "cmi.core.lesson_mode": mode,
      "cmi.core.total_time": total,
    });
    // "not attempted" is where every attempt starts; the player itself decides what a sco
    // that never sets a status has done (app/scorm/runtime/player.js)
    if (data["cmi.core.lesson_status"] === "not attempted") delete data["cmi.core.lesson_status"];
    if (item.dataFromLms) data["cmi.launch_data"] = item.dataFromLms;
    if (item.masteryScore !== null) data["cmi.student_data.mastery_score"] = String(item.masteryScore);
    if (item.maxTimeAllowed) data["cmi.student_data.max_time_allowed"] = item.maxTimeAllowed;
    if (item.timeLimitAction) data["cmi.student_data.time_limit_action"] = item.timeLimitAction;
  } else {
    Object.assign(data, {
      "cmi.learner_id": learner.id,
      "cmi.learner_name": learner.name,
      "cmi.entry": entry,
      "cmi.credit": credit,
      "cmi.mode": mode,
      "cmi.total_time": total,
    });
    if (item.dataFromLms) data["cmi.launch_data"] = item.dataFromLms;
    if (item.completionThreshold !== null)
      data["cmi.completion_threshold"] = String(item.completionThreshold);
    if (item.scaledPassingScore !== null) data["cmi.scaled_passing_score"] = String(item.scaledPassingScore);
    if (item.maxTimeAllowed) data["cmi.max_time_allowed"] = item.maxTimeAllowed;
    if (item.timeLimitAction) data["cmi.time_limit_action"] = item.timeLimitAction;
  }
  return data;
}

function lastFirst(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return name;
  const last = parts.pop()!;
  return `${last}, ${parts.join(" ")}`;
}

/** the largest sequence number: the launch keeps it in a 32-bit integer column */
export const MAX_COMMIT_SEQ = 2_147_483_647;
/**
 * how far a commit's sequence number may run ahead of the last applied one. the player counts
 * up by one; a gap means commits were lost on the way, never thousands of them. without a
 * bound, one commit numbered near the maximum would make every later commit a "duplicate".
 */
export const MAX_SEQ_JUMP = 10_000;

/** the rate limiter's key for a launch's commits is this and the launch id */
export const COMMIT_RATE_KEY = "scorm-commit:";

const commitSchema = z.strictObject({
  seq: z.number().int().min(1).max(MAX_COMMIT_SEQ),
  cmi: z.record(z.string(), z.unknown()),
  terminate: z.boolean().optional(),
});

/** the cmi limits for a configured suspend_data maximum: the other limits make room for it */
export function commitLimits(suspendDataMax: number) {
  return {
    ...DEFAULT_CMI_LIMITS,
    suspendData2004Max: suspendDataMax,
    maxValueLength: Math.max(DEFAULT_CMI_LIMITS.maxValueLength, suspendDataMax),
    maxTotalChars: Math.max(DEFAULT_CMI_LIMITS.maxTotalChars, suspendDataMax + 1_000_000),
  };
}

/** the largest commit body accepted: every character of the largest cmi as 4 utf-8 bytes, escaped */
export function maxCommitBytes(suspendDataMax: number) {
  return commitLimits(suspendDataMax).maxTotalChars * 4 + 64 * 1024;
}

export type CommitOutcome =
  | {
      status: 200;
      body: {
        ok: true;
        applied: boolean;
        reason?: string;
        completion: string;
        success: string;
        satisfied: boolean;
      };
    }
  | { status: 400 | 401 | 409 | 422; body: { ok: false; error: string; errors?: CmiError[] } }
  | { status: 429; body: { ok: false; error: string; retryAfterSeconds: number } };

/**
 * applies one commit from the player. idempotent by sequence number: a replay or an older
 * commit than the last applied one changes nothing and reports applied: false. each launch
 * may commit SCORM_COMMITS_PER_MINUTE times a minute (a package's script can call Commit in a
 * loop, and every commit is a write; one that changes status, score or exit also refreshes the
 * course's progress).
 */
export async function applyCommit(token: string, payload: unknown): Promise<CommitOutcome> {
  const launch = await resolveLaunch(token);
  if (!launch)
    return {
      status: 401,
      body: {
        ok: false,
        error: "This session has ended or the link is not valid. Reload the page to carry on.",
      },
    };
  const perMinute = getEnv().SCORM_COMMITS_PER_MINUTE;
  const slot = await takeBufferedRateSlot(`${COMMIT_RATE_KEY}${launch.id}`, perMinute, 60_000);
  // each launch has its own key, used for one session: now and then clear the ended ones
  if (Math.random() < 0.01) await pruneRateEventsByPrefix(COMMIT_RATE_KEY, new Date(Date.now() - 60_000));
  if (!slot.ok) {
    return {
      status: 429,
      body: {
        ok: false,
        error: `Too many saves from this session (at most ${perMinute} a minute), so this one was not saved. Try again in ${slot.retryAfterSeconds} seconds.`,
        retryAfterSeconds: slot.retryAfterSeconds,
      },
    };
  }
  const parsed = commitSchema.safeParse(payload);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        ok: false,
        error: `A commit is a JSON object with seq (a whole number from 1 to ${MAX_COMMIT_SEQ}) and cmi (an object).`,
      },
    };
  }
  const { seq, cmi } = parsed.data;
  const attempt = launch.attempt;
  if (launch.mode !== "normal") {
    // a review or a preview: the content may commit, and is told nothing was saved
    return {
      status: 200,
      body: {
        ok: true,
        applied: false,
        reason: launch.mode,
        completion: attempt.completionStatus,
        success: attempt.successStatus,
        satisfied: attempt.satisfiedAt !== null,
      },
    };
  }
  if (seq > launch.lastSeq + MAX_SEQ_JUMP) {
    return {
      status: 400,
      body: {
        ok: false,
        error: `The commit's sequence number ${seq} is too far ahead of the last one saved (${launch.lastSeq}): it may be at most ${MAX_SEQ_JUMP} more. Nothing was saved.`,
      },
    };
  }
  if (attempt.currentLaunchId !== launch.id) {
    return {
      status: 409,
      body: {
        ok: false,
        error: "This package was opened again in another window, so this window's data was not saved.",
      },
    };
  }
  const unchanged = (reason: string): CommitOutcome => ({
    status: 200,
    body: {
      ok: true,
      applied: false,
      reason,
      completion: attempt.completionStatus,
      success: attempt.successStatus,
      satisfied: attempt.satisfiedAt !== null,
    },
  });
  if (seq <= launch.lastSeq) return unchanged(seq === launch.lastSeq ? "duplicate" : "out_of_order");
  // an attempt the learner has moved on from (a newer one of the same part started) is closed:
  // its old window cannot rewrite it
  const newer = await prisma.scormAttempt.findFirst({
    where: {
      userId: attempt.userId,
      versionId: attempt.versionId,
      itemId: attempt.itemId,
      number: { gt: attempt.number },
    },
    select: { id: true },
  });
  if (newer) {
    return {
      status: 409,
      body: {
        ok: false,
        error: "A newer attempt at this part has been started, so this window's data was not saved.",
      },
    };
  }

  const v = attempt.version.scormVersion as ScormVersion;
  const limits = commitLimits(getEnv().SCORM_SUSPEND_DATA_MAX);
  const result = validateCmi(v, cmi, limits);
  if (!result.ok) {
    return {
      status: 422,
      body: {
        ok: false,
        error: "The data did not meet the SCORM data model, so none of it was saved.",
        errors: result.errors,
      },
    };
  }
  // once the attempt met its rule, its recorded results are kept (a later commit may add)
  const { summary, data } = attempt.satisfiedAt
    ? keepResults(v, attempt, result.summary, result.cmi)
    : { summary: result.summary, data: result.cmi };
  const stored = { ...data };
  // the server owns time: this session's reported session_time on top of the total before it,
  // never more than the session has lasted (the launch's age: both times are the server's, so
  // relaunching adds nothing), and never less than the attempt's total already recorded (a
  // later commit without a session time)
  const sessionKey = v === "1.2" ? "cmi.core.session_time" : "cmi.session_time";
  const totalKey = v === "1.2" ? "cmi.core.total_time" : "cmi.total_time";
  let totalSeconds = launch.baseSeconds;
  const session = stored[sessionKey];
  if (session) {
    const lasted = (Date.now() - launch.createdAt.getTime()) / 1000;
    const added = addSessionTime(v, launch.baseSeconds, session, lasted);
    if (added) totalSeconds = added.totalSeconds;
  }
  totalSeconds = Math.max(totalSeconds, attempt.totalSeconds);
  const totalTime = formatTotal(v, totalSeconds);
  stored[totalKey] = totalTime;

  const rule = await ruleFor(attempt.enrolment, attempt.activityId);
  const nowSatisfied = rule !== null && meetsRule(rule, summary);
  const now = new Date();
  // course progress is worked out again only when something it depends on changed: most
  // commits are a bookmark or suspend_data, and recomputing the whole course for each was
  // the commit's main cost
  const progressMoves =
    launch.lastSeq === 0 ||
    summary.completionStatus !== attempt.completionStatus ||
    summary.successStatus !== attempt.successStatus ||
    summary.scoreRaw !== attempt.scoreRaw ||
    summary.scoreMin !== attempt.scoreMin ||
    summary.scoreMax !== attempt.scoreMax ||
    summary.scoreScaled !== attempt.scoreScaled ||
    summary.exit !== attempt.exit ||
    (nowSatisfied && !attempt.satisfiedAt);
  const applied = await prisma.$transaction(async (tx) => {
    // the sequence check and the write are one step: two racing commits cannot both apply
    const claimed = await tx.scormLaunch.updateMany({
      where: { id: launch.id, lastSeq: { lt: seq } },
      data: { lastSeq: seq },
    });
    if (claimed.count === 0) return null;
    const lastActivity = attempt.enrolment?.lastActivityAt?.getTime() ?? 0;
    if (!progressMoves && attempt.enrolment && lastActivity < now.getTime() - 60_000) {
      // reports show when the trainee last worked: kept to the minute without a refresh
      await touchActivity(attempt.enrolment.id, now, tx);
    }
    return tx.scormAttempt.update({
      where: { id: attempt.id },
      data: {
        cmi: JSON.stringify(stored),
        completionStatus: summary.completionStatus,
        successStatus: summary.successStatus,
        scoreRaw: summary.scoreRaw,
        scoreMin: summary.scoreMin,
        scoreMax: summary.scoreMax,
        scoreScaled: summary.scoreScaled,
        totalSeconds,
        totalTime,
        location: summary.location,
        suspendData: summary.suspendData,
        exit: summary.exit,
        lastCommitAt: now,
        // once counted, a later "incomplete" does not undo it
        ...(nowSatisfied && !attempt.satisfiedAt ? { satisfiedAt: now } : {}),
      },
    });
  });
  if (!applied) {
    // another commit claimed the sequence first: the same number, or a later one
    const latest = await prisma.scormLaunch.findUnique({
      where: { id: launch.id },
      select: { lastSeq: true },
    });
    return unchanged(latest && latest.lastSeq > seq ? "out_of_order" : "duplicate");
  }
  // a commit that moves progress: the course's progress and last activity (and, once, completion)
  if (progressMoves && attempt.enrolment) await refreshEnrolment(attempt.enrolment);
  return {
    status: 200,
    body: {
      ok: true,
      applied: true,
      completion: applied.completionStatus,
      success: applied.successStatus,
      satisfied: applied.satisfiedAt !== null,
    },
  };
}

type CourseEnrolment = { id: string; userId: string; courseVersionId: string };

/** the activity's completion rule, from the course version the enrolment is pinned to */
async function ruleFor(
  enrolment: CourseEnrolment | null,
  activityId: string | null,
): Promise<CompletionRule | null> {
  if (!enrolment || !activityId) return null;
  const def = await definitionFor(enrolment.courseVersionId);
  const activity = def.modules.flatMap((m) => m.activities).find((a) => a.id === activityId);
  return (activity?.content as { rule?: CompletionRule } | undefined)?.rule ?? null;
}

async function refreshEnrolment(enrolment: CourseEnrolment) {
  try {
    await refreshCompletion(
      { id: enrolment.id, userId: enrolment.userId },
      await definitionFor(enrolment.courseVersionId),
    );
  } catch (error) {
    logger.error(
      { err: error, enrolmentId: enrolment.id },
      "could not refresh course completion after a scorm commit",
    );
  }
}
