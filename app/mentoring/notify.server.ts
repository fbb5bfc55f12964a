import { prisma } from "~/db.server";
import { getEmailTransport } from "~/email/transport.server";
import { getEnv } from "~/env.server";
import { logger } from "~/logger.server";

// the emails of a mentoring scheme. they say that something happened and link to the page; they
// never carry what anyone wrote (an inbox is often read by others, or kept for years). a failed
// email does not undo what was done: the page shows the same thing.

const link = (path: string) => new URL(path, getEnv().APP_URL).href;

async function send(userId: string, subject: string, lines: string[]) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  if (!user) return;
  try {
    await getEmailTransport().send({
      to: user.email,
      subject,
      text: [`Hello ${user.name},`, "", ...lines].join("\n"),
    });
  } catch (error) {
    logger.error({ err: error, subject }, "mentoring email not sent");
  }
}

export const notify = {
  /** a mentor has been asked: by the mentee, or on their behalf by a lead */
  asked: (mentorId: string, schemeName: string, byLead: boolean) =>
    send(
      mentorId,
      byLead ? "A doctor is looking for a mentor" : "A doctor has asked you to be their mentor",
      [
        byLead
          ? `A scheme lead in ${schemeName} has suggested you as a mentor for a doctor.`
          : `A doctor in ${schemeName} would like you to be their mentor.`,
        "You can say yes or no; you do not need to give a reason. Please answer within a week, so the doctor is not left waiting.",
        "",
        `Read their request: ${link("/mentoring")}`,
      ],
    ),
  accepted: (menteeId: string, mentorName: string, relationshipId: string) =>
    send(menteeId, "Your mentor has said yes", [
      `${mentorName} has agreed to be your mentor.`,
      "Arrange your first meeting, and build your mentoring agreement together.",
      "",
      link(`/mentoring/pairs/${relationshipId}`),
    ]),
  declined: (menteeId: string, requestId: string, menteeChooses: boolean) =>
    send(menteeId, "Your request for a mentor: next steps", [
      "The mentor your request went to cannot take it on at the moment. Mentors say no for many reasons, most often time, and nobody is asked to give one.",
      menteeChooses
        ? "Your request is still open. You can choose another mentor:"
        : "Your request is still open. A scheme lead will match you with another mentor. You do not need to do anything.",
      "",
      link(`/mentoring/requests/${requestId}`),
    ]),
  ended: (otherId: string, relationshipId: string) =>
    send(otherId, "Your mentoring relationship has ended", [
      "Your mentoring relationship has been ended. Either of you may end it at any time, without blame, and nobody is asked why.",
      "What you wrote together stays readable to the two of you. You are asked for a short evaluation, to help the scheme.",
      "If you would like another mentor, you can ask the scheme again.",
      "",
      link(`/mentoring/pairs/${relationshipId}`),
    ]),
};
