import { formatDate } from "~/utils/dates";
import { flowingPdf } from "~/utils/pdf-text";
import { pairView } from "./pair.server";
import { MentoringError } from "./schemes.server";
import { MODES } from "./vocabulary";

// the mentoring agreement as a pdf, for either of the pair and nobody else (pairView checks).
// the version asked for, or the latest; it says who has confirmed it and when.

export async function agreementPdf(userId: string, relationshipId: string, version?: number) {
  const view = await pairView(userId, relationshipId);
  const agreement =
    version === undefined ? view.agreements[0] : view.agreements.find((a) => a.version === version);
  if (!agreement) throw new MentoringError("There is no such version of the agreement.", 404);
  const { relationship } = view;
  const c = agreement.content;
  const doc = await flowingPdf(
    `Mentoring agreement - ${relationship.mentor.name} and ${relationship.mentee.name}`,
  );
  doc.text("Mentoring agreement", { size: 18, bold: true, gap: 8 });
  doc.text(relationship.scheme.name, { size: 12 });
  doc.text(`Mentor: ${relationship.mentor.name}`, { size: 12 });
  doc.text(`Mentee: ${relationship.mentee.name}`, { size: 12, gap: 8 });
  const confirmed = (who: string, at: Date | null) =>
    at ? `${who} confirmed on ${formatDate(at, "long")}` : `${who} has not confirmed this version`;
  doc.text(
    `Version ${agreement.version}${agreement.version === view.agreements[0]?.version ? " (the latest)" : " (replaced by a later version)"}, written ${formatDate(agreement.createdAt, "long")}`,
  );
  doc.text(confirmed("The mentor", agreement.mentorConfirmedAt));
  doc.text(confirmed("The mentee", agreement.menteeConfirmedAt), { gap: 14 });
  const section = (heading: string, body: string) => {
    doc.text(heading, { size: 12, bold: true, gap: 4 });
    doc.text(body, { gap: 4 });
    doc.space(8);
  };
  section("What the mentee wants to get out of mentoring", c.objectives);
  section(
    "How often and how we meet",
    `${c.frequency}\nWays we meet: ${c.modes.map((m) => MODES[m]).join(", ")}`,
  );
  section("Goals, and how we will both know they are being met", c.goals);
  section("Confidentiality and its limits", c.confidentiality);
  section("Contact between meetings", c.contact);
  section("Notes", c.notes);
  section("Review", `We will review how the mentoring is going on ${formatDate(c.reviewDate, "long")}.`);
  section(
    "Ending",
    "Either of us can end this mentoring relationship at any time, without blame and without giving a reason.",
  );
  doc.text(
    "This agreement belongs to the two people named above. On Mentor training for doctors only they can open it: the scheme's leads, HR and the service's administrators are not shown it. Keep this copy somewhere private.",
    { size: 9 },
  );
  return { bytes: await doc.save(), version: agreement.version };
}
