import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadCourses } from "~/courses/loader.server";
import { syncCourses } from "~/courses/sync.server";
import { enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { editCourse, FIXTURE_COURSES } from "../setup/courses";
import { importBuiltPackage, importSharedPackage } from "../setup/scorm";
import { expect, expectAccessible, grant, makeOrganisation, makeUser, signInAs, test } from "./fixtures";

// a college administrator's e-learning library: land on it, rename a package, export its
// results, archive it (it leaves the list of packages in use, its results stay) and restore it.

test("a college administrator renames a package, exports its results, archives and restores it", async ({
  page,
  baseURL,
}, testInfo) => {
  const college = await makeOrganisation("royal_college");
  const admin = await makeUser({ name: "Dr Colin Lee" });
  await grant(admin.id, college.id, "college_admin");
  const learner = await makeUser({ name: "Dr Played It" });
  // a trainee of the college itself, so named in its results (others are a code)
  await grant(learner.id, college.id, "trainee");
  const pkg = await importSharedPackage(college.id, "moodle/singlescobasic.zip");
  const enrolment = await enrol(learner.id, "scorm-course");
  await prisma.scormAttempt.create({
    data: {
      userId: learner.id,
      enrolmentId: enrolment.id,
      versionId: pkg.versionId,
      itemId: "item_1",
      number: 1,
      totalTime: "0000:32:10.00",
      totalSeconds: 32 * 60 + 10,
      completionStatus: "completed",
      successStatus: "passed",
      scoreRaw: 85,
      scoreMin: 0,
      scoreMax: 100,
      lastCommitAt: new Date(),
    },
  });
  await signInAs(page.context(), admin.id, baseURL!);

  await page.goto("/");
  await page.getByRole("link", { name: "Go to your workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/org/${college.id}/scorm$`));
  await expect(page.getByRole("heading", { level: 1, name: "E-learning library" })).toBeVisible();
  const title = (await prisma.scormPackage.findUniqueOrThrow({ where: { id: pkg.packageId } })).title;
  await page.getByRole("link", { name: title }).click();

  // no developer wording for a college administrator; times as people say them
  await expect(page.getByText("module.yaml")).toHaveCount(0);
  await expect(page.getByText("package id")).toHaveCount(0);
  const results = page.getByRole("table", { name: /Attempts at/ });
  await expect(results).toContainText("32 min");
  await expect(results).toContainText("85%");

  // rename: empty is refused, a new title is kept
  await page.getByLabel("Title", { exact: true }).fill("   ");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Enter the package's title" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Title", { exact: true }).fill("Consent and capacity: e-learning");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Consent and capacity: e-learning" }),
  ).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download all results as CSV" }).click(),
  ]);
  const file = testInfo.outputPath("results.csv");
  await download.saveAs(file);
  const lines = readFileSync(file, "utf8").split("\r\n");
  expect(lines[0]).toBe(
    "\uFEFFlearner,email,part,package_version,attempt,completion,success,score_percent,time_minutes,last_access",
  );
  expect(lines[1]).toMatch(
    new RegExp(
      `^Dr Played It,${learner.email},.+,1,1,completed,passed,85,32,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`,
    ),
  );
  expect(
    await prisma.auditEvent.count({
      where: { organisationId: college.id, action: "scorm.results_exported" },
    }),
  ).toBe(1);

  await page.getByRole("button", { name: "Archive package" }).click();
  await expect(page.getByText("The package has been archived")).toBeVisible();
  await expectAccessible(page);
  await page
    .getByRole("navigation", { name: "Menu" })
    .getByRole("link", { name: "E-learning library" })
    .click();
  await expect(page.getByRole("table", { name: /^Archived packages/ })).toContainText(
    "Consent and capacity: e-learning",
  );
  await page.getByRole("link", { name: "Consent and capacity: e-learning" }).click();
  await page.getByRole("button", { name: "Restore package" }).click();
  await expect(page.getByText("The package has been restored")).toBeVisible();
  const stored = await prisma.scormPackage.findUniqueOrThrow({ where: { id: pkg.packageId } });
  expect(stored).toMatchObject({ title: "Consent and capacity: e-learning", archivedAt: null });
  expect(
    await prisma.auditEvent.count({
      where: {
        organisationId: college.id,
        action: { in: ["scorm.package_renamed", "scorm.package_archived", "scorm.package_restored"] },
      },
    }),
  ).toBe(3);
});

// a scorm 1.2 package whose only page is taller than any screen, its Submit button at the end
const TALL = [
  {
    name: "imsmanifest.xml",
    data: `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="tall" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>A long assessment</title>
    <item identifier="tall_item" identifierref="r1"><title>The assessment</title></item>
  </organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>`,
  },
  {
    name: "index.html",
    data: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A long assessment</title></head>
<body><h1>A long assessment</h1><p id="mode"></p><div style="height:2200px">Questions</div>
<button id="submit" type="button">Submit</button><p id="result"></p>
<script>
var api = window.parent.API; api.LMSInitialize("");
document.getElementById("mode").textContent = "Mode: " + api.LMSGetValue("cmi.core.lesson_mode");
document.getElementById("submit").onclick = function () {
  api.LMSSetValue("cmi.core.score.raw", "100");
  api.LMSSetValue("cmi.core.lesson_status", "passed");
  document.getElementById("result").textContent = "Commit: " + api.LMSCommit("");
  api.LMSFinish("");
};
</script></body></html>`,
  },
];

test("a college administrator previews a package: it plays as learners see it, fits its frame, and nothing is recorded", async ({
  page,
  baseURL,
}) => {
  const college = await makeOrganisation("royal_college");
  const admin = await makeUser({ name: "Dr Preview" });
  await grant(admin.id, college.id, "college_admin");
  const pkg = await importBuiltPackage(college.id, TALL, "long-assessment.zip");
  await signInAs(page.context(), admin.id, baseURL!);
  await page.goto(`/org/${college.id}/scorm/${pkg.packageId}`);
  await page.getByRole("link", { name: "Preview this package" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /A long assessment/ })).toBeVisible();
  await expect(page.getByText("Nothing you do in a preview is saved")).toBeVisible();
  await expectAccessible(page, { exclude: ["iframe.app-scorm__frame"] });

  const content = page.frameLocator("iframe.app-scorm__frame").frameLocator("#sco");
  await expect(content.locator("#mode")).toHaveText("Mode: browse");
  // the frame grows to the page it shows: the Submit button is reached by scrolling the page,
  // not a scroll box inside the frame
  const frame = page.locator("iframe.app-scorm__frame");
  // the frame grows once the package has loaded and reported its size: under the whole suite's
  // load that can take longer than the default 5 s
  await expect
    .poll(() => frame.evaluate((f) => f.getBoundingClientRect().height), { timeout: 20_000 })
    .toBeGreaterThan(2200);
  const inner = await content
    .locator("html")
    .evaluate((d) => ({ scroll: d.scrollHeight, client: d.clientHeight }));
  expect(inner.scroll).toBeLessThanOrEqual(inner.client + 8);

  // the sco is told its commit worked, and nothing is stored
  await content.locator("#submit").click();
  await expect(content.locator("#result")).toHaveText("Commit: true");
  await page.waitForTimeout(300);
  const attempts = await prisma.scormAttempt.findMany({ where: { userId: admin.id } });
  expect(attempts.every((a) => a.lastCommitAt === null && a.enrolmentId === null)).toBe(true);
  await page.getByRole("link", { name: "Back to the package" }).click();
  await expect(page.getByText("No one has played this package yet.")).toBeVisible();
});

test("a platform administrator gives a course to a college; the college administrator attaches their package to it, and to no other", async ({
  page,
  baseURL,
}) => {
  // a course of the college's own, deployed like any other (a folder in COURSES_DIR)
  const courseId = `college-${crypto.randomUUID().slice(0, 8)}`;
  const root = path.join(process.env.COURSES_DIR!, courseId);
  cpSync(path.join(FIXTURE_COURSES, "scorm-course"), root, { recursive: true });
  editCourse(root, {
    "course.yaml": (t) =>
      t
        .replace("id: scorm-course", `id: ${courseId}`)
        .replace(/^title: .*$/m, `title: College course ${courseId}`),
  });
  await syncCourses(
    (await loadCourses(process.env.COURSES_DIR!)).courses.filter((c) => c.id === courseId),
    {
      deactivateMissing: false,
    },
  );
  const college = await makeOrganisation("royal_college");
  const collegeAdmin = await makeUser({ name: "Dr Colleen Attach" });
  await grant(collegeAdmin.id, college.id, "college_admin");
  const admin = await makeUser({ isAdmin: true });
  const pkg = await importSharedPackage(college.id, "moodle/singlescobasic.zip");

  // before: the college owns no course, and says so instead of offering a form
  await signInAs(page.context(), collegeAdmin.id, baseURL!);
  await page.goto(`/org/${college.id}/scorm/${pkg.packageId}`);
  await expect(page.getByText("does not own a course yet")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Attach to a course module" })).toHaveCount(0);

  // the platform administrator records the owner
  await page.context().clearCookies();
  await signInAs(page.context(), admin.id, baseURL!);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Courses" }).click();
  await page.getByRole("link", { name: `College course ${courseId}` }).click();
  await page.getByLabel("Owner").selectOption({ label: `${college.name} (Royal college)` });
  await page.getByRole("button", { name: "Save owner" }).click();
  await expect(page.getByText(`The owner has been saved: ${college.name}.`)).toBeVisible();
  await expectAccessible(page);

  // the college administrator now attaches to that course, the only one offered
  await page.context().clearCookies();
  await signInAs(page.context(), collegeAdmin.id, baseURL!);
  await page.goto(`/org/${college.id}/scorm/${pkg.packageId}`);
  const module = page.getByLabel("Module", { exact: true });
  await expect(module.locator("optgroup")).toHaveCount(1);
  await expect(module.locator("optgroup")).toHaveAttribute("label", `College course ${courseId}`);
  // nothing is attached by one click on the defaults: the module has to be chosen
  await page.getByRole("button", { name: "Attach package" }).click();
  await expect(page.getByRole("alert")).toContainText("Select the module to attach the package to");
  await expectAccessible(page);
  await page.getByLabel("Module", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Title learners see in the module").fill("Golf for surgeons");
  await page.getByRole("button", { name: /Attach/ }).click();
  // attaching publishes a new course version (files written, then synced): slow under load
  await expect(page.getByText("The course has a new version that includes it")).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText(`College course ${courseId}`)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Golf for surgeons" })).toContainText("required");

  // a forged post naming the platform's course is refused, and nothing is attached there
  const response = await page.request.post(`/org/${college.id}/scorm/${pkg.packageId}`, {
    form: {
      intent: "attach",
      target: "mentoring-for-doctors/introduction",
      rule: "completed",
      estimatedMinutes: "20",
      required: "no",
    },
    headers: { origin: baseURL! },
  });
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("does not own that course");
  expect(await prisma.scormAttachment.findMany({ where: { packageId: pkg.packageId } })).toMatchObject([
    { courseId, title: "Golf for surgeons" },
  ]);
});
