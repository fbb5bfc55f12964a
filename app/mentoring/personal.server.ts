import { prisma } from "~/db.server";
import { audit } from "~/organisations/audit.server";
import { notify } from "./notify.server";
import { MentoringError, schemeById } from "./schemes.server";

// a person's own data in a scheme: all of it, to download; and leaving (issue 18). what the
// other person of a pair wrote for themselves (their notes, their evaluation) is theirs, and is
// not in this person's download.

export async function myMentoringData(userId: string, schemeId: string) {
  const scheme = await schemeById(schemeId);
  const [profile, requests, relationships] = await Promise.all([
    prisma.mentorProfile.findUnique({
      where: { schemeId_userId: { schemeId, userId } },
      include: { proposals: { select: { id: true, status: true, createdAt: true, respondedAt: true } } },
    }),
    prisma.mentorRequest.findMany({
      where: { schemeId, menteeId: userId },
      include: {
        conflicts: { select: { relation: true, email: true, name: true } },
        proposals: {
          select: {
            status: true,
            createdAt: true,
            respondedAt: true,
            proposedById: true,
            mentor: { select: { user: { select: { name: true } } } },
          },
        },
      },
    }),
    prisma.mentoringRelationship.findMany({
      where: { schemeId, OR: [{ mentorId: userId }, { menteeId: userId }] },
      include: {
        mentor: { select: { name: true } },
        mentee: { select: { name: true } },
        agreements: { orderBy: { version: "asc" } },
        meetings: { orderBy: { heldAt: "asc" }, include: { notes: { where: { authorId: userId } } } },
        goals: true,
        actions: true,
        evaluations: { where: { authorId: userId } },
        cpd: { where: { userId } },
      },
    }),
  ]);
  const json = (text: string) => JSON.parse(text) as unknown;
  return {
    scheme: { name: scheme.name },
    exportedAt: new Date().toISOString(),
    mentorProfile: profile && {
      ...profile,
      areas: json(profile.areas),
      modes: json(profile.modes),
    },
    requests: requests.map((r) => ({
      ...r,
      areas: json(r.areas),
      modes: json(r.modes),
      // a mentor a lead asked on the mentee's behalf is named only if they said yes
      proposals: r.proposals.map(({ mentor, proposedById, ...p }) => ({
        ...p,
        mentor:
          proposedById === userId || p.status === "accepted"
            ? mentor.user.name
            : "A mentor the scheme lead asked",
      })),
    })),
    relationships: relationships.map((r) => ({
      id: r.id,
      role: r.mentorId === userId ? "mentor" : "mentee",
      mentor: r.mentor.name,
      mentee: r.mentee.name,
      startedAt: r.startedAt,
      plannedEndAt: r.plannedEndAt,
      endedAt: r.endedAt,
      agreements: r.agreements.map((a) => ({ ...a, content: json(a.content) })),
      meetings: r.meetings.map(({ notes, ...m }) => ({ ...m, myNote: notes[0]?.text ?? null })),
      goals: r.goals,
      actions: r.actions,
      myEvaluation: r.evaluations[0] ?? null,
      myCpd: r.cpd[0] ?? null,
    })),
  };
}

/**
 * leaves the scheme: off the register (waiting proposals to them withdrawn, their requests sent
 * back to waiting), their own request withdrawn, and their current pairs ended, no-fault. what
 * was written stays readable to the two people of each pair, as after any ending.
 */
export async function leaveScheme(userId: string, schemeId: string) {
  const scheme = await schemeById(schemeId);
  const now = new Date();
  const endedPairs: { id: string; other: string }[] = [];
  const done = await prisma.$transaction(async (tx) => {
    let changed = 0;
    const profile = await tx.mentorProfile.findUnique({ where: { schemeId_userId: { schemeId, userId } } });
    if (profile && !profile.leftAt) {
      const pending = await tx.mentorProposal.findMany({
        where: { mentorProfileId: profile.id, status: "pending" },
      });
      for (const p of pending) {
        await tx.mentorProposal.update({
          where: { id: p.id },
          data: { status: "withdrawn", respondedAt: now },
        });
        await tx.mentorRequest.updateMany({
          where: { id: p.requestId, status: "proposed" },
          data: { status: "waiting" },
        });
      }
      await tx.mentorProfile.update({ where: { id: profile.id }, data: { leftAt: now } });
      changed++;
    }
    const open = await tx.mentorRequest.findMany({
      where: { schemeId, menteeId: userId, status: { in: ["waiting", "proposed"] } },
    });
    for (const r of open) {
      await tx.mentorRequest.update({ where: { id: r.id }, data: { status: "withdrawn", withdrawnAt: now } });
      const pending = await tx.mentorProposal.findMany({ where: { requestId: r.id, status: "pending" } });
      for (const p of pending) {
        await tx.mentorProposal.update({
          where: { id: p.id },
          data: { status: "withdrawn", respondedAt: now },
        });
        await tx.mentorProfile.update({
          where: { id: p.mentorProfileId },
          data: { taken: { decrement: 1 } },
        });
      }
      changed++;
    }
    const pairs = await tx.mentoringRelationship.findMany({
      where: { schemeId, endedAt: null, OR: [{ mentorId: userId }, { menteeId: userId }] },
    });
    for (const r of pairs) {
      endedPairs.push({ id: r.id, other: r.mentorId === userId ? r.menteeId : r.mentorId });
      await tx.mentoringRelationship.update({
        where: { id: r.id },
        data: { endedAt: now, endedById: userId },
      });
      await tx.mentorProfile.update({ where: { id: r.mentorProfileId }, data: { taken: { decrement: 1 } } });
      changed++;
    }
    // the leaver's own places come back to zero with their register entry gone
    if (profile) await tx.mentorProfile.update({ where: { id: profile.id }, data: { taken: 0 } });
    return changed;
  });
  if (done === 0) throw new MentoringError("You are not in this scheme.", 404);
  await audit(prisma, {
    actorId: userId,
    organisationId: scheme.organisationId,
    action: "mentoring.left_scheme",
    detail: { schemeId },
  });
  // the other person of each pair is told it has ended, as after any ending (not why)
  for (const p of endedPairs) await notify.ended(p.other, p.id);
}
