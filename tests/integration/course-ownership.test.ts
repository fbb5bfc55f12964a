import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setCourseOwner } from "~/courses/ownership.server";
import { prisma } from "~/db.server";
import { AttachError, attachableCourses, attachPackage } from "~/scorm/attachments.server";
import { editCourse, FIXTURE_COURSES, syncFolder } from "../setup/courses";
import { createOrganisation, createUser } from "../setup/factories";
import { importSharedPackage } from "../setup/scorm";

// a course's owner is set by a platform administrator; the owner's college administrators may
// then attach their own packages to it, and to no other course

const DIRS = await vi.hoisted(async () => {
  const { randomUUID } = await import("node:crypto");
  const { join } = await import("node:path");
  const { TMP } = await import("../setup/paths");
  const run = randomUUID();
  const dirs = { courses: join(TMP, `ownership-courses-${run}`), store: join(TMP, `ownership-store-${run}`) };
  process.env.COURSES_DIR = dirs.courses;
  process.env.SCORM_STORE_DIR = dirs.store;
  return dirs;
});

const courseId = `owned-${crypto.randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  mkdirSync(DIRS.store, { recursive: true });
  const dir = path.join(DIRS.courses, courseId);
  mkdirSync(DIRS.courses, { recursive: true });
  cpSync(path.join(FIXTURE_COURSES, "scorm-course"), dir, { recursive: true });
  editCourse(dir, { "course.yaml": (t) => t.replace("id: scorm-course", `id: ${courseId}`) });
  await syncFolder(DIRS.courses);
});

afterAll(() => {
  rmSync(DIRS.courses, { recursive: true, force: true });
  rmSync(DIRS.store, { recursive: true, force: true });
});

describe("course ownership", () => {
  it("a platform administrator sets, keeps and clears a course's owner, audited under each organisation", async () => {
    const admin = await createUser({ isAdmin: true });
    const college = await createOrganisation("royal_college");
    expect(await setCourseOwner(courseId, crypto.randomUUID(), admin.id)).toMatchObject({
      ok: false,
      field: "owner",
    });
    expect(await setCourseOwner("no-such-course", college.id, admin.id)).toMatchObject({
      ok: false,
      field: "course",
    });
    expect(await setCourseOwner(courseId, college.id, admin.id)).toEqual({ ok: true, changed: true });
    expect(await setCourseOwner(courseId, college.id, admin.id)).toEqual({ ok: true, changed: false });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: courseId } })).ownerOrganisationId).toBe(
      college.id,
    );
    const events = await prisma.auditEvent.findMany({
      where: { action: "course.owner_changed", organisationId: college.id },
    });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.detail)).toEqual({ courseId, from: null, to: college.id });
    expect(await setCourseOwner(courseId, null, admin.id)).toEqual({ ok: true, changed: true });
    expect(
      (await prisma.course.findUniqueOrThrow({ where: { id: courseId } })).ownerOrganisationId,
    ).toBeNull();
  });

  it("a college administrator attaches a package only to a course their organisation owns", async () => {
    const admin = await createUser({ isAdmin: true });
    const collegeAdmin = await createUser();
    const [college, other] = [
      await createOrganisation("royal_college"),
      await createOrganisation("royal_college"),
    ];
    const pkg = await importSharedPackage(college.id, "moodle/singlescobasic.zip");
    const attach = (ownedBy: string) =>
      attachPackage({
        packageId: pkg.packageId,
        courseId,
        moduleId: "elearning",
        rule: "completed",
        required: false,
        actorId: collegeAdmin.id,
        organisationId: ownedBy,
        ownedBy,
      });

    // not owned: refused, with nothing written
    await expect(attach(college.id)).rejects.toThrow(AttachError);
    await expect(attach(college.id)).rejects.toThrow("does not own that course");
    expect(await prisma.scormAttachment.count({ where: { packageId: pkg.packageId } })).toBe(0);
    expect((await attachableCourses(college.id)).map((c) => c.id)).not.toContain(courseId);

    await setCourseOwner(courseId, college.id, admin.id);
    expect((await attachableCourses(college.id)).map((c) => c.id)).toEqual([courseId]);
    expect(await attachableCourses(other.id)).toEqual([]);
    // another college owns nothing here
    await expect(attach(other.id)).rejects.toThrow("does not own that course");
    const { activityId } = await attach(college.id);
    const attached = await prisma.scormAttachment.findFirstOrThrow({ where: { packageId: pkg.packageId } });
    expect(attached).toMatchObject({ courseId, moduleId: "elearning", activityId });
    // the course has a new version that carries it
    const course = await prisma.course.findUniqueOrThrow({ where: { id: courseId } });
    const version = await prisma.courseVersion.findUniqueOrThrow({ where: { id: course.currentVersionId! } });
    expect(version.definition).toContain(pkg.packageId);
  });
});
