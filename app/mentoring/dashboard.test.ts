import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { addRole, createOrganisation, createUser } from "../../tests/setup/factories";
import { aggregateRatings, MIN_GROUP, schemeDashboard } from "./dashboard.server";
import { MentoringError } from "./schemes.server";

const rating = (helpful: number, goalsMet = 3, recommend = true) => ({ helpful, goalsMet, recommend });

describe("aggregated evaluations", () => {
  it("no figure at all from fewer than 5 people, not even how many", () => {
    expect(MIN_GROUP).toBe(5);
    for (let n = 0; n < 5; n++) expect(aggregateRatings(Array(n).fill(rating(5)))).toEqual({ shown: false });
    expect(aggregateRatings([rating(5), rating(4), rating(4), rating(3, 2, false), rating(5)])).toEqual({
      shown: true,
      people: 5,
      helpful: 4.2,
      goalsMet: 2.8,
      recommendPercent: 80,
    });
  });
});

describe("the lead's dashboard", () => {
  it("counts the register, the queue and the pairs, holds back evaluations under 5, and only for the scheme's leads", async () => {
    const org = await createOrganisation("deanery");
    const lead = await createUser();
    await addRole(lead.id, org.id, "scheme_lead");
    const hr = await createUser();
    await addRole(hr.id, org.id, "hr");
    const scheme = await prisma.mentoringScheme.create({ data: { organisationId: org.id, name: "S" } });
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser()));
    const mk = (i: number, over: object = {}) =>
      prisma.mentorProfile.create({
        data: {
          schemeId: scheme.id,
          userId: users[i]!.id,
          specialty: "GP",
          grade: "x",
          nation: "england",
          areas: "[]",
          modes: '["video"]',
          capacity: 2,
          ...over,
        },
      });
    const full = await mk(0, { taken: 2 });
    await mk(1, { taken: 1, certificateId: "c" });
    await mk(2, { pausedAt: new Date() });
    const day = 86_400_000;
    const now = new Date();
    await prisma.mentorRequest.create({
      data: {
        schemeId: scheme.id,
        menteeId: users[3]!.id,
        areas: '["wellbeing","career"]',
        hopes: "SECRET HOPES",
        specialty: "x",
        nation: "england",
        modes: '["video"]',
        createdAt: new Date(now.getTime() - 10 * day),
      },
    });
    const matched = await prisma.mentorRequest.create({
      data: {
        schemeId: scheme.id,
        menteeId: users[4]!.id,
        areas: '["career"]',
        hopes: "x",
        specialty: "x",
        nation: "england",
        modes: '["video"]',
        status: "matched",
        createdAt: new Date(now.getTime() - 20 * day),
        matchedAt: new Date(now.getTime() - 16 * day),
      },
    });
    const rel = await prisma.mentoringRelationship.create({
      data: {
        schemeId: scheme.id,
        requestId: matched.id,
        mentorProfileId: full.id,
        mentorId: users[0]!.id,
        menteeId: users[4]!.id,
        endedAt: now,
      },
    });
    await prisma.mentoringEvaluation.create({
      data: {
        relationshipId: rel.id,
        authorId: users[4]!.id,
        role: "mentee",
        helpful: 2,
        goalsMet: 2,
        recommend: false,
        comment: "SECRET COMMENT",
      },
    });
    const d = await schemeDashboard({ id: lead.id, isAdmin: false }, org.id, now);
    expect(d.register).toEqual({ mentors: 3, paused: 1, spacesFree: 1, atCapacity: 1, awaitingApproval: 2 });
    expect(d.requests).toMatchObject({
      waiting: 1,
      withAMentor: 0,
      longestWaitDays: 10,
      medianDaysToMatch: 4,
    });
    expect(d.requests.areasWaiting.map((a) => [a.area, a.count])).toEqual([
      ["wellbeing", 1],
      ["career", 1],
    ]);
    expect(d.pairs).toEqual({ active: 0, ended: 1, medianMeetings: null });
    expect(d.evaluations.all).toEqual({ shown: false });
    const text = JSON.stringify(d);
    expect(text).not.toContain("SECRET");
    for (const who of [hr, await createUser()]) {
      await expect(schemeDashboard({ id: who.id, isAdmin: false }, org.id)).rejects.toBeInstanceOf(
        MentoringError,
      );
    }
  });
});
