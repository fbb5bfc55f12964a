import { formatDate } from "~/utils/dates";

// when a trainee may take a quiz again. a course sets a default (course.yaml
// completion.retake) and a quiz may override any part of it (retake: in the quiz file).
//
//   backToBack   attempts that may follow one another without a pause
//   pause        what must happen after that many failed attempts:
//                  revisit-lessons  read the module's lessons again (each one, after the
//                                   last failed attempt)
//                  cool-down        wait coolDownHours after the last failed attempt
//                  none             nothing: attempts follow one another
//   coolDownAfter besides that pause: after every this many failed attempts, wait
//                coolDownHours (a run of failures is a reason to stop for a day, and a script
//                that learns by trial and error cannot run thousands of attempts)
//   maxAttempts  a hard limit (after it, the answers are shown and the organisation is asked)
//   counts       which graded attempt gives the activity its score: best | last
//
// a passed quiz is never taken again: the attempt that passed is the evidence. the rules are
// pure facts about the stored attempts and lesson reads, so the page, the action and the tests
// all ask this one function.

export type { RetakeSettings } from "./retake-schema";
import type { RetakeSettings } from "./retake-schema";

export type RetakePolicy = {
  backToBack: number | null;
  pause: "revisit-lessons" | "cool-down" | "none";
  coolDownHours: number;
  coolDownAfter: number | null;
  maxAttempts: number | null;
  counts: "best" | "last";
};

/** the default for a course that says nothing: two tries, then read the lessons again */
export const DEFAULT_RETAKE: RetakePolicy = {
  backToBack: 2,
  pause: "revisit-lessons",
  coolDownHours: 24,
  coolDownAfter: null,
  maxAttempts: null,
  counts: "last",
};

/** a course's default: its own settings over the platform default */
export function courseRetake(
  settings: RetakeSettings | undefined,
  legacyCounts?: "best" | "last",
): RetakePolicy {
  const s = settings ?? {};
  return {
    backToBack: s.backToBack ?? DEFAULT_RETAKE.backToBack,
    pause: s.pause ?? DEFAULT_RETAKE.pause,
    coolDownHours: s.coolDownHours ?? DEFAULT_RETAKE.coolDownHours,
    coolDownAfter: s.coolDownAfter ?? DEFAULT_RETAKE.coolDownAfter,
    maxAttempts: s.maxAttempts ?? DEFAULT_RETAKE.maxAttempts,
    counts: s.counts ?? legacyCounts ?? DEFAULT_RETAKE.counts,
  };
}

/**
 * the policy for one quiz. `course` is absent for course versions stored before retake rules
 * existed: they keep the behaviour they were published with (no pause, their quizAttempts rule).
 */
export function quizRetake(
  course: { retake?: RetakePolicy; quizAttempts: "best" | "last" },
  quiz: { retake?: RetakeSettings; maxAttempts?: number },
): RetakePolicy {
  const base: RetakePolicy = course.retake ?? {
    backToBack: null,
    pause: "none",
    coolDownHours: DEFAULT_RETAKE.coolDownHours,
    coolDownAfter: null,
    maxAttempts: null,
    counts: course.quizAttempts,
  };
  const own = quiz.retake ?? {};
  return {
    backToBack: own.backToBack ?? base.backToBack,
    pause: own.pause ?? base.pause,
    coolDownHours: own.coolDownHours ?? base.coolDownHours,
    // stored policies from before coolDownAfter existed have none
    coolDownAfter: own.coolDownAfter ?? base.coolDownAfter ?? null,
    maxAttempts: own.maxAttempts ?? quiz.maxAttempts ?? base.maxAttempts,
    counts: own.counts ?? base.counts,
  };
}

export type AttemptFact = {
  number: number;
  /** answering | graded | retried */
  state: string;
  passed: boolean | null;
  submittedAt: Date | null;
};

export type RetakeState =
  /** nothing taken yet */
  | { kind: "first" }
  /** nothing taken yet, and these lessons of the module have not been read: they come first */
  | { kind: "read-first"; lessons: string[] }
  /** an attempt is being answered */
  | { kind: "open" }
  | { kind: "passed" }
  | { kind: "available"; attemptsLeft: number | null }
  | { kind: "exhausted"; maxAttempts: number }
  /** these lessons must be read again (after `since`) first */
  | { kind: "revisit"; lessons: string[]; since: Date }
  | { kind: "cool-down"; until: Date };

/**
 * where a trainee stands with a quiz. `lessonReads` maps each required lesson of the quiz's
 * module to when it was last read (null: never). an assessment is about its module's lessons,
 * so the first attempt waits until each has been read; a module without lessons cannot be
 * revisited, so its pause is a cool-down instead.
 */
export function retakeState(
  policy: RetakePolicy,
  attempts: readonly AttemptFact[],
  lessonReads: ReadonlyMap<string, Date | null>,
  now: Date,
): RetakeState {
  if (attempts.length === 0) {
    const unread = [...lessonReads].filter(([, at]) => at === null).map(([id]) => id);
    return unread.length > 0 ? { kind: "read-first", lessons: unread } : { kind: "first" };
  }
  if (attempts.some((a) => a.state === "answering")) return { kind: "open" };
  const graded = attempts.filter((a) => a.submittedAt !== null).sort((a, b) => a.number - b.number);
  if (graded.some((a) => a.passed)) return { kind: "passed" };
  const last = graded[graded.length - 1];
  if (!last) return { kind: "first" };
  const taken = Math.max(...attempts.map((a) => a.number));
  if (policy.maxAttempts !== null && taken >= policy.maxAttempts) {
    return { kind: "exhausted", maxAttempts: policy.maxAttempts };
  }
  const attemptsLeft = policy.maxAttempts === null ? null : policy.maxAttempts - taken;
  const since = last.submittedAt!;
  const wait = () => new Date(since.getTime() + policy.coolDownHours * 3_600_000);
  if (policy.coolDownAfter && graded.length % policy.coolDownAfter === 0 && now < wait()) {
    return { kind: "cool-down", until: wait() };
  }
  // a pause falls due after every backToBack-th failed attempt: attempts after it only exist
  // because it was served, so counting is enough
  const pauseDue =
    policy.pause !== "none" && policy.backToBack !== null && graded.length % policy.backToBack === 0;
  if (!pauseDue) return { kind: "available", attemptsLeft };
  if (policy.pause === "revisit-lessons" && lessonReads.size > 0) {
    const unread = [...lessonReads].filter(([, at]) => at === null || at <= since).map(([id]) => id);
    return unread.length === 0
      ? { kind: "available", attemptsLeft }
      : { kind: "revisit", lessons: unread, since };
  }
  return now >= wait() ? { kind: "available", attemptsLeft } : { kind: "cool-down", until: wait() };
}

/** may the answers be shown? once passed, or when no attempt can ever follow */
export function answersRevealed(state: RetakeState) {
  return state.kind === "passed" || state.kind === "exhausted";
}

/** one line for the quiz page: what the rules are */
export function describeRetake(policy: RetakePolicy) {
  const parts: string[] = [];
  if (policy.backToBack !== null && policy.pause !== "none") {
    const tries =
      policy.backToBack === 1
        ? "after each attempt that does not pass"
        : `after every ${policy.backToBack} attempts that do not pass`;
    parts.push(
      policy.pause === "revisit-lessons"
        ? `${tries}, read the module's lessons again before the next`
        : `${tries}, wait ${policy.coolDownHours} hours before the next`,
    );
  }
  if (policy.coolDownAfter !== null && policy.pause !== "cool-down") {
    parts.push(
      `after every ${policy.coolDownAfter} attempts that do not pass, wait ${policy.coolDownHours} hours before the next`,
    );
  }
  parts.push(
    policy.maxAttempts === null
      ? "no limit on attempts"
      : `${policy.maxAttempts} ${policy.maxAttempts === 1 ? "attempt" : "attempts"} allowed`,
  );
  return parts.join("; ");
}

/** why another attempt cannot start now, in words, or null when it can */
export function retakeRefusal(state: RetakeState, lessonTitle: (id: string) => string): string | null {
  switch (state.kind) {
    case "passed":
      return "You have passed this quiz. The attempt that passed is the one that counts.";
    case "exhausted":
      return `You have used all ${state.maxAttempts} attempts at this quiz. Contact your organisation if you need another.`;
    case "read-first":
      return `This quiz is about the module's lessons: read each one before you start it. Still to read: ${state.lessons.map(lessonTitle).join(", ")}.`;
    case "revisit":
      return `Read the module's lessons again before your next attempt: ${state.lessons.map(lessonTitle).join(", ")}.`;
    case "cool-down":
      return `You can try again from ${formatDate(state.until, "dateTime")}.`;
    default:
      return null;
  }
}
