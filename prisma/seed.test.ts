import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { prisma } from "~/db.server";
import { syncFolder } from "../tests/setup/courses";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

function seed(env: Record<string, string>) {
  return spawnSync(tsx, ["prisma/seed.ts"], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
}

it("refuses to create demo accounts on a server others use, or when DEMO_DATA is off", async () => {
  const cases: Record<string, string>[] = [
    { APP_URL: "https://mentor.example.org" },
    { APP_URL: "http://localhost:3000", DEMO_DATA: "false" },
  ];
  for (const env of cases) {
    const r = seed(env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refusing to create demo accounts: DEMO_DATA is off/);
  }
  expect(await prisma.user.count({ where: { email: { endsWith: "@demo.test" } } })).toBe(0);
});

it("creates every demo role once, and is safe to run again", async () => {
  expect(seed({ APP_URL: "http://localhost:3000" }).status).toBe(0);
  expect(seed({ APP_URL: "http://localhost:3000" }).status).toBe(0);
  const users = await prisma.user.findMany({
    where: { email: { endsWith: "@demo.test" } },
    include: { memberships: true },
  });
  expect(users).toHaveLength(7);
  const roles = new Set(users.flatMap((u) => u.memberships.map((m) => m.role)));
  expect([...roles].sort()).toEqual(["college_admin", "hr", "trainee"]);
  expect(users.some((u) => u.isAdmin)).toBe(true);
  expect(await prisma.organisation.count({ where: { name: { contains: "Northfield" } } })).toBe(1);
});

it("demo trainees' dates hold together: enrolled before their due date, their activity and their completion", async () => {
  await syncFolder(path.join(root, "courses"));
  expect(seed({ APP_URL: "http://localhost:3000" }).status).toBe(0);
  const enrolments = await prisma.enrolment.findMany({
    where: { user: { email: { endsWith: "@demo.test" } } },
    include: { quizAttempts: true, roleplayAttempts: true, activities: true, user: true },
  });
  expect(enrolments.length).toBeGreaterThanOrEqual(9);
  for (const e of enrolments) {
    const who = e.user.email;
    const enrolled = e.enrolledAt.getTime();
    if (e.dueAt) expect(e.dueAt.getTime(), `${who}: due before enrolled`).toBeGreaterThan(enrolled);
    const times = [
      ...e.quizAttempts.flatMap((a) => [a.startedAt, a.submittedAt]),
      ...e.roleplayAttempts.flatMap((a) => [a.startedAt, a.endedAt]),
      ...e.activities.flatMap((a) => [a.startedAt, a.completedAt]),
      e.lastActivityAt,
    ].filter((d): d is Date => d !== null);
    for (const t of times)
      expect(t.getTime(), `${who}: activity before enrolment`).toBeGreaterThanOrEqual(enrolled);
    if (e.completedAt) {
      expect(e.completedAt.getTime(), `${who}: completed before enrolled`).toBeGreaterThan(enrolled);
      const attempts = [
        ...e.quizAttempts.map((a) => a.submittedAt),
        ...e.roleplayAttempts.map((a) => a.endedAt),
      ].filter((d): d is Date => d !== null);
      for (const t of attempts) {
        expect(t.getTime(), `${who}: an attempt after completion`).toBeLessThanOrEqual(
          e.completedAt.getTime(),
        );
      }
    }
  }
  // the mentoring scheme (issue 18): a lead, certified mentors, one full, the trainee's request
  // waiting with her line manager named, and an active pair with an agreement both confirmed
  const scheme = await prisma.mentoringScheme.findFirstOrThrow({
    include: { mentors: true, requests: { include: { conflicts: true, mentee: true } }, relationships: true },
  });
  expect(
    await prisma.membership.count({ where: { organisationId: scheme.organisationId, role: "scheme_lead" } }),
  ).toBe(1);
  expect(scheme.mentors.length).toBeGreaterThanOrEqual(4);
  expect(scheme.mentors.every((m) => m.certificateId)).toBe(true);
  expect(scheme.mentors.filter((m) => m.taken >= m.capacity)).toHaveLength(1);
  const waiting = scheme.requests.find((r) => r.status === "waiting")!;
  expect(waiting.mentee.email).toBe("trainee@demo.test");
  expect(waiting.conflicts.map((c) => c.relation)).toEqual(["line_manager"]);
  const pair = scheme.relationships.find((r) => !r.endedAt)!;
  const agreement = await prisma.mentoringAgreement.findFirstOrThrow({ where: { relationshipId: pair.id } });
  expect(agreement.mentorConfirmedAt && agreement.menteeConfirmedAt).toBeTruthy();
  expect(await prisma.mentoringMeeting.count({ where: { relationshipId: pair.id } })).toBe(2);
}, 120_000);
