import { CsvError, parse as parseCsv } from "csv-parse/sync";
import { BOM, csvLines } from "~/utils/csv";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { emailField } from "~/auth/validation";
import { activeCourses, enrolForOrganisation } from "~/courses/courses.server";
import { ukDay } from "~/utils/dates";
import { isSingleLine, singleLineMessage, type FieldErrors } from "~/utils/forms";
import { audit } from "./audit.server";
import { inviteToOrganisation } from "./invitations.server";

// hr enrol trainees on a course, one by one (a form) or many (a csv upload). every row is
// checked before anything is written, so hr fix the whole file once; a valid file is applied
// in one transaction and applying it again changes nothing.

export type EnrolmentRow = {
  line: number;
  email: string;
  name: string;
  gmcNumber: string | null;
  courseId: string;
  courseTitle: string;
  /** the end of the due day, uk time; null: none given (an existing due date is kept) */
  dueAt: Date | null;
};

/** line 0: a problem with the whole file; otherwise the message starts "Line n: " */
export type RowError = { line: number; message: string };

export type EnrolmentCounts = { enrolled: number; updated: number; invited: number; unchanged: number };

export const MAX_ROWS = 5_000;
export const MAX_BYTES = 2 * 1024 * 1024;
const MAX_NAME = 200;

/** the form's field names; csv problems are reported against the same fields */
export type EnrolmentField = "email" | "name" | "gmcNumber" | "course" | "dueDate";
type Issue = { line: number; field: EnrolmentField | null; text: string };

type Db = Prisma.TransactionClient | typeof prisma;
type Course = { id: string; title: string };

export class EnrolmentImportError extends Error {
  readonly errors: RowError[];
  /** the same problems keyed by form field, for the single form */
  readonly fields: FieldErrors;
  constructor(issues: Issue[]) {
    const errors = issues.map(withLine).sort(byLine);
    super(errors.map((e) => e.message).join("\n"));
    this.errors = errors;
    this.fields = fieldErrors(issues);
  }
}

function fieldErrors(issues: Issue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) errors[i.field ?? "form"] ??= i.text;
  return errors;
}

/** the transaction committed, but some invitation emails failed (those invitations are withdrawn) */
export class InvitationDeliveryError extends Error {
  constructor(
    readonly failed: { line: number; email: string }[],
    readonly counts: EnrolmentCounts,
  ) {
    super(`${failed.length} invitation email(s) could not be sent: ${failed.map((f) => f.email).join(", ")}`);
  }
}

// --- csv ---------------------------------------------------------------------------------

type CsvRecord = { line: number; fields: string[] };

/** where the file stopped being readable, and why, in words for hr */
type Broken = { line: number; text: string };

/**
 * rfc 4180 plus what spreadsheets write (bom, crlf or lf, quoted newlines, "" for a quote),
 * read by csv-parse. each record keeps the line it starts on, for line-numbered errors.
 * unquoted values are trimmed; quoted ones are kept as written.
 */
export function readCsv(text: string): { records: CsvRecord[]; broken: Broken | null } {
  const records: CsvRecord[] = [];
  // lines are counted here, from the bytes csv-parse has read: a crlf is one line break
  // however it is counted inside a quoted value
  const bytes = Buffer.from(text, "utf8");
  let scanned = 0;
  let next = 1;
  const lineAfter = (end: number) => {
    for (; scanned < end && scanned < bytes.length; scanned++) {
      const b = bytes[scanned];
      if (b === 0x0a || (b === 0x0d && bytes[scanned + 1] !== 0x0a)) next++;
    }
    return next;
  };
  try {
    parseCsv(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
      on_record: (fields: string[], context: { bytes: number }) => {
        const line = next;
        lineAfter(context.bytes);
        // an empty line is no record (csv-parse gives it one empty field)
        if (fields.length > 1 || fields[0] !== "") {
          records.push({ line, fields: fields.map((f) => f.replace(/\r\n?/g, "\n")) });
        }
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const message =
      error.code === "CSV_QUOTE_NOT_CLOSED"
        ? `A quoted value is not closed: a closing " is missing, so the rest of the file could not be read`
        : error.code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE" ||
            error.code === "CSV_INVALID_CLOSING_QUOTE"
          ? `A quoted value has text after its closing quote (write "" for a quote inside a quoted value), so the rest of the file could not be read`
          : `This line could not be read as CSV, so the rest of the file was not read`;
    return { records, broken: { line: next, text: message } };
  }
  return { records, broken: null };
}

const COLUMNS = ["email", "name", "gmc", "course", "due date"] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ["email", "name", "course"];
const HEADER_ALIASES: Record<string, Column> = {
  email: "email",
  "email address": "email",
  name: "name",
  "full name": "name",
  gmc: "gmc",
  "gmc number": "gmc",
  course: "course",
  "due date": "due date",
  due: "due date",
};
const COLUMN_LIST = COLUMNS.join(", ");

const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");

const isBlank = (r: CsvRecord) => r.fields.every((f) => f.trim() === "");

const withLine = (i: Issue): RowError => ({
  line: i.line,
  message: i.line > 0 ? `Line ${i.line}: ${i.text}` : i.text,
});

const byLine = (a: RowError, b: RowError) => a.line - b.line;

/**
 * reads and checks an upload without the database. rows holds the valid rows; errors every
 * problem found, in line order. the caller writes nothing unless errors is empty (and the
 * database checks in applyEnrolments pass).
 */
export function parseEnrolmentCsv(
  text: string,
  courses: Course[],
  now: Date = new Date(),
): { rows: EnrolmentRow[]; errors: RowError[] } {
  const result = parseIssues(text, courses, now);
  return { rows: result.rows, errors: result.issues.map(withLine).sort(byLine) };
}

function parseIssues(text: string, courses: Course[], now: Date): { rows: EnrolmentRow[]; issues: Issue[] } {
  const fail = (line: number, t: string) => ({ rows: [], issues: [{ line, field: null, text: t }] });
  if (Buffer.byteLength(text, "utf8") > MAX_BYTES) {
    return fail(0, "The file is larger than 2 MB. Split it into smaller files");
  }
  const { records, broken } = readCsv(text);
  const nonBlank = records.filter((r) => !isBlank(r));
  const [header, ...data] = nonBlank;
  if (!header) {
    return fail(0, `The file is empty. Its first line must be a header row with the columns: ${COLUMN_LIST}`);
  }
  if (data.length > MAX_ROWS) {
    return fail(
      0,
      `The file has ${data.length.toLocaleString("en-GB")} rows of trainees; the most in one file is ${MAX_ROWS.toLocaleString("en-GB")}. Split it into smaller files`,
    );
  }

  const issues: Issue[] = [];
  const index = new Map<Column, number>();
  let width = header.fields.length;
  // trailing empty header cells (spreadsheets add them) are not columns
  while (width > 0 && header.fields[width - 1]!.trim() === "") width--;
  for (let i = 0; i < width; i++) {
    const raw = header.fields[i]!;
    const column = HEADER_ALIASES[normaliseHeader(raw)];
    if (!column) {
      const what = raw.trim() ? `"${raw.trim()}" is not a column this upload uses` : "A column has no name";
      issues.push({ line: header.line, field: null, text: `${what}. Use the columns: ${COLUMN_LIST}` });
    } else if (index.has(column)) {
      issues.push({
        line: header.line,
        field: null,
        text: `The column "${column}" appears more than once (as "${header.fields[index.get(column)!]!.trim()}" and "${raw.trim()}")`,
      });
    } else index.set(column, i);
  }
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length) {
    issues.push({
      line: header.line,
      field: null,
      text: `The header row is missing the ${missing.length === 1 ? "column" : "columns"}: ${missing.join(", ")}`,
    });
  }
  if (issues.length) return { rows: [], issues };
  if (!data.length && broken === null) {
    return fail(0, "The file has a header row but no trainees");
  }

  const rows: EnrolmentRow[] = [];
  const seen = new Map<string, number>();
  const gmcByEmail = new Map<string, { gmc: string; line: number }>();
  const emailByGmc = new Map<string, { email: string; line: number }>();
  for (const record of data) {
    const extra = record.fields.slice(width).filter((f) => f.trim() !== "");
    if (extra.length) {
      issues.push({
        line: record.line,
        field: null,
        text: `This row has more values than the header row has columns. Put a value that contains a comma in "double quotes"`,
      });
      continue;
    }
    const cell = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? "" : (record.fields[i] ?? "");
    };
    const checked = checkRow(
      record.line,
      {
        email: cell("email"),
        name: cell("name"),
        gmcNumber: cell("gmc"),
        course: cell("course"),
        dueDate: cell("due date"),
      },
      courses,
      now,
    );
    if (!checked.row) {
      issues.push(...checked.issues);
      continue;
    }
    const row = checked.row;
    const key = `${row.email}\n${row.courseId}`;
    const earlier = seen.get(key);
    const rowIssues: Issue[] = [];
    if (earlier !== undefined) {
      rowIssues.push({
        line: row.line,
        field: null,
        text: `${row.email} is already on line ${earlier} for the course ${row.courseId}`,
      });
    }
    if (row.gmcNumber) {
      const sameEmail = gmcByEmail.get(row.email);
      if (sameEmail && sameEmail.gmc !== row.gmcNumber) {
        rowIssues.push({
          line: row.line,
          field: "gmcNumber",
          text: `GMC number ${row.gmcNumber} is not the GMC number given for ${row.email} on line ${sameEmail.line}`,
        });
      }
      const sameGmc = emailByGmc.get(row.gmcNumber);
      if (sameGmc && sameGmc.email !== row.email) {
        rowIssues.push({
          line: row.line,
          field: "gmcNumber",
          text: `GMC number ${row.gmcNumber} is also on line ${sameGmc.line}, for a different email address`,
        });
      }
    }
    if (rowIssues.length) {
      issues.push(...rowIssues);
      continue;
    }
    seen.set(key, row.line);
    if (row.gmcNumber) {
      if (!gmcByEmail.has(row.email)) gmcByEmail.set(row.email, { gmc: row.gmcNumber, line: row.line });
      if (!emailByGmc.has(row.gmcNumber)) emailByGmc.set(row.gmcNumber, { email: row.email, line: row.line });
    }
    rows.push(row);
  }
  if (broken !== null) issues.push({ line: broken.line, field: null, text: broken.text });
  return { rows, issues };
}

// --- one row -----------------------------------------------------------------------------

export type EnrolmentValues = Partial<Record<EnrolmentField, string>>;

/** the template's example row uses a domain that can never be real (rfc 2606) */
export const TEMPLATE_DOMAIN = "example.invalid";

/** the enrolment csv template: the header, and one example row that is refused until replaced */
export function enrolmentTemplate(courseId: string) {
  return (
    BOM +
    csvLines([
      ["email", "name", "gmc", "course", "due date"],
      [`replace.me@${TEMPLATE_DOMAIN}`, "Dr Example Trainee", "1234567", courseId, "31/03/2027"],
    ])
  );
}

function checkRow(
  line: number,
  values: EnrolmentValues,
  courses: Course[],
  now: Date,
): { row: EnrolmentRow | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const add = (field: EnrolmentField, text: string) => issues.push({ line, field, text });

  const rawEmail = (values.email ?? "").trim();
  const email = emailField.safeParse(rawEmail);
  if (!rawEmail) add("email", "Email address is missing");
  else if (rawEmail.toLowerCase().endsWith(`@${TEMPLATE_DOMAIN}`)) {
    add("email", "This is the template's example row: replace it with a trainee's details, or delete it");
  } else if (!email.success) add("email", `"${clip(rawEmail)}" is not a valid email address`);

  const rawName = (values.name ?? "").trim();
  const name = rawName.replace(/\s+/g, " ");
  if (!name) add("name", "Name is missing");
  else if (!isSingleLine(rawName)) add("name", singleLineMessage("Name"));
  else if (name.length > MAX_NAME) add("name", `Name must be ${MAX_NAME} characters or fewer`);

  const gmc = (values.gmcNumber ?? "").trim();
  if (gmc && !/^\d{7}$/.test(gmc))
    add("gmcNumber", `GMC number "${clip(gmc)}" must be 7 digits, like 1234567`);

  const courseText = (values.course ?? "").trim();
  const byId = courses.find((c) => c.id.toLowerCase() === courseText.toLowerCase());
  const byTitle = byId ? [] : courses.filter((c) => c.title.trim() === courseText);
  const course = courseText ? (byId ?? (byTitle.length === 1 ? byTitle[0] : undefined)) : undefined;
  if (!courses.length) add("course", "There are no courses to enrol trainees on");
  else if (byTitle.length > 1) {
    add(
      "course",
      `"${clip(courseText)}" is the title of more than one course. Use its course id: ${byTitle.map((c) => c.id).join(", ")}`,
    );
  } else if (!course) {
    const ids = `Use one of these course ids: ${courses.map((c) => c.id).join(", ")}`;
    add("course", courseText ? `"${clip(courseText)}" is not a course. ${ids}` : `Course is missing. ${ids}`);
  }

  const dueText = (values.dueDate ?? "").trim();
  let dueAt: Date | null = null;
  if (dueText) {
    const due = parseDueDate(dueText, now);
    if (due.ok) dueAt = due.dueAt;
    else add("dueDate", due.message);
  }

  if (issues.length || !email.success || !course) return { row: null, issues };
  return {
    row: {
      line,
      email: email.data,
      name,
      gmcNumber: gmc || null,
      courseId: course.id,
      courseTitle: course.title,
      dueAt,
    },
    issues,
  };
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

/** yyyy-mm-dd or dd/mm/yyyy, a real date, today (uk time) or later */
export function parseDueDate(
  text: string,
  now: Date = new Date(),
): { ok: true; dueAt: Date } | { ok: false; message: string } {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : null;
  if (!parts) {
    return { ok: false, message: `"${clip(text)}" is not a date. Use the format 31/12/2026 or 2026-12-31` };
  }
  const [y, m, d] = parts.map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    return { ok: false, message: `"${text}" is not a real date` };
  }
  const day = `${y}-${pad(m)}-${pad(d)}`;
  if (day < ukDay(now)) {
    return { ok: false, message: `The due date ${pad(d)}/${pad(m)}/${y} is in the past` };
  }
  return { ok: true, dueAt: endOfUkDay(y, m, d) };
}

const pad = (n: number) => String(n).padStart(2, "0");

const UK_WALL_CLOCK = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

// overdue means dueAt < now, so a trainee has the whole due day (uk time) to finish
function endOfUkDay(y: number, m: number, d: number): Date {
  const guess = Date.UTC(y, m - 1, d, 23, 59, 59, 999);
  const wall = UK_WALL_CLOCK.formatToParts(new Date(guess));
  const part = (t: string) => Number(wall.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
    999,
  );
  return new Date(guess - (asUtc - guess));
}

// --- database checks ---------------------------------------------------------------------

async function inChunks<T, R>(items: T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 500) out.push(...(await run(items.slice(i, i + 500))));
  return out;
}

async function lookup(db: Db, organisationId: string, rows: EnrolmentRow[]) {
  const emails = [...new Set(rows.map((r) => r.email))];
  const gmcs = [...new Set(rows.flatMap((r) => (r.gmcNumber ? [r.gmcNumber] : [])))];
  const select = { id: true, email: true, gmcNumber: true } as const;
  const usersByEmail = new Map(
    (await inChunks(emails, (c) => db.user.findMany({ where: { email: { in: c } }, select }))).map((u) => [
      u.email,
      u,
    ]),
  );
  const usersByGmc = new Map(
    (await inChunks(gmcs, (c) => db.user.findMany({ where: { gmcNumber: { in: c } }, select }))).map((u) => [
      u.gmcNumber!,
      u,
    ]),
  );
  const userIds = [...usersByEmail.values()].map((u) => u.id);
  const trainees = new Set(
    (
      await inChunks(userIds, (c) =>
        db.membership.findMany({
          where: { organisationId, role: "trainee", userId: { in: c } },
          select: { userId: true },
        }),
      )
    ).map((m) => m.userId),
  );
  const traineeOf = (email: string) => {
    const user = usersByEmail.get(email);
    return user && trainees.has(user.id) ? user : null;
  };
  return { usersByEmail, usersByGmc, traineeOf };
}

type Lookup = Awaited<ReturnType<typeof lookup>>;

function databaseIssues(rows: EnrolmentRow[], found: Lookup): Issue[] {
  const issues: Issue[] = [];
  const invitedOn = new Map<string, number>();
  for (const row of rows) {
    const user = found.usersByEmail.get(row.email);
    if (row.gmcNumber) {
      const holder = found.usersByGmc.get(row.gmcNumber);
      if (user?.gmcNumber && user.gmcNumber !== row.gmcNumber) {
        issues.push({
          line: row.line,
          field: "gmcNumber",
          text: `GMC number ${row.gmcNumber} does not match the GMC number on the account for ${row.email}`,
        });
      } else if (holder && holder.email !== row.email) {
        issues.push({
          line: row.line,
          field: "gmcNumber",
          text: `GMC number ${row.gmcNumber} belongs to another account, not ${row.email}`,
        });
      }
    }
    // an invitation carries one course, and a newer invitation withdraws the older one
    if (!found.traineeOf(row.email)) {
      const earlier = invitedOn.get(row.email);
      if (earlier !== undefined) {
        issues.push({
          line: row.line,
          field: "course",
          text: `${row.email} is not a trainee here yet and is invited to another course on line ${earlier}. An invitation can include one course: enrol them on the next one after they join`,
        });
      } else invitedOn.set(row.email, row.line);
    }
  }
  return issues;
}

/** the checks that need the database (gmc numbers, one course per invitation); [] when fine */
export async function checkEnrolments(
  organisationId: string,
  rows: EnrolmentRow[],
  db: Db = prisma,
): Promise<RowError[]> {
  return databaseIssues(rows, await lookup(db, organisationId, rows))
    .map(withLine)
    .sort(byLine);
}

// --- applying ----------------------------------------------------------------------------

export type Outcome = "enrolled" | "updated" | "invited" | "unchanged";
/** what happened to one row of an applied file */
export type RowResult = { line: number; email: string; name: string; course: string; outcome: Outcome };

async function applyWithOutcomes(input: {
  organisation: { id: string; name: string };
  actor: { id: string; name: string };
  rows: EnrolmentRow[];
  source: "csv" | "form";
}): Promise<{ counts: EnrolmentCounts; outcomes: Outcome[] }> {
  const { organisation, actor, rows, source } = input;
  const organisationId = organisation.id;
  const now = new Date();
  const plan = await prisma.$transaction(
    async (tx) => {
      const found = await lookup(tx, organisationId, rows);
      const problems = databaseIssues(rows, found);
      if (problems.length) throw new EnrolmentImportError(problems);

      const traineeIds = [...new Set(rows.flatMap((r) => found.traineeOf(r.email)?.id ?? []))];
      const courseIds = [...new Set(rows.map((r) => r.courseId))];
      type Existing = {
        id: string;
        dueAt: Date | null;
        completedAt: Date | null;
        organisationId: string | null;
      };
      const enrolments = new Map<string, Existing>();
      // people whose enrolment on the course counts for another organisation: it is never
      // changed or mentioned here; this organisation invites them, as anyone it cannot enrol
      const elsewhere = new Set<string>();
      const existing = await inChunks(traineeIds, (c) =>
        tx.enrolment.findMany({
          where: { userId: { in: c }, courseId: { in: courseIds } },
          orderBy: { enrolledAt: "desc" },
          select: {
            id: true,
            userId: true,
            courseId: true,
            dueAt: true,
            completedAt: true,
            organisationId: true,
          },
        }),
      );
      // the latest enrolment per person and course, as enrolForOrganisation picks it
      for (const e of existing) {
        const key = `${e.userId}\n${e.courseId}`;
        if (enrolments.has(key) || elsewhere.has(key)) continue;
        if (e.organisationId !== null && e.organisationId !== organisationId) elsewhere.add(key);
        else enrolments.set(key, e);
      }
      const enrollable = (row: EnrolmentRow) => {
        const user = found.traineeOf(row.email);
        return user && !elsewhere.has(`${user.id}\n${row.courseId}`) ? user : null;
      };
      const inviteEmails = [...new Set(rows.filter((r) => !enrollable(r)).map((r) => r.email))];
      const pending = await inChunks(inviteEmails, (c) =>
        tx.invitation.findMany({
          where: {
            organisationId,
            role: "trainee",
            email: { in: c },
            acceptedAt: null,
            revokedAt: null,
            expiresAt: { gt: now },
          },
          select: { email: true, courseId: true, dueAt: true },
        }),
      );

      const counts: EnrolmentCounts = { enrolled: 0, updated: 0, invited: 0, unchanged: 0 };
      const outcomes: Outcome[] = [];
      const toInvite: EnrolmentRow[] = [];
      // new enrolments and the audit rows are written in bulk after the loop: a 5,000-row file
      // is then a few dozen statements, not tens of thousands, while sqlite holds its write lock
      const versions = new Map(
        (
          await tx.course.findMany({
            where: { id: { in: courseIds }, active: true },
            select: { id: true, currentVersionId: true },
          })
        ).map((c) => [c.id, c.currentVersionId]),
      );
      const created: Prisma.EnrolmentCreateManyInput[] = [];
      const audits: Prisma.AuditEventCreateManyInput[] = [];
      for (const row of rows) {
        const user = enrollable(row);
        let outcome: Outcome;
        if (user) {
          const before = enrolments.get(`${user.id}\n${row.courseId}`);
          // a row without a due date leaves an existing due date alone
          const dueAt = row.dueAt ?? undefined;
          const changesDue =
            before && dueAt && !before.completedAt && before.dueAt?.getTime() !== dueAt.getTime();
          // an enrolment that counts for no organisation yet is attached: new to this one
          const attaches = before?.organisationId === null;
          if (before && !changesDue && !attaches) outcome = "unchanged";
          else if (!before) {
            const courseVersionId = versions.get(row.courseId);
            if (!courseVersionId) {
              throw new EnrolmentImportError([
                {
                  line: row.line,
                  field: "course",
                  text: `The course ${row.courseId} is no longer available`,
                },
              ]);
            }
            const id = crypto.randomUUID();
            created.push({
              id,
              userId: user.id,
              courseId: row.courseId,
              courseVersionId,
              organisationId,
              source: "organisation",
              dueAt: row.dueAt,
              // nothing done yet: the default snapshot is the true one
              progressAt: new Date(),
            });
            outcome = "enrolled";
            audits.push({
              actorId: actor.id,
              organisationId,
              action: "enrolment.created",
              detail: JSON.stringify({
                enrolmentId: id,
                userId: user.id,
                courseId: row.courseId,
                dueAt: row.dueAt?.toISOString() ?? null,
                source,
              }),
            });
          } else {
            const result = await enrolForOrganisation(tx, {
              userId: user.id,
              courseId: row.courseId,
              organisationId,
              source: "organisation",
              dueAt,
            });
            if (!("enrolment" in result)) {
              // the planner saw an enrolment for this organisation (or none) a moment ago, in
              // this transaction: neither case can happen
              throw new Error(`enrolment for line ${row.line} changed during the import`);
            }
            const enrolment = result.enrolment;
            outcome = attaches ? "enrolled" : "updated";
            await audit(tx, {
              actorId: actor.id,
              organisationId,
              action: attaches ? "enrolment.created" : "enrolment.due_date_changed",
              detail: attaches
                ? {
                    enrolmentId: enrolment.id,
                    userId: user.id,
                    courseId: row.courseId,
                    dueAt: enrolment.dueAt?.toISOString() ?? null,
                    source,
                    attached: true,
                  }
                : {
                    enrolmentId: enrolment.id,
                    userId: user.id,
                    courseId: row.courseId,
                    from: before!.dueAt?.toISOString() ?? null,
                    to: enrolment.dueAt?.toISOString() ?? null,
                    source,
                  },
            });
          }
        } else {
          const alreadyInvited = pending.some(
            (p) =>
              p.email === row.email &&
              p.courseId === row.courseId &&
              (row.dueAt === null || p.dueAt?.getTime() === row.dueAt.getTime()),
          );
          if (alreadyInvited) outcome = "unchanged";
          else {
            outcome = "invited";
            toInvite.push(row);
          }
        }
        counts[outcome]++;
        outcomes.push(outcome);
      }
      for (let i = 0; i < created.length; i += 500)
        await tx.enrolment.createMany({ data: created.slice(i, i + 500) });
      for (let i = 0; i < audits.length; i += 500)
        await tx.auditEvent.createMany({ data: audits.slice(i, i + 500) });
      if (source === "csv" && counts.enrolled + counts.updated + counts.invited > 0) {
        await audit(tx, {
          actorId: actor.id,
          organisationId,
          action: "enrolment.imported",
          detail: { rows: rows.length, ...counts },
        });
      }
      return { counts, outcomes, toInvite };
    },
    // a 5,000-row file is many statements; sqlite holds the write lock for all of them
    { timeout: 120_000, maxWait: 10_000 },
  );

  // invitations send email and run their own transaction, so they go after the commit. a
  // failed email withdraws its invitation; uploading the same file again retries just those.
  const failed: { line: number; email: string }[] = [];
  for (const row of plan.toInvite) {
    try {
      await inviteToOrganisation({
        organisation,
        email: row.email,
        role: "trainee",
        invitedBy: actor,
        course: { id: row.courseId, title: row.courseTitle },
        dueAt: row.dueAt,
      });
    } catch {
      failed.push({ line: row.line, email: row.email });
    }
  }
  if (failed.length) throw new InvitationDeliveryError(failed, plan.counts);
  return { counts: plan.counts, outcomes: plan.outcomes };
}

/**
 * applies checked rows (from parseEnrolmentCsv) in one transaction, then sends the
 * invitations. throws EnrolmentImportError (nothing written) if the database checks fail,
 * InvitationDeliveryError if some invitation emails could not be sent.
 */
export async function applyEnrolments(input: {
  organisation: { id: string; name: string };
  actor: { id: string; name: string };
  rows: EnrolmentRow[];
  /** "form" writes no import summary event; default "csv" */
  source?: "csv" | "form";
}): Promise<EnrolmentCounts> {
  return (await applyWithOutcomes({ ...input, source: input.source ?? "csv" })).counts;
}

/** the whole upload: read, check (every error at once), apply */
export async function importEnrolmentCsv(input: {
  organisation: { id: string; name: string };
  actor: { id: string; name: string };
  text: string;
  courses?: Course[];
  now?: Date;
}): Promise<{ ok: true; counts: EnrolmentCounts; results: RowResult[] } | { ok: false; errors: RowError[] }> {
  const courses = input.courses ?? (await activeCourses());
  const { rows, errors } = parseEnrolmentCsv(input.text, courses, input.now);
  if (errors.length) {
    // the valid rows' database problems too, so hr see everything in one go
    const more = rows.length ? await checkEnrolments(input.organisation.id, rows) : [];
    return { ok: false, errors: [...errors, ...more].sort(byLine) };
  }
  try {
    const { counts, outcomes } = await applyWithOutcomes({
      organisation: input.organisation,
      actor: input.actor,
      rows,
      source: "csv",
    });
    const results = rows.map((r, i) => ({
      line: r.line,
      email: r.email,
      name: r.name,
      course: r.courseTitle,
      outcome: outcomes[i]!,
    }));
    return { ok: true, counts, results };
  } catch (error) {
    if (error instanceof EnrolmentImportError) return { ok: false, errors: error.errors };
    throw error;
  }
}

/**
 * the single form: the same checks and messages as a csv row, keyed by form field (email,
 * name, gmcNumber, course, dueDate). throws InvitationDeliveryError if the email failed.
 */
export async function enrolOne(input: {
  organisation: { id: string; name: string };
  actor: { id: string; name: string };
  values: EnrolmentValues;
  courses?: Course[];
  now?: Date;
}): Promise<{ ok: true; outcome: Outcome } | { ok: false; errors: FieldErrors }> {
  const courses = input.courses ?? (await activeCourses());
  const { row, issues } = checkRow(1, input.values, courses, input.now ?? new Date());
  if (!row) return { ok: false, errors: fieldErrors(issues) };
  try {
    const { outcomes } = await applyWithOutcomes({
      organisation: input.organisation,
      actor: input.actor,
      rows: [row],
      source: "form",
    });
    return { ok: true, outcome: outcomes[0]! };
  } catch (error) {
    if (error instanceof EnrolmentImportError) return { ok: false, errors: error.fields };
    throw error;
  }
}
