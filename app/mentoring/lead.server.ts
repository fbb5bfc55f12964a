import { prisma } from "~/db.server";
import { stillMember } from "./requests.server";
import { DEFAULT_MENTOR_COURSE, MentoringError, schemeOf, validCertificateHolders } from "./schemes.server";
import { AREAS, type Area } from "./vocabulary";

// what a scheme lead works with by name: the register and the queue. the routes that call these
// admit the organisation's scheme leads only (not platform administrators, not HR): a request
// is seen by the lead and the mentors it is put to, nothing more.

async function leadsScheme(userId: string, organisationId: string) {
  const lead = await prisma.membership.findFirst({ where: { userId, organisationId, role: "scheme_lead" } });
  if (!lead) throw new MentoringError("Only the organisation's mentoring scheme leads can see this.", 403);
  const scheme = await schemeOf(organisationId);
  if (!scheme) throw new MentoringError("This organisation has no mentoring scheme yet.", 404);
  return scheme;
}

export async function registerFor(userId: string, organisationId: string) {
  const scheme = await leadsScheme(userId, organisationId);
  const mentors = await prisma.mentorProfile.findMany({
    where: { schemeId: scheme.id, leftAt: null, ...stillMember(organisationId) },
    include: { user: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  // the certificate as it stands today, not as it was when they joined
  const valid = await validCertificateHolders(
    mentors.map((m) => m.userId),
    scheme.courseId ?? DEFAULT_MENTOR_COURSE,
  );
  return {
    scheme,
    mentors: mentors.map((m) => ({
      id: m.id,
      name: m.user.name,
      specialty: m.specialty,
      grade: m.grade,
      nation: m.nation,
      capacity: m.capacity,
      taken: m.taken,
      paused: m.pausedAt !== null,
      certified: valid.has(m.userId),
      joinedWithCertificate: m.certificateId !== null,
      approved: m.approvedAt !== null,
      joinedAt: m.createdAt,
    })),
  };
}

export async function queueFor(userId: string, organisationId: string, now = new Date()) {
  const scheme = await leadsScheme(userId, organisationId);
  const requests = await prisma.mentorRequest.findMany({
    where: { schemeId: scheme.id, status: { in: ["waiting", "proposed"] } },
    include: { mentee: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return {
    scheme,
    requests: requests.map((r) => ({
      id: r.id,
      mentee: r.mentee.name,
      status: r.status,
      createdAt: r.createdAt,
      daysWaiting: Math.floor((now.getTime() - r.createdAt.getTime()) / 86_400_000),
      areas: (JSON.parse(r.areas) as Area[]).map((a) => AREAS[a]),
    })),
  };
}

/** one request in full, for a lead of its scheme: what the mentee asked and whom they named */
export async function requestForLead(userId: string, organisationId: string, requestId: string) {
  const scheme = await leadsScheme(userId, organisationId);
  const request = await prisma.mentorRequest.findUnique({
    where: { id: requestId },
    include: {
      mentee: { select: { name: true } },
      conflicts: { select: { relation: true, email: true, name: true } },
      proposals: {
        orderBy: { createdAt: "desc" },
        select: { status: true, createdAt: true, mentor: { select: { user: { select: { name: true } } } } },
      },
    },
  });
  if (!request || request.schemeId !== scheme.id) throw new MentoringError("There is no such request.", 404);
  return { scheme, request };
}
