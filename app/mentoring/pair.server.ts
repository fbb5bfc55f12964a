import { z } from "zod";
import { prisma } from "~/db.server";
import { audit } from "~/organisations/audit.server";
import { isUniqueViolation } from "~/utils/db-errors";
import { getEmailTransport } from "~/email/transport.server";
import { getEnv } from "~/env.server";
import { formatDate, ukDay } from "~/utils/dates";
import { isCleanMultiLine } from "~/utils/forms";
import { takeRateSlot } from "~/utils/rate-limit.server";
import { meetingInvitation } from "./ics";
import { notify } from "./notify.server";
import { MentoringError } from "./schemes.server";
import { MODES, type Mode } from "./vocabulary";

// what a mentoring pair writes: the agreement, meetings, private notes, goals, action points,
// the ending and the evaluations (issue 18, decision 028).
//
// every function here starts with pairMember: the relationship's mentor or mentee, and nobody
// else. not the scheme lead, not HR, not a platform administrator: for them the relationship
// does not exist (404, the same answer as for a relationship that does not). a meeting note is
// narrower still: its author only. audit rows name what happened, never what was written.

export type PairRole = "mentor" | "mentee";

const SERVICE = "Mentor training for doctors";
const MODE_PHRASES: Record<Mode, string> = {
  in_person: "in person",
  video: "by video call",
  phone: "by phone",
};

const UNSAVEABLE =
  "The text contains characters that cannot be saved, often from copying and pasting. Remove them or type the text again.";

/** the relationship, if this user is one of its two people; otherwise "not found" */
export async function pairMember(relationshipId: string, userId: string) {
  const relationship = await prisma.mentoringRelationship.findUnique({
    where: { id: relationshipId },
    include: {
      mentor: { select: { id: true, name: true } },
      mentee: { select: { id: true, name: true } },
      scheme: { select: { organisationId: true, name: true } },
    },
  });
  if (!relationship || (relationship.mentorId !== userId && relationship.menteeId !== userId)) {
    throw new MentoringError("There is no such mentoring relationship.", 404);
  }
  const role: PairRole = relationship.mentorId === userId ? "mentor" : "mentee";
  return { relationship, role };
}

async function openPair(relationshipId: string, userId: string) {
  const pair = await pairMember(relationshipId, userId);
  if (pair.relationship.endedAt) {
    throw new MentoringError("This mentoring relationship has ended: it can be read, not changed.", 409);
  }
  return pair;
}

/** the limits of confidentiality the course teaches, offered as the agreement's starting text */
export const CONFIDENTIALITY_LIMITS = [
  "What we talk about stays between us. There are limits. The mentor may need to act if:",
  "- the mentee, a patient or anyone else is at risk of serious harm (including a child or an adult at risk)",
  "- there is a serious probity or criminal matter",
  "- the law requires it.",
  "",
  "If that happens, the mentor will normally talk to the mentee first. If the mentor is unsure, they will seek advice without naming the mentee.",
  "",
  "The mentor may talk about our mentoring in their own supervision, without saying who the mentee is.",
  "",
  "The scheme's leads know that we are paired. Nothing else about our mentoring, including whether or how often we meet, goes to the mentee's line manager, supervisors, training body or employer, or is used in any assessment.",
].join("\n");

/** the agreement's starting text on contact between meetings: the mentor is not an emergency service */
export const CONTACT_DEFAULT =
  "Email, for arranging meetings and short questions. We reply within a few working days. The mentor is not an emergency service. If the mentee needs urgent help, they will contact their GP, or NHS 111 (England and Wales, choose the mental health option), NHS 24 on 111 (Scotland), or their GP out-of-hours service or Lifeline on 0808 808 8000 (Northern Ireland). Samaritans answer at any time on 116 123. In an emergency, call 999.";

/** the agreement's starting text on notes */
export const NOTES_DEFAULT =
  "Each of us keeps our own short notes on this service; the other person is not shown them. We leave out anything that could identify a patient or anyone else. We delete our notes when the mentoring ends, unless we agree otherwise.";

/** a date typed as YYYY-MM-DD (a date field), as that day; not a day that does not exist */
const isoDay = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .transform((v, ctx) => {
      const d = new Date(`${v}T00:00:00.000Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
        ctx.addIssue({ code: "custom", message: "That date does not exist. Check the day and month." });
        return z.NEVER;
      }
      return d;
    });
const YEARS_5 = 5 * 366 * 86_400_000;

const field = (max: number, message: string) =>
  z
    .string()
    .trim()
    .min(1, message)
    .max(max, `Keep it under ${max.toLocaleString("en-GB")} characters`)
    .refine(isCleanMultiLine, UNSAVEABLE);

export const agreementSchema = z.object({
  objectives: field(3_000, "Write what the mentee wants to get out of mentoring"),
  frequency: field(300, "Say how often you will meet, and for how long"),
  modes: z
    .array(z.string())
    .transform((xs) => [...new Set(xs)])
    .refine((xs) => xs.length > 0, "Choose at least one way you will meet")
    .refine((xs) => xs.every((x) => Object.hasOwn(MODES, x)), "Choose from the list")
    .transform((xs) => xs as Mode[]),
  goals: field(3_000, "Write the goals, and how you will both know they are being met"),
  confidentiality: field(3_000, "Write what stays between you, and its limits"),
  contact: field(1_000, "Say how you will contact each other between meetings"),
  notes: field(1_000, "Say who keeps notes and what happens to them"),
  reviewDate: z
    .union([z.date(), isoDay("Enter the date you will review how it is going")])
    .refine((d) => d.getTime() > Date.now() - 86_400_000, "The review date should not be in the past")
    .refine((d) => d.getTime() < Date.now() + YEARS_5, "The review date should be within the next 5 years"),
  noFaultEnding: z.literal(true, {
    error: "Both of you need to agree that either can end the relationship without blame",
  }),
});
export type AgreementInput = z.input<typeof agreementSchema>;

/**
 * a new version of the agreement, written by either person and confirmed by them as they save
 * it; in force once the other confirms too. an earlier version stays as it was.
 */
export async function saveAgreement(userId: string, relationshipId: string, input: AgreementInput) {
  const { relationship, role } = await openPair(relationshipId, userId);
  const content = agreementSchema.parse(input);
  const now = new Date();
  for (let attempt = 0; ; attempt++) {
    const last = await prisma.mentoringAgreement.findFirst({
      where: { relationshipId },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    try {
      const agreement = await prisma.mentoringAgreement.create({
        data: {
          relationshipId,
          version: (last?.version ?? 0) + 1,
          content: JSON.stringify(content),
          createdById: userId,
          mentorConfirmedAt: role === "mentor" ? now : null,
          menteeConfirmedAt: role === "mentee" ? now : null,
        },
      });
      await audit(prisma, {
        actorId: userId,
        organisationId: relationship.scheme.organisationId,
        action: "mentoring.agreement_saved",
        detail: { relationshipId, version: agreement.version },
      });
      return agreement;
    } catch (error) {
      // both saved a version at once: the later one becomes the next version
      if (!isUniqueViolation(error) || attempt > 3) throw error;
    }
  }
}

/** the other person confirms a version; only the latest version can be confirmed */
export async function confirmAgreement(userId: string, relationshipId: string, version: number) {
  const { role } = await openPair(relationshipId, userId);
  const latest = await prisma.mentoringAgreement.findFirst({
    where: { relationshipId },
    orderBy: { version: "desc" },
  });
  if (!latest || latest.version !== version) {
    throw new MentoringError("The agreement has changed since you opened it. Read the new version.", 409);
  }
  return prisma.mentoringAgreement.update({
    where: { id: latest.id },
    data: role === "mentor" ? { mentorConfirmedAt: new Date() } : { menteeConfirmedAt: new Date() },
  });
}

export const meetingSchema = z.object({
  heldAt: z.coerce.date({ error: "Enter the date and time of the meeting" }),
  minutes: z.coerce
    .number({ error: "Give the length in minutes" })
    .int("Give a whole number of minutes")
    .min(5, "At least 5 minutes")
    .max(480, "At most 8 hours"),
  mode: z.enum(Object.keys(MODES) as [Mode], { error: "Choose how you met" }),
});

export async function logMeeting(
  userId: string,
  relationshipId: string,
  input: z.input<typeof meetingSchema>,
) {
  const { relationship } = await openPair(relationshipId, userId);
  const data = meetingSchema.parse(input);
  if (data.heldAt.getTime() > Date.now() + 366 * 86_400_000) {
    throw new MentoringError("That date is more than a year away.", 400, "heldAt");
  }
  // a meeting of this relationship happens after it began (a day's grace for time zones)
  if (data.heldAt.getTime() < relationship.startedAt.getTime() - 86_400_000) {
    throw new MentoringError(
      `That date is before your mentoring began (${formatDate(relationship.startedAt, "long")}).`,
      400,
      "heldAt",
    );
  }
  // hours in a cpd record come from these: a pair meets at most twice in one day
  const day = ukDay(data.heldAt);
  const sameDay = await prisma.mentoringMeeting.findMany({
    where: {
      relationshipId,
      heldAt: {
        gte: new Date(data.heldAt.getTime() - 86_400_000),
        lte: new Date(data.heldAt.getTime() + 86_400_000),
      },
    },
    select: { heldAt: true },
  });
  if (sameDay.filter((m) => ukDay(m.heldAt) === day).length >= 2) {
    throw new MentoringError("You already have 2 meetings on that day. Choose another date.", 400, "heldAt");
  }
  const meeting = await prisma.mentoringMeeting.create({
    data: { relationshipId, ...data, createdById: userId },
  });
  await audit(prisma, {
    actorId: userId,
    organisationId: relationship.scheme.organisationId,
    action: "mentoring.meeting_logged",
    detail: { relationshipId, meetingId: meeting.id },
  });
  return meeting;
}

/**
 * removes a meeting that did not take place (or was logged by mistake): by the person who logged
 * it, while the relationship is open. the other person's notes are theirs, so a meeting they
 * have written about stays until they clear their notes.
 */
export async function removeMeeting(userId: string, meetingId: string) {
  const meeting = await prisma.mentoringMeeting.findUnique({ where: { id: meetingId } });
  if (!meeting) throw new MentoringError("There is no such meeting.", 404);
  const { relationship } = await openPair(meeting.relationshipId, userId);
  if (meeting.createdById !== userId) {
    throw new MentoringError("Only the person who added a meeting can remove it.", 403);
  }
  const othersNotes = await prisma.mentoringNote.count({
    where: { meetingId, authorId: { not: userId }, text: { not: "" } },
  });
  if (othersNotes > 0) {
    throw new MentoringError(
      "The other person has written notes on this meeting, so it cannot be removed. Ask them to clear their notes first.",
      409,
    );
  }
  await prisma.mentoringMeeting.delete({ where: { id: meetingId } });
  await audit(prisma, {
    actorId: userId,
    organisationId: relationship.scheme.organisationId,
    action: "mentoring.meeting_removed",
    detail: { relationshipId: relationship.id, meetingId },
  });
}

/** this person's own note on a meeting: created or replaced, never seen by the other */
export async function saveNote(userId: string, meetingId: string, text: string) {
  const meeting = await prisma.mentoringMeeting.findUnique({ where: { id: meetingId } });
  if (!meeting) throw new MentoringError("There is no such meeting.", 404);
  await pairMember(meeting.relationshipId, userId);
  const body = z
    .string()
    .trim()
    .max(20_000, "Keep the note under 20,000 characters")
    .refine(isCleanMultiLine, UNSAVEABLE)
    .parse(text);
  return prisma.mentoringNote.upsert({
    where: { meetingId_authorId: { meetingId, authorId: userId } },
    create: { meetingId, authorId: userId, text: body },
    update: { text: body },
  });
}

export const goalSchema = z.object({
  title: field(300, "Write the goal"),
  measure: z.string().trim().max(1_000, "Keep it under 1,000 characters").default(""),
});

export async function addGoal(userId: string, relationshipId: string, input: z.input<typeof goalSchema>) {
  await openPair(relationshipId, userId);
  return prisma.mentoringGoal.create({
    data: { relationshipId, ...goalSchema.parse(input), createdById: userId },
  });
}

export async function updateGoal(
  userId: string,
  goalId: string,
  input: { progress: number; status: "open" | "met" | "set_aside" },
) {
  const goal = await prisma.mentoringGoal.findUnique({ where: { id: goalId } });
  if (!goal) throw new MentoringError("There is no such goal.", 404);
  await openPair(goal.relationshipId, userId);
  const data = z
    .object({
      progress: z.coerce
        .number({ error: "Choose how far the goal has come, from 0 to 100%" })
        .int("Choose how far the goal has come, from 0 to 100%")
        .min(0, "Choose how far the goal has come, from 0 to 100%")
        .max(100, "Choose how far the goal has come, from 0 to 100%"),
      status: z.enum(["open", "met", "set_aside"], { error: "Choose the goal's status" }),
    })
    .parse(input);
  return prisma.mentoringGoal.update({ where: { id: goalId }, data });
}

export async function addAction(
  userId: string,
  relationshipId: string,
  input: {
    text: string;
    owner: "mentor" | "mentee" | "both";
    dueAt?: string | null;
    meetingId?: string | null;
  },
) {
  const { relationship } = await openPair(relationshipId, userId);
  const data = z
    .object({
      text: field(500, "Write the action point"),
      owner: z.enum(["mentor", "mentee", "both"], { error: "Choose who will do it" }),
      dueAt: isoDay("Enter the date like 2027-03-31, or leave it empty")
        .refine((d) => d.getTime() < Date.now() + YEARS_5, "Choose a date within the next 5 years")
        .nullish(),
      meetingId: z.string().nullish(),
    })
    .parse(input);
  if (data.meetingId) {
    const meeting = await prisma.mentoringMeeting.findUnique({ where: { id: data.meetingId } });
    if (meeting?.relationshipId !== relationshipId)
      throw new MentoringError("There is no such meeting.", 404);
  }
  return prisma.mentoringAction.create({
    data: {
      relationshipId,
      meetingId: data.meetingId ?? null,
      text: data.text,
      ownerId:
        data.owner === "both"
          ? null
          : data.owner === "mentor"
            ? relationship.mentorId
            : relationship.menteeId,
      dueAt: data.dueAt ?? null,
      createdById: userId,
    },
  });
}

export async function setActionDone(userId: string, actionId: string, done: boolean) {
  const action = await prisma.mentoringAction.findUnique({ where: { id: actionId } });
  if (!action) throw new MentoringError("There is no such action point.", 404);
  await openPair(action.relationshipId, userId);
  return prisma.mentoringAction.update({
    where: { id: actionId },
    data: { doneAt: done ? new Date() : null },
  });
}

/** either person ends it, no reason asked; the mentor's place is freed */
export async function endRelationship(userId: string, relationshipId: string) {
  const { relationship } = await pairMember(relationshipId, userId);
  await prisma.$transaction(async (tx) => {
    const ended = await tx.mentoringRelationship.updateMany({
      where: { id: relationshipId, endedAt: null },
      data: { endedAt: new Date(), endedById: userId },
    });
    if (ended.count !== 1) throw new MentoringError("This mentoring relationship has already ended.", 409);
    await tx.mentorProfile.update({
      where: { id: relationship.mentorProfileId },
      data: { taken: { decrement: 1 } },
    });
  });
  await audit(prisma, {
    actorId: userId,
    organisationId: relationship.scheme.organisationId,
    action: "mentoring.relationship_ended",
    detail: { relationshipId },
  });
  await notify.ended(
    relationship.mentorId === userId ? relationship.menteeId : relationship.mentorId,
    relationshipId,
  );
}

export const evaluationSchema = z.object({
  helpful: z.coerce
    .number({ error: "Choose how helpful it was" })
    .int()
    .min(1, "Choose from 1 to 5")
    .max(5, "Choose from 1 to 5"),
  goalsMet: z.coerce
    .number({ error: "Choose how far the goals were met" })
    .int()
    .min(1, "Choose from 1 to 5")
    .max(5, "Choose from 1 to 5"),
  recommend: z.boolean({ error: "Say whether you would recommend the scheme" }),
  comment: z.string().trim().max(2_000, "Keep the comment under 2,000 characters").default(""),
});

/** each person's short evaluation, once the relationship has ended; one each */
export async function evaluate(
  userId: string,
  relationshipId: string,
  input: z.input<typeof evaluationSchema>,
) {
  const { relationship, role } = await pairMember(relationshipId, userId);
  if (!relationship.endedAt)
    throw new MentoringError("The evaluation comes when the relationship ends.", 409);
  const data = evaluationSchema.parse(input);
  try {
    return await prisma.mentoringEvaluation.create({
      data: { relationshipId, authorId: userId, role, ...data },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new MentoringError("You have already given your evaluation.", 409);
    throw error;
  }
}

/** everything one of the pair may see: shared things, and their own notes and evaluation only */
export async function pairView(userId: string, relationshipId: string) {
  const { relationship, role } = await pairMember(relationshipId, userId);
  const [agreements, meetings, goals, actions, evaluation, cpd] = await Promise.all([
    prisma.mentoringAgreement.findMany({ where: { relationshipId }, orderBy: { version: "desc" } }),
    prisma.mentoringMeeting.findMany({
      where: { relationshipId },
      orderBy: { heldAt: "desc" },
      include: { notes: { where: { authorId: userId } } },
    }),
    prisma.mentoringGoal.findMany({ where: { relationshipId }, orderBy: { createdAt: "asc" } }),
    prisma.mentoringAction.findMany({ where: { relationshipId }, orderBy: { createdAt: "asc" } }),
    prisma.mentoringEvaluation.findUnique({
      where: { relationshipId_authorId: { relationshipId, authorId: userId } },
    }),
    role === "mentor"
      ? prisma.mentoringCpd.findUnique({ where: { relationshipId_userId: { relationshipId, userId } } })
      : Promise.resolve(null),
  ]);
  return {
    relationship,
    role,
    agreements: agreements.map((a) => ({
      ...a,
      content: JSON.parse(a.content) as z.output<typeof agreementSchema>,
    })),
    meetings: meetings.map(({ notes, ...m }) => ({ ...m, myNote: notes[0]?.text ?? null })),
    goals,
    actions,
    evaluation,
    cpd,
  };
}

/** the mentor's hours with this mentee (from the meetings logged), for their cpd record */
export async function recordMentoringCpd(userId: string, relationshipId: string, reflection: string) {
  const { role } = await pairMember(relationshipId, userId);
  if (role !== "mentor") throw new MentoringError("Mentoring hours go in the mentor's CPD record.", 403);
  const text = field(5_000, "Write a short reflection on what you learned").parse(reflection);
  // the meetings that have happened: a planned one is not yet time spent mentoring
  const meetings = await prisma.mentoringMeeting.findMany({
    where: { relationshipId, heldAt: { lte: new Date() } },
    select: { minutes: true },
  });
  const hours = Math.round((meetings.reduce((s, m) => s + m.minutes, 0) / 60) * 4) / 4;
  if (hours <= 0) throw new MentoringError("Log the meetings first: the hours come from them.", 409);
  return prisma.mentoringCpd.upsert({
    where: { relationshipId_userId: { relationshipId, userId } },
    create: { relationshipId, userId, hours, reflection: text },
    update: { hours, reflection: text },
  });
}

/**
 * a calendar invitation for a meeting, emailed to both of the pair. it carries the time, the
 * length and the way of meeting; never the pair's notes or goals.
 */
export async function sendMeetingInvitation(userId: string, meetingId: string) {
  const meeting = await prisma.mentoringMeeting.findUnique({ where: { id: meetingId } });
  if (!meeting) throw new MentoringError("There is no such meeting.", 404);
  const { relationship } = await openPair(meeting.relationshipId, userId);
  if (meeting.heldAt.getTime() < Date.now()) {
    throw new MentoringError(
      "That meeting has already happened: an invitation is for a meeting to come.",
      409,
    );
  }
  // a meeting's invitation goes at most 3 times a day (a changed calendar, a lost email), so the
  // button cannot be used to fill the other person's inbox
  const slot = await takeRateSlot(`mentoring-ics:${meeting.id}`, 3, 86_400_000);
  if (!slot.ok) {
    throw new MentoringError(
      "The invitation for this meeting has been sent 3 times today. Try again tomorrow.",
      429,
    );
  }
  const people = await prisma.user.findMany({
    where: { id: { in: [relationship.mentorId, relationship.menteeId] } },
    select: { id: true, name: true, email: true },
  });
  const host = new URL(getEnv().APP_URL).hostname;
  const pageUrl = new URL(`/mentoring/pairs/${relationship.id}`, getEnv().APP_URL).href;
  const when = formatDate(meeting.heldAt, "dateTimeMedium");
  const how = MODE_PHRASES[meeting.mode as Mode] ?? "";
  // a calendar is often shared (a secretary, a rota coordinator): the entry says "private
  // meeting", not whose or what about; the email links to the page, where the rest is
  const ics = meetingInvitation({
    uid: `${meeting.id}@${host}`,
    start: meeting.heldAt,
    minutes: meeting.minutes,
    summary: "Private meeting",
    description: `Details are on ${SERVICE}: sign in to see them.`,
  });
  const transport = getEmailTransport();
  for (const person of people) {
    const other = person.id === relationship.mentorId ? relationship.mentee.name : relationship.mentor.name;
    await transport.send({
      to: person.email,
      subject: `Meeting invitation, ${when}`,
      text: [
        `Hello ${person.name},`,
        "",
        `Your meeting with ${other} is on ${when} (UK time), for ${meeting.minutes} minutes, ${how}.`,
        'The calendar invitation is attached: open it to add the meeting to your calendar. It is called "Private meeting".',
        "",
        `Your private notes and your shared action points: ${pageUrl}`,
      ].join("\n"),
      attachments: [{ filename: "meeting.ics", contentType: "text/calendar", content: ics }],
    });
  }
  await audit(prisma, {
    actorId: userId,
    organisationId: relationship.scheme.organisationId,
    action: "mentoring.invitation_sent",
    detail: { relationshipId: relationship.id, meetingId: meeting.id },
  });
}
