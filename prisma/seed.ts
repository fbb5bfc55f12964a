// development demo data: organisations of each kind and a user for each role. idempotent
// (safe on every start) and refused unless DEMO_DATA is on.
import "~/wiring.server";
import { hashPassword } from "~/auth/password.server";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { codeFromBody } from "~/certificates/code";
import { revokeCertificate } from "~/certificates/verify.server";
import { seedDemoTrainees } from "./demo-hr";
import { seedDemoMentoring } from "./demo-mentoring";
import { seedDemoScorm } from "./demo-scorm";
import { completeCourse } from "./demo-progress";

export const DEMO_VALID_CODE = codeFromBody("DEMQVA1D0001");
export const DEMO_REVOKED_CODE = codeFromBody("DEMQREV0KED1");

export const DEMO_PASSWORD = "mentor-demo-password";

export const DEMO_ORGANISATIONS = [
  { key: "trust", name: "Northfield Teaching Hospitals NHS Foundation Trust", kind: "nhs_trust" },
  { key: "deanery", name: "Kingsmere Postgraduate Deanery", kind: "deanery" },
  { key: "college", name: "Royal College of Clinical Practice (demo)", kind: "royal_college" },
] as const;

export const DEMO_USERS = [
  { email: "admin@demo.test", name: "Platform Administrator", isAdmin: true, roles: [] },
  { email: "hr@demo.test", name: "Helen Reid", isAdmin: false, roles: [["trust", "hr"]] },
  { email: "college@demo.test", name: "Dr Colin Lee", isAdmin: false, roles: [["college", "college_admin"]] },
  {
    email: "deanery@demo.test",
    name: "Dr Deepa Nair",
    isAdmin: false,
    roles: [["deanery", "college_admin"]],
  },
  {
    email: "graduate@demo.test",
    name: "Dr Samuel Osei",
    gmcNumber: "7123450",
    isAdmin: false,
    roles: [["trust", "trainee"]],
  },
  {
    email: "revoked@demo.test",
    name: "Dr Leah Morgan",
    gmcNumber: "7123451",
    isAdmin: false,
    roles: [["trust", "trainee"]],
  },
  {
    email: "trainee@demo.test",
    name: "Dr Amara Okafor",
    gmcNumber: "7654321",
    isAdmin: false,
    roles: [["trust", "trainee"]],
  },
] as const;

async function main() {
  const env = getEnv();
  if (!env.DEMO_DATA) {
    console.error(
      `seed: refusing to create demo accounts: DEMO_DATA is off (it is on by default only when APP_URL is this machine; APP_URL is ${env.APP_URL})`,
    );
    process.exit(1);
  }
  const orgIds = new Map<string, string>();
  for (const org of DEMO_ORGANISATIONS) {
    const row = await prisma.organisation.upsert({
      where: { name: org.name },
      create: { name: org.name, kind: org.kind },
      update: {},
    });
    orgIds.set(org.key, row.id);
  }
  let created = 0;
  for (const u of DEMO_USERS) {
    let user = await prisma.user.findUnique({ where: { email: u.email } });
    if (!user) {
      user = await prisma.user.create({
        data: {
          email: u.email,
          name: u.name,
          gmcNumber: "gmcNumber" in u ? u.gmcNumber : null,
          isAdmin: u.isAdmin,
          passwordHash: await hashPassword(DEMO_PASSWORD),
        },
      });
      created++;
    }
    for (const [orgKey, role] of u.roles) {
      const organisationId = orgIds.get(orgKey)!;
      await prisma.membership.upsert({
        where: { userId_organisationId_role: { userId: user.id, organisationId, role } },
        create: { userId: user.id, organisationId, role },
        update: {},
      });
    }
  }
  // two finished courses: one valid certificate and one revoked, with codes listed in README
  const courseSynced = await prisma.course.findUnique({ where: { id: "mentoring-for-doctors" } });
  let certificates = 0;
  const demoCertificates = [
    ["graduate@demo.test", DEMO_VALID_CODE, null],
    [
      "revoked@demo.test",
      DEMO_REVOKED_CODE,
      "Issued in error: the course was completed under another doctor's account",
    ],
  ] as const;
  for (const [email, code, revoke] of courseSynced ? demoCertificates : []) {
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    if (await prisma.certificate.findFirst({ where: { userId: user.id } })) continue;
    const certificate = await completeCourse(user.id, "mentoring-for-doctors");
    await prisma.certificate.update({ where: { id: certificate.id }, data: { code } });
    if (revoke) await revokeCertificate(code, revoke, user.id);
    certificates++;
  }
  // after the certificates: they belong to the course version without the package
  const admin = await prisma.user.findUniqueOrThrow({ where: { email: "admin@demo.test" } });
  const scorm = await seedDemoScorm(orgIds.get("college")!, admin.id);
  const hr = await prisma.user.findUniqueOrThrow({ where: { email: "hr@demo.test" } });
  const trainees = await seedDemoTrainees(orgIds.get("trust")!, hr.id, DEMO_PASSWORD);
  const mentoring = await seedDemoMentoring(orgIds.get("deanery")!, DEMO_PASSWORD);
  console.log(
    `  seed: ${DEMO_ORGANISATIONS.length} organisations, ${DEMO_USERS.length} demo users (${created} new), ${certificates} new demo certificates, ${trainees} new demo trust trainees${scorm ? ", the demo SCORM package" : ""}${mentoring ? ", the demo mentoring scheme" : ""}`,
  );
}

main()
  .catch((error) => {
    console.error("seed failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
