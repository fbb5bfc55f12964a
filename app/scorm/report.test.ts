import { expect, it } from "vitest";
import { enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { syncFixtureCourse } from "../../tests/setup/courses";
import { addRole, createOrganisation, createUser } from "../../tests/setup/factories";
import { importSharedPackage } from "../../tests/setup/scorm";
import { pseudonym } from "./learner-identity.server";
import { attemptDetail, packageReport, packageResultsCsv } from "./report.server";

it("a launch that never loaded (nothing saved) is no attempt in the package's results or its csv", async () => {
  const college = await createOrganisation("royal_college");
  const pkg = await importSharedPackage(college.id, "moodle/singlescobasic.zip");
  const [played, opened] = [await createUser({ name: "Dr Played" }), await createUser({ name: "Dr Opened" })];
  const { courseId } = await syncFixtureCourse();
  const attempt = async (userId: string, lastCommitAt: Date | null) =>
    prisma.scormAttempt.create({
      data: {
        userId,
        enrolmentId: (await enrol(userId, courseId)).id,
        versionId: pkg.versionId,
        itemId: "item_1",
        number: 1,
        totalTime: "0000:00:00.00",
        lastCommitAt,
      },
    });
  await attempt(played.id, new Date());
  await attempt(opened.id, null);
  // an administrator's preview belongs to no enrolment: never a result either
  const admin = await createUser({ name: "Dr Previewed" });
  await prisma.scormAttempt.create({
    data: {
      userId: admin.id,
      versionId: pkg.versionId,
      itemId: "item_1",
      number: 0,
      totalTime: "0000:00:00.00",
    },
  });
  await addRole(played.id, college.id, "trainee");
  const report = await packageReport(pkg.packageId);
  expect(report.total).toBe(1);
  expect(report.rows.map((r) => r.learner)).toEqual(["Dr Played"]);
  const csv = await packageResultsCsv(pkg.packageId);
  expect(csv).toContain("Dr Played");
  expect(csv).not.toContain("Dr Opened");
  expect(csv).not.toContain("Dr Previewed");
});

it("names only the package organisation's members: a trainee from elsewhere is a code, in the report, the csv and the attempt page", async () => {
  const college = await createOrganisation("royal_college");
  const pkg = await importSharedPackage(college.id, "moodle/singlescobasic.zip");
  const { courseId } = await syncFixtureCourse();
  const outsider = await createUser({ name: "Dr Nia Elsewhere" });
  const attempt = await prisma.scormAttempt.create({
    data: {
      userId: outsider.id,
      enrolmentId: (await enrol(outsider.id, courseId)).id,
      versionId: pkg.versionId,
      itemId: "item_1",
      number: 1,
      totalTime: "0000:03:16.44",
      totalSeconds: 196.44,
      scoreRaw: 27,
      lastCommitAt: new Date(),
    },
  });
  const code = pseudonym(college.id, outsider.id);
  const report = await packageReport(pkg.packageId);
  expect(report.rows).toMatchObject([{ learner: code, email: "", named: false }]);
  const csv = await packageResultsCsv(pkg.packageId);
  expect(csv).toContain(`${code},,`);
  expect(csv).not.toContain("Nia");
  expect(csv).not.toContain(outsider.email);
  expect(await attemptDetail(pkg.packageId, attempt.id)).toMatchObject({ learner: code, email: "" });
});
