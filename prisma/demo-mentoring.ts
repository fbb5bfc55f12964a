import { hashPassword } from "~/auth/password.server";
import { enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import {
  addAction,
  addGoal,
  CONFIDENTIALITY_LIMITS,
  confirmAgreement,
  CONTACT_DEFAULT,
  logMeeting,
  NOTES_DEFAULT,
  saveAgreement,
  saveNote,
} from "~/mentoring/pair.server";
import { answerProposal, createRequest, proposeMentor } from "~/mentoring/requests.server";
import { joinRegister, saveScheme } from "~/mentoring/schemes.server";
import { completeCourse } from "./demo-progress";

// the demo deanery's mentoring scheme (issue 18), built through the real services: a scheme
// lead, certified mentors on the register (a deanery serves one region of one nation: its mentors
// all work in England's North West) (one at capacity, one the line manager of the demo
// trainee), the demo trainee's request waiting for them to choose, and an active pair with a
// confirmed agreement, meetings, each person's private notes, a goal and an action point.
// idempotent: once the scheme exists, nothing is added.

const COURSE = "mentoring-for-doctors";
const DAY = 86_400_000;

type Mentor = {
  email: string;
  name: string;
  gmcNumber: string;
  profile: Parameters<typeof joinRegister>[2];
};

export const DEMO_MENTORS: Mentor[] = [
  {
    // the demo trainee's line manager: on the register, and never suggested to her
    email: "mentor.webb@demo.test",
    name: "Dr Martin Webb",
    gmcNumber: "7300005",
    profile: {
      specialty: "Acute medicine",
      grade: "Consultant and clinical lead",
      nation: "england",
      region: "North West",
      department: "Acute Medicine",
      areas: ["career", "wellbeing", "leadership"],
      modes: ["in_person", "video"],
      capacity: 2,
      note: "Clinical lead for acute medicine.",
    },
  },
  {
    email: "mentor.evans@demo.test",
    name: "Dr Gareth Evans",
    gmcNumber: "7300001",
    profile: {
      specialty: "General practice",
      grade: "GP partner",
      nation: "england",
      region: "Cheshire and Merseyside",
      department: "Heathfield Surgery",
      areas: ["career", "leadership", "wellbeing"],
      modes: ["in_person", "video"],
      capacity: 2,
      note: "GP partner and trainer. Happy to talk through career choices and the move into leadership.",
    },
  },
  {
    email: "mentor.raman@demo.test",
    name: "Dr Priya Raman",
    gmcNumber: "7300002",
    profile: {
      specialty: "Paediatrics",
      grade: "Consultant",
      nation: "england",
      region: "Greater Manchester",
      department: "Paediatrics",
      areas: ["career", "exams_arcp", "ltft", "return_to_work"],
      modes: ["video", "phone"],
      capacity: 1,
      note: "Worked less than full time for six years; returned to training after parental leave.",
    },
  },
  {
    email: "mentor.macleod@demo.test",
    name: "Dr Fiona MacLeod",
    gmcNumber: "7300003",
    profile: {
      specialty: "Emergency medicine",
      grade: "Consultant",
      nation: "england",
      region: "Lancashire and South Cumbria",
      department: "Emergency Department",
      areas: ["career", "wellbeing", "difficult_situations", "img_transition"],
      modes: ["video", "phone"],
      capacity: 3,
      note: "Emergency medicine consultant. I mentor international graduates settling into UK practice.",
    },
  },
  {
    email: "mentor.byrne@demo.test",
    name: "Dr Ciaran Byrne",
    gmcNumber: "7300004",
    profile: {
      specialty: "Psychiatry",
      grade: "Consultant",
      nation: "england",
      region: "Greater Manchester",
      department: "Adult Mental Health",
      areas: ["wellbeing", "research", "teaching", "career"],
      modes: ["in_person", "video", "phone"],
      capacity: 2,
      note: "",
    },
  },
];

/** the doctor already paired with Dr Raman, which fills her one place */
const PAIRED_MENTEE = { email: "mentee.ali@demo.test", name: "Dr Yusuf Ali", gmcNumber: "7300010" };

async function person(email: string, name: string, gmcNumber: string, password: string) {
  return (
    (await prisma.user.findUnique({ where: { email } })) ??
    (await prisma.user.create({
      data: { email, name, gmcNumber, passwordHash: await hashPassword(password) },
    }))
  );
}

async function member(userId: string, organisationId: string, role: string) {
  await prisma.membership.upsert({
    where: { userId_organisationId_role: { userId, organisationId, role } },
    create: { userId, organisationId, role },
    update: {},
  });
}

export async function seedDemoMentoring(deaneryId: string, password: string) {
  if (await prisma.mentoringScheme.findUnique({ where: { organisationId: deaneryId } })) return false;
  if (!(await prisma.course.findUnique({ where: { id: COURSE } }))) return false;
  const lead = await person("lead@demo.test", "Dr Rhian Price", "7300020", password);
  await member(lead.id, deaneryId, "scheme_lead");
  const actor = { id: lead.id, isAdmin: false };
  const scheme = await saveScheme(actor, deaneryId, {
    name: "Kingsmere Deanery mentoring scheme",
    description:
      "Mentoring for doctors in training and SAS doctors across the Kingsmere area. What you discuss stays between you and your mentor, within limits you agree at your first meeting. Mentors are senior doctors who have completed the mentoring course.",
    mentorEntry: "certificate",
    matchingMode: "mentee_chooses",
    defaultMonths: 12,
    open: true,
  });

  const mentors = new Map<string, string>();
  for (const [i, m] of DEMO_MENTORS.entries()) {
    const user = await person(m.email, m.name, m.gmcNumber, password);
    await member(user.id, deaneryId, "trainee");
    if (!(await prisma.certificate.findFirst({ where: { userId: user.id, courseId: COURSE } }))) {
      // enrolled a fortnight before they finished, some months ago
      const at = new Date(Date.now() - (60 + i * 20) * DAY);
      const enrolment = await enrol(user.id, COURSE);
      await prisma.enrolment.update({
        where: { id: enrolment.id },
        data: { enrolledAt: new Date(at.getTime() - 14 * DAY) },
      });
      await completeCourse(user.id, COURSE, { at });
    }
    await joinRegister(user.id, scheme.id, m.profile);
    mentors.set(m.email, user.id);
  }

  // the active pair: Dr Ali asked, chose Dr Raman, she said yes; they agreed and have met twice
  const ali = await person(PAIRED_MENTEE.email, PAIRED_MENTEE.name, PAIRED_MENTEE.gmcNumber, password);
  await member(ali.id, deaneryId, "trainee");
  const aliRequest = await createRequest(ali.id, scheme.id, {
    areas: ["ltft", "career"],
    hopes:
      "I am thinking about training less than full time and want to talk it through with someone who has done it.",
    specialty: "Paediatrics",
    grade: "ST4",
    nation: "england",
    modes: ["video"],
    conflicts: [],
  });
  const raman = await prisma.mentorProfile.findFirstOrThrow({
    where: { schemeId: scheme.id, userId: mentors.get("mentor.raman@demo.test")! },
  });
  const proposal = await proposeMentor({ id: ali.id, isAdmin: false }, aliRequest.id, raman.id);
  const pair = (await answerProposal(raman.userId, proposal.id, true))!;
  // they were matched two months ago (the request a week before that)
  const matchedAt = new Date(Date.now() - 60 * DAY);
  await prisma.mentorRequest.update({
    where: { id: aliRequest.id },
    data: { createdAt: new Date(matchedAt.getTime() - 7 * DAY), matchedAt },
  });
  await prisma.mentoringRelationship.update({
    where: { id: pair.id },
    data: { startedAt: matchedAt, plannedEndAt: new Date(matchedAt.getTime() + 365 * DAY) },
  });
  const agreement = await saveAgreement(ali.id, pair.id, {
    objectives:
      "To decide whether to apply for less than full-time training, and how to make it work with ARCP.",
    frequency: "An hour every 4 to 6 weeks",
    modes: ["video"],
    goals:
      "A decision on LTFT by the spring, and a plan for the next ARCP. We will know from the application and the plan.",
    confidentiality: CONFIDENTIALITY_LIMITS,
    contact: CONTACT_DEFAULT,
    notes: NOTES_DEFAULT,
    reviewDate: new Date(Date.now() + 90 * DAY).toISOString().slice(0, 10),
    noFaultEnding: true,
  });
  await confirmAgreement(raman.userId, pair.id, agreement.version);
  const first = await logMeeting(raman.userId, pair.id, {
    heldAt: new Date(Date.now() - 35 * DAY),
    minutes: 60,
    mode: "video",
  });
  await logMeeting(ali.id, pair.id, { heldAt: new Date(Date.now() - 5 * DAY), minutes: 45, mode: "video" });
  await saveNote(
    raman.userId,
    first.id,
    "Demo note (the mentor's own): explored what matters most; listened more than I spoke.",
  );
  await saveNote(ali.id, first.id, "Demo note (the mentee's own): talk to the TPD about LTFT timings.");
  await addGoal(ali.id, pair.id, {
    title: "Decide about less than full-time training",
    measure: "An application sent, or a clear reason not to",
  });
  await addAction(ali.id, pair.id, {
    text: "Read the deanery's LTFT guidance and list questions",
    owner: "mentee",
    dueAt: new Date(Date.now() + 14 * DAY).toISOString().slice(0, 10),
  });

  // the demo trainee's own request, waiting for them to choose: their line manager is on the
  // register, and is never suggested; Dr Raman has no place free
  const trainee = await prisma.user.findUnique({ where: { email: "trainee@demo.test" } });
  if (trainee) {
    await member(trainee.id, deaneryId, "trainee");
    const waiting = await createRequest(trainee.id, scheme.id, {
      areas: ["career", "wellbeing"],
      hopes: "Help thinking through my next career step, and with workload.",
      specialty: "Internal medicine",
      grade: "IMT2",
      nation: "england",
      modes: ["video", "phone"],
      conflicts: [{ relation: "line_manager", email: "mentor.webb@demo.test", name: "Dr Martin Webb" }],
    });
    // asked 9 days ago: the lead's queue shows a real wait
    await prisma.mentorRequest.update({
      where: { id: waiting.id },
      data: { createdAt: new Date(Date.now() - 9 * DAY) },
    });
  }
  return true;
}
