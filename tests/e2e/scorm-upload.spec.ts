import { prisma } from "~/db.server";
import { sharedScorm } from "../setup/scorm";
import { expect, expectAccessible, grant, makeOrganisation, makeUser, signInAs, test } from "./fixtures";

// a college administrator uploads packages in the browser: a refused one explains why and
// stores nothing; an accepted one lands on its page with the importer's warnings.

test("a college administrator uploads a bad package, reads why it was refused, then uploads a good one and sees its warnings", async ({
  page,
  baseURL,
}) => {
  const college = await makeOrganisation("royal_college");
  const admin = await makeUser();
  await grant(admin.id, college.id, "college_admin");
  await signInAs(page.context(), admin.id, baseURL!);

  await page.goto(`/org/${college.id}/scorm`);
  await expect(page.getByRole("heading", { level: 1, name: "E-learning library" })).toBeVisible();
  await expectAccessible(page);

  // nothing chosen
  await page.getByRole("button", { name: "Upload package" }).click();
  await expect(page.getByRole("alert")).toContainText("Choose a SCORM package (.zip file) to upload.");

  await page.getByLabel("SCORM package").setInputFiles(sharedScorm("moodle/badscorm.zip"));
  await page.getByRole("button", { name: "Upload package" }).click();
  await expect(page.getByRole("alert")).toContainText('One was found at "badscorm/imsmanifest.xml"');
  await expectAccessible(page);
  expect(await prisma.scormPackage.count({ where: { organisationId: college.id } })).toBe(0);

  await page.getByLabel("SCORM package").setInputFiles(sharedScorm("moodle/complexscorm.zip"));
  await page.getByRole("button", { name: "Upload package" }).click();
  await expect(page.getByRole("heading", { name: "Package imported" })).toBeVisible();
  await expect(page.getByText("Things to check in this package")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("");
  await expectAccessible(page);
  const pkg = await prisma.scormPackage.findFirstOrThrow({ where: { organisationId: college.id } });
  expect(page.url()).toContain(`/org/${college.id}/scorm/${pkg.id}?imported=1`);
  // the file's own name, and what to check, stay on the package's page
  await page.reload();
  await expect(page.getByRole("table", { name: "Versions" })).toContainText("complexscorm.zip");
  await page.getByText("Things to check in version 1").click();
  await expect(page.locator(".nhsuk-details__text").first()).toContainText("organization");

  // the list shows it
  await page.goto(`/org/${college.id}/scorm`);
  await expect(page.getByRole("link", { name: pkg.title })).toBeVisible();
});

test("without JavaScript the upload form still imports the package", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const college = await makeOrganisation("royal_college");
  const admin = await makeUser();
  await grant(admin.id, college.id, "college_admin");
  await signInAs(context, admin.id, baseURL!);
  await page.goto(`/org/${college.id}/scorm`);
  await page.getByLabel("SCORM package").setInputFiles(sharedScorm("moodle/singlescobasic.zip"));
  await page.getByRole("button", { name: "Upload package" }).click();
  await expect(page.getByRole("heading", { name: "Package imported" })).toBeVisible();
  await page.goto(`/org/${college.id}/scorm`);
  await page.getByLabel("SCORM package").setInputFiles(sharedScorm("moodle/validaicc.zip"));
  await page.getByRole("button", { name: "Upload package" }).click();
  await expect(page.getByRole("alert")).toContainText("AICC packages are not supported");
  await context.close();
});
