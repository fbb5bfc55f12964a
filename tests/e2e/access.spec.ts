import { readdirSync } from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { startAttempt } from "~/activities/quiz/quiz.server";
import type { QuizDefinition } from "~/activities/quiz/schema";
import { courseForUser, enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { completeFixtureCourse } from "../setup/courses";
import { importSharedPackage } from "../setup/scorm";
import {
  expect,
  expectAccessible,
  grant,
  makeOrganisation,
  makeUser,
  retryIfLocked,
  sessionCookie,
  signInAs,
  test,
} from "./fixtures";
import { MENTORING_CASES } from "./mentoring-access-cases";

// the access matrix: every route module, requested as each kind of person. authorisation is
// decided by the server, so these requests bypass the ui entirely.

const COURSE = "demo-course";
type Who = "anonymous" | "trainee" | "hrA" | "hrB" | "collegeAdmin" | "admin";
const PEOPLE: Who[] = ["anonymous", "trainee", "hrA", "hrB", "collegeAdmin", "admin"];
type Expect = 200 | 302 | 400 | 403 | 404 | "signin";

type Case = {
  route: string; // the route module file (without extension) this case covers
  method: "GET" | "POST";
  path: (ids: Ids) => string;
  form?: Record<string, string>;
  expect: Record<Who, Expect>;
};
type Ids = {
  orgA: string;
  orgB: string;
  college: string;
  attempt: string;
  certificate: string;
  /** a scorm package of the college, one of org A, and an attempt at the college's */
  package: string;
  packageA: string;
  scormAttempt: string;
  /** trainees (role trainee) of organisations A and B */
  traineeA: string;
  traineeB: string;
  /** the trainee role of A's trainee (a membership row of organisation A) */
  membershipA: string;
};

const everyone = (status: Expect): Record<Who, Expect> =>
  Object.fromEntries(PEOPLE.map((p) => [p, status])) as Record<Who, Expect>;
const signedIn = (status: Expect): Record<Who, Expect> => ({ ...everyone(status), anonymous: "signin" });

const CASES: Case[] = [
  { route: "_index", method: "GET", path: () => "/", expect: everyone(200) },
  { route: "healthz", method: "GET", path: () => "/healthz", expect: everyone(200) },
  { route: "$", method: "GET", path: () => "/no/such/page", expect: everyone(404) },
  { route: "register", method: "GET", path: () => "/register", expect: { ...everyone(302), anonymous: 200 } },
  {
    route: "register_.check-email",
    method: "GET",
    path: () => "/register/check-email",
    expect: { ...everyone(302), anonymous: 200 },
  },
  {
    route: "register_.confirm",
    method: "GET",
    path: () => "/register/confirm?token=nonsense",
    expect: everyone(200),
  },
  {
    route: "register_.confirm",
    method: "POST",
    path: () => "/register/confirm",
    form: { token: "nonsense", password: "a guessed password" },
    expect: { ...everyone(302), anonymous: 400 },
  },
  { route: "sign-in", method: "GET", path: () => "/sign-in", expect: { ...everyone(302), anonymous: 200 } },
  { route: "sign-out", method: "GET", path: () => "/sign-out", expect: everyone(302) },
  {
    route: "invitations.accept",
    method: "GET",
    path: () => "/invitations/accept?token=nonsense",
    expect: everyone(200),
  },
  { route: "account._index", method: "GET", path: () => "/account", expect: signedIn(200) },
  { route: "account.password", method: "GET", path: () => "/account/password", expect: signedIn(200) },
  { route: "account.sessions", method: "GET", path: () => "/account/sessions", expect: signedIn(200) },
  {
    route: "account.password",
    method: "POST",
    path: () => "/account/password",
    form: { currentPassword: "x", password: "y", confirmPassword: "y" },
    expect: signedIn(400),
  },
  { route: "dashboard", method: "GET", path: () => "/dashboard", expect: signedIn(200) },
  { route: "courses._index", method: "GET", path: () => "/courses", expect: everyone(200) },
  {
    route: "courses.$courseId._index",
    method: "GET",
    path: () => `/courses/${COURSE}`,
    expect: everyone(200),
  },
  {
    route: "courses.$courseId._index",
    method: "GET",
    path: () => "/courses/no-such-course",
    expect: everyone(404),
  },
  {
    // only the enrolled trainee (and hrA, enrolled too) sees modules; others are sent to enrol
    route: "courses.$courseId.modules.$moduleId._index",
    method: "GET",
    path: () => `/courses/${COURSE}/modules/basics`,
    expect: { ...signedIn(302), trainee: 200, hrA: 200 },
  },
  {
    route: "courses.$courseId.modules.$moduleId.$activityId._index",
    method: "GET",
    path: () => `/courses/${COURSE}/modules/basics/basics-quiz`,
    expect: { ...signedIn(302), trainee: 200, hrA: 200 },
  },
  {
    route: "courses.$courseId.modules.$moduleId.$activityId._index",
    method: "POST",
    path: () => `/courses/${COURSE}/modules/basics/basics-quiz`,
    form: { intent: "nonsense" },
    expect: { ...signedIn(302), trainee: 400, hrA: 400 },
  },
  {
    // an attempt is visible to its own trainee only, even to another enrolled trainee
    route: "courses.$courseId.modules.$moduleId.$activityId.attempts.$attemptId",
    method: "GET",
    path: (ids) => `/courses/${COURSE}/modules/basics/basics-quiz/attempts/${ids.attempt}`,
    expect: { ...signedIn(302), trainee: 200, hrA: 404 },
  },
  {
    route: "[.]well-known.jwks[.]json",
    method: "GET",
    path: () => "/.well-known/jwks.json",
    expect: everyone(200),
  },
  { route: "issuer", method: "GET", path: () => "/issuer", expect: everyone(200) },
  { route: "issuer.keys.$keyId", method: "GET", path: () => "/issuer/keys/not-a-key", expect: everyone(404) },
  {
    route: "credentials.status.revocation",
    method: "GET",
    path: () => "/credentials/status/revocation",
    expect: everyone(200),
  },
  { route: "verify._index", method: "GET", path: () => "/verify", expect: everyone(200) },
  {
    route: "verify._index",
    method: "POST",
    path: () => "/verify",
    form: { credential: "" },
    expect: everyone(400),
  },
  { route: "verify.$code", method: "GET", path: () => "/verify/NOT-A-CODE", expect: everyone(400) },
  {
    route: "api.certificates.$code",
    method: "GET",
    path: () => "/api/certificates/NOT-A-CODE",
    expect: everyone(400),
  },
  {
    route: "api.certificates.$code.credential[.]jwt",
    method: "GET",
    path: () => "/api/certificates/NOT-A-CODE/credential.jwt",
    expect: everyone(400),
  },
  {
    // a certificate is the trainee's own; platform admins may open any; others get a 404
    route: "certificates.$id[.]pdf",
    method: "GET",
    path: (ids) => `/certificates/${ids.certificate}.pdf`,
    expect: { ...signedIn(404), trainee: 200, admin: 200 },
  },
  {
    route: "certificates.$id.credential[.]jwt",
    method: "GET",
    path: (ids) => `/certificates/${ids.certificate}/credential.jwt`,
    expect: { ...signedIn(404), trainee: 200, admin: 200 },
  },
  {
    route: "certificates.$id.credential[.]json",
    method: "GET",
    path: (ids) => `/certificates/${ids.certificate}/credential.json`,
    expect: { ...signedIn(404), trainee: 200, admin: 200 },
  },
  { route: "cpd._index", method: "GET", path: () => "/cpd", expect: signedIn(200) },
  { route: "cpd[.]pdf", method: "GET", path: () => "/cpd.pdf", expect: signedIn(200) },
  {
    route: "courses.$courseId.reflection",
    method: "GET",
    path: () => `/courses/${COURSE}/reflection`,
    expect: { ...signedIn(302), trainee: 200, hrA: 200 },
  },
  {
    route: "courses.$courseId.reflection",
    method: "POST",
    path: () => `/courses/${COURSE}/reflection`,
    form: { whatHappened: "" },
    expect: { ...signedIn(302), trainee: 400, hrA: 400 },
  },
  {
    route: "admin.certificates",
    method: "GET",
    path: () => "/admin/certificates",
    expect: { ...signedIn(403), admin: 200 },
  },
  {
    route: "admin.certificates",
    method: "POST",
    path: () => "/admin/certificates",
    form: { code: "", reason: "" },
    expect: { ...signedIn(403), admin: 400 },
  },
  {
    route: "admin.courses._index",
    method: "GET",
    path: () => "/admin/courses",
    expect: { ...signedIn(403), admin: 200 },
  },
  {
    route: "admin.courses.$courseId._index",
    method: "GET",
    path: () => "/admin/courses/demo-course",
    expect: { ...signedIn(403), admin: 200 },
  },
  {
    // a college administrator cannot give their organisation a course
    route: "admin.courses.$courseId._index",
    method: "POST",
    path: () => "/admin/courses/demo-course",
    form: { owner: "not-an-organisation" },
    expect: { ...signedIn(403), admin: 400 },
  },
  {
    route: "admin.courses.$courseId._index",
    method: "GET",
    path: () => "/admin/courses/no-such-course",
    expect: { ...signedIn(403), admin: 404 },
  },
  {
    route: "admin.courses.$courseId.export",
    method: "GET",
    path: () => "/admin/courses/demo-course/export",
    expect: { ...signedIn(403), admin: 200 },
  },
  {
    route: "admin.courses.$courseId.export",
    method: "GET",
    path: () => "/admin/courses/no-such-course/export",
    expect: { ...signedIn(403), admin: 404 },
  },
  {
    // a valid request answers with the zip; only a platform administrator gets it
    route: "admin.courses.$courseId.export[.]zip",
    method: "POST",
    path: () => "/admin/courses/demo-course/export.zip",
    form: { intent: "export", what: "demo-course", version: "1.2" },
    expect: { ...signedIn(403), admin: 200 },
  },
  {
    // a refused export goes back to the form, which says what was wrong
    route: "admin.courses.$courseId.export[.]zip",
    method: "POST",
    path: () => "/admin/courses/demo-course/export.zip",
    form: { intent: "export-unknown-version", what: "demo-course", version: "3" },
    expect: { ...signedIn(403), admin: 302 },
  },
  {
    route: "admin.courses.$courseId.export[.]zip",
    method: "GET",
    path: () => "/admin/courses/demo-course/export.zip",
    expect: everyone(302),
  },
  {
    route: "admin.organisations._index",
    method: "GET",
    path: () => "/admin/organisations",
    expect: { ...signedIn(403), admin: 200 },
  },
  {
    route: "admin.organisations._index",
    method: "POST",
    path: () => "/admin/organisations",
    form: { name: "", kind: "" },
    expect: { ...signedIn(403), admin: 400 },
  },
  {
    route: "org.$orgId._index",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}`,
    expect: { ...signedIn(403), hrA: 200, admin: 200 },
  },
  {
    route: "org.$orgId._index",
    method: "GET",
    path: (ids) => `/org/${ids.orgB}`,
    expect: { ...signedIn(403), hrB: 200, admin: 200 },
  },
  {
    route: "org.$orgId._index",
    method: "GET",
    path: (ids) => `/org/${ids.college}`,
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    route: "org.$orgId._index",
    method: "GET",
    path: () => `/org/00000000-0000-0000-0000-000000000000`,
    expect: { ...signedIn(403), admin: 404 },
  },
  {
    // an invitation with a bad email: allowed people get a 400 form error, nobody else gets in
    route: "org.$orgId._index",
    method: "POST",
    path: (ids) => `/org/${ids.orgA}`,
    form: { intent: "invite", email: "not-an-email", role: "trainee" },
    expect: { ...signedIn(403), hrA: 400, admin: 400 },
  },
  {
    // granting roles directly is for platform admins only, even within one's own organisation
    route: "org.$orgId._index",
    method: "POST",
    path: (ids) => `/org/${ids.orgA}`,
    form: { intent: "grant-role", grantEmail: "not-an-email", grantRole: "hr" },
    expect: { ...signedIn(403), admin: 400 },
  },
  // scorm packages: the owning organisation's college administrators and platform admins only
  {
    route: "org.$orgId.scorm._index",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm`,
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    route: "org.$orgId.scorm._index",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}/scorm`,
    expect: { ...signedIn(403), admin: 200 },
  },
  {
    // a form without a file: a clear 400 for those allowed to upload
    route: "org.$orgId.scorm._index",
    method: "POST",
    path: (ids) => `/org/${ids.college}/scorm`,
    form: { intent: "upload" },
    expect: { ...signedIn(403), collegeAdmin: 400, admin: 400 },
  },
  {
    route: "org.$orgId.scorm.export",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/export`,
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    route: "org.$orgId.scorm.export",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}/scorm/export`,
    expect: { ...signedIn(403), admin: 200 },
  },
  {
    route: "org.$orgId.scorm.export[.]zip",
    method: "POST",
    path: (ids) => `/org/${ids.college}/scorm/export.zip`,
    form: { intent: "export", what: "demo-course/basics", version: "2004" },
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    // another organisation's college administrator is refused before the form is read
    route: "org.$orgId.scorm.export[.]zip",
    method: "POST",
    path: (ids) => `/org/${ids.orgB}/scorm/export.zip`,
    form: { what: "demo-course", version: "1.2" },
    expect: { ...signedIn(403), admin: 200 },
  },
  {
    route: "org.$orgId.scorm.export[.]zip",
    method: "POST",
    path: (ids) => `/org/${ids.college}/scorm/export.zip`,
    form: { intent: "export-unknown-module", what: "demo-course/no-such-module", version: "1.2" },
    expect: { ...signedIn(403), collegeAdmin: 302, admin: 302 },
  },
  {
    // a GET (a signed-in-again address) goes to the form page, which checks who may see it
    route: "org.$orgId.scorm.export[.]zip",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/export.zip`,
    expect: everyone(302),
  },
  {
    route: "org.$orgId.scorm.upload",
    method: "POST",
    path: (ids) => `/org/${ids.college}/scorm/upload`,
    form: { intent: "upload" },
    expect: { ...signedIn(403), collegeAdmin: 400, admin: 400 },
  },
  {
    route: "org.$orgId.scorm.upload",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/upload`,
    expect: everyone(404),
  },
  {
    route: "org.$orgId.scorm.$packageId._index",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/${ids.package}`,
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    // another organisation's package id typed into the college's url
    route: "org.$orgId.scorm.$packageId._index",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/${ids.packageA}`,
    expect: { ...signedIn(403), collegeAdmin: 404, admin: 404 },
  },
  {
    // an empty attach form is refused for both: a college administrator may attach only to a
    // course its organisation owns, a platform administrator to any
    route: "org.$orgId.scorm.$packageId._index",
    method: "POST",
    path: (ids) => `/org/${ids.college}/scorm/${ids.package}`,
    form: { intent: "attach", target: "", rule: "" },
    expect: { ...signedIn(403), collegeAdmin: 400, admin: 400 },
  },
  {
    route: "org.$orgId.scorm.$packageId.results[.]csv",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/${ids.package}/results.csv`,
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    // another organisation's package typed into the college's url
    route: "org.$orgId.scorm.$packageId.results[.]csv",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/${ids.packageA}/results.csv`,
    expect: { ...signedIn(403), collegeAdmin: 404, admin: 404 },
  },
  {
    route: "org.$orgId.scorm.$packageId.preview",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/${ids.package}/preview`,
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    route: "org.$orgId.scorm.$packageId.preview",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/${ids.packageA}/preview`,
    expect: { ...signedIn(403), collegeAdmin: 404, admin: 404 },
  },
  {
    // a preview launch: only the package's own administrators
    route: "org.$orgId.scorm.$packageId.preview",
    method: "POST",
    path: (ids) => `/org/${ids.college}/scorm/${ids.package}/preview`,
    form: { intent: "launch", sco: "" },
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    route: "org.$orgId.scorm.$packageId.preview",
    method: "POST",
    path: (ids) => `/org/${ids.college}/scorm/${ids.packageA}/preview`,
    form: { intent: "launch", sco: "" },
    expect: { ...signedIn(403), collegeAdmin: 404, admin: 404 },
  },
  {
    route: "org.$orgId.scorm.$packageId.attempts.$attemptId",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/${ids.package}/attempts/${ids.scormAttempt}`,
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    route: "org.$orgId.scorm.$packageId.attempts.$attemptId",
    method: "GET",
    path: (ids) => `/org/${ids.college}/scorm/${ids.package}/attempts/${ids.attempt}`,
    expect: { ...signedIn(403), collegeAdmin: 404, admin: 404 },
  },
  // the organisation chooser lists only the person's own organisations
  { route: "org._index", method: "GET", path: () => "/org", expect: signedIn(200) },
  {
    route: "org.$orgId.people.$membershipId.remove",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}/people/${ids.membershipA}/remove`,
    expect: { ...signedIn(403), hrA: 200, admin: 200 },
  },
  {
    // organisation A's role typed into B's url: hr of B can neither see nor remove it
    route: "org.$orgId.people.$membershipId.remove",
    method: "GET",
    path: (ids) => `/org/${ids.orgB}/people/${ids.membershipA}/remove`,
    expect: { ...signedIn(403), hrB: 404, admin: 404 },
  },
  {
    route: "org.$orgId.people.$membershipId.remove",
    method: "POST",
    path: (ids) => `/org/${ids.orgB}/people/${ids.membershipA}/remove`,
    expect: { ...signedIn(403), hrB: 404, admin: 404 },
  },
  {
    route: "org.$orgId.college",
    method: "GET",
    path: (ids) => `/org/${ids.college}/college`,
    expect: { ...signedIn(403), collegeAdmin: 200, admin: 200 },
  },
  {
    route: "org.$orgId.college",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}/college`,
    expect: { ...signedIn(403), admin: 200 },
  },
  // hr oversight: hr of an organisation (and platform admins) only, for that organisation only
  ...(["orgA", "orgB"] as const).flatMap((org): Case[] => {
    const hr: Who = org === "orgA" ? "hrA" : "hrB";
    const own = org === "orgA" ? "traineeA" : "traineeB";
    const other = org === "orgA" ? "traineeB" : "traineeA";
    return [
      {
        route: "org.$orgId.dashboard",
        method: "GET",
        path: (ids) => `/org/${ids[org]}/dashboard?status=in_progress&q=a`,
        expect: { ...signedIn(403), [hr]: 200, admin: 200 },
      },
      {
        route: "org.$orgId.dashboard[.]csv",
        method: "GET",
        path: (ids) => `/org/${ids[org]}/dashboard.csv?overdue=1`,
        expect: { ...signedIn(403), [hr]: 200, admin: 200 },
      },
      {
        route: "org.$orgId.trainees.$userId",
        method: "GET",
        path: (ids) => `/org/${ids[org]}/trainees/${ids[own]}`,
        expect: { ...signedIn(403), [hr]: 200, admin: 200 },
      },
      {
        // the other organisation's trainee typed into this organisation's url
        route: "org.$orgId.trainees.$userId",
        method: "GET",
        path: (ids) => `/org/${ids[org]}/trainees/${ids[other]}`,
        expect: { ...signedIn(403), [hr]: 404, admin: 404 },
      },
      {
        route: "org.$orgId.enrolment-template[.]csv",
        method: "GET",
        path: (ids) => `/org/${ids[org]}/enrolment-template.csv`,
        expect: { ...signedIn(403), [hr]: 200, admin: 200 },
      },
      {
        route: "org.$orgId.reminders",
        method: "GET",
        path: (ids) => `/org/${ids[org]}/reminders`,
        expect: { ...signedIn(403), [hr]: 200, admin: 200 },
      },
      {
        route: "org.$orgId.reminders",
        method: "POST",
        path: (ids) => `/org/${ids[org]}/reminders`,
        form: { mode: "own", days: "0" },
        expect: { ...signedIn(403), [hr]: 400, admin: 400 },
      },
      {
        // another organisation's trainee: no reminder, whoever asks
        route: "org.$orgId.trainees.$userId",
        method: "POST",
        path: (ids) => `/org/${ids[org]}/trainees/${ids[other]}`,
        form: { intent: "remind", enrolmentId: "x" },
        expect: { ...signedIn(403), [hr]: 404, admin: 404 },
      },
      {
        route: "org.$orgId.enrolments",
        method: "GET",
        path: (ids) => `/org/${ids[org]}/enrolments`,
        expect: { ...signedIn(403), [hr]: 200, admin: 200 },
      },
      {
        // a bad enrolment: allowed people get a 400 with the error, nobody else gets in
        route: "org.$orgId.enrolments",
        method: "POST",
        path: (ids) => `/org/${ids[org]}/enrolments`,
        form: { intent: "one", email: "not-an-email", name: "", course: "" },
        expect: { ...signedIn(403), [hr]: 400, admin: 400 },
      },
    ];
  }),
];

const ids = {} as Ids;
const cookies = {} as Record<Who, string | undefined>;
const clients = {} as Record<Who, APIRequestContext>;

test.beforeAll(async ({ baseURL }) => {
  await retryIfLocked(async () => {
    const [orgA, orgB, college] = await Promise.all([
      makeOrganisation("nhs_trust"),
      makeOrganisation("nhs_trust"),
      makeOrganisation("royal_college"),
    ]);
    Object.assign(ids, { orgA: orgA.id, orgB: orgB.id, college: college.id });
    const trainee = await makeUser();
    await grant(trainee.id, orgA.id, "trainee");
    const hrA = await makeUser();
    await grant(hrA.id, orgA.id, "hr");
    const hrB = await makeUser();
    await grant(hrB.id, orgB.id, "hr");
    const traineeB = await makeUser();
    await grant(traineeB.id, orgB.id, "trainee");
    Object.assign(ids, { traineeA: trainee.id, traineeB: traineeB.id });
    ids.membershipA = (
      await prisma.membership.findFirstOrThrow({ where: { userId: trainee.id, organisationId: orgA.id } })
    ).id;
    const collegeAdmin = await makeUser();
    await grant(collegeAdmin.id, college.id, "college_admin");
    const admin = await makeUser({ isAdmin: true });
    const users = { trainee, hrA, hrB, collegeAdmin, admin };
    const mine = await enrol(trainee.id, COURSE);
    await enrol(hrA.id, COURSE);
    const quiz = (await courseForUser(COURSE, trainee.id))!.definition.modules[0]!.activities[1]!
      .content as QuizDefinition;
    ids.attempt = (await startAttempt(mine, "basics-quiz", quiz)).id;
    // the trainee finishes the course and holds its certificate
    await completeFixtureCourse(mine, (await courseForUser(COURSE, trainee.id))!.definition);
    ids.certificate = (await prisma.certificate.findUniqueOrThrow({ where: { enrolmentId: mine.id } })).id;
    const pkg = await importSharedPackage(college.id, "moodle/singlescobasic.zip");
    ids.package = pkg.packageId;
    ids.packageA = (await importSharedPackage(orgA.id, "moodle/singlescobasic.zip")).packageId;
    const scormAttempt = await prisma.scormAttempt.create({
      data: {
        userId: trainee.id,
        versionId: pkg.versionId,
        itemId: "item_1",
        number: 1,
        totalTime: "0000:00:00.00",
      },
    });
    ids.scormAttempt = scormAttempt.id;
    cookies.anonymous = undefined;
    for (const [who, user] of Object.entries(users)) cookies[who as Who] = await sessionCookie(user.id);
    for (const who of PEOPLE) {
      clients[who] = await playwrightRequest.newContext({
        baseURL,
        extraHTTPHeaders: { origin: baseURL!, ...(cookies[who] ? { cookie: cookies[who]! } : {}) },
        maxRedirects: 0,
      });
    }
  });
});

test.afterAll(async () => {
  await Promise.all(Object.values(clients).map((c) => c.dispose()));
});

test("every route module is in the access matrix", () => {
  const dir = path.resolve("app", "routes");
  const modules = readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => f.replace(/\.tsx?$/, ""));
  // the mentoring scheme's routes have their own people (access-mentoring.spec.ts)
  const covered = new Set([...CASES, ...MENTORING_CASES].map((c) => c.route));
  expect(modules.filter((m) => !covered.has(m))).toEqual([]);
});

for (const c of CASES) {
  const label = c.path({
    orgA: ":orgA",
    orgB: ":orgB",
    college: ":college",
    attempt: ":attempt",
    certificate: ":certificate",
    package: ":package",
    packageA: ":packageA",
    scormAttempt: ":scormAttempt",
    traineeA: ":traineeA",
    traineeB: ":traineeB",
    membershipA: ":membershipA",
  });
  const intent = c.form?.intent ? ` (${c.form.intent})` : "";
  test(`${c.method} ${c.route}: ${label}${intent}`, async () => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const who of PEOPLE) {
      const client = clients[who];
      const url = c.path(ids);
      const res = c.method === "GET" ? await client.get(url) : await client.post(url, { form: c.form ?? {} });
      let got = String(res.status());
      if (res.status() === 302 && /^\/sign-in\?redirectTo=/.test(res.headers().location ?? ""))
        got = "signin";
      outcomes[who] = got;
      expected[who] = String(c.expect[who]);
    }
    expect(outcomes).toEqual(expected);
  });
}

test("a cross-site form post is refused before it reaches any action", async ({ baseURL }) => {
  const client = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { origin: "https://evil.example", cookie: cookies.admin! },
    maxRedirects: 0,
  });
  const res = await client.post("/admin/organisations", { form: { name: "Evil Trust", kind: "other" } });
  expect(res.status()).toBe(403);
  expect(await res.text()).toBe("Cross-site request refused.");
  await client.dispose();
});

test("a trainee who opens an HR page sees the 403 page", async ({ page, baseURL }) => {
  const trust = await makeOrganisation();
  const trainee = await makeUser();
  await grant(trainee.id, trust.id, "trainee");
  await signInAs(page.context(), trainee.id, baseURL!);
  const response = await page.goto(`/org/${trust.id}`);
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole("heading", { level: 1, name: "You do not have permission to view this page" }),
  ).toBeVisible();
  await expect(page).toHaveTitle(/You do not have permission/);
  await expectAccessible(page);
});

test("an unknown address shows the 404 page", async ({ page }) => {
  const response = await page.goto("/courses/nothing-here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expectAccessible(page);
});

test("HR of B enrolling a trainee who also trains with A neither changes nor reveals A's enrolment", async () => {
  // trainee A also holds the trainee role in B; A's enrolment was made by A's HR with a due date
  await grant(ids.traineeA, ids.orgB, "trainee");
  const enrolmentA = await prisma.enrolment.findFirstOrThrow({
    where: { userId: ids.traineeA, courseId: COURSE },
  });
  const dueA = new Date("2027-03-31T23:59:59.999Z");
  await prisma.enrolment.update({
    where: { id: enrolmentA.id },
    data: { organisationId: ids.orgA, dueAt: dueA },
  });
  // the yardstick: someone B can only invite (not yet its trainee)
  const newcomer = await makeUser();
  const shared = await prisma.user.findUniqueOrThrow({ where: { id: ids.traineeA } });
  const other = newcomer;
  const post = (email: string) =>
    clients.hrB.post(`/org/${ids.orgB}/enrolments`, {
      form: { intent: "one", email, name: "Dr Shared", course: COURSE, dueDate: "30/06/2027" },
    });
  const replyShared = await post(shared.email);
  const replyNew = await post(other.email);
  expect(replyShared.status()).toBe(200);
  // the same page, word for word, as for a trainee of B that B can only invite
  const page = async (res: typeof replyShared, email: string) =>
    (await res.text()).replaceAll(email, "EMAIL").replace(/nonce-[^']+'|nonce="[^"]+"/g, "NONCE");
  expect(await page(replyShared, shared.email)).toEqual(await page(replyNew, other.email));
  const after = await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolmentA.id } });
  expect(after.organisationId).toBe(ids.orgA);
  expect(after.dueAt?.toISOString()).toBe(dueA.toISOString());
  // B's trainee page for the shared trainee shows no enrolment of A's
  const traineePage = await clients.hrB.get(`/org/${ids.orgB}/trainees/${ids.traineeA}`);
  expect(traineePage.status()).toBe(200);
  expect(await traineePage.text()).not.toContain("31 March 2027");
});
