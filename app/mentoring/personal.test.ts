import { expect, it } from "vitest";
import { prisma } from "~/db.server";
import { addRole, createOrganisation, createUser } from "../../tests/setup/factories";
import { endRelationship, evaluate, logMeeting, pairView, saveNote } from "./pair.server";
import { leaveScheme, myMentoringData } from "./personal.server";

async function pair() {
  const org = await createOrganisation("nhs_trust");
  const [mentor, mentee] = [await createUser({ name: "Dr Mentor" }), await createUser({ name: "Dr Mentee" })];
  for (const u of [mentor, mentee]) await addRole(u.id, org.id, "trainee");
  const scheme = await prisma.mentoringScheme.create({
    data: { organisationId: org.id, name: "Trust scheme" },
  });
  const profile = await prisma.mentorProfile.create({
    data: {
      schemeId: scheme.id,
      userId: mentor.id,
      specialty: "Surgery",
      grade: "Consultant",
      nation: "northern_ireland",
      areas: '["leadership"]',
      modes: '["in_person"]',
      capacity: 1,
      taken: 1,
    },
  });
  const request = await prisma.mentorRequest.create({
    data: {
      schemeId: scheme.id,
      menteeId: mentee.id,
      areas: '["leadership"]',
      hopes: "Leading a team for the first time.",
      specialty: "Surgery",
      nation: "northern_ireland",
      modes: '["in_person"]',
      status: "matched",
      conflicts: { create: [{ relation: "line_manager", email: "boss@hscni.test", name: "Mr Boss" }] },
    },
  });
  const relationship = await prisma.mentoringRelationship.create({
    data: {
      schemeId: scheme.id,
      requestId: request.id,
      mentorProfileId: profile.id,
      mentorId: mentor.id,
      menteeId: mentee.id,
    },
  });
  return { scheme, mentor, mentee, profile, relationship };
}

it("the download holds everything the scheme keeps about the person, and nothing the other person wrote for themselves", async () => {
  const { scheme, mentor, mentee, relationship } = await pair();
  const meeting = await logMeeting(mentee.id, relationship.id, {
    heldAt: new Date().toISOString(),
    minutes: 60,
    mode: "in_person",
  });
  await saveNote(mentee.id, meeting.id, "MY OWN NOTE");
  await saveNote(mentor.id, meeting.id, "THE MENTOR'S NOTE");
  await endRelationship(mentor.id, relationship.id);
  await evaluate(mentor.id, relationship.id, {
    helpful: 4,
    goalsMet: 4,
    recommend: true,
    comment: "THE MENTOR'S COMMENT",
  });
  const mine = await myMentoringData(mentee.id, scheme.id);
  const text = JSON.stringify(mine);
  expect(text).toContain("MY OWN NOTE");
  expect(text).toContain("Leading a team for the first time.");
  expect(text).toContain("boss@hscni.test");
  expect(text).not.toContain("THE MENTOR'S NOTE");
  expect(text).not.toContain("THE MENTOR'S COMMENT");
  expect(mine.relationships[0]).toMatchObject({ role: "mentee", mentor: "Dr Mentor", mentee: "Dr Mentee" });
});

it("leaving ends the person's pairs without fault, frees the mentor's place, and keeps the pair's record readable", async () => {
  const { scheme, mentor, mentee, profile, relationship } = await pair();
  await leaveScheme(mentee.id, scheme.id);
  const r = await prisma.mentoringRelationship.findUniqueOrThrow({ where: { id: relationship.id } });
  expect(r.endedById).toBe(mentee.id);
  expect((await prisma.mentorProfile.findUniqueOrThrow({ where: { id: profile.id } })).taken).toBe(0);
  expect((await pairView(mentor.id, relationship.id)).relationship.endedAt).not.toBeNull();
  // a second leave finds nothing to leave
  await expect(leaveScheme(mentee.id, scheme.id)).rejects.toMatchObject({ status: 404 });
  // a mentor leaving comes off the register
  await leaveScheme(mentor.id, scheme.id);
  expect((await prisma.mentorProfile.findUniqueOrThrow({ where: { id: profile.id } })).leftAt).not.toBeNull();
});
