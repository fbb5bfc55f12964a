import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { setEmailTransport } from "~/email/transport.server";
import { syncFixtureCourse } from "../../tests/setup/courses";
import { acceptInvitation } from "./invitations.server";
import { addRole, createOrganisation, createUser, uniqueEmail } from "../../tests/setup/factories";
import {
  applyEnrolments,
  enrolOne,
  importEnrolmentCsv,
  InvitationDeliveryError,
  parseDueDate,
  parseEnrolmentCsv,
  readCsv,
  enrolmentTemplate,
} from "./enrolment-import.server";
import { captureEmails } from "../../tests/setup/email";

const NOW = new Date("2026-03-10T12:00:00Z");
const COURSES = [
  { id: "mentoring-for-doctors", title: "Mentoring for doctors" },
  { id: "advanced-mentoring", title: "Advanced mentoring, part 2" },
];
const IDS = "Use one of these course ids: mentoring-for-doctors, advanced-mentoring";

const messages = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message);
const gmc = () => String(1_000_000 + Math.floor(Math.random() * 8_999_999));

const sent = captureEmails();

describe("reading csv", () => {
  it("handles quotes, commas and newlines in quotes, doubled quotes, crlf, bom and blank lines", () => {
    const text =
      '\uFEFFemail,name,course\r\n"a@x.test","Smith, Jo","line one\r\nline two"\r\n\r\nb@x.test,"Dr ""Bob"" Jones",c1,,\r\n';
    const { records, broken } = readCsv(text);
    expect(broken).toBeNull();
    expect(records).toEqual([
      { line: 1, fields: ["email", "name", "course"] },
      { line: 2, fields: ["a@x.test", "Smith, Jo", "line one\nline two"] },
      { line: 5, fields: ["b@x.test", 'Dr "Bob" Jones', "c1", "", ""] },
    ]);
  });

  it("reads a last line without a newline, lf only, and reports an unclosed quote at its record's line", () => {
    expect(readCsv("a,b\nc,d").records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
    ]);
    expect(readCsv('a,b\nc,d\n"e,f\ng,h\n').broken).toEqual({
      line: 3,
      text: expect.stringContaining("not closed"),
    });
  });

  it("says where a quoted value has text after its closing quote, keeping the lines before it", () => {
    const { records, broken } = readCsv('a,b\nc,d\ne,"f"g\nh,i\n');
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(broken).toEqual({ line: 3, text: expect.stringContaining("text after its closing quote") });
  });
});

describe("the template", () => {
  it("has the columns hr need, and its example row is refused until it is replaced", () => {
    const courses = [{ id: "mentoring-for-doctors", title: "Mentoring for doctors" }];
    const template = enrolmentTemplate("mentoring-for-doctors");
    expect(template.startsWith("\uFEFFemail,name,gmc,course,due date\r\n")).toBe(true);
    const now = new Date("2026-12-04T12:00:00Z");
    expect(messages(parseEnrolmentCsv(template, courses, now))).toEqual([
      "Line 2: This is the template's example row: replace it with a trainee's details, or delete it",
    ]);
    const filled = template.replace("replace.me@example.invalid", "real.doctor@nhs.net");
    expect(parseEnrolmentCsv(filled, courses, now)).toMatchObject({
      errors: [],
      rows: [{ email: "real.doctor@nhs.net" }],
    });
  });
});

describe("parseEnrolmentCsv", () => {
  it("accepts headers in any order and case, their aliases, both date formats, and ids or titles", () => {
    const text = [
      "Due_Date, COURSE ,GMC_Number,Name,Email",
      "31/12/2026,mentoring-for-doctors,1234567,Dr Ann Lee,  Ann.Lee@NHS.net ",
      '2026-04-01,"Advanced mentoring, part 2",,"Lee, Bo",bo@nhs.net',
      "10/03/2026,Mentoring-For-Doctors,,Cy Ng,cy@nhs.net",
      ",mentoring-for-doctors,,Di Fox,di@nhs.net",
    ].join("\r\n");
    const { rows, errors } = parseEnrolmentCsv(text, COURSES, NOW);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      line: 2,
      email: "ann.lee@nhs.net",
      name: "Dr Ann Lee",
      gmcNumber: "1234567",
      courseId: "mentoring-for-doctors",
      courseTitle: "Mentoring for doctors",
    });
    expect(rows[1]).toMatchObject({
      line: 3,
      name: "Lee, Bo",
      gmcNumber: null,
      courseId: "advanced-mentoring",
    });
    // the end of the due day in uk time (bst in april, gmt in december); today is allowed
    expect(rows[0]!.dueAt).toEqual(new Date("2026-12-31T23:59:59.999Z"));
    expect(rows[1]!.dueAt).toEqual(new Date("2026-04-01T22:59:59.999Z"));
    expect(rows[2]!.dueAt).toEqual(new Date("2026-03-10T23:59:59.999Z"));
    expect(rows[3]!.dueAt).toBeNull();
    expect(parseEnrolmentCsv("email,name,gmc number,course,due\n", COURSES, NOW).errors).toEqual([
      { line: 0, message: "The file has a header row but no trainees" },
    ]);
  });

  it("reports every row's problems together, with the file's line numbers", () => {
    const text = [
      "email,name,gmc,course,due date",
      "ok@nhs.net,Ok Person,,mentoring-for-doctors,",
      "bob@,Bob,,mentoring-for-doctors,",
      ',"Multi',
      'line name",12345,nope,next week',
      `x@nhs.net,${"n".repeat(201)},,mentoring-for-doctors,31/02/2027`,
      "y@nhs.net,Y,,,09/03/2026",
      "OK@nhs.net,Ok Again,,Mentoring for doctors,",
      "z@nhs.net,Z,,mentoring-for-doctors,,,surplus",
      "",
      "g1@nhs.net,G1,7654321,mentoring-for-doctors,",
      "g2@nhs.net,G2,7654321,mentoring-for-doctors,",
      "g1@nhs.net,G1,7654322,advanced-mentoring,",
    ].join("\n");
    const result = parseEnrolmentCsv(text, COURSES, NOW);
    expect(messages(result)).toEqual([
      'Line 3: "bob@" is not a valid email address',
      "Line 4: Email address is missing",
      // a line break inside a quoted name: names are printed into emails, so they stay on one line
      "Line 4: Name must be on one line, without tabs or other control characters",
      'Line 4: GMC number "12345" must be 7 digits, like 1234567',
      `Line 4: "nope" is not a course. ${IDS}`,
      'Line 4: "next week" is not a date. Use the format 31/12/2026 or 2026-12-31',
      "Line 6: Name must be 200 characters or fewer",
      'Line 6: "31/02/2027" is not a real date',
      `Line 7: Course is missing. ${IDS}`,
      "Line 7: The due date 09/03/2026 is in the past",
      "Line 8: ok@nhs.net is already on line 2 for the course mentoring-for-doctors",
      'Line 9: This row has more values than the header row has columns. Put a value that contains a comma in "double quotes"',
      "Line 12: GMC number 7654321 is also on line 11, for a different email address",
      "Line 13: GMC number 7654322 is not the GMC number given for g1@nhs.net on line 11",
    ]);
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 4, 4, 4, 4, 6, 6, 7, 7, 8, 9, 12, 13]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 11]);
  });

  it("names a missing name, and a title shared by two courses", () => {
    const courses = [...COURSES, { id: "copy", title: "Mentoring for doctors" }];
    const text = "email,name,course\na@nhs.net, ,Mentoring for doctors";
    expect(messages(parseEnrolmentCsv(text, courses, NOW))).toEqual([
      "Line 2: Name is missing",
      'Line 2: "Mentoring for doctors" is the title of more than one course. Use its course id: mentoring-for-doctors, copy',
    ]);
  });

  it("reports missing, unknown and repeated columns at line 1", () => {
    expect(parseEnrolmentCsv("Name,GMC\na,1234567", COURSES, NOW).errors).toEqual([
      { line: 1, message: "Line 1: The header row is missing the columns: email, course" },
    ]);
    expect(messages(parseEnrolmentCsv("email,name,course,notes,gmc,gmc number,,\nx", COURSES, NOW))).toEqual([
      'Line 1: "notes" is not a column this upload uses. Use the columns: email, name, gmc, course, due date',
      'Line 1: The column "gmc" appears more than once (as "gmc" and "gmc number")',
    ]);
  });

  it("rejects an empty file, too many rows, too much text and an unclosed quote", () => {
    expect(messages(parseEnrolmentCsv("\uFEFF\r\n\r\n", COURSES, NOW))).toEqual([
      "The file is empty. Its first line must be a header row with the columns: email, name, gmc, course, due date",
    ]);
    const many = ["email,name,course", ...Array.from({ length: 5001 }, (_, i) => `p${i}@nhs.net,P,c`)];
    expect(parseEnrolmentCsv(many.join("\n"), COURSES, NOW).errors).toEqual([
      {
        line: 0,
        message:
          "The file has 5,001 rows of trainees; the most in one file is 5,000. Split it into smaller files",
      },
    ]);
    const okMany = many.slice(0, 5001).map((l, i) => (i ? l.replace(",c", ",mentoring-for-doctors") : l));
    expect(parseEnrolmentCsv(okMany.join("\n"), COURSES, NOW).rows).toHaveLength(5000);
    const big = "email,name,course\n" + "x".repeat(2 * 1024 * 1024);
    expect(messages(parseEnrolmentCsv(big, COURSES, NOW))).toEqual([
      "The file is larger than 2 MB. Split it into smaller files",
    ]);
    const open = 'email,name,course\na@nhs.net,A,mentoring-for-doctors\nb@nhs.net,"B,mentoring-for-doctors\n';
    const result = parseEnrolmentCsv(open, COURSES, NOW);
    expect(result.rows).toHaveLength(1);
    expect(messages(result)).toEqual([
      'Line 3: A quoted value is not closed: a closing " is missing, so the rest of the file could not be read',
    ]);
  });

  it("reads due dates as uk calendar days", () => {
    const late = new Date("2026-06-30T23:30:00Z"); // already 1 july in london
    expect(parseDueDate("30/06/2026", late)).toEqual({
      ok: false,
      message: "The due date 30/06/2026 is in the past",
    });
    expect(parseDueDate("2026-7-1", late)).toEqual({ ok: true, dueAt: new Date("2026-07-01T22:59:59.999Z") });
    expect(parseDueDate("29/02/2028", NOW)).toMatchObject({ ok: true });
    expect(parseDueDate("29/02/2027", NOW)).toMatchObject({
      ok: false,
      message: '"29/02/2027" is not a real date',
    });
  });
});

async function setup() {
  const org = await createOrganisation();
  const hr = await createUser({ name: "Helen Reid" });
  await addRole(hr.id, org.id, "hr");
  const { courseId } = await syncFixtureCourse();
  const course = await prisma.course.findUniqueOrThrow({ where: { id: courseId } });
  const courses = [{ id: course.id, title: course.title }];
  const trainee = await createUser({ name: "Tia Trainee" });
  await addRole(trainee.id, org.id, "trainee");
  return { org, hr, courseId, courses, trainee };
}

async function snapshot(organisationId: string, emails: string[]) {
  const [enrolments, invitations, events] = await Promise.all([
    prisma.enrolment.count({ where: { organisationId } }),
    prisma.invitation.count({ where: { OR: [{ organisationId }, { email: { in: emails } }] } }),
    prisma.auditEvent.count({ where: { organisationId } }),
  ]);
  return { enrolments, invitations, events };
}

describe("importing", () => {
  it("writes nothing when any row is bad, and reports file and database problems together", async () => {
    const { org, hr, courseId, courses, trainee } = await setup();
    const taken = await createUser();
    const takenGmc = gmc();
    await prisma.user.update({ where: { id: taken.id }, data: { gmcNumber: takenGmc } });
    const newcomer = uniqueEmail("new");
    const before = await snapshot(org.id, [newcomer]);
    const text = [
      "email,name,gmc,course,due date",
      `${trainee.email},Tia,,${courseId},31/12/2099`,
      `${newcomer},New Person,${takenGmc},${courseId},`,
      `broken,Someone,,${courseId},`,
    ].join("\n");
    const result = await importEnrolmentCsv({ organisation: org, actor: hr, text, courses });
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 3, message: `Line 3: GMC number ${takenGmc} belongs to another account, not ${newcomer}` },
        { line: 4, message: 'Line 4: "broken" is not a valid email address' },
      ],
    });
    expect(await snapshot(org.id, [newcomer])).toEqual(before);
    expect(sent).toEqual([]);
  });

  it("enrols trainee members, invites everyone else, and a second upload of the same file changes nothing", async () => {
    const { org, hr, courseId, courses, trainee } = await setup();
    const elsewhere = await createUser({ name: "Olu Other" });
    const otherOrg = await createOrganisation();
    await addRole(elsewhere.id, otherOrg.id, "trainee");
    const newcomer = uniqueEmail("New.Comer");
    const text = [
      "Email,Name,Course,Due date",
      `${trainee.email.toUpperCase()},Tia Trainee,${courseId},31/12/2099`,
      `${newcomer},New Comer,Demo course for tests,2099-06-30`,
      `${elsewhere.email},Olu Other,${courseId},`,
    ].join("\r\n");

    const first = await importEnrolmentCsv({ organisation: org, actor: hr, text, courses });
    expect(first).toMatchObject({ ok: true, counts: { enrolled: 1, updated: 0, invited: 2, unchanged: 0 } });
    // each row's outcome, by its line
    expect(first.ok && first.results.map((r) => [r.line, r.email, r.outcome])).toEqual([
      [2, trainee.email, "enrolled"],
      [3, newcomer.toLowerCase(), "invited"],
      [4, elsewhere.email, "invited"],
    ]);

    const enrolment = await prisma.enrolment.findFirstOrThrow({ where: { userId: trainee.id, courseId } });
    expect(enrolment).toMatchObject({
      organisationId: org.id,
      source: "organisation",
      dueAt: new Date("2099-12-31T23:59:59.999Z"),
    });
    // a member of another organisation is invited, not enrolled by this one
    expect(await prisma.enrolment.count({ where: { userId: elsewhere.id } })).toBe(0);
    const invitations = await prisma.invitation.findMany({
      where: { organisationId: org.id },
      orderBy: { email: "asc" },
    });
    expect(invitations.map((i) => [i.email, i.role, i.courseId, i.dueAt])).toEqual(
      [
        [newcomer.toLowerCase(), "trainee", courseId, new Date("2099-06-30T22:59:59.999Z")],
        [elsewhere.email, "trainee", courseId, null],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(sent.map((m) => m.to).sort()).toEqual([newcomer.toLowerCase(), elsewhere.email].sort());
    expect(sent.find((m) => m.to === newcomer.toLowerCase())!.text).toContain('"Demo course for tests"');
    expect(await prisma.user.count({ where: { email: newcomer.toLowerCase() } })).toBe(0);

    const events = await prisma.auditEvent.findMany({ where: { organisationId: org.id } });
    const actions = events.map((e) => e.action).sort();
    expect(actions).toEqual([
      "enrolment.created",
      "enrolment.imported",
      "invitation.created",
      "invitation.created",
    ]);
    const summary = events.find((e) => e.action === "enrolment.imported")!;
    expect(summary.actorId).toBe(hr.id);
    expect(JSON.parse(summary.detail)).toEqual({
      rows: 3,
      enrolled: 1,
      updated: 0,
      invited: 2,
      unchanged: 0,
    });

    sent.length = 0;
    const before = await snapshot(org.id, [newcomer.toLowerCase(), elsewhere.email]);
    const again = await importEnrolmentCsv({ organisation: org, actor: hr, text, courses });
    expect(again).toMatchObject({ ok: true, counts: { enrolled: 0, updated: 0, invited: 0, unchanged: 3 } });
    expect(sent).toEqual([]);
    expect(await snapshot(org.id, [newcomer.toLowerCase(), elsewhere.email])).toEqual(before);
  });

  it("a changed due date updates the enrolment and re-invites with the new date", async () => {
    const { org, hr, courseId, courses, trainee } = await setup();
    const newcomer = uniqueEmail("new");
    const file = (due: string) =>
      [
        "email,name,course,due",
        `${trainee.email},Tia,${courseId},${due}`,
        `${newcomer},New,${courseId},${due}`,
      ].join("\n");
    const first = await importEnrolmentCsv({
      organisation: org,
      actor: hr,
      text: file("2099-01-01"),
      courses,
    });
    expect(first).toMatchObject({ ok: true, counts: { enrolled: 1, invited: 1 } });

    const second = await importEnrolmentCsv({
      organisation: org,
      actor: hr,
      text: file("2099-02-01"),
      courses,
    });
    expect(second).toMatchObject({ ok: true, counts: { enrolled: 0, updated: 1, invited: 1, unchanged: 0 } });
    const enrolment = await prisma.enrolment.findFirstOrThrow({ where: { userId: trainee.id, courseId } });
    expect(enrolment.dueAt).toEqual(new Date("2099-02-01T23:59:59.999Z"));
    const changed = await prisma.auditEvent.findFirstOrThrow({
      where: { organisationId: org.id, action: "enrolment.due_date_changed" },
    });
    expect(JSON.parse(changed.detail)).toMatchObject({
      enrolmentId: enrolment.id,
      from: "2099-01-01T23:59:59.999Z",
      to: "2099-02-01T23:59:59.999Z",
    });
    const invitations = await prisma.invitation.findMany({
      where: { email: newcomer },
      orderBy: { createdAt: "asc" },
    });
    expect(invitations).toHaveLength(2);
    expect(invitations[0]!.revokedAt).not.toBeNull();
    expect(invitations[1]).toMatchObject({ revokedAt: null, dueAt: new Date("2099-02-01T23:59:59.999Z") });

    // a row without a due date keeps the existing one
    const third = await importEnrolmentCsv({ organisation: org, actor: hr, text: file(""), courses });
    expect(third).toMatchObject({ ok: true, counts: { enrolled: 0, updated: 0, invited: 0, unchanged: 2 } });
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).dueAt).toEqual(
      new Date("2099-02-01T23:59:59.999Z"),
    );
  });

  it("checks gmc numbers against accounts, and one course per invitation", async () => {
    const { org, hr, courseId, courses, trainee } = await setup();
    const own = gmc();
    await prisma.user.update({ where: { id: trainee.id }, data: { gmcNumber: own } });
    const { courseId: second } = await syncFixtureCourse();
    const both = [...courses, { id: second, title: "Second" }];
    const newcomer = uniqueEmail("new");
    let wrong = gmc();
    while (wrong === own) wrong = gmc();
    const text = [
      "email,name,gmc,course",
      `${trainee.email},Tia,${own},${courseId}`,
      `${trainee.email},Tia,${own},${second}`,
      `${newcomer},New,,${courseId}`,
      `${newcomer},New,,${second}`,
    ].join("\n");
    expect(await importEnrolmentCsv({ organisation: org, actor: hr, text, courses: both })).toEqual({
      ok: false,
      errors: [
        {
          line: 5,
          message: `Line 5: ${newcomer} is not a trainee here yet and is invited to another course on line 4. An invitation can include one course: enrol them on the next one after they join`,
        },
      ],
    });
    const mismatch = `email,name,gmc,course\n${trainee.email},Tia,${wrong},${courseId}`;
    const result = await importEnrolmentCsv({ organisation: org, actor: hr, text: mismatch, courses });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 2,
          message: `Line 2: GMC number ${wrong} does not match the GMC number on the account for ${trainee.email}`,
        },
      ],
    });
    expect(await prisma.enrolment.count({ where: { userId: trainee.id } })).toBe(0);
  });

  it("applyEnrolments takes parsed rows", async () => {
    const { org, hr, courseId, courses, trainee } = await setup();
    const { rows, errors } = parseEnrolmentCsv(
      `email,name,course\n${trainee.email},Tia,${courseId}`,
      courses,
    );
    expect(errors).toEqual([]);
    expect(await applyEnrolments({ organisation: org, actor: hr, rows })).toEqual({
      enrolled: 1,
      updated: 0,
      invited: 0,
      unchanged: 0,
    });
    expect(await applyEnrolments({ organisation: org, actor: hr, rows })).toEqual({
      enrolled: 0,
      updated: 0,
      invited: 0,
      unchanged: 1,
    });
  });

  it("a failed invitation email leaves the enrolments and withdraws that invitation; uploading again retries it", async () => {
    const { org, hr, courseId, courses, trainee } = await setup();
    const newcomer = uniqueEmail("new");
    setEmailTransport({
      async send() {
        throw new Error("smtp down");
      },
    });
    const text = `email,name,course\n${trainee.email},Tia,${courseId}\n${newcomer},New,${courseId}`;
    const error = await importEnrolmentCsv({ organisation: org, actor: hr, text, courses }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvitationDeliveryError);
    expect((error as InvitationDeliveryError).failed).toEqual([{ line: 3, email: newcomer }]);
    expect(await prisma.enrolment.count({ where: { userId: trainee.id, courseId } })).toBe(1);
    expect(await prisma.invitation.findFirstOrThrow({ where: { email: newcomer } })).toMatchObject({
      revokedAt: expect.any(Date),
    });

    setEmailTransport({
      async send(message) {
        sent.push(message);
      },
    });
    const again = await importEnrolmentCsv({ organisation: org, actor: hr, text, courses });
    expect(again).toMatchObject({ ok: true, counts: { enrolled: 0, updated: 0, invited: 1, unchanged: 1 } });
    expect(sent.map((m) => m.to)).toEqual([newcomer]);
  });
});

describe("enrolOne", () => {
  it("uses the csv messages keyed by form field, then enrols, then reports unchanged", async () => {
    const { org, hr, courseId, courses, trainee } = await setup();
    const bad = await enrolOne({
      organisation: org,
      actor: hr,
      courses,
      now: NOW,
      values: { email: "bob@", name: "", gmcNumber: "12", course: "nope", dueDate: "01/01/2020" },
    });
    expect(bad).toEqual({
      ok: false,
      errors: {
        email: '"bob@" is not a valid email address',
        name: "Name is missing",
        gmcNumber: 'GMC number "12" must be 7 digits, like 1234567',
        course: `"nope" is not a course. Use one of these course ids: ${courseId}`,
        dueDate: "The due date 01/01/2020 is in the past",
      },
    });
    const values = { email: trainee.email, name: "Tia", course: courseId, dueDate: "31/12/2099" };
    expect(await enrolOne({ organisation: org, actor: hr, courses, values })).toEqual({
      ok: true,
      outcome: "enrolled",
    });
    expect(await enrolOne({ organisation: org, actor: hr, courses, values })).toEqual({
      ok: true,
      outcome: "unchanged",
    });
    const actions = (await prisma.auditEvent.findMany({ where: { organisationId: org.id } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(["enrolment.created"]);

    const other = await createUser();
    const taken = gmc();
    await prisma.user.update({ where: { id: other.id }, data: { gmcNumber: taken } });
    const email = uniqueEmail("new");
    expect(
      await enrolOne({
        organisation: org,
        actor: hr,
        courses,
        values: { email, name: "N", gmcNumber: taken, course: courseId },
      }),
    ).toEqual({
      ok: false,
      errors: { gmcNumber: `GMC number ${taken} belongs to another account, not ${email}` },
    });
    expect(
      await enrolOne({
        organisation: org,
        actor: hr,
        courses,
        values: { email, name: "N", course: courseId },
      }),
    ).toEqual({ ok: true, outcome: "invited" });
    expect(sent.map((m) => m.to)).toEqual([email]);
  });
});

describe("one transaction", () => {
  it("a failure part-way through rolls back the rows already written", async () => {
    const { org, hr, courseId, courses, trainee } = await setup();
    const { courseId: gone } = await syncFixtureCourse();
    const both = [...courses, { id: gone, title: "Gone" }];
    const text = `email,name,course\n${trainee.email},Tia,${courseId}\n${trainee.email},Tia,${gone}`;
    const { rows, errors } = parseEnrolmentCsv(text, both);
    expect(errors).toEqual([]);
    // the course is withdrawn between the check and the apply
    await prisma.course.update({ where: { id: gone }, data: { active: false } });
    const before = await snapshot(org.id, []);
    await expect(applyEnrolments({ organisation: org, actor: hr, rows })).rejects.toThrow(
      `Line 3: The course ${gone} is no longer available`,
    );
    expect(await snapshot(org.id, [])).toEqual(before);
    expect(await prisma.enrolment.count({ where: { userId: trainee.id } })).toBe(0);
  });
});

describe("a trainee of two organisations", () => {
  // A enrols the trainee; B (where they are also a trainee) tries to enrol them on the same
  // course with another due date, by form, CSV and invitation
  /** one person through the enrolment form of `organisation`, on the fixture course */
  type Org = { id: string; name: string };
  const enrolBy = (
    by: { organisation: Org; actor: { id: string; name: string }; courses: { id: string; title: string }[] },
    values: { email: string; name: string; course: string; dueDate: string },
  ) => enrolOne({ ...by, now: NOW, values });

  async function twoOrganisations() {
    const a = await setup();
    const b = await createOrganisation();
    const hrB = await createUser({ name: "Bea Hughes" });
    await addRole(hrB.id, b.id, "hr");
    await addRole(a.trainee.id, b.id, "trainee");
    const D1 = new Date("2027-01-31T23:59:59.999Z");
    const byA = { organisation: a.org, actor: a.hr, courses: a.courses };
    const byB = { organisation: b, actor: hrB, courses: a.courses };
    expect(
      await enrolBy(byA, {
        email: a.trainee.email,
        name: "Tia Trainee",
        course: a.courseId,
        dueDate: "31/01/2027",
      }),
    ).toEqual({ ok: true, outcome: "enrolled" });
    const enrolmentA = await prisma.enrolment.findFirstOrThrow({ where: { userId: a.trainee.id } });
    expect(enrolmentA.organisationId).toBe(a.org.id);
    const reminded = new Date("2026-03-01T09:00:00Z");
    await prisma.enrolment.update({ where: { id: enrolmentA.id }, data: { lastReminderAt: reminded } });
    // a B trainee who has never been enrolled anywhere: what B is told about them is the yardstick
    const stranger = await createUser({ name: "Sam Newcomer" });
    return { ...a, b, hrB, byA, byB, enrolmentA, D1, reminded, stranger };
  }

  async function expectUntouched(t: Awaited<ReturnType<typeof twoOrganisations>>) {
    const after = await prisma.enrolment.findUniqueOrThrow({ where: { id: t.enrolmentA.id } });
    expect(after.organisationId).toBe(t.org.id);
    expect(after.dueAt?.toISOString()).toBe(t.enrolmentA.dueAt?.toISOString());
    expect(after.lastReminderAt?.toISOString()).toBe(t.reminded.toISOString());
    expect(await prisma.enrolment.count({ where: { userId: t.trainee.id } })).toBe(1);
    // nothing filed under B names A's enrolment
    const eventsB = await prisma.auditEvent.findMany({ where: { organisationId: t.b.id } });
    expect(eventsB.filter((e) => e.detail.includes(t.enrolmentA.id))).toEqual([]);
    expect(
      eventsB.filter((e) => e.action.startsWith("enrolment.") && e.action !== "enrolment.imported"),
    ).toEqual([]);
  }

  it("B's form neither changes nor reveals A's enrolment: B is told what it is told for anyone it can only invite", async () => {
    const t = await twoOrganisations();
    const form = (email: string, name: string) =>
      enrolBy(t.byB, { email, name, course: t.courseId, dueDate: "30/06/2026" });
    const shared = await form(t.trainee.email, "Tia Trainee");
    const newcomer = await form(t.stranger.email, "Sam Newcomer");
    expect(shared).toEqual({ ok: true, outcome: "invited" });
    expect(shared).toEqual(newcomer);
    await expectUntouched(t);
    // the invitation is B's own: B's course and B's due date, nothing about A
    const invitation = await prisma.invitation.findFirstOrThrow({
      where: { organisationId: t.b.id, email: t.trainee.email },
    });
    expect(invitation.courseId).toBe(t.courseId);
    const mail = sent.find((m) => m.to === t.trainee.email)!;
    expect(mail.text).not.toContain(t.org.name);
  });

  it("B's CSV neither changes nor reveals A's enrolment, and counts it as an invitation", async () => {
    const t = await twoOrganisations();
    const csv = [
      "email,name,course,due date",
      `${t.trainee.email},Tia Trainee,${t.courseId},30/06/2026`,
      `${t.stranger.email},Sam Newcomer,${t.courseId},30/06/2026`,
    ].join("\n");
    const upload = () => importEnrolmentCsv({ ...t.byB, text: csv, now: NOW });
    const result = await upload();
    expect(result).toMatchObject({ ok: true, counts: { enrolled: 0, updated: 0, invited: 2, unchanged: 0 } });
    await expectUntouched(t);
    // uploading it again changes nothing, for either person
    const again = await upload();
    expect(again).toMatchObject({ ok: true, counts: { enrolled: 0, updated: 0, invited: 0, unchanged: 2 } });
    await expectUntouched(t);
  });

  it("accepting B's invitation leaves A's enrolment as it is", async () => {
    const t = await twoOrganisations();
    await enrolBy(t.byB, {
      email: t.trainee.email,
      name: "Tia Trainee",
      course: t.courseId,
      dueDate: "30/06/2026",
    });
    const mail = sent.find((m) => m.to === t.trainee.email)!;
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const accepted = await acceptInvitation(token, t.trainee);
    expect(accepted).toMatchObject({ ok: true, organisationId: t.b.id, enrolment: "elsewhere" });
    await expectUntouched(t);
  });

  it("A, whose enrolment it is, can still change its due date", async () => {
    const t = await twoOrganisations();
    const changed = await enrolBy(t.byA, {
      email: t.trainee.email,
      name: "Tia Trainee",
      course: t.courseId,
      dueDate: "28/02/2027",
    });
    expect(changed).toEqual({ ok: true, outcome: "updated" });
    const after = await prisma.enrolment.findUniqueOrThrow({ where: { id: t.enrolmentA.id } });
    expect(after.dueAt?.toISOString()).toBe("2027-02-28T23:59:59.999Z");
  });
});
