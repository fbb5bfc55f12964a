import { hashPassword } from "~/auth/password.server";
import { courseForUser, enrolForOrganisation } from "~/courses/courses.server";
import { refreshCompletion } from "~/courses/progress.server";
import { prisma } from "~/db.server";
import { completeCourse, startCourse } from "./demo-progress";

// the demo trust's trainees in every state the hr dashboard shows, so its summary, filters,
// export and reminders can be tried at once. idempotent: a trainee who exists is left alone.
// the dates hold together: enrolled before the due date, the first activity and completion.

const COURSE = "mentoring-for-doctors";
const DAY = 86_400_000;

type Demo = {
  email: string;
  name: string;
  gmcNumber: string;
  /** days from today; negative is in the past */
  due: number | null;
  /** when hr enrolled them: before their due date, their first activity and their completion */
  enrolledDaysAgo: number;
  state: "not_started" | { lessons: number; daysAgo: number } | { completedDaysAgo: number };
};

export const DEMO_TRAINEES: Demo[] = [
  {
    email: "priya.shah@demo.test",
    name: "Dr Priya Shah",
    gmcNumber: "7200001",
    due: 60,
    enrolledDaysAgo: 10,
    state: "not_started",
  },
  {
    email: "tom.hughes@demo.test",
    name: "Dr Tom Hughes",
    gmcNumber: "7200002",
    due: -14,
    enrolledDaysAgo: 74,
    state: "not_started",
  },
  {
    email: "grace.mensah@demo.test",
    name: "Dr Grace Mensah",
    gmcNumber: "7200003",
    due: 30,
    enrolledDaysAgo: 30,
    state: { lessons: 3, daysAgo: 2 },
  },
  {
    email: "ben.carter@demo.test",
    name: "Dr Ben Carter",
    gmcNumber: "7200004",
    due: -7,
    enrolledDaysAgo: 60,
    state: { lessons: 6, daysAgo: 20 },
  },
  {
    email: "aisha.rahman@demo.test",
    name: "Dr Aisha Rahman",
    gmcNumber: "7200005",
    due: null,
    enrolledDaysAgo: 40,
    state: { lessons: 12, daysAgo: 5 },
  },
  {
    email: "oliver.wright@demo.test",
    name: "Dr Oliver Wright",
    gmcNumber: "7200006",
    due: 10,
    enrolledDaysAgo: 50,
    state: { completedDaysAgo: 3 },
  },
  // certified more than a year ago (this course's certificates do not expire)
  {
    email: "hannah.price@demo.test",
    name: "Dr Hannah Price",
    gmcNumber: "7200007",
    due: null,
    enrolledDaysAgo: 420,
    state: { completedDaysAgo: 400 },
  },
];

export async function seedDemoTrainees(trustId: string, hrUserId: string, password: string): Promise<number> {
  if (!(await prisma.course.findUnique({ where: { id: COURSE } }))) return 0;
  let created = 0;
  const now = Date.now();
  for (const t of DEMO_TRAINEES) {
    if (await prisma.user.findUnique({ where: { email: t.email } })) continue;
    const user = await prisma.user.create({
      data: {
        email: t.email,
        name: t.name,
        gmcNumber: t.gmcNumber,
        passwordHash: await hashPassword(password),
      },
    });
    await prisma.membership.create({
      data: { userId: user.id, organisationId: trustId, role: "trainee", grantedById: hrUserId },
    });
    const result = await prisma.$transaction((tx) =>
      enrolForOrganisation(tx, {
        userId: user.id,
        courseId: COURSE,
        organisationId: trustId,
        source: "organisation",
        dueAt: t.due === null ? null : new Date(now + t.due * DAY),
      }),
    );
    if (!("enrolment" in result)) throw new Error(`demo trainee ${t.email} could not be enrolled`);
    const enrolment = await prisma.enrolment.update({
      where: { id: result.enrolment.id },
      data: { enrolledAt: new Date(now - t.enrolledDaysAgo * DAY) },
    });
    if (t.state === "not_started") {
      await refreshCompletion(enrolment, (await courseForUser(COURSE, user.id))!.definition, {
        activityAt: null,
      });
    } else if ("lessons" in t.state) {
      await startCourse(enrolment, COURSE, t.state.lessons, new Date(now - t.state.daysAgo * DAY));
    } else {
      await completeCourse(user.id, COURSE, { at: new Date(now - t.state.completedDaysAgo * DAY) });
    }
    created++;
  }
  return created;
}
