import { describe, expect, it } from "vitest";
import { cpdPdf, mentoringCpdRecord } from "~/certificates/cpd.server";
import { captureEmails } from "../../tests/setup/email";
import { pdfText } from "../../tests/setup/pdf";
import { agreementPdf } from "./agreement-pdf.server";
import { prisma } from "~/db.server";
import { addRole, createOrganisation, createUser } from "../../tests/setup/factories";
import {
  addAction,
  addGoal,
  CONFIDENTIALITY_LIMITS,
  confirmAgreement,
  endRelationship,
  evaluate,
  logMeeting,
  pairView,
  recordMentoringCpd,
  saveAgreement,
  saveNote,
  removeMeeting,
  sendMeetingInvitation,
  updateGoal,
  type AgreementInput,
} from "./pair.server";
import { MentoringError } from "./schemes.server";

// a matched pair, made directly (matching has its own tests), and the people who must not see
// inside it: the scheme lead, hr, a platform administrator, another member

async function pair() {
  const org = await createOrganisation("deanery");
  const [mentor, mentee, lead, hr, admin, other] = await Promise.all([
    createUser({ name: "Dr Mentor" }),
    createUser({ name: "Dr Mentee" }),
    createUser({ name: "Dr Lead" }),
    createUser({ name: "HR Person" }),
    createUser({ name: "Admin", isAdmin: true }),
    createUser({ name: "Dr Other" }),
  ]);
  await addRole(lead.id, org.id, "scheme_lead");
  await addRole(hr.id, org.id, "hr");
  for (const u of [mentor, mentee, other]) await addRole(u.id, org.id, "trainee");
  const scheme = await prisma.mentoringScheme.create({ data: { organisationId: org.id, name: "Scheme" } });
  const profile = await prisma.mentorProfile.create({
    data: {
      schemeId: scheme.id,
      userId: mentor.id,
      specialty: "GP",
      grade: "Partner",
      nation: "scotland",
      areas: '["career"]',
      modes: '["video"]',
      capacity: 2,
      taken: 1,
    },
  });
  const request = await prisma.mentorRequest.create({
    data: {
      schemeId: scheme.id,
      menteeId: mentee.id,
      areas: '["career"]',
      hopes: "x",
      specialty: "GP",
      nation: "scotland",
      modes: '["video"]',
      status: "matched",
    },
  });
  const relationship = await prisma.mentoringRelationship.create({
    data: {
      schemeId: scheme.id,
      requestId: request.id,
      mentorProfileId: profile.id,
      mentorId: mentor.id,
      menteeId: mentee.id,
      startedAt: new Date(Date.now() - 30 * 86_400_000),
    },
  });
  return { mentor, mentee, outsiders: { lead, hr, admin, other }, relationship, profile };
}

const agreement = (over: Partial<AgreementInput> = {}): AgreementInput => ({
  objectives: "Prepare for the move to a consultant post.",
  frequency: "Monthly, for an hour",
  modes: ["video"],
  goals: "A plan for the first year; we will know when the job plan is agreed.",
  confidentiality: CONFIDENTIALITY_LIMITS,
  contact: "Email for arranging meetings only.",
  notes: "Each keeps their own notes; nothing is shared.",
  reviewDate: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
  noFaultEnding: true,
  ...over,
});

const status = (p: Promise<unknown>) =>
  p.then(
    () => "allowed",
    (e: unknown) => (e instanceof MentoringError ? e.status : e),
  );

describe("what a pair writes stays with the pair", () => {
  it("the agreement: either writes a version, the other confirms it; a stale confirmation is refused", async () => {
    const { mentor, mentee, relationship } = await pair();
    const v1 = await saveAgreement(mentee.id, relationship.id, agreement());
    expect(v1).toMatchObject({ version: 1, mentorConfirmedAt: null });
    expect(v1.menteeConfirmedAt).not.toBeNull();
    const v2 = await saveAgreement(mentor.id, relationship.id, agreement({ frequency: "Every six weeks" }));
    expect(v2.version).toBe(2);
    expect(await status(confirmAgreement(mentee.id, relationship.id, 1))).toBe(409);
    const confirmed = await confirmAgreement(mentee.id, relationship.id, 2);
    expect(confirmed.mentorConfirmedAt && confirmed.menteeConfirmedAt).toBeTruthy();
    // version 1 is kept as it was
    const view = await pairView(mentor.id, relationship.id);
    expect(view.agreements.map((a) => [a.version, a.content.frequency])).toEqual([
      [2, "Every six weeks"],
      [1, "Monthly, for an hour"],
    ]);
  });

  it("an agreement without the no-fault ending, or with a review date in the past, is refused and nothing is saved", async () => {
    const { mentee, relationship } = await pair();
    await expect(
      saveAgreement(mentee.id, relationship.id, agreement({ noFaultEnding: false as never })),
    ).rejects.toThrow("Both of you need to agree that either can end the relationship without blame");
    await expect(
      saveAgreement(mentee.id, relationship.id, agreement({ reviewDate: "2020-01-01" })),
    ).rejects.toThrow("The review date should not be in the past");
    expect(await prisma.mentoringAgreement.count({ where: { relationshipId: relationship.id } })).toBe(0);
  });

  it("a meeting's notes are read by their author only, never by the other person", async () => {
    const { mentor, mentee, relationship } = await pair();
    const meeting = await logMeeting(mentor.id, relationship.id, {
      heldAt: new Date().toISOString(),
      minutes: 60,
      mode: "video",
    });
    await saveNote(mentor.id, meeting.id, "MENTOR-PRIVATE: she seemed tired; ask about rota next time.");
    await saveNote(mentee.id, meeting.id, "MENTEE-PRIVATE: I did not mention the exam result.");
    const mentorView = JSON.stringify(await pairView(mentor.id, relationship.id));
    const menteeView = JSON.stringify(await pairView(mentee.id, relationship.id));
    expect(mentorView).toContain("MENTOR-PRIVATE");
    expect(mentorView).not.toContain("MENTEE-PRIVATE");
    expect(menteeView).toContain("MENTEE-PRIVATE");
    expect(menteeView).not.toContain("MENTOR-PRIVATE");
  });

  it("the scheme lead, HR, an administrator and another member cannot read or write anything of the pair", async () => {
    const { mentor, relationship, outsiders } = await pair();
    const meeting = await logMeeting(mentor.id, relationship.id, {
      heldAt: new Date().toISOString(),
      minutes: 45,
      mode: "video",
    });
    const goal = await addGoal(mentor.id, relationship.id, { title: "Job plan" });
    for (const [who, u] of Object.entries(outsiders)) {
      const attempts = [
        pairView(u.id, relationship.id),
        saveAgreement(u.id, relationship.id, agreement()),
        logMeeting(u.id, relationship.id, { heldAt: new Date().toISOString(), minutes: 30, mode: "video" }),
        saveNote(u.id, meeting.id, "intruder"),
        addGoal(u.id, relationship.id, { title: "intruder" }),
        updateGoal(u.id, goal.id, { progress: 100, status: "met" }),
        addAction(u.id, relationship.id, { text: "intruder", owner: "both" }),
        endRelationship(u.id, relationship.id),
        recordMentoringCpd(u.id, relationship.id, "intruder"),
      ];
      expect(await Promise.all(attempts.map(status)), who).toEqual(Array(attempts.length).fill(404));
    }
    expect(await prisma.mentoringNote.count({ where: { meetingId: meeting.id } })).toBe(0);
    expect(
      await prisma.mentoringRelationship.findUniqueOrThrow({ where: { id: relationship.id } }),
    ).toMatchObject({
      endedAt: null,
    });
  });

  it("ending: either person, no reason; the place is freed; it stays readable but closed; each evaluates once", async () => {
    const { mentor, mentee, relationship, profile } = await pair();
    await logMeeting(mentor.id, relationship.id, {
      heldAt: new Date().toISOString(),
      minutes: 90,
      mode: "video",
    });
    expect(
      await status(evaluate(mentee.id, relationship.id, { helpful: 4, goalsMet: 3, recommend: true })),
    ).toBe(409);
    await endRelationship(mentee.id, relationship.id);
    expect((await prisma.mentorProfile.findUniqueOrThrow({ where: { id: profile.id } })).taken).toBe(0);
    expect(await status(endRelationship(mentor.id, relationship.id))).toBe(409);
    expect(
      await status(
        logMeeting(mentor.id, relationship.id, {
          heldAt: new Date().toISOString(),
          minutes: 30,
          mode: "video",
        }),
      ),
    ).toBe(409);
    expect((await pairView(mentee.id, relationship.id)).meetings).toHaveLength(1);
    await evaluate(mentee.id, relationship.id, {
      helpful: 5,
      goalsMet: 4,
      recommend: true,
      comment: "Thank you.",
    });
    expect(
      await status(evaluate(mentee.id, relationship.id, { helpful: 1, goalsMet: 1, recommend: false })),
    ).toBe(409);
    // the mentor sees their own evaluation slot, not the mentee's comment
    const mentorView = await pairView(mentor.id, relationship.id);
    expect(mentorView.evaluation).toBeNull();
    expect(JSON.stringify(mentorView)).not.toContain("Thank you.");
  });

  it("the mentor's CPD hours come from the meetings logged, with a reflection; the mentee has no such entry", async () => {
    const { mentor, mentee, relationship } = await pair();
    expect(await status(recordMentoringCpd(mentor.id, relationship.id, "Learned to listen."))).toBe(409);
    for (const [i, minutes] of [60, 45, 50].entries()) {
      await logMeeting(mentor.id, relationship.id, {
        heldAt: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
        minutes,
        mode: "video",
      });
    }
    const cpd = await recordMentoringCpd(mentor.id, relationship.id, "Learned to hold back advice.");
    expect(cpd.hours).toBe(2.5); // 155 minutes, to the nearest quarter hour
    expect(await status(recordMentoringCpd(mentee.id, relationship.id, "x"))).toBe(403);
  });

  it("a planned meeting is not yet time spent: only meetings that have happened count", async () => {
    const { mentor, mentee, relationship } = await pair();
    await logMeeting(mentor.id, relationship.id, {
      heldAt: new Date(Date.now() - 86_400_000),
      minutes: 60,
      mode: "video",
    });
    await logMeeting(mentor.id, relationship.id, {
      heldAt: new Date(Date.now() + 7 * 86_400_000),
      minutes: 90,
      mode: "video",
    });
    const cpd = await recordMentoringCpd(mentor.id, relationship.id, "Reflecting on silence 🤔 ≥ advice.");
    expect(cpd.hours).toBe(1);
    // the record names the scheme, never the mentee; the pdf takes characters its fonts lack
    const record = await mentoringCpdRecord(mentor.id);
    expect(record).toHaveLength(1);
    expect(JSON.stringify(record)).not.toContain("Dr Mentee");
    const text = pdfText(await cpdPdf("Dr Mentor", null, [], record));
    expect(text).toContain("Mentoring a doctor, Scheme");
    expect(text).toContain("Reflecting on silence ? ? advice.");
    expect(text).toContain("courses: 0 CPD hours · mentoring: 1 hours in mentoring meetings");
    expect(await mentoringCpdRecord(mentee.id)).toEqual([]);
  });
});

describe("the agreement pdf and the calendar invitation", () => {
  const sent = captureEmails();

  it("the pdf is the pair's: the version asked for, who confirmed it, and nobody else can have it", async () => {
    const { mentor, mentee, outsiders, relationship } = await pair();
    await saveAgreement(
      mentee.id,
      relationship.id,
      agreement({ objectives: "Ziele: Őrség, naïve café 😀 and\nline two" }),
    );
    await confirmAgreement(mentor.id, relationship.id, 1);
    await saveAgreement(mentor.id, relationship.id, agreement({ objectives: "Version two objectives" }));
    const latest = await agreementPdf(mentee.id, relationship.id);
    expect(latest.version).toBe(2);
    const text = pdfText(latest.bytes);
    expect(text).toContain("Version two objectives");
    expect(text).toContain("The mentee has not confirmed this version");
    const first = pdfText((await agreementPdf(mentor.id, relationship.id, 1)).bytes);
    expect(first).toContain("Ziele: Orség, naïve café ? and");
    expect(first).toContain("line two");
    expect(first).toMatch(/The mentor confirmed on \d+ \w+ \d{4}/);
    expect(await status(agreementPdf(mentor.id, relationship.id, 7))).toBe(404);
    for (const u of Object.values(outsiders))
      expect(await status(agreementPdf(u.id, relationship.id))).toBe(404);
  });

  it("an invitation goes to both, for a meeting to come, with the time and nothing the pair wrote; at most 3 a day", async () => {
    const { mentor, mentee, outsiders, relationship } = await pair();
    await saveAgreement(mentee.id, relationship.id, agreement({ objectives: "SECRET-OBJECTIVE" }));
    const past = await logMeeting(mentor.id, relationship.id, {
      heldAt: new Date(Date.now() - 3_600_000),
      minutes: 60,
      mode: "video",
    });
    await saveNote(mentor.id, past.id, "SECRET-NOTE");
    expect(await status(sendMeetingInvitation(mentor.id, past.id))).toBe(409);
    // the next 1 July, within the year ahead: british summer time
    const now = new Date();
    const year = now.getUTCMonth() < 6 ? now.getUTCFullYear() : now.getUTCFullYear() + 1;
    const start = new Date(Date.UTC(year, 6, 1, 16, 30));
    const next = await logMeeting(mentee.id, relationship.id, { heldAt: start, minutes: 45, mode: "phone" });
    for (const u of Object.values(outsiders))
      expect(await status(sendMeetingInvitation(u.id, next.id))).toBe(404);
    await sendMeetingInvitation(mentee.id, next.id);
    const users = await prisma.user.findMany({ where: { id: { in: [mentor.id, mentee.id] } } });
    expect(sent.map((m) => m.to).sort()).toEqual(users.map((u) => u.email).sort());
    for (const m of sent) {
      const ics = m.attachments![0]!;
      expect(ics.contentType).toBe("text/calendar");
      expect(ics.content).toContain(`DTSTART:${year}0701T163000Z`);
      expect(ics.content).toContain("DURATION:PT45M");
      expect(ics.content).toContain(`UID:${next.id}@`);
      // a shared calendar shows a private meeting, not whose or what about
      expect(ics.content).toContain("SUMMARY:Private meeting");
      expect(ics.content).not.toMatch(/Dr Mentor|Dr Mentee|[Mm]entoring/);
      expect(m.subject).not.toMatch(/[Mm]entoring/);
      expect(m.text).toContain("by phone.");
      // summer time: 17:30 in the UK
      expect(m.text).toContain("17:30");
      for (const secret of ["SECRET-OBJECTIVE", "SECRET-NOTE"]) {
        expect(m.text + ics.content + m.subject).not.toContain(secret);
      }
    }
    await sendMeetingInvitation(mentor.id, next.id);
    await sendMeetingInvitation(mentor.id, next.id);
    expect(await status(sendMeetingInvitation(mentor.id, next.id))).toBe(429);
    expect(sent).toHaveLength(6);
  });

  it("a meeting is dated after the mentoring began, at most 2 a day, and only the person who added it can remove it", async () => {
    const { mentor, mentee, relationship } = await pair();
    expect(
      await status(
        logMeeting(mentor.id, relationship.id, {
          heldAt: new Date("2001-01-01"),
          minutes: 480,
          mode: "video",
        }),
      ),
    ).toBe(400);
    const day = new Date(Date.now() - 3 * 86_400_000);
    const first = await logMeeting(mentee.id, relationship.id, { heldAt: day, minutes: 60, mode: "video" });
    await logMeeting(mentor.id, relationship.id, {
      heldAt: new Date(day.getTime() + 3_600_000),
      minutes: 60,
      mode: "video",
    });
    expect(
      await status(
        logMeeting(mentor.id, relationship.id, {
          heldAt: new Date(day.getTime() + 7_200_000),
          minutes: 60,
          mode: "video",
        }),
      ),
    ).toBe(400);
    expect(await status(removeMeeting(mentor.id, first.id))).toBe(403);
    // the mentor has written about it: the mentee cannot remove it under them
    await saveNote(mentor.id, first.id, "Went well.");
    expect(await status(removeMeeting(mentee.id, first.id))).toBe(409);
    await saveNote(mentor.id, first.id, "");
    await removeMeeting(mentee.id, first.id);
    expect(await prisma.mentoringMeeting.count({ where: { relationshipId: relationship.id } })).toBe(1);
  });

  it("dates are real days: an agreement's review date and an action's due date", async () => {
    const { mentee, relationship } = await pair();
    for (const reviewDate of ["2027-02-30", "10000-01-01", "2027-01-01junk", "+275760-09-13"]) {
      expect(await status(saveAgreement(mentee.id, relationship.id, agreement({ reviewDate })))).not.toBe(
        "allowed",
      );
    }
    for (const dueAt of ["2027-02-30", "10000-01-01", "-000001-01-01", "2027-01-01junk", "2099-01-01"]) {
      expect(
        await status(addAction(mentee.id, relationship.id, { text: "x", owner: "mentee", dueAt })),
        dueAt,
      ).not.toBe("allowed");
    }
    const ok = await addAction(mentee.id, relationship.id, {
      text: "x",
      owner: "mentee",
      dueAt: "2027-02-28",
    });
    expect(ok.dueAt?.toISOString()).toBe("2027-02-28T00:00:00.000Z");
  });
});
