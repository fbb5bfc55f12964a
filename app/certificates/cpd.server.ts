import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import { definitionFor } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { formatCode } from "./code";
import { verifyUrl } from "./pdf.server";
import { formatDate } from "~/utils/dates";
import { winAnsi } from "~/utils/pdf-text";

// "my cpd record": every completed course with its date, hours, outcomes, the trainee's
// reflection and certificate code, ready for an appraisal or revalidation portfolio.

export async function cpdRecord(userId: string) {
  const enrolments = await prisma.enrolment.findMany({
    where: { userId, completedAt: { not: null } },
    include: { certificate: true, reflection: true },
    orderBy: { completedAt: "desc" },
  });
  const definitions = await Promise.all(enrolments.map((e) => definitionFor(e.courseVersionId)));
  return enrolments.map((e, i) => {
    const def = definitions[i]!;
    return {
      courseId: def.id,
      title: def.title,
      version: def.versionLabel,
      completedAt: e.completedAt!.toISOString(),
      cpdHours: def.cpdHours,
      outcomes: def.outcomes,
      certificate: e.certificate
        ? {
            code: formatCode(e.certificate.code),
            verifyUrl: verifyUrl(e.certificate.code),
            revoked: Boolean(e.certificate.revokedAt),
            expiresAt: e.certificate.expiresAt?.toISOString() ?? null,
          }
        : null,
      reflection: e.reflection
        ? {
            whatHappened: e.reflection.whatHappened,
            whatLearned: e.reflection.whatLearned,
            changePractice: e.reflection.changePractice,
            furtherNeeds: e.reflection.furtherNeeds,
          }
        : null,
    };
  });
}

export type CpdEntry = Awaited<ReturnType<typeof cpdRecord>>[number];

/**
 * the hours a mentor has spent mentoring, one entry per mentee, with their reflection. the
 * mentee is not named and nothing the pair wrote is here: a cpd record goes into an appraisal
 * portfolio, which others read.
 */
export async function mentoringCpdRecord(userId: string) {
  const rows = await prisma.mentoringCpd.findMany({
    where: { userId },
    include: {
      relationship: { select: { startedAt: true, endedAt: true, scheme: { select: { name: true } } } },
    },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => ({
    id: r.id,
    scheme: r.relationship.scheme.name,
    startedAt: r.relationship.startedAt.toISOString(),
    endedAt: r.relationship.endedAt?.toISOString() ?? null,
    hours: r.hours,
    reflection: r.reflection,
    recordedAt: r.updatedAt.toISOString(),
  }));
}

export type MentoringCpdEntry = Awaited<ReturnType<typeof mentoringCpdRecord>>[number];

const day = (iso: string) => formatDate(iso, "long");

/** the record as an a4 portrait pdf, one section per course, flowing over pages */
export async function cpdPdf(
  name: string,
  gmcNumber: string | null,
  entries: CpdEntry[],
  mentoring: MentoringCpdEntry[] = [],
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`CPD record - ${name}`);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const margin = 56;
  let page = pdf.addPage([595.28, 841.89]);
  let y = 841.89 - margin;
  const width = 595.28 - margin * 2;
  const line = (raw: string, size = 10, font = regular, gap = 4) => {
    // the standard fonts encode WinAnsi only: a reflection with an emoji must not break the pdf
    const words = winAnsi(raw).split(/\s+/);
    let current = "";
    const flush = () => {
      if (y < margin + size) {
        page = pdf.addPage([595.28, 841.89]);
        y = 841.89 - margin;
      }
      page.drawText(current, { x: margin, y, size, font, color: rgb(0.13, 0.17, 0.2) });
      y -= size + gap;
      current = "";
    };
    for (const w of words) {
      const next = current ? `${current} ${w}` : w;
      if (font.widthOfTextAtSize(next, size) > width && current) {
        flush();
        current = w;
      } else current = next;
    }
    if (current) flush();
  };
  line("Continuing professional development record", 18, bold, 8);
  line(`${name}${gmcNumber ? ` · GMC number ${gmcNumber}` : ""}`, 12, regular, 4);
  line(
    `Produced ${day(new Date().toISOString())} · courses: ${entries.reduce((s, e) => s + e.cpdHours, 0)} CPD hours${mentoring.length ? ` · mentoring: ${mentoring.reduce((s, m) => s + m.hours, 0)} hours in mentoring meetings` : ""}`,
    10,
    regular,
    14,
  );
  if (entries.length === 0) line("No completed courses yet.");
  for (const e of entries) {
    line(`${e.title} (version ${e.version})`, 13, bold, 6);
    line(`Completed ${day(e.completedAt)} · ${e.cpdHours} CPD hours`);
    if (e.certificate) {
      line(
        `Certificate ${e.certificate.code}${e.certificate.revoked ? " (revoked)" : ""} · verify at ${e.certificate.verifyUrl}`,
      );
    }
    line("Learning outcomes", 10, bold);
    for (const o of e.outcomes) line(`• ${o}`);
    if (e.reflection) {
      line("Reflection", 10, bold);
      line(`What happened: ${e.reflection.whatHappened}`);
      line(`What I learned: ${e.reflection.whatLearned}`);
      line(`How it will change my practice: ${e.reflection.changePractice}`);
      if (e.reflection.furtherNeeds) line(`Further learning needs: ${e.reflection.furtherNeeds}`);
    }
    y -= 10;
  }
  if (mentoring.length > 0) {
    line("Mentoring", 13, bold, 6);
    for (const m of mentoring) {
      line(
        `Mentoring a doctor, ${m.scheme} · ${day(m.startedAt)} to ${m.endedAt ? day(m.endedAt) : "now"} · ${m.hours} hours`,
        10,
        bold,
      );
      line(`Reflection: ${m.reflection}`);
      y -= 6;
    }
  }
  return pdf.save();
}
