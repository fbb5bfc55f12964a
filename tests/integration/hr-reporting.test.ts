import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { markLessonRead } from "~/activities/lesson/lesson.server";
import { issueCertificate } from "~/certificates/issue.server";
import { courseForUser, detachEnrolments, enrol } from "~/courses/courses.server";
import { refreshCompletion } from "~/courses/progress.server";
import type { CourseDefinition } from "~/courses/types";
import { prisma } from "~/db.server";
import type { PrismaClient } from "~/generated/prisma/client";
import {
  CSV_HEADER,
  completionsByMonth,
  csvCell,
  ensureSnapshots,
  exportCsv,
  filtersQuery,
  moduleFunnel,
  PAGE_SIZE,
  parseFilters,
  SORTS,
  STATUSES,
  summary,
  traineeTable,
  type Filters,
  type Sort,
  type TraineeRow,
  whereFor,
} from "~/organisations/reporting.server";
import { traineeReport } from "~/organisations/trainee-report.server";
import { formatCode } from "~/certificates/code";
import { completeFixtureCourse, syncFixtureCourse } from "../setup/courses";
import { restoreRole, revokeRole } from "~/organisations/organisations.server";
import { addRole, createOrganisation, createUser, uniqueEmail } from "../setup/factories";

// hr reporting: what one organisation's hr see of its trainees, and nothing of anyone else's

const DAY = 86_400_000;
const MODULES = ["basics", "practice", "conversation"] as const;
type ModuleStates = Partial<Record<(typeof MODULES)[number], string>>;

const tagOf = () => randomUUID().slice(0, 8);
const filters = (q: Record<string, string> = {}) => parseFilters(new URLSearchParams(q));
let gmcSeq = 1_000_000 + Math.floor(Math.random() * 8_000_000);
const nextGmc = () => String(gmcSeq++);

let courseId: string;
let otherCourseId: string;

beforeAll(async () => {
  ({ courseId } = await syncFixtureCourse());
  ({ courseId: otherCourseId } = await syncFixtureCourse({
    "course.yaml": (t) => t.replace("title: Demo course for tests", "title: Another demo course"),
  }));
});

async function currentVersion(id: string) {
  return (await prisma.course.findUniqueOrThrow({ where: { id } })).currentVersionId!;
}

/** every row of the filtered table, page by page */
async function allRows(orgId: string, f: Filters, now = new Date()) {
  const rows: TraineeRow[] = [];
  for (let page = 1; ; page++) {
    const t = await traineeTable(orgId, { ...f, page }, now);
    rows.push(...t.rows);
    if (page >= t.pages) return rows;
  }
}

async function readStream(stream: ReadableStream<Uint8Array>) {
  const chunks: string[] = [];
  // keeps the byte-order mark the export starts with (a default decoder drops it)
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(decoder.decode(value));
  }
  return { chunks, text: chunks.join("") };
}

/** rfc 4180: quoted cells, doubled quotes, crlf records */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let cell = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || record.length) records.push([...record, cell]);
  return records;
}

const COLUMNS = [
  "name",
  "email",
  "gmc_number",
  "course",
  "status",
  "progress_percent",
  "modules_completed",
  "modules_total",
  "enrolled_on",
  "due_on",
  "overdue",
  "last_activity_on",
  "completed_on",
  "certificate_code",
  "certificate_status",
  "certificate_expires_on",
  "module: Basics",
  "module: Practice",
  "module: Conversation",
] as const;

async function csvRecords(orgId: string, f: Filters, now = new Date(), batch?: number) {
  const { text, chunks } = await readStream(exportCsv(orgId, f, now, batch));
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ""));
  const byName = rows.map(
    (r) => Object.fromEntries(COLUMNS.map((h, i) => [h, r[i]!])) as Record<(typeof COLUMNS)[number], string>,
  );
  return { text, chunks, header: header!, rows, byName };
}

/** a trainee played through the real services */
async function playedTrainee(
  orgIds: string[],
  name: string,
  state: "not_started" | "in_progress" | "completed",
  lessons: string[] = ["first-lesson"],
) {
  const user = await createUser({ name });
  for (const o of orgIds) await addRole(user.id, o, "trainee");
  const e = await enrol(user.id, courseId);
  const ref = { id: e.id, userId: user.id };
  const def: CourseDefinition = (await courseForUser(courseId, user.id))!.definition;
  if (state === "in_progress") {
    for (const l of lessons) await markLessonRead(e.id, l);
    expect((await refreshCompletion(ref, def)).state).toBe("in_progress");
  }
  if (state === "completed") expect((await completeFixtureCourse(ref, def)).state).toBe("completed");
  return { user, enrolment: ref, def };
}

type Seed = {
  name: string;
  email?: string;
  gmc?: string | null;
  course?: string;
  state?: "not_started" | "in_progress" | "completed";
  percent?: number;
  enrolledAt?: Date;
  dueAt?: Date | null;
  lastActivityAt?: Date | null;
  completedAt?: Date | null;
  modules?: ModuleStates | null;
};

/** a trainee whose enrolment and snapshot are written directly: cheap rows in bulk */
async function seededTrainee(orgId: string, s: Seed, userId?: string) {
  const id =
    userId ??
    (
      await prisma.user.create({
        data: {
          email: s.email ?? uniqueEmail(),
          name: s.name,
          gmcNumber: s.gmc ?? null,
          passwordHash: "x",
        },
      })
    ).id;
  if (!userId) await addRole(id, orgId, "trainee");
  const course = s.course ?? courseId;
  const state = s.state ?? "not_started";
  const enrolment = await prisma.enrolment.create({
    data: {
      userId: id,
      organisationId: orgId,
      courseId: course,
      courseVersionId: await currentVersion(course),
      enrolledAt: s.enrolledAt ?? new Date(),
      dueAt: s.dueAt ?? null,
      completedAt: s.completedAt ?? (state === "completed" ? new Date() : null),
      progressState: state,
      progressPercent: s.percent ?? (state === "completed" ? 100 : 0),
      lastActivityAt: s.lastActivityAt ?? null,
      progressAt: new Date(),
      modules: s.modules
        ? {
            create: Object.entries(s.modules).map(([moduleId, st]) => ({
              moduleId,
              state: st,
              courseId: course,
              organisationId: orgId,
            })),
          }
        : undefined,
    },
    include: { user: true },
  });
  return enrolment;
}

function keysDeep(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysDeep(v, out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysDeep(v, out);
    }
  return out;
}

describe("tenant isolation", () => {
  const t = tagOf();
  const secret = `private-note-${t}`;
  let A: string;
  let B: string;
  let a: Record<
    "notStarted" | "inProgress" | "completed" | "overdue",
    Awaited<ReturnType<typeof playedTrainee>>
  >;
  let b: Record<
    "notStarted" | "inProgress" | "completed" | "overdue" | "overdue2",
    Awaited<ReturnType<typeof playedTrainee>>
  >;
  let both: Awaited<ReturnType<typeof playedTrainee>>;
  let hrOfA: Awaited<ReturnType<typeof playedTrainee>>;
  let aEmails: Set<string>;
  let bOnlyEmails: Set<string>;

  beforeAll(async () => {
    A = (await createOrganisation("nhs_trust", `Trust A ${t}`)).id;
    B = (await createOrganisation("nhs_trust", `Trust B ${t}`)).id;
    const past = new Date(Date.now() - 5 * DAY);
    a = {
      notStarted: await playedTrainee([A], `Dr ${t} Alice`, "not_started"),
      inProgress: await playedTrainee([A], `Dr ${t} Arthur`, "in_progress"),
      completed: await playedTrainee([A], `Dr ${t} Anna`, "completed"),
      overdue: await playedTrainee([A], `Dr ${t} Amir`, "not_started"),
    };
    b = {
      notStarted: await playedTrainee([B], `Dr ${t} Bob`, "not_started"),
      inProgress: await playedTrainee([B], `Dr ${t} Bella`, "in_progress", [
        "first-lesson",
        "closing-lesson",
      ]),
      completed: await playedTrainee([B], `Dr ${t} Bruno`, "completed"),
      overdue: await playedTrainee([B], `Dr ${t} Bea`, "not_started"),
      overdue2: await playedTrainee([B], `Dr ${t} Boris`, "not_started"),
    };
    both = await playedTrainee([A, B], `Dr ${t} Sam`, "in_progress", ["first-lesson", "closing-lesson"]);
    // hr of A, enrolled themselves, and a trainee of A with no enrolment: neither is a row
    hrOfA = await playedTrainee([], `Dr ${t} Hana`, "in_progress");
    await addRole(hrOfA.user.id, A, "hr");
    await addRole((await createUser({ name: `Dr ${t} Idle` })).id, A, "trainee");
    for (const x of [a.overdue, b.overdue, b.overdue2, a.completed, b.completed])
      await prisma.enrolment.update({ where: { id: x.enrolment.id }, data: { dueAt: past } });
    // the dashboard works out snapshots first; enrolments made by enrol() have none yet
    await ensureSnapshots(A);
    await ensureSnapshots(B);
    // "both" enrolled after joining B last: their enrolment counts for B only
    aEmails = new Set(Object.values(a).map((x) => x.user.email));
    bOnlyEmails = new Set(Object.values(b).map((x) => x.user.email));
  }, 60_000);

  it("summary counts only the organisation's trainees", async () => {
    expect(await summary(A)).toEqual({
      trainees: 4,
      enrolments: 4,
      notStarted: 2,
      inProgress: 1,
      completed: 1,
      certified: 1,
      overdue: 1,
      expiringSoon: 0,
    });
    expect(await summary(B)).toEqual({
      trainees: 6,
      enrolments: 6,
      notStarted: 3,
      inProgress: 2,
      completed: 1,
      certified: 1,
      overdue: 2,
      expiringSoon: 0,
    });
  });

  it("the table has only the organisation's rows under every filter", async () => {
    const all = await traineeTable(A, filters());
    expect(new Set(all.rows.map((r) => r.email))).toEqual(aEmails);
    expect(all.total).toBe(4);
    const qs = [
      undefined,
      b.notStarted.user.email,
      b.completed.user.email.toUpperCase(),
      `Dr ${t} Bob`,
      both.user.email,
      hrOfA.user.email,
      t,
    ];
    const statuses = [undefined, ...STATUSES];
    const extras: Record<string, string>[] = [
      {},
      { module: "practice" },
      { module: "basics", moduleState: "not_completed" },
    ];
    let checked = 0;
    for (const q of qs)
      for (const status of statuses)
        for (const overdue of [undefined, "1"])
          for (const course of [undefined, courseId])
            for (const extra of extras) {
              const params: Record<string, string> = { ...extra };
              if (q) params.q = q;
              if (status) params.status = status;
              if (overdue) params.overdue = overdue;
              if (course) params.course = course;
              const { rows, total } = await traineeTable(A, filters(params));
              expect(rows.length).toBe(total);
              for (const r of rows) {
                expect(aEmails.has(r.email), JSON.stringify(params)).toBe(true);
                expect(bOnlyEmails.has(r.email)).toBe(false);
              }
              checked++;
            }
    expect(checked).toBe(qs.length * statuses.length * 2 * 2 * 3);
    for (const sort of SORTS)
      for (const dir of ["asc", "desc"]) {
        const { rows } = await traineeTable(A, filters({ sort, dir }));
        expect(new Set(rows.map((r) => r.email))).toEqual(aEmails);
      }
    expect((await traineeTable(A, filters({ q: b.notStarted.user.email }))).total).toBe(0);
    expect((await traineeTable(A, filters({ q: hrOfA.user.email }))).total).toBe(0);
    expect((await traineeTable(A, filters({ overdue: "1" }))).rows.map((r) => r.email)).toEqual([
      a.overdue.user.email,
    ]);
    expect((await traineeTable(B, filters({ overdue: "1" }))).total).toBe(2);
  });

  it("a trainee of two organisations counts for the one they joined last, and only there", async () => {
    // both joined A, then B, then enrolled themselves: the enrolment counts for B (decision 011)
    const inB = await traineeTable(B, filters({ q: both.user.email }));
    expect(inB.rows.map((r) => r.userId)).toEqual([both.user.id]);
    expect(inB.rows[0]!.status).toBe("in_progress");
    expect(inB.rows[0]!.percent).toBe(50);
    expect((await traineeTable(A, filters({ q: both.user.email }))).rows).toEqual([]);
    expect((await traineeReport(B, both.user.id))!.courses).toHaveLength(1);
    // a trainee of A still, but their enrolment is not A's to see
    expect((await traineeReport(A, both.user.id))!.courses).toEqual([]);
  });

  it("the csv export has only the organisation's rows", async () => {
    const { byName } = await csvRecords(A, filters());
    expect(new Set(byName.map((r) => r.email))).toEqual(aEmails);
    expect(byName).toHaveLength(4);
    const done = byName.find((r) => r.email === a.completed.user.email)!;
    expect(done.status).toBe("certified");
    expect(done.certificate_status).toBe("valid");
    const bcsv = await csvRecords(B, filters());
    expect(bcsv.byName.filter((r) => aEmails.has(r.email))).toEqual([]);
    expect(bcsv.byName.map((r) => r.email)).toContain(both.user.email);
    expect((await csvRecords(A, filters({ q: b.completed.user.email }))).rows).toEqual([]);
  });

  it("the module funnel counts only the organisation's enrolments", async () => {
    const counts = async (org: string) => {
      const f = (await moduleFunnel(org, courseId))!;
      return { total: f.total, ...Object.fromEntries(f.modules.map((m) => [m.id, m.completed])) };
    };
    expect(await counts(A)).toEqual({ total: 4, basics: 1, practice: 1, conversation: 1 });
    expect(await counts(B)).toEqual({ total: 6, basics: 1, practice: 3, conversation: 1 });
    expect(await moduleFunnel(A, `missing-${t}`)).toBeNull();
  });

  it("completions this month count in the last bucket, only the organisation's", async () => {
    const months = await completionsByMonth(A);
    expect(months).toHaveLength(12);
    expect(months.at(-1)!.key).toBe(new Date().toISOString().slice(0, 7));
    expect(months.at(-1)!.count).toBe(1);
    expect(months.reduce((n, m) => n + m.count, 0)).toBe(1);
  });

  it("the trainee report is for the organisation's own trainees, without private notes", async () => {
    expect(await traineeReport(A, b.completed.user.id)).toBeNull();
    expect(await traineeReport(B, a.completed.user.id)).toBeNull();
    expect(await traineeReport(A, hrOfA.user.id)).toBeNull();
    const e = a.completed.enrolment.id;
    expect(
      (await prisma.roleplayAttempt.updateMany({ where: { enrolmentId: e }, data: { note: secret } })).count,
    ).toBeGreaterThan(0);
    await prisma.courseReflection.create({
      data: {
        enrolmentId: e,
        whatHappened: `${secret}-happened`,
        whatLearned: `${secret}-learned`,
        changePractice: `${secret}-change`,
        furtherNeeds: `${secret}-needs`,
      },
    });
    const report = (await traineeReport(A, a.completed.user.id))!;
    expect(report.trainee.email).toBe(a.completed.user.email);
    expect(report.courses).toHaveLength(1);
    const [course] = report.courses;
    expect(course!.state).toBe("completed");
    expect(course!.quizzes.length).toBeGreaterThan(0);
    expect(course!.roleplays.length).toBeGreaterThan(0);
    // how long each attempt took, from its opening to its submission or ending
    const quizRow = await prisma.quizAttempt.findFirstOrThrow({ where: { enrolmentId: e, state: "graded" } });
    await prisma.quizAttempt.update({
      where: { id: quizRow.id },
      data: { submittedAt: new Date(quizRow.startedAt.getTime() + 250_000) },
    });
    const again = (await traineeReport(A, a.completed.user.id))!.courses[0]!;
    expect(again.quizzes.some((q) => q.seconds === 250)).toBe(true);
    expect(
      course!.roleplays.filter((r) => r.state === "ended").every((r) => typeof r.seconds === "number"),
    ).toBe(true);
    expect(course!.modules.map((m) => m.id)).toEqual([...MODULES]);
    expect(course!.certificate?.revoked).toBe(false);
    const json = JSON.stringify(report);
    expect(json).not.toContain(secret);
    expect(keysDeep(report).filter((k) => /note|reflection/i.test(k))).toEqual([]);
  });

  it("a trainee who left the organisation disappears from it", async () => {
    const leaver = await playedTrainee([A], `Dr ${t} Leo`, "in_progress");
    const seen = async () => (await traineeTable(A, filters({ q: leaver.user.email }))).total;
    expect(await seen()).toBe(1);
    expect((await summary(A)).trainees).toBe(5);
    const membership = await prisma.membership.findFirstOrThrow({
      where: { userId: leaver.user.id, organisationId: A, role: "trainee" },
    });
    expect(await revokeRole(A, membership.id, hrOfA.user.id)).toEqual(expect.any(String));
    expect(await seen()).toBe(0);
    expect((await traineeTable(A, filters())).rows.map((r) => r.email)).not.toContain(leaver.user.email);
    expect((await summary(A)).trainees).toBe(4);
    expect((await csvRecords(A, filters())).byName.map((r) => r.email)).not.toContain(leaver.user.email);
    expect(await traineeReport(A, leaver.user.id)).toBeNull();
  });

  it("the module funnel follows a trainee who leaves and is given the role back", async () => {
    const counts = async () => (await moduleFunnel(A, courseId))!.modules.map((m) => m.completed);
    const before = await counts();
    const finisher = await playedTrainee([A], `Dr ${t} Fern`, "completed");
    const withThem = await counts();
    expect(withThem).toEqual(before.map((n) => n + 1));
    const membership = await prisma.membership.findFirstOrThrow({
      where: { userId: finisher.user.id, organisationId: A, role: "trainee" },
    });
    const eventId = (await revokeRole(A, membership.id, hrOfA.user.id))!;
    expect(await counts()).toEqual(before);
    expect(await restoreRole(A, eventId, hrOfA.user.id)).toBeTruthy();
    expect(await counts()).toEqual(withThem);
    // and never counts in the other organisation
    const inB = (await moduleFunnel(B, courseId))!.modules.map((m) => m.completed);
    await prisma.membership.deleteMany({ where: { userId: finisher.user.id } });
    await prisma.$transaction((tx) => detachEnrolments(tx, finisher.user.id, A));
    expect(await counts()).toEqual(before);
    expect((await moduleFunnel(B, courseId))!.modules.map((m) => m.completed)).toEqual(inB);
  });
});

describe("filters, sort and pagination", () => {
  const t = tagOf();
  const now = new Date("2025-06-01T12:00:00.000Z");
  let F: string;
  type Model = {
    id: string;
    userId: string;
    name: string;
    email: string;
    gmc: string;
    course: string;
    state: string;
    certified: boolean;
    percent: number;
    enrolledAt: Date;
    dueAt: Date | null;
    lastActivityAt: Date | null;
    completedAt: Date | null;
    modules: ModuleStates;
  };
  const model: Model[] = [];
  const pad = (n: number) => String(n).padStart(2, "0");
  const ids = (rows: { enrolmentId?: string; id?: string }[]) =>
    new Set(rows.map((r) => r.enrolmentId ?? r.id));
  const expectRows = async (params: Record<string, string>, pick: (m: Model) => boolean) => {
    const rows = await allRows(F, filters(params), now);
    const want = model.filter(pick);
    expect(want.length, `${JSON.stringify(params)} selects something`).toBeGreaterThan(0);
    expect(ids(rows), JSON.stringify(params)).toEqual(ids(want));
    expect(rows).toHaveLength(want.length);
    return rows;
  };

  beforeAll(async () => {
    F = (await createOrganisation("nhs_trust", `Filters ${t}`)).id;
    const titles: Record<string, string> = {
      [courseId]: "Demo course for tests",
      [otherCourseId]: "Another demo course",
    };
    for (let i = 0; i < 30; i++) {
      const state = (["not_started", "in_progress", "completed"] as const)[i % 3]!;
      const enrolledAt = new Date(Date.UTC(2025, 2, 1 + i, i % 2 ? 23 : 0, i % 2 ? 30 : 0));
      // due: none, past, future, past
      const due = [null, Date.UTC(2025, 4, 1 + (i % 28)), Date.UTC(2025, 8, 1 + (i % 28))][
        [0, 1, 2, 1][i % 4]!
      ];
      const dueAt = due ? new Date(due) : null;
      const modules: ModuleStates =
        state === "completed"
          ? { basics: "completed", practice: "completed", conversation: "completed" }
          : state === "in_progress"
            ? {
                basics: i % 2 ? "in_progress" : "completed",
                practice: "not_started",
                conversation: "not_started",
              }
            : i % 2
              ? { basics: "not_started", practice: "not_started", conversation: "not_started" }
              : {};
      const s: Seed = {
        name: `Dr ${t} ${pad((i * 7) % 30)}`,
        email: `${t}.${pad((i * 13) % 30)}@example.test`,
        gmc: nextGmc(),
        state,
        percent: state === "completed" ? 100 : state === "in_progress" ? 5 + ((i * 17) % 90) : 0,
        enrolledAt,
        dueAt,
        lastActivityAt: state === "not_started" ? null : new Date(Date.UTC(2025, 3, 1, (i * 5) % 24, i)),
        completedAt: state === "completed" ? new Date(Date.UTC(2025, 4, 1 + i)) : null,
        modules,
      };
      const e = await seededTrainee(F, s);
      let certified = false;
      if (i === 2 || i === 5 || i === 8) {
        expect(await issueCertificate(e.id)).not.toBeNull();
        certified = true;
        if (i === 8) {
          await prisma.certificate.update({ where: { enrolmentId: e.id }, data: { revokedAt: new Date() } });
          certified = false;
        }
      }
      model.push({
        id: e.id,
        userId: e.userId,
        name: s.name,
        email: s.email!,
        gmc: s.gmc!,
        course: titles[courseId]!,
        state,
        certified,
        percent: e.progressPercent,
        enrolledAt,
        dueAt: e.dueAt,
        lastActivityAt: e.lastActivityAt,
        completedAt: e.completedAt,
        modules,
      });
      if (i < 5) {
        const o = await seededTrainee(
          F,
          { name: s.name, course: otherCourseId, enrolledAt: new Date(Date.UTC(2025, 4, 1 + i)), percent: 0 },
          e.userId,
        );
        model.push({
          ...model.at(-1)!,
          id: o.id,
          course: titles[otherCourseId]!,
          state: "not_started",
          certified: false,
          percent: 0,
          enrolledAt: o.enrolledAt,
          dueAt: null,
          lastActivityAt: null,
          completedAt: null,
          modules: {},
        });
      }
    }
    expect(model).toHaveLength(35);
  }, 60_000);

  it("pages hold PAGE_SIZE rows, each row once", async () => {
    const p1 = await traineeTable(F, filters(), now);
    const p2 = await traineeTable(F, filters({ page: "2" }), now);
    const p3 = await traineeTable(F, filters({ page: "3" }), now);
    expect(PAGE_SIZE).toBe(25);
    expect([p1.total, p1.pages, p1.rows.length]).toEqual([35, 2, 25]);
    expect([p2.page, p2.rows.length]).toEqual([2, 10]);
    expect(p3.rows).toEqual([]);
    expect(ids([...p1.rows, ...p2.rows])).toEqual(ids(model));
  });

  it("filters by status", async () => {
    await expectRows({ status: "not_started" }, (m) => m.state === "not_started");
    await expectRows({ status: "in_progress" }, (m) => m.state === "in_progress");
    // completed is every finished enrolment, certified or not; certified excludes revoked
    await expectRows({ status: "completed" }, (m) => m.state === "completed");
    const certified = await expectRows({ status: "certified" }, (m) => m.certified);
    expect(certified.map((r) => r.status)).toEqual(["certified", "certified"]);
    const all = await allRows(F, filters(), now);
    const revoked = all.find((r) => r.certificate?.revoked)!;
    expect(revoked.status).toBe("completed");
    expect(all.filter((r) => r.status === "certified")).toHaveLength(2);
  });

  it("filters overdue, module state and course", async () => {
    const overdue = (m: Model) => m.dueAt !== null && m.dueAt < now && m.completedAt === null;
    const rows = await expectRows({ overdue: "1" }, overdue);
    expect(rows.every((r) => r.overdue)).toBe(true);
    expect((await allRows(F, filters(), now)).filter((r) => r.overdue)).toHaveLength(rows.length);
    await expectRows({ module: "basics" }, (m) => m.modules.basics === "completed");
    await expectRows({ module: "basics", moduleState: "completed" }, (m) => m.modules.basics === "completed");
    await expectRows(
      { module: "basics", moduleState: "not_completed" },
      (m) => m.modules.basics !== "completed",
    );
    await expectRows({ module: "practice", moduleState: "not_completed" }, (m) => m.state !== "completed");
    await expectRows({ course: otherCourseId }, (m) => m.course === "Another demo course");
    await expectRows(
      { course: courseId, status: "in_progress", overdue: "1" },
      (m) => m.course === "Demo course for tests" && m.state === "in_progress" && overdue(m),
    );
    const one = (await allRows(F, filters({ module: "basics" }), now))[0]!;
    expect(one.modules.map((m) => [m.id, m.title, m.state])).toEqual([
      ["basics", "Basics", "completed"],
      ["practice", "Practice", expect.any(String)],
      ["conversation", "Conversation", expect.any(String)],
    ]);
  });

  it("filters by enrolment date, the to day included", async () => {
    const between = (from: string, to: string) => (m: Model) =>
      m.enrolledAt >= new Date(`${from}T00:00:00Z`) &&
      m.enrolledAt < new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY);
    const rows = await expectRows(
      { from: "2025-03-05", to: "2025-03-10" },
      between("2025-03-05", "2025-03-10"),
    );
    expect(rows).toHaveLength(6);
    // the last day's enrolment at 23:30 is in
    expect(rows.map((r) => r.enrolledAt)).toContain("2025-03-10T23:30:00.000Z");
    await expectRows({ from: "2025-03-30" }, (m) => m.enrolledAt >= new Date("2025-03-30T00:00:00Z"));
    await expectRows({ to: "2025-03-01" }, (m) => m.enrolledAt < new Date("2025-03-02T00:00:00Z"));
    await expectRows({ from: "2025-05-01", to: "2025-05-31" }, (m) => m.course === "Another demo course");
  });

  it("searches name, email and gmc number", async () => {
    const target = model[7]!;
    const mine = (m: Model) => m.userId === target.userId;
    await expectRows({ q: target.name }, mine);
    await expectRows({ q: target.name.toLowerCase() }, mine);
    await expectRows({ q: target.email }, mine);
    await expectRows({ q: `  ${target.email.toUpperCase()}  ` }, mine);
    await expectRows({ q: target.gmc }, mine);
    const twoCourses = model[3]!;
    await expectRows({ q: twoCourses.email }, (m) => m.userId === twoCourses.userId);
    expect((await traineeTable(F, filters({ q: `${t}-nobody` }), now)).total).toBe(0);
  });

  it("sorts by every key in both directions", async () => {
    const key = (r: TraineeRow, s: Sort): string | number | null =>
      ({
        name: r.name,
        email: r.email,
        course: r.course,
        progress: r.percent,
        lastActivity: r.lastActivityAt,
        due: r.dueAt,
        enrolled: r.enrolledAt,
      })[s];
    for (const sort of SORTS)
      for (const dir of ["asc", "desc"] as const) {
        const rows = await allRows(F, filters({ sort, dir }), now);
        expect(rows, `${sort} ${dir}`).toHaveLength(35);
        expect(ids(rows).size).toBe(35);
        for (let i = 1; i < rows.length; i++) {
          const [p, c] = [key(rows[i - 1]!, sort), key(rows[i]!, sort)];
          const where = `${sort} ${dir} at ${i}: ${String(p)} then ${String(c)}`;
          if (p === null) {
            // nulls last in both directions
            expect(c, where).toBeNull();
            continue;
          }
          if (c === null) continue;
          if (p === c) expect(rows[i - 1]!.enrolmentId < rows[i]!.enrolmentId, where).toBe(true);
          else expect(dir === "asc" ? p < c : p > c, where).toBe(true);
        }
      }
    const byName = await allRows(F, filters({ sort: "name" }), now);
    expect(byName[0]!.name).toBe(`Dr ${t} 00`);
    const byDue = await allRows(F, filters({ sort: "due", dir: "desc" }), now);
    expect(byDue.at(-1)!.dueAt).toBeNull();
    expect(byDue[0]!.dueAt).not.toBeNull();
  });

  it("ignores malformed query values", () => {
    const defaults = filters();
    expect(defaults).toEqual({
      q: undefined,
      status: undefined,
      course: undefined,
      module: undefined,
      moduleState: undefined,
      overdue: false,
      expiring: false,
      from: undefined,
      to: undefined,
      sort: "name",
      dir: "asc",
      page: 1,
    });
    const bad = filters({
      status: "bogus",
      page: "-3",
      from: "notadate",
      to: "2025-13-45",
      sort: "bogus",
      dir: "sideways",
      overdue: "yes",
      moduleState: "maybe",
      q: "",
    });
    expect(bad).toEqual(defaults);
    expect(filters({ page: "2.5" }).page).toBe(1);
    expect(filters({ page: "abc" }).page).toBe(1);
    expect(filters({ page: "3" }).page).toBe(3);
  });

  // bug: the date refine only rejects NaN, and javascript rolls 31 february over to 3 march
  it("ignores impossible calendar dates", () => {
    expect(filters({ to: "2025-02-31" }).to).toBeUndefined();
  });

  // q went into prisma's contains, a sqlite LIKE, unescaped: _ and % were wildcards
  it("searches _, % and \\ literally, and plain text as before", async () => {
    const org = (await createOrganisation("nhs_trust", `Wildcards ${t}`)).id;
    await seededTrainee(org, { name: `Dr ${t} One`, email: `jo_smith.${t}@example.test` });
    await seededTrainee(org, { name: `Dr ${t} Two`, email: `joXsmith.${t}@example.test` });
    await seededTrainee(org, { name: `Dr ${t} 100% Back\\slash`, email: `pct.${t}@example.test` });
    const total = async (q: string) => (await traineeTable(org, filters({ q }))).total;
    expect(await total(`jo_smith.${t}`)).toBe(1);
    expect(await total("%")).toBe(1);
    expect(await total("_")).toBe(1);
    expect(await total("%%")).toBe(0);
    expect(await total("100%")).toBe(1);
    expect(await total("back\\sl")).toBe(1);
    expect(await total("\\")).toBe(1);
    // case-insensitive, and ordinary text still matches names, emails and partial words
    expect(await total(`JO_SMITH.${t}`)).toBe(1);
    expect(await total(`smith.${t}`)).toBe(2);
    expect(await total(`dr ${t}`)).toBe(3);
    // the literal search stays inside the organisation
    const other = (await createOrganisation("nhs_trust", `Other ${t}`)).id;
    await seededTrainee(other, { name: `Dr ${t} Elsewhere`, email: `jo_smith.other.${t}@example.test` });
    expect(await total("_")).toBe(1);
    expect(await total(`jo_smith.other`)).toBe(0);
    // the export filters the same way
    const csv = await new Response(exportCsv(org, filters({ q: "%" }))).text();
    expect(csv.trim().split("\r\n")).toHaveLength(2);
  });

  it("filters survive a round trip through the url", () => {
    const f = filters({
      q: "smith",
      status: "in_progress",
      course: courseId,
      module: "basics",
      moduleState: "not_completed",
      overdue: "1",
      from: "2025-03-05",
      to: "2025-03-10",
      sort: "due",
      dir: "desc",
      page: "2",
    });
    expect(f.from?.toISOString()).toBe("2025-03-05T00:00:00.000Z");
    expect(parseFilters(new URLSearchParams(filtersQuery(f)))).toEqual(f);
    expect(filtersQuery(filters())).toBe("");
    expect(filtersQuery(f, { page: null })).not.toContain("page=");
  });
});

describe("query count", () => {
  const t = tagOf();
  let N: string;
  let n = 0;
  const counted = prisma.$extends({
    query: {
      $allOperations({ args, query }) {
        n++;
        return query(args);
      },
    },
  }) as unknown as PrismaClient;
  const seedMore = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const k = (await prisma.enrolment.count({ where: { user: { name: { startsWith: `Dr ${t}` } } } })) + 1;
      const e = await seededTrainee(N, {
        name: `Dr ${t} ${k}`,
        gmc: nextGmc(),
        course: k % 4 === 0 ? otherCourseId : courseId,
        state: k % 3 === 0 ? "completed" : "in_progress",
        percent: k % 3 === 0 ? 100 : 50,
        lastActivityAt: new Date(),
        dueAt: new Date(Date.now() + (k % 2 ? -DAY : DAY)),
        modules: { basics: "completed", practice: k % 2 ? "completed" : "in_progress" },
      });
      if (k === 3 || k === 9) await issueCertificate(e.id);
    }
  };
  const measure = async () => {
    n = 0;
    const table = await traineeTable(N, filters(), new Date(), counted);
    const tableOps = n;
    n = 0;
    await summary(N, new Date(), counted);
    const summaryOps = n;
    n = 0;
    await completionsByMonth(N, new Date(), counted);
    const monthOps = n;
    n = 0;
    await moduleFunnel(N, courseId, counted);
    return { rows: table.rows.length, ops: [tableOps, summaryOps, monthOps, n] };
  };

  beforeAll(async () => {
    N = (await createOrganisation("nhs_trust", `Counted ${t}`)).id;
  });

  it("the table and summary make a fixed number of queries however many rows", async () => {
    await seedMore(10);
    const ten = await measure();
    await seedMore(10);
    const twenty = await measure();
    await seedMore(5);
    const full = await measure();
    await seedMore(3);
    const over = await measure();
    expect([ten.rows, twenty.rows, full.rows, over.rows]).toEqual([10, 20, 25, 25]);
    expect(ten.ops[0]).toBeGreaterThan(0);
    expect(twenty.ops).toEqual(ten.ops);
    expect(full.ops).toEqual(ten.ops);
    expect(over.ops).toEqual(ten.ops);
  });
});

describe("csv export", () => {
  const t = tagOf();
  const now = new Date();
  let X: string;
  const made: Awaited<ReturnType<typeof seededTrainee>>[] = [];
  const tricky = {
    comma: `Dr ${t} Smith, "Jo"`,
    formula: `=HYPERLINK("http://evil.example")`,
    plus: `+44 ${t}`,
    at: `@SUM(A1) ${t}`,
  };

  beforeAll(async () => {
    X = (await createOrganisation("nhs_trust", `Export ${t}`)).id;
    const names = [...Object.values(tricky), ...Array.from({ length: 6 }, (_, i) => `Dr ${t} Plain ${i}`)];
    for (const [i, name] of names.entries()) {
      const state = (["not_started", "in_progress", "completed"] as const)[i % 3]!;
      made.push(
        await seededTrainee(X, {
          name,
          gmc: i % 2 ? nextGmc() : null,
          state,
          percent: state === "completed" ? 100 : state === "in_progress" ? 40 : 0,
          enrolledAt: new Date(Date.UTC(2025, 0, 10 + i, 18, 45)),
          dueAt: i % 2 ? new Date(now.getTime() - (i + 1) * DAY) : null,
          lastActivityAt: state === "not_started" ? null : new Date(Date.UTC(2025, 1, 3, 9, i, 7, 123)),
          completedAt: state === "completed" ? new Date(Date.UTC(2025, 1, 4, 10, i)) : null,
          modules: state === "not_started" ? null : { basics: "completed", practice: "in_progress" },
        }),
      );
    }
    expect(made).toHaveLength(10);
    // completed rows: 2, 5, 8 — one valid, one expired, one revoked
    for (const i of [2, 5, 8]) await issueCertificate(made[i]!.id);
    await prisma.certificate.update({
      where: { enrolmentId: made[2]!.id },
      data: { expiresAt: new Date(now.getTime() + 30 * DAY) },
    });
    await prisma.certificate.update({
      where: { enrolmentId: made[5]!.id },
      data: { expiresAt: new Date(now.getTime() - DAY) },
    });
    await prisma.certificate.update({ where: { enrolmentId: made[8]!.id }, data: { revokedAt: now } });
  });

  it("writes a byte-order mark, the header with a column per module, and one escaped line per enrolment", async () => {
    const { text, header, rows, byName } = await csvRecords(X, filters(), now);
    expect(text.startsWith(`\uFEFF${CSV_HEADER.join(",")},`)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(header).toEqual([...COLUMNS]);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.length === COLUMNS.length)).toBe(true);
    expect(new Set(byName.map((r) => r.email))).toEqual(new Set(made.map((m) => m.user.email)));
    expect(text).toContain(`"Dr ${t} Smith, ""Jo"""`);
    const row = (i: number) => byName.find((r) => r.email === made[i]!.user.email)!;
    expect(row(0).name).toBe(tricky.comma);
    expect(row(1).name).toBe(`'${tricky.formula}`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(row(2).name).toBe(`'${tricky.plus}`);
    expect(row(3).name).toBe(`'${tricky.at}`);
    for (const r of byName) expect(r.name).not.toMatch(/^[=+\-@]/);
  });

  it("writes dates as iso days (uk time) without a time of day, and each module's state", async () => {
    const { byName } = await csvRecords(X, filters(), now);
    const isoDay = /^\d{4}-\d{2}-\d{2}$/;
    for (const [i, m] of made.entries()) {
      const r = byName.find((x) => x.email === m.user.email)!;
      expect(r.enrolled_on).toMatch(isoDay);
      expect(r.enrolled_on).toBe(m.enrolledAt.toISOString().slice(0, 10));
      expect(r.due_on).toBe(m.dueAt ? m.dueAt.toISOString().slice(0, 10) : "");
      expect(r.overdue).toBe(m.dueAt && !m.completedAt ? "yes" : "no");
      expect(r.last_activity_on).toBe(m.lastActivityAt?.toISOString().slice(0, 10) ?? "");
      expect(r.completed_on).toBe(m.completedAt?.toISOString().slice(0, 10) ?? "");
      expect([r["module: Basics"], r["module: Practice"], r["module: Conversation"]]).toEqual(
        m.progressState === "not_started"
          ? ["not started", "not started", "not started"]
          : ["completed", "in progress", "not started"],
      );
      expect(r.gmc_number).toBe(m.user.gmcNumber ?? "");
      expect(r.course).toBe("Demo course for tests");
      expect(r.progress_percent).toBe(String(m.progressPercent));
      expect(r.modules_total).toBe("3");
      expect(r.modules_completed).toBe(m.progressState === "not_started" ? "0" : "1");
      // row 5's certificate has expired: whether that is still "certified" is left open
      if (i !== 5) expect(r.status, `row ${i}`).toBe(i === 2 ? "certified" : m.progressState);
    }
    const certs = await prisma.certificate.findMany({
      where: { enrolmentId: { in: made.map((m) => m.id) } },
    });
    const cert = (i: number) => certs.find((c) => c.enrolmentId === made[i]!.id)!;
    const row = (i: number) => byName.find((x) => x.email === made[i]!.user.email)!;
    expect([row(2).certificate_code, row(2).certificate_status]).toEqual([formatCode(cert(2).code), "valid"]);
    expect(row(2).certificate_code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]$/);
    expect(row(2).certificate_expires_on).toBe(cert(2).expiresAt!.toISOString().slice(0, 10));
    expect(row(5).certificate_status).toBe("expired");
    expect(row(8).certificate_status).toBe("revoked");
    expect(row(0).certificate_code).toBe("");
    expect((await summary(X, now)).expiringSoon).toBe(1);
  });

  it("exports only rows matching the filters", async () => {
    const { byName } = await csvRecords(X, filters({ status: "in_progress" }), now);
    expect(new Set(byName.map((r) => r.email))).toEqual(
      new Set(made.filter((m) => m.progressState === "in_progress").map((m) => m.user.email)),
    );
    const overdue = await csvRecords(X, filters({ overdue: "1", sort: "due", dir: "desc", page: "2" }), now);
    expect(overdue.byName.map((r) => r.overdue)).toEqual(["yes", "yes", "yes", "yes"]);
    const q = await csvRecords(X, filters({ q: "smith" }), now);
    expect(q.byName.map((r) => r.email)).toEqual([made[0]!.user.email]);
  });

  it("streams in batches, every row exactly once", async () => {
    for (const batch of [1, 3, 4, 10, 11]) {
      const { chunks, byName } = await csvRecords(X, filters(), now, batch);
      const emails = byName.map((r) => r.email);
      expect(emails, `batch ${batch}`).toHaveLength(10);
      expect(new Set(emails)).toEqual(new Set(made.map((m) => m.user.email)));
      expect(chunks, `batch ${batch}`).toHaveLength(1 + Math.ceil(10 / batch));
    }
  });

  /**
   * reads the header and the first batch; the stream then fetches the second batch ahead (its
   * queue holds one chunk). once that has settled, `between` runs with the id of the last row
   * read ahead, then the rest is read.
   */
  async function interruptedExport(
    orgId: string,
    f: Filters,
    batch: number,
    between: (cursorId: string) => Promise<void>,
  ) {
    const ids = (
      await prisma.enrolment.findMany({
        where: await whereFor(orgId, f),
        select: { id: true },
        // the export's order for these filters (the default sort: by name)
        orderBy: [{ user: { name: "asc" } }, { id: "asc" }],
      })
    ).map((e) => e.id);
    const reader = exportCsv(orgId, f, new Date(), batch).getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (let i = 0; i < 2; i++) text += decoder.decode((await reader.read()).value);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await between(ids[2 * batch - 1]!);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    return parseCsv(text).slice(1);
  }

  async function inProgressOrg(label: string) {
    const org = (await createOrganisation("nhs_trust", `${label} ${t}`)).id;
    for (let i = 0; i < 6; i++)
      await seededTrainee(org, { name: `Dr ${t} ${label} ${i}`, state: "in_progress", percent: 25 });
    return org;
  }

  it("keeps every row when rows change mid-export but still match", async () => {
    const org = await inProgressOrg("Control");
    const rows = await interruptedExport(org, filters({ status: "in_progress" }), 2, async (id) => {
      await prisma.enrolment.update({ where: { id }, data: { progressPercent: 50 } });
    });
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r[1])).size).toBe(6);
  });

  // bug: exportCsv pages with prisma's cursor + skip 1, so when the last row of a batch stops
  // matching the filters before the next batch (here: the trainee completes during an
  // in-progress export), the row after it is skipped
  it("keeps every row when the boundary row stops matching mid-export", async () => {
    const org = await inProgressOrg("Boundary");
    const rows = await interruptedExport(org, filters({ status: "in_progress" }), 2, async (id) => {
      await prisma.enrolment.update({ where: { id }, data: { progressState: "completed" } });
    });
    expect(rows).toHaveLength(6);
  });

  // bug: the same cursor, deleted between batches (the trainee's account is deleted), ends
  // the export early without an error
  it("keeps every later row when the boundary row is deleted mid-export", async () => {
    const org = await inProgressOrg("Deleted");
    const rows = await interruptedExport(org, filters(), 2, async (id) => {
      await prisma.enrolment.delete({ where: { id } });
    });
    expect(rows).toHaveLength(6);
  });

  it("leaves out the rows that stop counting for the organisation mid-export (their trainees left)", async () => {
    const org = await inProgressOrg("Leavers");
    const elsewhere = (await createOrganisation("nhs_trust", `Elsewhere ${t}`)).id;
    const rows = await interruptedExport(org, filters(), 2, async () => {
      await prisma.enrolment.updateMany({
        where: { organisationId: org },
        data: { organisationId: elsewhere },
      });
    });
    // the two batches read before they left, and nothing after
    expect(rows).toHaveLength(4);
  });

  it("neutralises formulas (csv-stringify does the quoting)", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(0)).toBe("0");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe("a,b");
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell('=A1,"b"')).toBe(`'=A1,"b"`);
  });

  it("exports rows in the dashboard's order", async () => {
    for (const sort of ["name", "progress", "enrolled"] as const) {
      const f = filters({ sort, dir: "desc" });
      const { byName } = await csvRecords(X, f, now);
      const onScreen = (await traineeTable(X, { ...f, page: 1 }, now)).rows.map((r) => r.email);
      expect(
        byName.map((r) => r.email),
        sort,
      ).toEqual(onScreen);
    }
  });
});

describe("ensureSnapshots", () => {
  const t = tagOf();

  it("works out enrolments that have no snapshot, in this organisation only", async () => {
    const E = (await createOrganisation("nhs_trust", `Snapshots ${t}`)).id;
    const other = (await createOrganisation("nhs_trust", `Elsewhere ${t}`)).id;
    const before = new Date(Date.now() - 1000);
    const active = await playedTrainee([E], `Dr ${t} Eve`, "in_progress", ["first-lesson", "closing-lesson"]);
    const fresh = await playedTrainee([E], `Dr ${t} Fay`, "not_started");
    const outside = await playedTrainee([other], `Dr ${t} Gus`, "in_progress");
    const after = new Date(Date.now() + 1000);
    const stale = {
      progressState: "not_started",
      progressPercent: 0,
      lastActivityAt: null,
      progressAt: null,
    };
    // a new enrolment is recorded as not started when it is made
    expect(
      (await prisma.enrolment.findUniqueOrThrow({ where: { id: fresh.enrolment.id } })).progressAt,
    ).not.toBeNull();
    // rows made before snapshots existed (or by a path that records none) have none
    for (const x of [active, outside, fresh]) {
      await prisma.enrolment.update({ where: { id: x.enrolment.id }, data: stale });
      await prisma.moduleProgress.deleteMany({ where: { enrolmentId: x.enrolment.id } });
    }

    expect(await ensureSnapshots(E)).toBe(2);
    const e = await prisma.enrolment.findUniqueOrThrow({
      where: { id: active.enrolment.id },
      include: { modules: { orderBy: { moduleId: "asc" } } },
    });
    expect(e.progressState).toBe("in_progress");
    expect(e.progressPercent).toBe(50);
    expect(e.progressAt).not.toBeNull();
    expect(e.lastActivityAt).not.toBeNull();
    expect(e.lastActivityAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(e.lastActivityAt!.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(e.modules.map((m) => [m.moduleId, m.state])).toEqual([
      ["basics", "in_progress"],
      ["conversation", "not_started"],
      ["practice", "completed"],
    ]);
    const f = await prisma.enrolment.findUniqueOrThrow({
      where: { id: fresh.enrolment.id },
      include: { modules: true },
    });
    expect([f.progressState, f.progressPercent, f.lastActivityAt]).toEqual(["not_started", 0, null]);
    expect(f.progressAt).not.toBeNull();
    expect(f.modules).toHaveLength(3);

    const o = await prisma.enrolment.findUniqueOrThrow({ where: { id: outside.enrolment.id } });
    expect(o.progressAt).toBeNull();
    expect(await ensureSnapshots(E)).toBe(0);

    const row = (await traineeTable(E, filters({ q: active.user.email }))).rows[0]!;
    expect([row.status, row.percent]).toEqual(["in_progress", 50]);
    expect(row.modules.find((m) => m.id === "practice")!.state).toBe("completed");
  });

  it("pages opened together work out the stale rows once: the others wait for the same work", async () => {
    const E = (await createOrganisation("nhs_trust", `Together ${t}`)).id;
    for (let i = 0; i < 3; i++) await playedTrainee([E], `Dr ${t} Tog ${i}`, "not_started");
    await prisma.enrolment.updateMany({ where: { organisationId: E }, data: { progressAt: null } });
    const before = await prisma.enrolment.findMany({
      where: { organisationId: E },
      select: { id: true, progressAt: true },
    });
    expect(before.every((e) => e.progressAt === null)).toBe(true);
    const calls = Array.from({ length: 10 }, () => ensureSnapshots(E));
    // every caller is given the one piece of work under way: three rows, worked out once
    expect(new Set(calls).size).toBe(1);
    expect(await Promise.all(calls)).toEqual(Array(10).fill(3));
    const after = await prisma.enrolment.findMany({
      where: { organisationId: E },
      select: { progressAt: true },
    });
    expect(after.every((e) => e.progressAt !== null)).toBe(true);
    expect(await ensureSnapshots(E)).toBe(0);
  });
});

describe("completionsByMonth", () => {
  const t = tagOf();

  it("has 12 buckets ending with this month", async () => {
    const M = (await createOrganisation("nhs_trust", `Months ${t}`)).id;
    const now = new Date("2025-06-15T12:00:00.000Z");
    const completions = [
      "2025-06-03T08:00:00.000Z",
      "2025-06-15T11:00:00.000Z",
      "2025-04-30T23:59:59.000Z",
      "2024-07-01T00:00:00.000Z",
      "2024-06-30T23:59:59.000Z",
    ];
    for (const [i, at] of completions.entries())
      await seededTrainee(M, { name: `Dr ${t} ${i}`, state: "completed", completedAt: new Date(at) });
    await seededTrainee(M, { name: `Dr ${t} unfinished`, state: "in_progress" });
    const months = await completionsByMonth(M, now);
    expect(months.map((m) => m.key)).toEqual([
      "2024-07",
      "2024-08",
      "2024-09",
      "2024-10",
      "2024-11",
      "2024-12",
      "2025-01",
      "2025-02",
      "2025-03",
      "2025-04",
      "2025-05",
      "2025-06",
    ]);
    expect(months.map((m) => m.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2]);
    expect(months.at(-1)!.label).toBe("Jun 2025");

    const live = await completionsByMonth(M);
    expect(live).toHaveLength(12);
    expect(live.at(-1)!.key).toBe(new Date().toISOString().slice(0, 7));
    await seededTrainee(M, { name: `Dr ${t} today`, state: "completed", completedAt: new Date() });
    const after = await completionsByMonth(M);
    expect(after.at(-1)!.count).toBe(live.at(-1)!.count + 1);
  });
});
