import { prisma } from "~/db.server";
import { audit } from "~/organisations/audit.server";

// who owns a course. courses are files in COURSES_DIR, deployed by the platform; a platform
// administrator records which organisation (a royal college, a deanery) a course belongs to,
// and that organisation's college administrators may then attach their own e-learning
// packages to it. ownership lives in the database, not course.yaml: organisation ids are made
// per deployment (decision 023).

export type OwnerResult =
  { ok: true; changed: boolean } | { ok: false; field: "owner" | "course"; message: string };

/** every active course with its owner, for the platform administrator's courses page */
export async function coursesWithOwners() {
  const courses = await prisma.course.findMany({
    where: { active: true },
    orderBy: { title: "asc" },
    select: {
      id: true,
      title: true,
      owner: { select: { id: true, name: true } },
      _count: { select: { enrolments: true } },
    },
  });
  return courses.map((c) => ({ id: c.id, title: c.title, owner: c.owner, enrolments: c._count.enrolments }));
}

/** sets (or, with null, clears) a course's owner; audited under both organisations */
export async function setCourseOwner(
  courseId: string,
  organisationId: string | null,
  actorId: string,
): Promise<OwnerResult> {
  const course = await prisma.course.findUnique({
    where: { id: courseId },
    select: { id: true, active: true, ownerOrganisationId: true },
  });
  if (!course || !course.active)
    return { ok: false, field: "course", message: "Select a course from the list" };
  if (organisationId !== null) {
    const organisation = await prisma.organisation.findUnique({ where: { id: organisationId } });
    if (!organisation) return { ok: false, field: "owner", message: "Select an organisation from the list" };
  }
  if (course.ownerOrganisationId === organisationId) return { ok: true, changed: false };
  await prisma.$transaction(async (tx) => {
    await tx.course.update({ where: { id: course.id }, data: { ownerOrganisationId: organisationId } });
    const detail = { courseId: course.id, from: course.ownerOrganisationId, to: organisationId };
    for (const org of new Set([course.ownerOrganisationId, organisationId])) {
      await audit(tx, { actorId, organisationId: org, action: "course.owner_changed", detail });
    }
  });
  return { ok: true, changed: true };
}
