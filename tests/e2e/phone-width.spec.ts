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
  signInAs,
  test,
} from "./fixtures";

// every page of the app, as the person who uses it, on a 375 px phone: nothing scrolls
// sideways, and axe finds nothing. (tables become cards; long codes and addresses wrap.)

test("no page scrolls sideways at 375 px, for any role", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const { trust, college, hr, collegeAdmin, trainee, admin, ids } = await retryIfLocked(async () => {
    const trust = await makeOrganisation("nhs_trust");
    const college = await makeOrganisation("royal_college");
    const hr = await makeUser({ name: "Dr Hannah Rees-Whitfield-Montgomery" });
    await grant(hr.id, trust.id, "hr");
    const collegeAdmin = await makeUser();
    await grant(collegeAdmin.id, college.id, "college_admin");
    const admin = await makeUser({ isAdmin: true });
    const trainee = await makeUser({ name: "Dr Christopher Alexander Featherstonehaugh" });
    const membership = await grant(trainee.id, trust.id, "trainee");
    const enrolment = await enrol(trainee.id, "demo-course");
    await completeFixtureCourse(enrolment, (await courseForUser("demo-course", trainee.id))!.definition);
    const certificate = await prisma.certificate.findUniqueOrThrow({ where: { enrolmentId: enrolment.id } });
    const attempt = await prisma.quizAttempt.findFirstOrThrow({ where: { enrolmentId: enrolment.id } });
    const pkg = await importSharedPackage(college.id, "moodle/singlescobasic.zip");
    const scorm = await prisma.scormAttempt.create({
      data: {
        userId: trainee.id,
        enrolmentId: enrolment.id,
        versionId: pkg.versionId,
        itemId: "item_1",
        number: 1,
        totalTime: "0000:10:00.00",
        totalSeconds: 600,
        lastCommitAt: new Date(),
      },
    });
    return {
      trust,
      college,
      hr,
      collegeAdmin,
      trainee,
      admin,
      ids: {
        membership: membership.id,
        certificate,
        attempt: attempt.id,
        pkg: pkg.packageId,
        scorm: scorm.id,
      },
    };
  });
  const code = ids.certificate.code;
  const pages: Record<string, { userId: string | null; paths: string[] }> = {
    anonymous: {
      userId: null,
      paths: ["/", "/courses", "/courses/demo-course", "/verify", `/verify/${code}`, "/sign-in", "/register"],
    },
    trainee: {
      userId: trainee.id,
      paths: [
        "/dashboard",
        "/courses/demo-course",
        "/courses/demo-course/modules/basics",
        "/courses/demo-course/modules/basics/first-lesson",
        "/courses/demo-course/modules/basics/basics-quiz",
        `/courses/demo-course/modules/basics/basics-quiz/attempts/${ids.attempt}`,
        "/courses/demo-course/modules/conversation/first-meeting",
        "/courses/demo-course/reflection",
        "/cpd",
        "/account",
        "/account/password",
        "/account/sessions",
      ],
    },
    hr: {
      userId: hr.id,
      paths: [
        `/org/${trust.id}/dashboard`,
        `/org/${trust.id}/trainees/${trainee.id}`,
        `/org/${trust.id}/enrolments`,
        `/org/${trust.id}/reminders`,
        `/org/${trust.id}`,
        `/org/${trust.id}/people/${ids.membership}/remove`,
        "/org",
      ],
    },
    college: {
      userId: collegeAdmin.id,
      paths: [
        `/org/${college.id}/scorm`,
        `/org/${college.id}/scorm/${ids.pkg}`,
        `/org/${college.id}/scorm/${ids.pkg}/attempts/${ids.scorm}`,
        `/org/${college.id}/scorm/${ids.pkg}/preview`,
        `/org/${college.id}/college`,
        `/org/${college.id}/scorm/export`,
        `/org/${college.id}`,
      ],
    },
    admin: {
      userId: admin.id,
      paths: [
        "/admin/organisations",
        "/admin/courses",
        "/admin/courses/demo-course",
        "/admin/courses/demo-course/export",
        "/admin/certificates",
        `/org/${trust.id}`,
      ],
    },
  };
  for (const [who, { userId, paths }] of Object.entries(pages)) {
    const context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    if (userId) await signInAs(context, userId, baseURL!);
    const page = await context.newPage();
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), `${who} ${path}`).toBe(200);
      const [scroll, client] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      expect(scroll, `${who} ${path} is ${scroll}px wide at ${client}px`).toBeLessThanOrEqual(client);
      // a package's own pages are its authors' (the golf package's inner frame has no title)
      await expectAccessible(page, path.endsWith("/preview") ? { exclude: ["iframe.app-scorm__frame"] } : {});
    }
    await context.close();
  }
});

// the smallest phone the nhs.uk design system supports: the scorm export page, as it first
// shows and with its errors (the exported player at 320 px is in scorm-export.spec)
test("the SCORM export page fits a 320 px phone, with and without errors", async ({ browser, baseURL }) => {
  const { college, collegeAdmin } = await retryIfLocked(async () => {
    const college = await makeOrganisation("royal_college");
    const collegeAdmin = await makeUser();
    await grant(collegeAdmin.id, college.id, "college_admin");
    return { college, collegeAdmin };
  });
  const context = await browser.newContext({
    viewport: { width: 320, height: 640 },
    isMobile: true,
    hasTouch: true,
  });
  await signInAs(context, collegeAdmin.id, baseURL!);
  const page = await context.newPage();
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
  await page.goto(`/org/${college.id}/scorm/export`);
  expect(await wide()).toBeLessThanOrEqual(320);
  await expectAccessible(page);
  // the closed list shows the start of the choice: the module's name comes first
  await page.getByLabel("What to export").selectOption({ value: "demo-course/basics" });
  const shown = await page
    .getByLabel("What to export")
    .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.text);
  expect(shown).toBe("Basics, one module of Demo course for tests");
  await page.goto(`/org/${college.id}/scorm/export?what=demo-course&version=3&invalid=1`);
  await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  expect(await wide()).toBeLessThanOrEqual(320);
  await expectAccessible(page);
  await context.close();
});
