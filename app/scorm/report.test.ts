import { expect, it } from "vitest";
import { enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { syncFixtureCourse } from "../../tests/setup/courses";
import { createOrganisation, createUser } from "../../tests/setup/factories";
import { importSharedPackage } from "../../tests/setup/scorm";
import { packageReport, packageResultsCsv } from "./report.server";

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
  const report = await packageReport(pkg.packageId);
  expect(report.total).toBe(1);
  expect(report.rows.map((r) => r.learner)).toEqual(["Dr Played"]);
  const csv = await packageResultsCsv(pkg.packageId);
  expect(csv).toContain("Dr Played");
  expect(csv).not.toContain("Dr Opened");
  expect(csv).not.toContain("Dr Previewed");
});
