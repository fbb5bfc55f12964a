import { readFileSync } from "node:fs";
import { prisma } from "~/db.server";
import { importSharedPackage } from "../setup/scorm";
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
  const pkg = await importSharedPackage(college.id, "moodle/singlescobasic.zip");
  await prisma.scormAttempt.create({
    data: {
      userId: learner.id,
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
  await page.getByLabel("Title").fill("   ");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Enter the package's title" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Title").fill("Consent and capacity: e-learning");
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
