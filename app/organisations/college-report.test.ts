import { describe, expect, it } from "vitest";
import { lookupByCode } from "~/certificates/verify.server";
import { courseForUser, enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { importSharedPackage } from "../../tests/setup/scorm";
import { completeFixtureCourse, syncFixtureCourse } from "../../tests/setup/courses";
import { addRole, createOrganisation, createUser } from "../../tests/setup/factories";
import { pseudonym } from "~/scorm/learner-identity.server";
import { flushAudits } from "./audit.server";
import { collegeLearners, coursesWithPackagesOf, verificationLookups } from "./college-report.server";

// a college sees the learners of its own packages and lookups of certificates of courses that
// carry them, and nothing of another college's.

describe("the college view", () => {
  it("lists its own learners and the verification lookups of its courses only", async () => {
    const [college, other] = [
      await createOrganisation("royal_college"),
      await createOrganisation("royal_college"),
    ];
    const mine = await importSharedPackage(college.id, "moodle/singlescobasic.zip");
    const theirs = await importSharedPackage(other.id, "moodle/singlescobasic.zip");
    const [learner, stranger] = [
      await createUser({ name: "Dr Own Learner" }),
      await createUser({ name: "Dr Other" }),
    ];
    const { courseId: played } = await syncFixtureCourse({}, `played-${crypto.randomUUID().slice(0, 8)}`);
    const saved = { totalTime: "0000:00:00.00", lastCommitAt: new Date(), itemId: "x", number: 1 };
    await prisma.scormAttempt.create({
      data: {
        ...saved,
        userId: learner.id,
        enrolmentId: (await enrol(learner.id, played)).id,
        versionId: mine.versionId,
        scoreRaw: 80,
      },
    });
    await prisma.scormAttempt.create({
      data: {
        ...saved,
        userId: stranger.id,
        enrolmentId: (await enrol(stranger.id, played)).id,
        versionId: theirs.versionId,
      },
    });
    // a launch that never saved, and an administrator's preview (no enrolment): not learners
    await prisma.scormAttempt.create({
      data: {
        ...saved,
        lastCommitAt: null,
        userId: stranger.id,
        enrolmentId: (await enrol(stranger.id, played)).id,
        versionId: mine.versionId,
      },
    });
    await prisma.scormAttempt.create({
      data: { ...saved, number: 0, lastCommitAt: null, userId: learner.id, versionId: mine.versionId },
    });
    // a member of the college is named; a trainee from elsewhere who played its package is a code
    await addRole(learner.id, college.id, "trainee");
    const outsider = await createUser({ name: "Dr Elsewhere" });
    await prisma.scormAttempt.create({
      data: {
        ...saved,
        lastCommitAt: new Date(Date.now() - 60_000),
        userId: outsider.id,
        enrolmentId: (await enrol(outsider.id, played)).id,
        versionId: mine.versionId,
        scoreRaw: 27,
      },
    });
    const learners = await collegeLearners(college.id);
    expect(learners.rows.map((r) => r.learner)).toEqual([
      "Dr Own Learner",
      pseudonym(college.id, outsider.id),
    ]);
    expect(learners.rows[0]).toMatchObject({ package: mine.title, score: 80, email: learner.email });
    expect(learners.rows[1]).toMatchObject({ email: "", score: 27 });
    expect(JSON.stringify(learners)).not.toContain("Dr Elsewhere");
    expect(JSON.stringify(learners)).not.toContain(outsider.email);
    // the code is the college's own: another organisation would see another
    expect(pseudonym(college.id, outsider.id)).toMatch(/^Learner [0-9A-F]{6}$/);
    expect(pseudonym(other.id, outsider.id)).not.toBe(pseudonym(college.id, outsider.id));

    // a course carrying the college's package (module.yaml names it), a certificate, a lookup
    const { courseId } = await syncFixtureCourse({
      "basics/module.yaml": (t) =>
        `${t}  - id: college-elearning\n    kind: scorm\n    package: ${mine.packageId}\n    title: College e-learning\n    estimatedMinutes: 10\n    required: false\n`,
    });
    expect((await coursesWithPackagesOf(college.id)).map((c) => c.id)).toEqual([courseId]);
    expect(await coursesWithPackagesOf(other.id)).toEqual([]);
    const graduate = await createUser();
    const enrolment = await enrol(graduate.id, courseId);
    await completeFixtureCourse(enrolment, (await courseForUser(courseId, graduate.id))!.definition);
    const certificate = await prisma.certificate.findUniqueOrThrow({ where: { enrolmentId: enrolment.id } });
    await lookupByCode(certificate.code, `10.0.0.${Math.floor(Math.random() * 200)}`, "page");
    await flushAudits();

    // the graduate is nobody's member: the college sees a count, not who it was
    const seen = await verificationLookups(college.id);
    expect(seen.lookups).toEqual([]);
    expect(seen.others).toEqual([expect.objectContaining({ course: "Demo course for tests", lookups: 1 })]);
    expect(JSON.stringify(seen)).not.toContain(graduate.name);
    expect(JSON.stringify(seen)).not.toContain(certificate.code);
    expect(JSON.stringify(seen)).not.toMatch(/10\.0\.0\./);

    // once they are the college's own trainee, their certificate's lookups carry their name
    await prisma.membership.create({
      data: { userId: graduate.id, organisationId: college.id, role: "trainee" },
    });
    const named = await verificationLookups(college.id);
    expect(named.lookups.filter((l) => l.code === certificate.code)).toEqual([
      expect.objectContaining({ status: "Valid", via: "Verify page", recipient: graduate.name }),
    ]);
    expect(named.others).toEqual([]);
    expect((await verificationLookups(other.id)).lookups).toEqual([]);
  });
});
