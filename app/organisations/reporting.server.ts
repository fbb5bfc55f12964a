import { definitionFor } from "~/courses/courses.server";
import { lastActivityOf, recordSnapshot, courseProgress } from "~/courses/progress.server";
import { containsIgnoringCase, prisma } from "~/db.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";

// what hr see of their organisation's trainees: a summary, charts, and a filtered, sorted,
// paged table (and its csv). an organisation's trainees are the people holding its trainee
// role; their enrolments are the rows. everything reads the progress snapshot on Enrolment,
// never works progress out per row, and every query is scoped by the organisation first.

type Db = PrismaClient | Prisma.TransactionClient;

export {
  filtersQuery,
  filtersSchema,
  PAGE_SIZE,
  parseFilters,
  SORTS,
  STATUS_LABELS,
  STATUSES,
  type Filters,
  type Sort,
  type Status,
} from "./reporting";
import { EXPIRING_DAYS, PAGE_SIZE, type Filters, type Sort, type Status } from "./reporting";
import { formatDate, ukDay } from "~/utils/dates";
import { BOM, csvCell, csvLines } from "~/utils/csv";
import { formatCode } from "~/certificates/code";

/** the enrolments that count for the organisation (decision 011) */
export function scope(organisationId: string): Prisma.EnrolmentWhereInput {
  return { organisationId };
}

export async function whereFor(
  organisationId: string,
  f: Filters,
  now = new Date(),
  db: Db = prisma,
): Promise<Prisma.EnrolmentWhereInput> {
  const and: Prisma.EnrolmentWhereInput[] = [scope(organisationId)];
  if (f.q) and.push(await searchWhere(db, organisationId, f.q));
  if (f.status === "certified") and.push(certifiedWhere(now));
  else if (f.status === "completed") and.push({ progressState: "completed" });
  else if (f.status) and.push({ progressState: f.status });
  if (f.course) and.push({ courseId: f.course });
  if (f.module) {
    and.push(
      f.moduleState === "not_completed"
        ? { NOT: { modules: { some: { moduleId: f.module, state: "completed" } } } }
        : { modules: { some: { moduleId: f.module, state: "completed" } } },
    );
  }
  if (f.overdue) and.push(overdueWhere(now));
  if (f.expiring) and.push(expiringWhere(now));
  if (f.from) and.push({ enrolledAt: { gte: f.from } });
  if (f.to) and.push({ enrolledAt: { lt: new Date(f.to.getTime() + 86_400_000) } });
  return { AND: and };
}

const LIKE_SPECIAL = /[%_\\]/;

/**
 * the search box: name, email or gmc number containing the text, as typed. prisma's
 * `contains` is a LIKE without an escape character on sqlite, so % and _ would be wildcards
 * ("%" would find everyone). text without them goes through `contains`; text with them finds
 * the organisation's people with an escaped LIKE (standard sql: the same on postgresql), and
 * the rows are theirs. lower() on both sides keeps it case-insensitive on either database.
 */
async function searchWhere(db: Db, organisationId: string, q: string): Promise<Prisma.EnrolmentWhereInput> {
  if (!LIKE_SPECIAL.test(q)) {
    return {
      OR: [
        { user: { name: containsIgnoringCase(q) } },
        { user: { email: containsIgnoringCase(q) } },
        { user: { gmcNumber: containsIgnoringCase(q) } },
      ],
    };
  }
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const people = await db.$queryRaw<{ id: string }[]>`
    SELECT u."id" FROM "User" u
    WHERE u."id" IN (SELECT e."userId" FROM "Enrolment" e WHERE e."organisationId" = ${organisationId})
      AND (lower(u."name") LIKE ${pattern} ESCAPE '\\'
        OR lower(u."email") LIKE ${pattern} ESCAPE '\\'
        OR coalesce(u."gmcNumber", '') LIKE ${pattern} ESCAPE '\\')`;
  return { userId: { in: people.map((p) => p.id) } };
}

/** a certificate that is neither revoked nor expired */
export function certifiedWhere(now: Date): Prisma.EnrolmentWhereInput {
  return { certificate: { is: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } } };
}

/** a certificate neither revoked nor expired that ends within EXPIRING_DAYS */
export function expiringWhere(now: Date): Prisma.EnrolmentWhereInput {
  const soon = new Date(now.getTime() + EXPIRING_DAYS * 86_400_000);
  return { certificate: { is: { revokedAt: null, expiresAt: { gte: now, lt: soon } } } };
}

export function overdueWhere(now: Date): Prisma.EnrolmentWhereInput {
  return { dueAt: { lt: now }, completedAt: null };
}

function orderFor(f: Filters): Prisma.EnrolmentOrderByWithRelationInput[] {
  const dir = f.dir;
  const by: Record<Sort, Prisma.EnrolmentOrderByWithRelationInput> = {
    name: { user: { name: dir } },
    email: { user: { email: dir } },
    course: { course: { title: dir } },
    progress: { progressPercent: dir },
    lastActivity: { lastActivityAt: { sort: dir, nulls: "last" } },
    due: { dueAt: { sort: dir, nulls: "last" } },
    enrolled: { enrolledAt: dir },
  };
  return [by[f.sort], { id: "asc" }];
}

/** per organisation, the ensureSnapshots already under way in this process */
const ensuring = new Map<string, Promise<number>>();

/**
 * enrolments of the organisation whose snapshot has never been worked out (made before the
 * snapshot existed, or by a path that does not record one): worked out now, a bounded batch
 * per call. requests that arrive while one is under way for the organisation wait for it
 * rather than each working out the same rows (under load, 50 hr pages at once each worked out
 * the same 200 and the page took seconds)
 */
export function ensureSnapshots(organisationId: string, batch = 200): Promise<number> {
  const under = ensuring.get(organisationId);
  if (under) return under;
  const work = snapshotStale(organisationId, batch).finally(() => ensuring.delete(organisationId));
  ensuring.set(organisationId, work);
  return work;
}

async function snapshotStale(organisationId: string, batch: number) {
  const stale = await prisma.enrolment.findMany({
    where: { AND: [scope(organisationId), { progressAt: null }] },
    take: batch,
    select: { id: true, userId: true, courseVersionId: true },
  });
  for (const e of stale) {
    const progress = await courseProgress(
      { id: e.id, userId: e.userId },
      await definitionFor(e.courseVersionId),
    );
    await recordSnapshot(e.id, progress, await lastActivityOf(e.id));
  }
  return stale.length;
}

/**
 * the summary in one pass over the organisation's enrolments (standard sql: the same text runs
 * on postgresql). dates are compared as bound parameters, as prisma's own queries do.
 */
export async function summary(organisationId: string, now = new Date(), db: Db = prisma) {
  const soon = new Date(now.getTime() + EXPIRING_DAYS * 86_400_000);
  const [row] = await db.$queryRaw<Record<string, bigint | number | null>[]>(Prisma.sql`
    SELECT
      COUNT(*) AS "enrolments",
      SUM(CASE WHEN e."progressState" = 'not_started' THEN 1 ELSE 0 END) AS "notStarted",
      SUM(CASE WHEN e."progressState" = 'in_progress' THEN 1 ELSE 0 END) AS "inProgress",
      SUM(CASE WHEN e."progressState" = 'completed' THEN 1 ELSE 0 END) AS "completed",
      SUM(CASE WHEN c."id" IS NOT NULL AND c."revokedAt" IS NULL
        AND (c."expiresAt" IS NULL OR c."expiresAt" > ${now}) THEN 1 ELSE 0 END) AS "certified",
      SUM(CASE WHEN e."dueAt" < ${now} AND e."completedAt" IS NULL THEN 1 ELSE 0 END) AS "overdue",
      SUM(CASE WHEN c."id" IS NOT NULL AND c."revokedAt" IS NULL
        AND c."expiresAt" >= ${now} AND c."expiresAt" < ${soon} THEN 1 ELSE 0 END) AS "expiringSoon"
    FROM "Enrolment" e
    LEFT JOIN "Certificate" c ON c."enrolmentId" = e."id"
    WHERE e."organisationId" = ${organisationId}`);
  // distinct trainees from the (organisationId, userId) index alone
  const [people] = await db.$queryRaw<{ trainees: bigint | number }[]>(Prisma.sql`
    SELECT COUNT(DISTINCT "userId") AS "trainees" FROM "Enrolment" WHERE "organisationId" = ${organisationId}`);
  const n = (k: string) => Number(row?.[k] ?? 0);
  return {
    trainees: Number(people?.trainees ?? 0),
    enrolments: n("enrolments"),
    notStarted: n("notStarted"),
    inProgress: n("inProgress"),
    completed: n("completed"),
    certified: n("certified"),
    overdue: n("overdue"),
    expiringSoon: n("expiringSoon"),
  };
}

/**
 * completions per month for the last 12 months (oldest first): one pass over the
 * (organisationId, completedAt) index, each month a sum between two bound dates (standard sql)
 */
export async function completionsByMonth(organisationId: string, now = new Date(), db: Db = prisma) {
  const starts = Array.from(
    { length: 13 },
    (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + i, 1)),
  );
  const sums = starts
    .slice(0, 12)
    .map(
      (from, i) =>
        Prisma.sql`SUM(CASE WHEN "completedAt" >= ${from} AND "completedAt" < ${starts[i + 1]} THEN 1 ELSE 0 END) AS ${Prisma.raw(`"m${i}"`)}`,
    );
  const [row] = await db.$queryRaw<Record<string, bigint | number | null>[]>(Prisma.sql`
    SELECT ${Prisma.join(sums)}
    FROM "Enrolment"
    WHERE "organisationId" = ${organisationId} AND "completedAt" >= ${starts[0]}`);
  return starts.slice(0, 12).map((d, i) => ({
    key: d.toISOString().slice(0, 7),
    label: formatDate(d, "monthUtc"),
    count: Number(row?.[`m${i}`] ?? 0),
  }));
}

/** the course most of the organisation's enrolments are on (the funnel's default) */
export async function mainCourse(organisationId: string): Promise<string | null> {
  const [top] = await prisma.enrolment.groupBy({
    by: ["courseId"],
    where: scope(organisationId),
    _count: { _all: true },
    orderBy: { _count: { courseId: "desc" } },
    take: 1,
  });
  return top?.courseId ?? null;
}

/** for one course: how many of the organisation's enrolments have completed each module */
export async function moduleFunnel(organisationId: string, courseId: string, db: Db = prisma) {
  const course = await db.course.findUnique({ where: { id: courseId } });
  if (!course?.currentVersionId) return null;
  const def = await definitionFor(course.currentVersionId, db);
  const where = { AND: [scope(organisationId), { courseId }] };
  const [total, done] = await Promise.all([
    db.enrolment.count({ where }),
    // one range of the (organisationId, courseId, state, moduleId) index: the module rows
    // carry their enrolment's organisation and course (decision 025)
    db.$queryRaw<{ moduleId: string; n: bigint | number }[]>(Prisma.sql`
      SELECT "moduleId", COUNT(*) AS "n"
      FROM "ModuleProgress"
      WHERE "organisationId" = ${organisationId} AND "courseId" = ${courseId} AND "state" = 'completed'
      GROUP BY "moduleId"`),
  ]);
  return {
    course: { id: course.id, title: course.title },
    total,
    modules: def.modules.map((m) => ({
      id: m.id,
      title: m.title,
      completed: Number(done.find((d) => d.moduleId === m.id)?.n ?? 0),
    })),
  };
}

const ROW_SELECT = {
  id: true,
  courseId: true,
  courseVersionId: true,
  enrolledAt: true,
  dueAt: true,
  completedAt: true,
  progressState: true,
  progressPercent: true,
  lastActivityAt: true,
  user: { select: { id: true, name: true, email: true, gmcNumber: true } },
  course: { select: { title: true } },
  certificate: { select: { code: true, revokedAt: true, expiresAt: true } },
  modules: { select: { moduleId: true, state: true } },
} satisfies Prisma.EnrolmentSelect;

export type TraineeRow = {
  enrolmentId: string;
  userId: string;
  name: string;
  email: string;
  gmcNumber: string | null;
  courseId: string;
  course: string;
  status: Status;
  percent: number;
  modules: { id: string; title: string; state: string }[];
  lastActivityAt: string | null;
  enrolledAt: string;
  dueAt: string | null;
  overdue: boolean;
  certificate: { code: string; revoked: boolean; expiresAt: string | null } | null;
};

type RawRow = Prisma.EnrolmentGetPayload<{ select: typeof ROW_SELECT }>;

/** module titles per course version, from one query for all versions on the page */
async function moduleTitles(rows: Pick<RawRow, "courseVersionId">[], db: Db) {
  const ids = [...new Set(rows.map((r) => r.courseVersionId))];
  const definitions = await Promise.all(ids.map((id) => definitionFor(id, db)));
  return new Map(
    definitions.map((def, i) => [ids[i]!, def.modules.map((m) => ({ id: m.id, title: m.title }))]),
  );
}

function toRow(r: RawRow, titles: Map<string, { id: string; title: string }[]>, now: Date): TraineeRow {
  const certified =
    r.certificate !== null &&
    r.certificate.revokedAt === null &&
    (r.certificate.expiresAt === null || r.certificate.expiresAt > now);
  const states = new Map(r.modules.map((m) => [m.moduleId, m.state]));
  return {
    enrolmentId: r.id,
    userId: r.user.id,
    name: r.user.name,
    email: r.user.email,
    gmcNumber: r.user.gmcNumber,
    courseId: r.courseId,
    course: r.course.title,
    status: certified ? "certified" : (r.progressState as Status),
    percent: r.progressPercent,
    modules: (titles.get(r.courseVersionId) ?? []).map((m) => ({
      ...m,
      state: states.get(m.id) ?? "not_started",
    })),
    lastActivityAt: r.lastActivityAt?.toISOString() ?? null,
    enrolledAt: r.enrolledAt.toISOString(),
    dueAt: r.dueAt?.toISOString() ?? null,
    overdue: r.dueAt !== null && r.completedAt === null && r.dueAt < now,
    certificate: r.certificate
      ? {
          code: r.certificate.code,
          revoked: r.certificate.revokedAt !== null,
          expiresAt: r.certificate.expiresAt?.toISOString() ?? null,
        }
      : null,
  };
}

/** one page of the table: a fixed number of queries however many rows there are */
export async function traineeTable(organisationId: string, f: Filters, now = new Date(), db: Db = prisma) {
  const where = await whereFor(organisationId, f, now, db);
  const [total, raw] = await Promise.all([
    db.enrolment.count({ where }),
    db.enrolment.findMany({
      where,
      orderBy: orderFor(f),
      skip: (f.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: ROW_SELECT,
    }),
  ]);
  const titles = await moduleTitles(raw, db);
  return {
    total,
    page: f.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: raw.map((r) => toRow(r, titles, now)),
  };
}

export { csvCell };

/** the export's fixed columns; one column per module of the exported courses follows them */
export const CSV_HEADER = [
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
];

/** a day in uk time as yyyy-mm-dd: what the page shows, without a time of day */
const day = (d: Date | null | undefined) => (d ? ukDay(d) : "");

const MODULE_STATE_CSV: Record<string, string> = {
  completed: "completed",
  in_progress: "in progress",
  not_started: "not started",
};

/** one exported enrolment as the batch query reads it (standard sql, the same on postgresql) */
type ExportRaw = {
  id: string;
  organisationId: string | null;
  courseId: string;
  courseVersionId: string;
  enrolledAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
  progressState: string;
  progressPercent: number;
  lastActivityAt: Date | null;
  name: string;
  email: string;
  gmcNumber: string | null;
  courseTitle: string;
  code: string | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
};

/**
 * a batch of the export, by id, still the organisation's: one query for the rows with their
 * person, course and certificate, one for the module states that are not "not started" (a
 * module with no row is not started). plain sql: through prisma's query engine the same rows
 * took four times as long, most of a 20,000-row export.
 */
async function exportBatch(organisationId: string, ids: string[]) {
  const [rows, states] = await Promise.all([
    prisma.$queryRaw<ExportRaw[]>(Prisma.sql`
      SELECT e."id", e."organisationId", e."courseId", e."courseVersionId", e."enrolledAt", e."dueAt", e."completedAt",
        e."progressState", e."progressPercent", e."lastActivityAt",
        u."name", u."email", u."gmcNumber", c."title" AS "courseTitle",
        ce."code", ce."revokedAt", ce."expiresAt"
      FROM "Enrolment" e
      JOIN "User" u ON u."id" = e."userId"
      JOIN "Course" c ON c."id" = e."courseId"
      LEFT JOIN "Certificate" ce ON ce."enrolmentId" = e."id"
      WHERE e."id" IN (${Prisma.join(ids)})`),
    prisma.$queryRaw<{ enrolmentId: string; moduleId: string; state: string }[]>(Prisma.sql`
      SELECT "enrolmentId", "moduleId", "state" FROM "ModuleProgress"
      WHERE "enrolmentId" IN (${Prisma.join(ids)}) AND "state" <> 'not_started'`),
  ]);
  // still the organisation's (checked here: in the query, sqlite would walk the whole
  // organisation's index instead of looking the ids up)
  const mine = rows.filter((r) => r.organisationId === organisationId);
  const modules = new Map<string, Map<string, string>>();
  for (const m of states) {
    let of = modules.get(m.enrolmentId);
    if (!of) modules.set(m.enrolmentId, (of = new Map()));
    of.set(m.moduleId, m.state);
  }
  return { rows: mine, modules };
}

/**
 * the filtered view as csv, in the dashboard's order, in batches: a byte-order mark (so excel
 * reads utf-8), the header, then one row per enrolment. the order is fixed when the export
 * starts, as ids only (20,000 rows hold under a megabyte); each batch then reads its rows'
 * columns. a row that changes or stops matching the filters meanwhile is still exported once;
 * a deleted one, or one that no longer counts for the organisation, is left out. batches of 500
 * keep a worker's memory low while a 20,000-row export runs.
 */
export function exportCsv(
  organisationId: string,
  f: Filters,
  now = new Date(),
  batch = 500,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let order: string[] | null = null;
  let at = 0;
  let modules: { courseId: string; moduleId: string }[] = [];
  const titles = new Map<string, { id: string; title: string }[]>();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (order === null) {
        const where = await whereFor(organisationId, f, now);
        const ordered = await prisma.enrolment.findMany({
          where,
          orderBy: orderFor(f),
          select: { id: true, courseId: true, courseVersionId: true },
        });
        order = ordered.map((r) => r.id);
        // one column per module of the courses exported, by course then module order
        const versions = [...new Map(ordered.map((r) => [r.courseVersionId, r])).values()].sort((a, b) =>
          a.courseId === b.courseId
            ? a.courseVersionId.localeCompare(b.courseVersionId)
            : a.courseId < b.courseId
              ? -1
              : 1,
        );
        for (const [k, v] of await moduleTitles(versions, prisma)) titles.set(k, v);
        const courseTitles = new Map(
          (
            await prisma.course.findMany({
              where: { id: { in: [...new Set(versions.map((v) => v.courseId))] } },
              select: { id: true, title: true },
            })
          ).map((c) => [c.id, c.title]),
        );
        const seen = new Map<string, string>();
        for (const v of versions) {
          for (const m of titles.get(v.courseVersionId) ?? []) {
            const key = `${v.courseId}\u0000${m.id}`;
            if (!seen.has(key)) seen.set(key, m.title);
          }
        }
        modules = [...seen.keys()].map((k) => {
          const [courseId, moduleId] = k.split("\u0000") as [string, string];
          return { courseId, moduleId };
        });
        const label = (m: { courseId: string; moduleId: string }) => {
          const title = seen.get(`${m.courseId}\u0000${m.moduleId}`)!;
          return courseTitles.size > 1
            ? `module: ${courseTitles.get(m.courseId)}: ${title}`
            : `module: ${title}`;
        };
        controller.enqueue(encoder.encode(`${BOM}${csvLines([[...CSV_HEADER, ...modules.map(label)]])}`));
        return;
      }
      if (at >= order.length) {
        controller.close();
        return;
      }
      const ids = order.slice(at, at + batch);
      at += ids.length;
      const found = await exportBatch(organisationId, ids);
      const missing = found.rows.filter((r) => !titles.has(r.courseVersionId));
      if (missing.length) for (const [k, v] of await moduleTitles(missing, prisma)) titles.set(k, v);
      const byId = new Map(found.rows.map((r) => [r.id, r]));
      const records = ids.flatMap((id) => {
        const r = byId.get(id);
        if (!r) return [];
        const certified =
          r.code !== null && r.revokedAt === null && (r.expiresAt === null || r.expiresAt > now);
        const states = found.modules.get(r.id) ?? new Map<string, string>();
        const own = titles.get(r.courseVersionId) ?? [];
        const ownIds = new Set(own.map((m) => m.id));
        return [
          [
            r.name,
            r.email,
            r.gmcNumber,
            r.courseTitle,
            certified ? "certified" : r.progressState,
            Number(r.progressPercent),
            own.filter((m) => states.get(m.id) === "completed").length,
            own.length,
            day(r.enrolledAt),
            day(r.dueAt),
            r.dueAt !== null && r.completedAt === null && r.dueAt < now ? "yes" : "no",
            day(r.lastActivityAt),
            day(r.completedAt),
            r.code !== null ? formatCode(r.code) : "",
            r.code === null
              ? ""
              : r.revokedAt
                ? "revoked"
                : r.expiresAt && r.expiresAt < now
                  ? "expired"
                  : "valid",
            day(r.expiresAt),
            ...modules.map((m) =>
              m.courseId === r.courseId && ownIds.has(m.moduleId)
                ? MODULE_STATE_CSV[states.get(m.moduleId) ?? "not_started"]
                : "",
            ),
          ],
        ];
      });
      controller.enqueue(encoder.encode(records.length ? csvLines(records) : ""));
    },
  });
}
