import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { flushAudits } from "~/organisations/audit.server";
import { restoreRole, revokeRole } from "~/organisations/organisations.server";
import { syncFixtureCourse } from "../../tests/setup/courses";
import { addRole, createOrganisation, createUser, uniqueEmail } from "../../tests/setup/factories";
import {
  answerProposal,
  createRequest,
  proposalsForMentor,
  proposeMentor,
  suggestionsFor,
  withdrawRequest,
} from "./requests.server";
import { joinRegister, MentoringError, saveScheme, setPaused } from "./schemes.server";
import type { MentorProfileInput } from "./schemes.server";
import type { RequestInput } from "./requests.server";

// the scheme's register, requests, suggestions and answers through the real services, on the
// test's real database (sqlite, then postgresql)

let courseId: string;
beforeAll(async () => {
  ({ courseId } = await syncFixtureCourse());
});

/** a certificate of the scheme's course, as issuing leaves it (valid unless told otherwise) */
async function certify(userId: string, over: { revokedAt?: Date; expiresAt?: Date } = {}) {
  const enrolment = await enrol(userId, courseId);
  return prisma.certificate.create({
    data: {
      code: Array.from({ length: 13 }, () => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[randomInt(32)]).join(""),
      enrolmentId: enrolment.id,
      userId,
      courseId,
      courseVersionId: enrolment.courseVersionId,
      recipientName: "Dr Mentor",
      recipientIdentity: "x",
      identitySalt: "y",
      courseTitle: "Mentoring for doctors",
      courseVersionLabel: "1",
      completedAt: new Date(),
      cpdHours: 6,
      outcomes: "[]",
      results: "[]",
      issuerName: "Test",
      statusIndex: randomInt(1_000_000_000),
      credentialJwt: "test",
      ...over,
    },
  });
}

const profile = (over: Partial<MentorProfileInput> = {}): MentorProfileInput => ({
  specialty: "General practice",
  grade: "GP partner",
  nation: "wales",
  areas: ["career", "exams_arcp"],
  modes: ["video"],
  capacity: 1,
  ...over,
});

const ask = (over: Partial<RequestInput> = {}): RequestInput => ({
  areas: ["exams_arcp"],
  hopes: "Someone to talk through my ARCP and what comes after it.",
  specialty: "Psychiatry",
  nation: "wales",
  modes: ["video", "phone"],
  conflicts: [],
  ...over,
});

/** a deanery with a scheme, its lead, and a way to add members */
async function scheme(
  settings: {
    mentorEntry?: "certificate" | "certificate_or_approved" | "approved";
    matchingMode?: "mentee_chooses" | "lead_matches";
  } = {},
) {
  const org = await createOrganisation("deanery");
  const lead = await createUser({ name: "Dr Scheme Lead" });
  await addRole(lead.id, org.id, "scheme_lead");
  const s = await saveScheme({ id: lead.id, isAdmin: false }, org.id, {
    name: "Kingsmere mentoring",
    mentorEntry: settings.mentorEntry ?? "certificate",
    matchingMode: settings.matchingMode ?? "mentee_chooses",
    defaultMonths: 12,
  });
  await prisma.mentoringScheme.update({ where: { id: s.id }, data: { courseId } });
  const member = async (name = "Dr Member", email?: string) => {
    const u = await createUser({ name, email });
    await addRole(u.id, org.id, "trainee");
    return u;
  };
  const mentor = async (name: string, over: Partial<MentorProfileInput> = {}, email?: string) => {
    const u = await member(name, email);
    await certify(u.id);
    const p = await joinRegister(u.id, s.id, profile(over));
    return { user: u, profile: p };
  };
  return { org, lead: { id: lead.id, isAdmin: false }, scheme: s, member, mentor };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof MentoringError ? { status: e.status, message: e.message } : e),
  );

describe("the register", () => {
  it("a certificate rule admits only holders of a valid certificate, and only members of the organisation", async () => {
    const { scheme: s, member, org } = await scheme();
    const noCert = await member();
    expect(await refusal(joinRegister(noCert.id, s.id, profile()))).toMatchObject({ status: 403 });
    const revoked = await member();
    await certify(revoked.id, { revokedAt: new Date() });
    expect(await refusal(joinRegister(revoked.id, s.id, profile()))).toMatchObject({ status: 403 });
    const expired = await member();
    await certify(expired.id, { expiresAt: new Date(Date.now() - 1000) });
    expect(await refusal(joinRegister(expired.id, s.id, profile()))).toMatchObject({ status: 403 });
    const outsider = await createUser();
    await certify(outsider.id);
    expect(await refusal(joinRegister(outsider.id, s.id, profile()))).toMatchObject({
      status: 403,
      message: "This scheme is for members of its organisation.",
    });
    expect(await prisma.mentorProfile.count({ where: { schemeId: s.id } })).toBe(0);
    const holder = await member();
    const cert = await certify(holder.id);
    const p = await joinRegister(holder.id, s.id, profile());
    expect(p.certificateId).toBe(cert.id);
    await flushAudits();
    expect(
      await prisma.auditEvent.count({ where: { organisationId: org.id, action: "mentoring.mentor_joined" } }),
    ).toBe(1);
  });

  it("bad input is refused with what was wrong, and nothing is written", async () => {
    const { scheme: s, member } = await scheme();
    const u = await member();
    await certify(u.id);
    await expect(joinRegister(u.id, s.id, profile({ areas: [], capacity: 0 }))).rejects.toMatchObject({
      issues: expect.arrayContaining([
        expect.objectContaining({ path: ["areas"], message: "Choose at least one area you can help with" }),
        expect.objectContaining({ path: ["capacity"], message: "At least 1" }),
      ]),
    });
    await expect(joinRegister(u.id, s.id, profile({ areas: ["toString"] as never }))).rejects.toThrow(
      "Choose from the list",
    );
    expect(await prisma.mentorProfile.count({ where: { userId: u.id } })).toBe(0);
  });
});

describe("asking for a mentor", () => {
  it("suggestions leave out the declared line manager and a full mentor; the mentee picks; the mentor accepts", async () => {
    const { scheme: s, member, mentor } = await scheme();
    const managerEmail = uniqueEmail("line.manager");
    const manager = await mentor(
      "Dr Line Manager",
      { areas: ["exams_arcp"], specialty: "Psychiatry", capacity: 3 },
      managerEmail,
    );
    const full = await mentor("Dr Full", { areas: ["exams_arcp"], capacity: 1 });
    await prisma.mentorProfile.update({ where: { id: full.profile.id }, data: { taken: 1 } });
    const good = await mentor("Dr Good Fit", { areas: ["exams_arcp"], capacity: 2 });
    const mentee = await member("Dr Mentee");
    const request = await createRequest(
      mentee.id,
      s.id,
      ask({
        conflicts: [{ relation: "line_manager", email: managerEmail.toUpperCase(), name: "Dr Line Manager" }],
      }),
    );
    const me = { id: mentee.id, isAdmin: false };
    const suggestions = await suggestionsFor(me, request.id);
    expect(suggestions.map((x) => x.name)).toEqual(["Dr Good Fit"]);
    expect(suggestions[0]!.reason).toMatch(/^Helps with exams, ARCP and training portfolio; meets by video;/);
    // the line manager cannot be forced through by id either
    expect(await refusal(proposeMentor(me, request.id, manager.profile.id))).toMatchObject({ status: 409 });
    expect(await refusal(proposeMentor(me, request.id, full.profile.id))).toMatchObject({ status: 409 });
    const proposal = await proposeMentor(me, request.id, good.profile.id);
    // the mentor sees it, with what the mentee wrote; nobody else's
    const inbox = await proposalsForMentor(good.user.id);
    expect(inbox.map((p) => p.id)).toEqual([proposal.id]);
    expect(inbox[0]!.request.hopes).toContain("ARCP");
    expect(await proposalsForMentor(manager.user.id)).toEqual([]);
    const pair = await answerProposal(good.user.id, proposal.id, true);
    expect(pair).toMatchObject({ mentorId: good.user.id, menteeId: mentee.id });
    expect((await prisma.mentorRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      "matched",
    );
    expect((await prisma.mentorProfile.findUniqueOrThrow({ where: { id: good.profile.id } })).taken).toBe(1);
    // answered once
    expect(await refusal(answerProposal(good.user.id, proposal.id, false))).toMatchObject({ status: 409 });
  });

  it("a declined request goes back to waiting, frees the place, and that mentor is not suggested for it again", async () => {
    const { scheme: s, member, mentor } = await scheme();
    const first = await mentor("Dr First", { capacity: 1 });
    const second = await mentor("Dr Second", { capacity: 1 });
    const mentee = await member();
    const me = { id: mentee.id, isAdmin: false };
    const request = await createRequest(mentee.id, s.id, ask());
    const proposal = await proposeMentor(me, request.id, first.profile.id);
    // while it is with a mentor, the mentee cannot put it to another
    expect(await refusal(proposeMentor(me, request.id, second.profile.id))).toMatchObject({ status: 409 });
    // only the mentor it was put to can answer
    expect(await refusal(answerProposal(second.user.id, proposal.id, true))).toMatchObject({ status: 404 });
    expect(await answerProposal(first.user.id, proposal.id, false)).toBeNull();
    expect((await prisma.mentorRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      "waiting",
    );
    expect((await prisma.mentorProfile.findUniqueOrThrow({ where: { id: first.profile.id } })).taken).toBe(0);
    expect((await suggestionsFor(me, request.id)).map((x) => x.name)).toEqual(["Dr Second"]);
  });

  it("two mentees picking a mentor's last place at the same moment: one gets it, the other is told", async () => {
    const { scheme: s, member, mentor } = await scheme();
    const only = await mentor("Dr Last Place", { capacity: 1 });
    const [a, b] = [await member(), await member()];
    const [ra, rb] = [await createRequest(a.id, s.id, ask()), await createRequest(b.id, s.id, ask())];
    const outcomes = await Promise.all([
      refusal(proposeMentor({ id: a.id, isAdmin: false }, ra.id, only.profile.id)),
      refusal(proposeMentor({ id: b.id, isAdmin: false }, rb.id, only.profile.id)),
    ]);
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    expect(outcomes.find((o) => o !== null)).toMatchObject({ status: 409 });
    expect((await prisma.mentorProfile.findUniqueOrThrow({ where: { id: only.profile.id } })).taken).toBe(1);
    expect(await prisma.mentorProposal.count({ where: { mentorProfileId: only.profile.id } })).toBe(1);
    // the loser's request is still waiting, untouched
    const statuses = await prisma.mentorRequest.findMany({
      where: { id: { in: [ra.id, rb.id] } },
      select: { status: true },
    });
    expect(statuses.map((r) => r.status).sort()).toEqual(["proposed", "waiting"]);
  });

  it("a request is seen by its mentee and the scheme's leads only: not another member, another organisation's lead, or an administrator", async () => {
    const { scheme: s, member, lead } = await scheme();
    const mentee = await member();
    const request = await createRequest(mentee.id, s.id, ask());
    expect(await suggestionsFor(lead, request.id)).toEqual([]);
    const nosy = await member();
    const otherLead = await createUser();
    const otherOrg = await createOrganisation("deanery");
    await addRole(otherLead.id, otherOrg.id, "scheme_lead");
    const admin = await createUser({ isAdmin: true });
    for (const who of [nosy, otherLead]) {
      expect(await refusal(suggestionsFor({ id: who.id, isAdmin: false }, request.id))).toMatchObject({
        status: 404,
      });
    }
    expect(await refusal(suggestionsFor({ id: admin.id, isAdmin: true }, request.id))).toMatchObject({
      status: 404,
    });
  });

  it("one open request per person; withdrawing frees a waiting proposal's place", async () => {
    const { scheme: s, member, mentor } = await scheme();
    const m = await mentor("Dr Mentor", { capacity: 1 });
    const mentee = await member();
    const request = await createRequest(mentee.id, s.id, ask());
    expect(await refusal(createRequest(mentee.id, s.id, ask()))).toMatchObject({ status: 409 });
    await proposeMentor({ id: mentee.id, isAdmin: false }, request.id, m.profile.id);
    await withdrawRequest(mentee.id, request.id);
    expect((await prisma.mentorProfile.findUniqueOrThrow({ where: { id: m.profile.id } })).taken).toBe(0);
    expect(await proposalsForMentor(m.user.id)).toEqual([]);
    // a new request may follow
    await createRequest(mentee.id, s.id, ask());
  });

  it("a lead-matched scheme: the mentee cannot pick, the lead can; a paused mentor is not offered", async () => {
    const { scheme: s, member, mentor, lead } = await scheme({ matchingMode: "lead_matches" });
    const m = await mentor("Dr Matched", { capacity: 2 });
    const paused = await mentor("Dr Paused", { capacity: 2 });
    await setPaused(paused.user.id, paused.profile.id, true);
    const mentee = await member();
    const request = await createRequest(mentee.id, s.id, ask());
    expect(
      await refusal(proposeMentor({ id: mentee.id, isAdmin: false }, request.id, m.profile.id)),
    ).toMatchObject({ status: 403 });
    expect((await suggestionsFor(lead, request.id)).map((x) => x.name)).toEqual(["Dr Matched"]);
    expect(await refusal(proposeMentor(lead, request.id, paused.profile.id))).toMatchObject({ status: 409 });
    await proposeMentor(lead, request.id, m.profile.id);
  });

  it("a mentor whose last role in the organisation is removed drops off the register: not suggested, their waiting request returned; restored, they are back", async () => {
    const { org, lead, scheme: sc, member, mentor } = await scheme();
    const m = await mentor("Dr Leaving");
    const mentee = await member("Dr Asking");
    const request = await createRequest(mentee.id, sc.id, ask());
    await proposeMentor({ id: mentee.id, isAdmin: false }, request.id, m.profile.id);
    const membership = await prisma.membership.findFirstOrThrow({
      where: { userId: m.user.id, organisationId: org.id },
    });
    const event = await revokeRole(org.id, membership.id, lead.id);
    expect((await prisma.mentorRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      "waiting",
    );
    expect((await prisma.mentorProfile.findUniqueOrThrow({ where: { id: m.profile.id } })).taken).toBe(0);
    expect(await proposalsForMentor(m.user.id)).toEqual([]);
    // not offered again for this request (the withdrawn proposal is not a no), nor to anyone
    expect(await suggestionsFor(lead, request.id)).toEqual([]);
    expect(await refusal(proposeMentor(lead, request.id, m.profile.id))).toMatchObject({ status: 409 });
    await restoreRole(org.id, event!, lead.id);
    expect((await suggestionsFor(lead, request.id)).map((x) => x.name)).toEqual(["Dr Leaving"]);
  });
});
