import path from "node:path";
import { createActor } from "xstate";
import yauzl from "yauzl";
import { optionKey } from "~/activities/quiz/present";
import type { QuizDefinition } from "~/activities/quiz/schema";
import { initialMoment, keyOf, stepsFrom, type Moment } from "~/activities/roleplay/analyse";
import { machineFor } from "~/activities/roleplay/rules";
import type { ScenarioDefinition } from "~/activities/roleplay/schema";
import { loadCourses, type LoadedCourse } from "~/courses/loader.server";
import { exportedModule, type ExportOptions } from "~/scorm/export/package.server";
import type { ExportedModule } from "~/scorm/export/player/engine";
import { newSeed, SEEN_CAP, toSeconds, QUIZ_HISTORY, type ModuleState } from "~/scorm/export/state";
import { ROOT } from "./paths";

// the real course, as packages carry it, and the largest state a learner can leave in one of
// its modules: what scorm 1.2's 4,096 characters of suspend_data must hold

let loaded: Promise<LoadedCourse> | undefined;

export function realCourse(): Promise<LoadedCourse> {
  loaded ??= loadCourses(path.join(ROOT, "courses")).then(({ courses, problems }) => {
    if (problems.length > 0) throw new Error(`the course has problems: ${JSON.stringify(problems[0])}`);
    const course = courses.find((c) => c.id === "mentoring-for-doctors");
    if (!course) throw new Error("mentoring-for-doctors did not load");
    return course;
  });
  return loaded;
}

export const NO_READING_RULES = { readingWpm: 0, lessonReadFraction: 0 };

export async function realModule(
  moduleId: string,
  options: Partial<ExportOptions> = {},
): Promise<ExportedModule> {
  const course = await realCourse();
  const m = course.modules.find((x) => x.id === moduleId);
  if (!m) throw new Error(`no module ${moduleId}`);
  return exportedModule(course, course.hash, m, { version: "1.2", ...NO_READING_RULES, ...options }, []);
}

/** form fields answering the attempt's questions correctly, under its seed's keys */
export function correctAnswers(quiz: QuizDefinition, questionIds: string[], seed: string) {
  const fields: [string, string][] = [];
  for (const id of questionIds) {
    const q = quiz.questions.find((x) => x.id === id)!;
    const name = `q.${q.id}`;
    if (q.kind === "single" || q.kind === "multiple") {
      for (const o of q.options.filter((o) => o.correct)) fields.push([name, optionKey(seed, q.id, o.id)]);
    } else if (q.kind === "true_false") fields.push([name, String(q.answer)]);
    else if (q.kind === "ordering") {
      q.items.forEach((item, i) => fields.push([`${name}.${optionKey(seed, q.id, item.id)}`, String(i + 1)]));
    } else fields.push([name, "A reflection written for the test."]);
  }
  return fields;
}

/** the longest conversation the scenario allows that has not ended: each reply's index */
export function longestOpenPath(s: ScenarioDefinition): number[] {
  const machine = machineFor(s);
  const memo = new Map<string, number[]>();
  const walk = (m: Moment): number[] => {
    const key = keyOf(m);
    const known = memo.get(key);
    if (known) return known;
    let best: number[] = [];
    for (const step of stepsFrom(machine, m)) {
      if (step.done) continue;
      const index = s.nodes[m.value]!.choices!.findIndex((c) => c.id === step.choice.id);
      const rest = [index, ...walk(step)];
      if (rest.length > best.length) best = rest;
    }
    memo.set(key, best);
    return best;
  };
  return walk(initialMoment(machine));
}

/** replays a path of reply indices, as the player restores a conversation */
export function replay(s: ScenarioDefinition, path: number[]) {
  const actor = createActor(machineFor(s));
  actor.start();
  for (const i of path) {
    const node = s.nodes[String(actor.getSnapshot().value)]!;
    actor.send({ type: "CHOOSE", choice: node.choices![i]!.id });
  }
  const snap = actor.getSnapshot();
  actor.stop();
  return snap;
}

const FAR = toSeconds(Date.UTC(2093, 0, 1)) - 1;
const BIG_SEED = `${(0x7ffffffe).toString(36)}.${(0x7ffffffe).toString(36)}`;

/**
 * the largest state a learner can leave in a module, and still a valid one: every lesson read,
 * thousands of quiz attempts with the history full, every question seen often, an attempt open
 * and the last one's answers at their longest, every role-play part-way down its longest path
 */
export function largestState(m: ExportedModule): ModuleState {
  return {
    hash: m.stateHash,
    activities: m.activities.map((a) => {
      if (a.kind === "lesson") return { kind: "lesson", readAt: FAR };
      if (a.kind === "quiz") {
        const quiz = a.content;
        const drawn = quiz.draw
          ? quiz.questions
              .map((_, i) => i)
              .slice(-quiz.draw.perOutcome * new Set(quiz.questions.map((q) => q.outcome)).size)
          : quiz.questions.map((_, i) => i);
        const answers = drawn.map((i) => {
          const q = quiz.questions[i]!;
          if (q.kind === "multiple")
            return q.options
              .map((_, j) => j)
              .reverse()
              .sort((x, y) => x - y);
          if (q.kind === "ordering") return q.items.map((_, j) => j).reverse();
          if (q.kind === "single") return q.options.length - 1;
          if (q.kind === "true_false") return 1;
          return null;
        });
        return {
          kind: "quiz",
          graded: 99_999,
          lastAt: FAR,
          passed: false,
          history: Array.from({ length: QUIZ_HISTORY }, (_, i) => ({
            number: 99_990 + i,
            score: 999,
            passed: false,
          })),
          seen: quiz.questions.map(() => SEEN_CAP),
          open: { number: 100_000, seed: BIG_SEED, questions: drawn, startedAt: FAR },
          last: { number: 99_999, seed: BIG_SEED, questions: drawn, answers },
        };
      }
      return {
        kind: "roleplay",
        graded: 99_999,
        lastAt: FAR,
        passed: true,
        score: 100,
        current: { number: 100_000, seed: BIG_SEED, ended: false, at: FAR, path: longestOpenPath(a.content) },
      };
    }),
  };
}

/** the files of a zip, by name (yauzl, as our importer reads them) */
export async function zipEntries(zip: Buffer): Promise<Map<string, Buffer>> {
  const zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  );
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zipfile.on("entry", (entry: yauzl.Entry) => {
      zipfile.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream!.on("data", (c: Buffer) => chunks.push(c));
        stream!.on("end", () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zipfile.readEntry();
        });
      });
    });
    zipfile.on("end", () => resolve());
    zipfile.on("error", reject);
    zipfile.readEntry();
  });
  return out;
}

export { newSeed };
