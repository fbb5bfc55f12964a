import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { addRole, createOrganisation, createUser } from "../../tests/setup/factories";
import { aggregateRatings, evaluationQuarters, MIN_GROUP, schemeDashboard } from "./dashboard.server";
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
    const scheme = await prisma.mentoringScheme.create({
      data: { organisationId: org.id, name: "S", mentorEntry: "certificate_or_approved" },
    });
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser()));
    for (const u of users.slice(0, 3)) await addRole(u.id, org.id, "trainee");
    // a mentor whose last role in the organisation was removed is not counted at all
    const gone = await createUser();
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
    const full = await mk(0, { taken: 2, approvedAt: new Date() });
    // joined with a certificate that is no longer valid, and approved by a lead since
    await mk(1, { taken: 1, certificateId: "c", approvedAt: new Date() });
    await mk(2, { pausedAt: new Date() });
    await prisma.mentorProfile.create({
      data: {
        schemeId: scheme.id,
        userId: gone.id,
        specialty: "x",
        grade: "x",
        nation: "england",
        areas: "[]",
        modes: "[]",
        capacity: 5,
      },
    });
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
    expect(d.register).toEqual({
      mentors: 3,
      paused: 1,
      spacesFree: 1,
      atCapacity: 1,
      awaitingApproval: 1,
      notQualified: 1,
    });
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
    // the one evaluation is in the quarter under way: nothing is shown until it ends
    expect(d.evaluations.quarters).toEqual([]);
    const text = JSON.stringify(d);
    expect(text).not.toContain("SECRET");
    for (const who of [hr, await createUser()]) {
      await expect(schemeDashboard({ id: who.id, isAdmin: false }, org.id)).rejects.toBeInstanceOf(
        MentoringError,
      );
    }
  });
});

describe("evaluation figures by quarter", () => {
  const r = (role: string, at: string, helpful = 4) => ({
    role,
    helpful,
    goalsMet: 3,
    recommend: true,
    createdAt: new Date(at),
  });
  const now = new Date("2026-12-05T10:00:00Z");

  it("shows only quarters that have ended, so no figure changes as one more answer arrives", () => {
    const rows = [
      ...Array.from({ length: 6 }, () => r("mentee", "2026-08-01")),
      ...Array.from({ length: 9 }, () => r("mentee", "2026-11-01")),
    ];
    const { quarters, inProgress } = evaluationQuarters(rows, now);
    expect(inProgress).toBe("October to December 2026");
    expect(quarters.map((q) => q.label)).toEqual(["July to September 2026"]);
    expect(quarters[0]!.all).toMatchObject({ shown: true, people: 6 });
  });

  it("shows mentees and mentors apart only when both groups reach the minimum, so one cannot be taken from the other", () => {
    const six = Array.from({ length: 6 }, () => r("mentee", "2026-05-01", 5));
    const [q] = evaluationQuarters([...six, r("mentor", "2026-05-02", 1)], now).quarters;
    expect(q!.all).toMatchObject({ shown: true, people: 7 });
    expect(q!.mentees).toEqual({ shown: false });
    expect(q!.mentors).toEqual({ shown: false });
    const five = Array.from({ length: 5 }, () => r("mentor", "2026-05-03", 2));
    const [both] = evaluationQuarters([...six, ...five], now).quarters;
    expect(both!.mentees).toMatchObject({ shown: true, people: 6, helpful: 5 });
    expect(both!.mentors).toMatchObject({ shown: true, people: 5, helpful: 2 });
    expect(
      evaluationQuarters(
        Array.from({ length: 4 }, () => r("mentee", "2026-02-01")),
        now,
      ).quarters[0]!.all,
    ).toEqual({
      shown: false,
    });
  });
});
