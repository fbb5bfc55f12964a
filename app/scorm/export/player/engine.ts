import { createActor } from "xstate";
import { ActivityError } from "~/activities/errors";
import type { LessonContent } from "~/activities/lesson/lesson.server";
import { readAnswers, questionWords } from "~/activities/quiz/answers";
import { drawQuestions } from "~/activities/quiz/draw";
import { presentQuestions } from "~/activities/quiz/present";
import { createQuizMachine } from "~/activities/quiz/quiz.machine";
import { feedback, outcomesLost } from "~/activities/quiz/results";
import type { QuizResultsData } from "~/activities/quiz/ResultsView";
import {
  answersRevealed,
  quizRetake,
  retakeRefusal,
  retakeState,
  type AttemptFact,
  type RetakeState,
} from "~/activities/quiz/retake";
import type { Answer, Answers, QuizDefinition } from "~/activities/quiz/schema";
import { quizSummary } from "~/activities/quiz/summary";
import type { QuizPageData } from "~/activities/quiz/QuizView";
import { lessonReadSeconds, readingSeconds, secondsText, tooSoon } from "~/activities/reading";
import { offeredChoices } from "~/activities/roleplay/analyse";
import { presentAttempt, scenarioSummary } from "~/activities/roleplay/present";
import type { RoleplayPageData } from "~/activities/roleplay/RoleplayView";
import {
  attemptPasses,
  choiceKey,
  machineFor,
  replyReadingSeconds,
  restoreSnapshot,
  roleplayRefusal,
  scorePercent,
} from "~/activities/roleplay/rules";
import type { RoleplayContext } from "~/activities/roleplay/scenario.machine";
import type { ScenarioDefinition } from "~/activities/roleplay/schema";
import type { ActivityStatus, CourseRules } from "~/activities/types";
import type { RetakeNoticeData } from "~/components/retake";
import {
  fromSeconds,
  newSeed,
  QUIZ_HISTORY,
  SEEN_CAP,
  toSeconds,
  type AnswerCode,
  type ModuleState,
  type QuizState,
  type RoleplayState,
} from "../state";

// the exported module's "server", run in the learner's browser: what each page shows and what
// each form does, as the platform's activity pages (app/activities/<kind>/page.server.ts) do,
// with the learner's state in scorm suspend_data instead of database rows. the rules are the
// platform's own modules: the quiz machine and grading, the draw and the shuffle, the retake
// rules, the compiled role-play machines and what passes, the reading-time minimums. nothing
// here is secret: a package played in someone else's LMS cannot keep its answers from a
// determined learner (the export page says so).

export type ExportedActivity =
  | {
      id: string;
      kind: "lesson";
      title: string;
      required: boolean;
      estimatedMinutes: number;
      content: LessonContent;
    }
  | {
      id: string;
      kind: "quiz";
      title: string;
      required: boolean;
      estimatedMinutes: number;
      content: QuizDefinition;
    }
  | {
      id: string;
      kind: "roleplay";
      title: string;
      required: boolean;
      estimatedMinutes: number;
      content: ScenarioDefinition;
    };

/** one module as a package carries it (the sco's index.html holds it as json) */
export type ExportedModule = {
  format: 1;
  scormVersion: "1.2" | "2004";
  course: { id: string; title: string; versionLabel: string; hash: string };
  module: { id: string; title: string; summary: string; outcomes: string[]; estimatedMinutes: number };
  /** the first 8 hex digits of this module's content hash: suspend data from other content is not reused */
  stateHash: string;
  rules: CourseRules;
  /** the platform's reading-time rules when the package was made */
  readingWpm: number;
  lessonReadFraction: number;
  activities: ExportedActivity[];
  /** the activities that must be completed for the module to be complete */
  required: string[];
};

export type Route =
  | { name: "module" }
  | { name: "activity"; id: string; section: string | null }
  | { name: "attempt"; id: string; number: number };

export const paths = {
  module: () => "#/",
  activity: (id: string, section?: string | null) => `#/a/${id}${section ? `/s/${section}` : ""}`,
  attempt: (id: string, n: number) => `#/a/${id}/attempts/${n}`,
};

export function parseRoute(hash: string): Route {
  const m = /^#\/a\/([a-z0-9-]+)(?:\/attempts\/(\d{1,6})|\/s\/([a-z0-9-]+))?$/.exec(hash);
  if (!m) return { name: "module" };
  if (m[2]) return { name: "attempt", id: m[1]!, number: Number(m[2]) };
  return { name: "activity", id: m[1]!, section: m[3] ?? null };
}

export type ActResult = { redirect: string } | { status: number; data: Record<string, unknown> };

export type PlayerView =
  | { kind: "module" }
  | {
      kind: "lesson";
      activity: ExportedActivity;
      data: { html: string; summary: string | null; completion: "mark_read" | "auto"; completed: boolean };
    }
  | { kind: "quiz"; activity: ExportedActivity; data: QuizPageData }
  | { kind: "results"; activity: ExportedActivity; data: QuizResultsData | { graded: false; number: number } }
  | { kind: "roleplay"; activity: ExportedActivity; data: RoleplayPageData }
  | { kind: "missing" };

/** what the module reports to the LMS */
export type ModuleReport = {
  completed: boolean;
  /** passed once complete; failed when a quiz can no longer be passed (its attempts used up); else unknown */
  success: "passed" | "failed" | "unknown";
  /** the counted quiz score, 0-100 (the mean where a module has several quizzes); null before any */
  score: number | null;
  /** required activities completed, 0..1 */
  progress: number;
};

const NEW_VISIT_MS = 30 * 60_000;

export class ModuleSession {
  /** when each lesson was opened on this visit (the reading clock; not kept across visits) */
  private opened = new Map<string, number>();

  constructor(
    readonly m: ExportedModule,
    public state: ModuleState,
    private readonly clock: () => number = () => Date.now(),
    private readonly random: () => number = Math.random,
  ) {}

  // ---- the module ------------------------------------------------------------------------

  index(id: string) {
    return this.m.activities.findIndex((a) => a.id === id);
  }
  activity(id: string) {
    return this.m.activities.find((a) => a.id === id);
  }
  /** the activity after this one, or null at the end of the module */
  next(id: string) {
    return this.m.activities[this.index(id) + 1] ?? null;
  }
  previous(id: string) {
    const i = this.index(id);
    return i > 0 ? this.m.activities[i - 1]! : null;
  }
  private lessonState(id: string) {
    const s = this.state.activities[this.index(id)];
    if (s?.kind !== "lesson") throw new Error(`${id} is not a lesson`);
    return s;
  }
  private quizState(id: string) {
    const s = this.state.activities[this.index(id)];
    if (s?.kind !== "quiz") throw new Error(`${id} is not a quiz`);
    return s;
  }
  private roleplayState(id: string) {
    const s = this.state.activities[this.index(id)];
    if (s?.kind !== "roleplay") throw new Error(`${id} is not a role-play`);
    return s;
  }
  private now() {
    return this.clock();
  }
  /** the module's required lessons: read before the first attempt at its quiz and role-plays, and again after failures */
  private lessons() {
    return this.m.activities.filter((a) => a.kind === "lesson" && a.required);
  }
  private lessonTitle = (id: string) => this.activity(id)?.title ?? id;
  private lessonReads() {
    return new Map(
      this.lessons().map((l) => {
        const at = this.lessonState(l.id).readAt;
        return [l.id, at === null ? null : new Date(fromSeconds(at))] as const;
      }),
    );
  }
  private notice(state: RetakeState, message: string | null): RetakeNoticeData {
    const toRead = state.kind === "revisit" || state.kind === "read-first" ? state.lessons : null;
    return {
      kind: state.kind,
      message,
      lessons: toRead
        ? this.lessons().map((l) => ({
            title: l.title,
            href: paths.activity(l.id),
            done: !toRead.includes(l.id),
          }))
        : [],
    };
  }
  private onward(id: string): ActResult {
    const next = this.next(id);
    return { redirect: next ? paths.activity(next.id) : paths.module() };
  }

  statuses(): Map<string, ActivityStatus> {
    return new Map(this.m.activities.map((a) => [a.id, this.status(a)]));
  }

  status(a: ExportedActivity): ActivityStatus {
    if (a.kind === "lesson") {
      if (this.lessonState(a.id).readAt !== null) return { state: "completed" };
      return this.opened.has(a.id) ? { state: "in_progress" } : { state: "not_started" };
    }
    if (a.kind === "quiz") {
      const st = this.quizState(a.id);
      if (st.graded === 0) return st.open ? { state: "in_progress" } : { state: "not_started" };
      const counted = this.counted(a.content, st);
      if (!counted) return { state: "in_progress" };
      const done = a.content.completion === "submit" || counted.passed;
      return { state: done ? "completed" : "in_progress", passed: counted.passed, score: counted.score / 10 };
    }
    const st = this.roleplayState(a.id);
    if (st.graded === 0 && !st.current) return { state: "not_started" };
    if (!st.passed)
      return { state: "in_progress", ...(st.score !== null ? { passed: false, score: st.score } : {}) };
    return { state: "completed", passed: true, score: st.score ?? 0 };
  }

  /** the attempt that gives a quiz its score: the latest, or the best (of those still listed) */
  private counted(quiz: QuizDefinition, st: QuizState) {
    if (st.history.length === 0) return null;
    if (st.passed) return st.history.find((h) => h.passed) ?? st.history[st.history.length - 1]!;
    return quizRetake(this.m.rules, quiz).counts === "last"
      ? st.history[st.history.length - 1]!
      : st.history.reduce((best, h) => (h.score > best.score ? h : best));
  }

  report(): ModuleReport {
    const statuses = this.statuses();
    const required = this.m.required;
    const done = required.filter((id) => statuses.get(id)?.state === "completed").length;
    const completed = done === required.length;
    const scores: number[] = [];
    let failed = false;
    for (const a of this.m.activities) {
      if (a.kind !== "quiz") continue;
      const st = this.quizState(a.id);
      const counted = this.counted(a.content, st);
      if (!counted) continue;
      scores.push(counted.score / 10);
      // failed only when no attempt can follow: a learner who may try again has not failed
      if (!counted.passed && this.quizStanding(a.content, st).state.kind === "exhausted") failed = true;
    }
    return {
      completed,
      success: completed ? "passed" : failed ? "failed" : "unknown",
      score:
        scores.length > 0 ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 10) / 10 : null,
      progress: required.length === 0 ? 1 : done / required.length,
    };
  }

  // ---- pages -------------------------------------------------------------------------------

  view(route: Route): PlayerView {
    if (route.name === "module") return { kind: "module" };
    const a = this.activity(route.id);
    if (!a) return { kind: "missing" };
    if (route.name === "attempt") {
      if (a.kind !== "quiz") return { kind: "missing" };
      const data = this.results(a as ExportedActivity & { kind: "quiz" }, route.number);
      return data ? { kind: "results", activity: a, data } : { kind: "missing" };
    }
    switch (a.kind) {
      case "lesson":
        this.openLesson(a);
        return {
          kind: "lesson",
          activity: a,
          data: {
            html: a.content.html,
            summary: a.content.summary,
            completion: a.content.completion,
            completed: this.lessonState(a.id).readAt !== null,
          },
        };
      case "quiz":
        return { kind: "quiz", activity: a, data: this.quizPage(a) };
      case "roleplay":
        return { kind: "roleplay", activity: a, data: this.roleplayPage(a) };
    }
  }

  act(activityId: string, form: FormData): ActResult {
    const a = this.activity(activityId);
    if (!a) return { status: 404, data: { error: "That part of the module was not found." } };
    try {
      switch (a.kind) {
        case "lesson":
          return this.lessonAct(a, form);
        case "quiz":
          return this.quizAct(a, form);
        case "roleplay":
          return this.roleplayAct(a, form);
      }
    } catch (error) {
      if (error instanceof ActivityError) return { status: error.status, data: { error: error.message } };
      throw error;
    }
  }

  // ---- lessons -------------------------------------------------------------------------

  /**
   * the lesson is on screen: its reading clock starts on a new visit (never opened, read since
   * it was opened, or opened over 30 minutes ago). one required lesson is read at a time
   */
  private openLesson(a: ExportedActivity) {
    const now = this.now();
    const opened = this.opened.get(a.id);
    const readAt = this.lessonState(a.id).readAt;
    const newVisit =
      opened === undefined ||
      (readAt !== null && fromSeconds(readAt) >= opened) ||
      now - opened > NEW_VISIT_MS;
    if (!newVisit) return;
    this.opened.set(a.id, now);
    if (a.required) for (const id of [...this.opened.keys()]) if (id !== a.id) this.opened.delete(id);
  }

  private lessonAct(a: ExportedActivity & { kind: "lesson" }, form: FormData): ActResult {
    const intent = form.get("intent");
    if (intent !== "complete" && intent !== "complete-auto") {
      return { status: 400, data: { error: "Unknown action. Reload the page and try again." } };
    }
    const now = this.now();
    const opened = this.opened.get(a.id);
    const min = lessonReadSeconds(a.estimatedMinutes, this.m.lessonReadFraction);
    const st = this.lessonState(a.id);
    if (min > 0) {
      const elapsed = opened === undefined ? -1 : (now - opened) / 1000;
      if (opened === undefined || elapsed < min) {
        const wait = Math.ceil(opened === undefined ? min : min - elapsed);
        if (intent === "complete-auto")
          return { status: 200, data: { completed: false, retryInSeconds: wait } };
        if (st.readAt !== null) {
          if (!this.rereadAsked(a.id)) return this.onward(a.id);
          return {
            status: 409,
            data: {
              error: `This visit does not count as reading the lesson again yet: it counts ${wait} seconds from now. If you are reading the module's lessons again before your next quiz attempt, stay on the page a little longer; otherwise use "Next" below to move on.`,
            },
          };
        }
        return {
          status: 409,
          data: {
            error:
              opened !== undefined
                ? `Take time to read the lesson before you mark it complete: it can be marked complete ${wait} seconds from now.`
                : "Open the lesson and read it before you mark it complete.",
          },
        };
      }
    }
    // a reading dates from when the lesson was opened
    st.readAt = toSeconds(opened ?? now);
    if (intent === "complete-auto") return { status: 200, data: { completed: true } };
    return this.onward(a.id);
  }

  /** whether a quiz of the module failed since this lesson was last read */
  private rereadAsked(lessonId: string) {
    const readAt = this.lessonState(lessonId).readAt;
    if (readAt === null) return false;
    return this.m.activities.some((a) => {
      if (a.kind !== "quiz") return false;
      const st = this.quizState(a.id);
      return st.graded > 0 && !st.passed && st.lastAt !== null && st.lastAt > readAt;
    });
  }

  // ---- quizzes -------------------------------------------------------------------------

  private quizStanding(quiz: QuizDefinition, st: QuizState) {
    const policy = quizRetake(this.m.rules, quiz);
    const facts = gradedFacts(st);
    if (st.open) facts.push({ number: st.open.number, state: "answering", passed: null, submittedAt: null });
    return { policy, state: retakeState(policy, facts, this.lessonReads(), new Date(this.now())) };
  }

  private questionsOf(quiz: QuizDefinition, indices: number[]) {
    return indices.map((i) => quiz.questions[i]!).filter(Boolean);
  }

  private quizPage(a: ExportedActivity & { kind: "quiz" }): QuizPageData {
    const quiz = a.content;
    const st = this.quizState(a.id);
    const { policy, state } = this.quizStanding(quiz, st);
    return {
      quiz: quizSummary(quiz, policy),
      status: this.status(a),
      attempts: st.history.map((h) => ({
        id: String(h.number),
        number: h.number,
        score: h.score / 10,
        passed: h.passed,
      })),
      open: st.open
        ? {
            id: String(st.open.number),
            version: 0,
            number: st.open.number,
            questions: presentQuestions(
              this.questionsOf(quiz, st.open.questions),
              st.open.seed,
              quiz.shuffle,
            ),
          }
        : null,
      canRetry: state.kind === "available",
      retake: this.notice(state, retakeRefusal(state, this.lessonTitle)),
    };
  }

  /** a new attempt: its own seed and draw, preferring the questions shown least so far */
  private newAttempt(quiz: QuizDefinition, st: QuizState, number: number) {
    const seed = newSeed(this.random);
    const seen = new Map(quiz.questions.map((q, i) => [q.id, st.seen[i] ?? 0]));
    const ids = quiz.draw
      ? drawQuestions(quiz.questions, quiz.draw, seed, seen)
      : quiz.questions.map((q) => q.id);
    const questions = ids.map((id) => quiz.questions.findIndex((q) => q.id === id));
    st.seen = quiz.questions.map((_, i) =>
      Math.min(SEEN_CAP, (st.seen[i] ?? 0) + (questions.includes(i) ? 1 : 0)),
    );
    st.open = { number, seed, questions, startedAt: toSeconds(this.now()) };
  }

  /** the quiz machine of one attempt, started: the platform's own (app/activities/quiz/quiz.machine.ts) */
  private quizActor(quiz: QuizDefinition, number: number, questionIds: string[] | undefined) {
    const policy = quizRetake(this.m.rules, quiz);
    const actor = createActor(createQuizMachine(quiz), {
      input: { attemptNumber: number, maxAttempts: policy.maxAttempts, questionIds },
    });
    actor.start();
    actor.send({ type: "START" });
    return actor;
  }

  private quizAct(a: ExportedActivity & { kind: "quiz" }, form: FormData): ActResult {
    const quiz = a.content;
    const st = this.quizState(a.id);
    const here = paths.activity(a.id);
    const intent = form.get("intent");
    if (intent === "start" || intent === "retry") {
      if (st.open) return { redirect: here };
      const { state } = this.quizStanding(quiz, st);
      if (intent === "start" && st.graded > 0)
        throw new ActivityError("You have already taken this quiz. Use “Try again” on your results.", 409);
      const refusal = retakeRefusal(state, this.lessonTitle);
      if (refusal) return { status: 409, data: { error: refusal } };
      if (st.last) {
        // the machine of the last attempt decides whether another may follow (its attempt limit)
        const actor = this.quizActor(quiz, st.last.number, this.questionIds(quiz, st.last.questions));
        actor.send({ type: "SUBMIT", answers: this.answersFrom(quiz, st.last.questions, st.last.answers) });
        actor.send({ type: "RETRY" });
        const retried = actor.getSnapshot().value === "retried";
        actor.stop();
        if (!retried) throw new ActivityError("You have used all the attempts at this quiz.", 409);
      }
      this.newAttempt(quiz, st, st.graded + 1);
      return { redirect: here };
    }
    if (intent === "submit") {
      const open = st.open;
      if (
        !open ||
        String(form.get("attemptId") ?? "") !== String(open.number) ||
        String(form.get("version") ?? "") !== "0"
      ) {
        throw new ActivityError(
          "This attempt has already been submitted. Your answers were not changed.",
          409,
        );
      }
      const questions = this.questionsOf(quiz, open.questions);
      const read = readAnswers(questions, open.seed, form);
      if (!read.ok) return { status: 400, data: { errors: read.errors, values: read.values } };
      const words = questions.reduce((sum, q) => sum + questionWords(q), 0);
      const early = tooSoon(
        new Date(fromSeconds(open.startedAt)),
        readingSeconds(words, this.m.readingWpm),
        new Date(this.now()),
      );
      if (early) {
        return {
          status: 400,
          data: {
            errors: {
              form: `These answers were sent ${secondsText(early.elapsed)} after the quiz opened, sooner than its questions can be read, so they have not been marked. Your answers are kept: check them, and submit again in ${secondsText(early.wait)} or later.`,
            },
            values: Object.fromEntries(
              [...form.entries()]
                .filter(([k, v]) => k.startsWith("q.") && typeof v === "string")
                .map(([k]) => [k, form.getAll(k).map(String)]),
            ),
          },
        };
      }
      const actor = this.quizActor(quiz, open.number, quiz.draw ? questions.map((q) => q.id) : undefined);
      actor.send({ type: "SUBMIT", answers: read.answers });
      const snap = actor.getSnapshot();
      actor.stop();
      if (snap.value !== "graded" || !snap.context.result) {
        throw new ActivityError("Every question needs an answer before you submit.");
      }
      const result = snap.context.result;
      const now = toSeconds(this.now());
      st.graded += 1;
      st.lastAt = now;
      st.passed = result.passed;
      st.history = [
        ...st.history,
        { number: open.number, score: Math.round(result.scorePercent * 10), passed: result.passed },
      ].slice(-QUIZ_HISTORY);
      st.last = {
        number: open.number,
        seed: open.seed,
        questions: open.questions,
        answers: questions.map((q) => answerCode(q, read.answers[q.id])),
      };
      st.open = null;
      return { redirect: paths.attempt(a.id, open.number) };
    }
    return { status: 400, data: { error: "Unknown action. Reload the page and try again." } };
  }

  private questionIds(quiz: QuizDefinition, indices: number[]) {
    return quiz.draw ? indices.map((i) => quiz.questions[i]!.id) : undefined;
  }

  private answersFrom(quiz: QuizDefinition, indices: number[], codes: AnswerCode[]): Answers {
    const answers: Answers = {};
    indices.forEach((qi, i) => {
      const q = quiz.questions[qi];
      const answer = q ? answerFrom(q, codes[i] ?? null) : null;
      if (q && answer) answers[q.id] = answer;
    });
    return answers;
  }

  private results(
    a: ExportedActivity & { kind: "quiz" },
    number: number,
  ): QuizResultsData | { graded: false; number: number } | null {
    const quiz = a.content;
    const st = this.quizState(a.id);
    const listed = st.history.find((h) => h.number === number);
    if (!listed && st.open?.number !== number) return null;
    if (!listed) return { graded: false, number };
    const { state } = this.quizStanding(quiz, st);
    const isLast = st.last?.number === number;
    const reveal = answersRevealed(state) && isLast;
    const last = isLast ? st.last! : null;
    const questions = last ? this.questionsOf(quiz, last.questions) : [];
    const answers = last ? this.answersFrom(quiz, last.questions, last.answers) : {};
    const result = last
      ? (() => {
          const actor = this.quizActor(quiz, number, this.questionIds(quiz, last.questions));
          actor.send({ type: "SUBMIT", answers: completeAnswers(questions, answers) });
          const r = actor.getSnapshot().context.result;
          actor.stop();
          return r;
        })()
      : null;
    const next = this.next(a.id);
    const lessons = this.lessons();
    const data: QuizResultsData = {
      title: quiz.title,
      back: paths.activity(a.id),
      completion: null,
      modulePath: paths.module(),
      next: listed.passed && next ? { href: paths.activity(next.id), title: next.title } : null,
      number,
      scorePercent: listed.score / 10,
      passed: listed.passed,
      passMark: quiz.passMark,
      canRetry: isLast && state.kind === "available",
      waitFor: isLast && !reveal && state.kind !== "revisit" ? retakeRefusal(state, this.lessonTitle) : null,
      revisit:
        isLast && state.kind === "revisit"
          ? state.lessons.map((id) => ({ title: this.lessonTitle(id), href: paths.activity(id) }))
          : [],
      revealed: reveal,
      lessons: listed.passed ? [] : lessons.map((l) => ({ title: l.title, href: paths.activity(l.id) })),
      lostOn:
        reveal || !result
          ? []
          : outcomesLost({ ...quiz, questions }, result).map((o) => ({
              title: o.title,
              lesson: this.lessonTitle(o.lesson),
              href: paths.activity(o.lesson, o.section ?? null),
            })),
      questions: result ? feedback({ ...quiz, questions }, answers, result, { reveal }) : [],
    };
    return data;
  }

  // ---- role-plays ------------------------------------------------------------------------

  /** the conversation as the platform's presenter expects an attempt row: replayed from the replies chosen */
  private attemptRow(s: ScenarioDefinition, cur: NonNullable<RoleplayState["current"]>) {
    const actor = createActor(machineFor(s));
    actor.start();
    for (const index of cur.path) {
      const node = s.nodes[String(actor.getSnapshot().value)];
      const choice = node?.choices?.[index];
      if (!choice) break;
      actor.send({ type: "CHOOSE", choice: choice.id });
    }
    const snapshot = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    return {
      id: String(cur.number),
      seed: cur.seed,
      version: cur.path.length,
      attemptNumber: cur.number,
      state: cur.ended ? "ended" : "playing",
      snapshot,
      scenarioHash: s.hash,
      note: null,
    };
  }

  private roleplayStanding(st: RoleplayState, restarting = false) {
    const policy = { ...quizRetake(this.m.rules, {}), maxAttempts: null };
    const facts = gradedFacts(st);
    const cur = st.current;
    if (cur && !cur.ended) {
      if (!restarting)
        facts.push({ number: st.graded + 1, state: "answering", passed: null, submittedAt: null });
      else if (cur.path.length > 0)
        facts.push({
          number: st.graded + 1,
          state: "graded",
          passed: false,
          submittedAt: new Date(fromSeconds(cur.at)),
        });
    }
    return retakeState(policy, facts, this.lessonReads(), new Date(this.now()));
  }

  private roleplayPage(a: ExportedActivity & { kind: "roleplay" }): RoleplayPageData {
    const s = a.content;
    const st = this.roleplayState(a.id);
    const cur = st.current;
    const restartState =
      cur && !cur.ended && cur.path.length > 0 ? this.roleplayStanding(st, true) : this.roleplayStanding(st);
    return {
      scenario: scenarioSummary(s),
      attempt: cur ? presentAttempt(s, this.attemptRow(s, cur), { revealBest: st.passed }) : null,
      endedCount: st.graded,
      completed: st.passed,
      retake: this.notice(restartState, roleplayRefusal(restartState, this.lessonTitle)),
    };
  }

  private roleplayAct(a: ExportedActivity & { kind: "roleplay" }, form: FormData): ActResult {
    const s = a.content;
    const st = this.roleplayState(a.id);
    const here = paths.activity(a.id);
    const intent = form.get("intent");
    const now = this.now();
    if (intent === "start" || intent === "restart") {
      const cur = st.current;
      const playing = Boolean(cur && !cur.ended);
      if (playing && intent === "start") return { redirect: here };
      const atOpening = playing && cur!.path.length === 0;
      if (!atOpening) {
        const refusal = roleplayRefusal(this.roleplayStanding(st, intent === "restart"), this.lessonTitle);
        if (refusal) return { status: 409, data: { error: refusal } };
      }
      // a conversation given up part-way counts as one that did not complete the scenario
      if (playing && cur!.path.length > 0) {
        st.graded += 1;
        st.lastAt = toSeconds(now);
      }
      st.current = {
        number: (cur?.number ?? st.graded) + 1,
        seed: newSeed(this.random),
        ended: false,
        at: toSeconds(now),
        path: [],
      };
      return { redirect: here };
    }
    if (intent === "choose") {
      const choice = form.get("choice");
      if (typeof choice !== "string" || choice === "")
        return { status: 400, data: { errors: { choice: "Choose what to say" } } };
      const cur = st.current;
      if (!cur || cur.ended)
        throw new ActivityError("This conversation has finished. Start it again to have another go.", 409);
      if (
        String(form.get("attemptId") ?? "") !== String(cur.number) ||
        String(form.get("version") ?? "") !== String(cur.path.length)
      ) {
        throw new ActivityError(
          "This conversation moved on in another tab or window. Reload the page to continue from where it is now.",
          409,
        );
      }
      const row = this.attemptRow(s, cur);
      const snap = restoreSnapshot(s, row);
      const nodeId = String(snap.value);
      const onOffer = offeredChoices(machineFor(s), s, snap);
      const offered = onOffer.find((o) => choiceKey(row, nodeId, o.choice) === choice);
      if (!offered) {
        return {
          status: 400,
          data: {
            error:
              "That reply is not available at this point in the conversation. Choose one of the replies shown.",
          },
        };
      }
      const node = s.nodes[nodeId]!;
      const says = onOffer.map((o) => node.choices!.find((c) => c.id === o.choice)!);
      const early = tooSoon(
        new Date(fromSeconds(cur.at)),
        replyReadingSeconds(node, says, this.m.readingWpm),
        new Date(now),
      );
      if (early) {
        return {
          status: 400,
          data: {
            errors: {
              choice: `Take the time to read what ${s.persona.name} says and every reply before you answer: you can choose a reply in ${secondsText(early.wait)}.`,
            },
            beside: true,
          },
        };
      }
      cur.path = [...cur.path, node.choices!.findIndex((c) => c.id === offered.choice)];
      cur.at = toSeconds(now);
      if (offered.next.status === "done") {
        cur.ended = true;
        const ctx = offered.next.context as RoleplayContext;
        const ok = attemptPasses(s, ctx);
        const percent = scorePercent(s, ctx);
        if (st.score === null || (ok && !st.passed) || (ok === st.passed && percent > st.score))
          st.score = percent;
        st.passed ||= ok;
        st.graded += 1;
        st.lastAt = cur.at;
      }
      return { redirect: here };
    }
    return { status: 400, data: { error: "Unknown action. Reload the page and try again." } };
  }
}

/**
 * the retake rules' facts from a summary: graded attempts 1..n, the last one passed when the
 * activity is, all dated by the last (the rules read only the count, whether any passed, and
 * the last one's date)
 */
function gradedFacts(st: { graded: number; passed: boolean; lastAt: number | null }): AttemptFact[] {
  return Array.from({ length: st.graded }, (_, i) => ({
    number: i + 1,
    state: "graded",
    passed: st.passed && i + 1 === st.graded,
    submittedAt: new Date(fromSeconds(st.lastAt ?? 0)),
  }));
}

// ---- answers as indices ------------------------------------------------------------------

type Q = QuizDefinition["questions"][number];

/** an answer as indices into the authored question: the compact form suspend data keeps */
export function answerCode(q: Q, a: Answer | undefined): AnswerCode {
  if (!a) return null;
  switch (q.kind) {
    case "single":
      return a.kind === "single" ? q.options.findIndex((o) => o.id === a.optionId) : null;
    case "multiple":
      return a.kind === "multiple"
        ? a.optionIds.map((id) => q.options.findIndex((o) => o.id === id)).sort((x, y) => x - y)
        : null;
    case "true_false":
      return a.kind === "true_false" ? (a.value ? 1 : 0) : null;
    case "ordering":
      return a.kind === "ordering" ? a.order.map((id) => q.items.findIndex((it) => it.id === id)) : null;
    case "reflection":
      // reflections are not kept: an LMS's suspend data is neither private nor large
      return null;
  }
}

export function answerFrom(q: Q, code: AnswerCode): Answer | null {
  if (code === null) return q.kind === "reflection" ? { kind: "reflection", text: "" } : null;
  switch (q.kind) {
    case "single": {
      const o = typeof code === "number" ? q.options[code] : undefined;
      return o ? { kind: "single", optionId: o.id } : null;
    }
    case "multiple":
      return Array.isArray(code)
        ? { kind: "multiple", optionIds: code.map((i) => q.options[i]?.id ?? "").filter(Boolean) }
        : null;
    case "true_false":
      return typeof code === "number" ? { kind: "true_false", value: code === 1 } : null;
    case "ordering":
      return Array.isArray(code)
        ? { kind: "ordering", order: code.map((i) => q.items[i]?.id ?? "").filter(Boolean) }
        : null;
    case "reflection":
      return { kind: "reflection", text: "" };
  }
}

/** every question answered (a reflection that was not kept counts as written): what the machine needs to grade again */
function completeAnswers(questions: Q[], answers: Answers): Answers {
  const out: Answers = { ...answers };
  for (const q of questions)
    if (q.kind === "reflection" && !out[q.id]) out[q.id] = { kind: "reflection", text: "" };
  return out;
}
