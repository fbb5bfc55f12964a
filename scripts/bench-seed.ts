// the seeded population the hr and http benchmarks share: organisations of trainees with full
// progress and certificates, written with raw createMany batches (seconds for 20,000), the same
// data on every run.
import { randomUUID } from "node:crypto";
import { ALPHABET, codeFromBody } from "~/certificates/code";
import type { CourseDefinition } from "~/courses/types";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";

const BATCH = 1_000;
const DAY = 86_400_000;

/** deterministic, so every run seeds the same data */
export function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  "Aisha", "Oliver", "Priya", "James", "Fatima", "Thomas", "Chloe", "Mohammed", "Emily", "Daniel",
  "Sophie", "Rahul", "Hannah", "George", "Amara", "William", "Grace", "Arjun", "Lucy", "Samuel",
  "Zara", "Benjamin", "Olivia", "Kwame", "Isabella", "Harry", "Mei", "Jack", "Ella", "Omar",
]; // prettier-ignore
const SURNAMES = [
  "Smith", "Jones", "Patel", "Williams", "Brown", "Taylor", "Khan", "Davies", "Evans", "Wilson",
  "Thomas", "Roberts", "Johnson", "Ahmed", "Walker", "Wright", "Robinson", "Thompson", "White",
  "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke",
  "Clark", "Turner", "Hill", "Scott", "Cooper", "Morris", "Ward", "Singh", "Okafor", "Nguyen",
  "Goldsmith", "Smithson", "Baker", "Shah", "Murphy", "Campbell", "Kelly", "Begum", "Ali", "Chen",
  "Mensah",
]; // prettier-ignore

/** a real verification code (valid check character) from a serial number */
function certCode(n: number) {
  let s = "";
  for (let i = 0, v = n; i < 12; i++, v = Math.floor(v / 32)) s = ALPHABET[v % 32]! + s;
  return codeFromBody(s);
}

export type Counts = { users: number; enrolments: number; modules: number; certificates: number };

/** seeds organisations of trainees enrolled on one course version */
export function createSeeder(ctx: {
  prisma: PrismaClient;
  courseId: string;
  version: { id: string };
  def: CourseDefinition;
  now: Date;
}) {
  const { prisma, version, def, now } = ctx;
  const COURSE_ID = ctx.courseId;
  const moduleIds = def.modules.map((m) => m.id);
  const rand = mulberry32(20_000);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const between = (from: number, to: number) => from + rand() * (to - from);
  let gmcSeq = 0;
  let statusIndex = 0;

  async function seedOrganisation(name: string, trainees: number, emailPrefix: string) {
    const org = await prisma.organisation.create({ data: { name, kind: "nhs_trust" } });
    const counts: Counts = { users: 0, enrolments: 0, modules: 0, certificates: 0 };
    const userIds: string[] = [];
    const codes: string[] = [];
    for (let start = 0; start < trainees; start += BATCH) {
      const users: Prisma.UserCreateManyInput[] = [];
      const memberships: Prisma.MembershipCreateManyInput[] = [];
      const enrolments: Prisma.EnrolmentCreateManyInput[] = [];
      const progress: Prisma.ModuleProgressCreateManyInput[] = [];
      const certificates: Prisma.CertificateCreateManyInput[] = [];
      for (let i = start; i < Math.min(trainees, start + BATCH); i++) {
        const userId = randomUUID();
        const enrolmentId = randomUUID();
        const name = `${pick(FIRST)} ${pick(SURNAMES)}`;
        const email = `${emailPrefix}${i}@bench.test`;
        const gmcNumber = `7${String(gmcSeq++).padStart(6, "0")}`;
        userIds.push(userId);
        users.push({
          id: userId,
          email,
          name,
          gmcNumber,
          passwordHash: "bench-not-a-real-hash",
          createdAt: now,
        });
        memberships.push({ id: randomUUID(), userId, organisationId: org.id, role: "trainee" });

        const enrolledAt = new Date(now.getTime() - between(1, 730) * DAY);
        // half have a due date, 90 days to a year after enrolling (so some are in the past)
        const dueAt = rand() < 0.5 ? new Date(enrolledAt.getTime() + between(90, 365) * DAY) : null;
        const r = rand();
        const state = r < 0.25 ? "not_started" : r < 0.65 ? "in_progress" : "completed";
        let done = 0;
        let completedAt: Date | null = null;
        let lastActivityAt: Date | null = null;
        if (state === "in_progress") {
          done = Math.floor(between(0, moduleIds.length)); // 0..6 modules done, the next under way
          lastActivityAt = new Date(between(enrolledAt.getTime(), now.getTime()));
        } else if (state === "completed") {
          done = moduleIds.length;
          completedAt = new Date(between(enrolledAt.getTime() + DAY / 2, now.getTime()));
          lastActivityAt = completedAt;
        }
        const percent =
          state === "completed"
            ? 100
            : state === "in_progress"
              ? Math.max(1, Math.round((done / 7) * 100))
              : 0;
        enrolments.push({
          id: enrolmentId,
          userId,
          courseId: COURSE_ID,
          courseVersionId: version.id,
          organisationId: org.id,
          source: "organisation",
          enrolledAt,
          dueAt,
          completedAt,
          progressState: state,
          progressPercent: percent,
          lastActivityAt,
          progressAt: now,
        });
        moduleIds.forEach((moduleId, m) => {
          const s =
            m < done ? "completed" : m === done && state === "in_progress" ? "in_progress" : "not_started";
          progress.push({ enrolmentId, moduleId, state: s, organisationId: org.id, courseId: COURSE_ID });
        });
        if (completedAt && rand() < 0.9) {
          const n = statusIndex++;
          // most valid for 36 months; a few (older versions) expiring within 90 days; a few revoked
          const expiresAt =
            rand() < 0.08
              ? new Date(now.getTime() + between(1, 89) * DAY)
              : new Date(completedAt.getTime() + 3 * 365 * DAY);
          const revoked = rand() < 0.01;
          const code = certCode(n);
          codes.push(code);
          certificates.push({
            id: randomUUID(),
            code,
            enrolmentId,
            userId,
            courseId: COURSE_ID,
            courseVersionId: version.id,
            recipientName: name,
            gmcNumber,
            recipientIdentity: `sha256$bench${n}`,
            identitySalt: "bench-salt",
            courseTitle: def.title,
            courseVersionLabel: def.versionLabel,
            completedAt,
            cpdHours: def.cpdHours,
            outcomes: "[]",
            results: "{}",
            issuerName: "Mentor training for doctors",
            issuedAt: completedAt,
            expiresAt,
            statusIndex: n,
            revokedAt: revoked ? new Date(completedAt.getTime() + DAY) : null,
            revokedReason: revoked ? "bench" : null,
            credentialJwt: "bench.not.a-jwt",
          });
        }
      }
      await prisma.$transaction([
        prisma.user.createMany({ data: users }),
        prisma.membership.createMany({ data: memberships }),
        prisma.enrolment.createMany({ data: enrolments }),
        prisma.moduleProgress.createMany({ data: progress }),
        prisma.certificate.createMany({ data: certificates }),
      ]);
      counts.users += users.length;
      counts.enrolments += enrolments.length;
      counts.modules += progress.length;
      counts.certificates += certificates.length;
    }
    return { ...counts, id: org.id, userIds, codes };
  }

  return { seedOrganisation };
}
