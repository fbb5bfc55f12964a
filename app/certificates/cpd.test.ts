import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { courseForUser, enrol } from "~/courses/courses.server";
import { courseProgress, refreshCompletion } from "~/courses/progress.server";
import { saveReflection } from "~/courses/reflection.server";
import { prisma } from "~/db.server";
import { completeFixtureCourse, syncFixtureCourse } from "../../tests/setup/courses";
import { createUser } from "../../tests/setup/factories";
import { cpdPdf, cpdRecord } from "./cpd.server";

const reflection = {
  whatHappened: "I played every role-play and found challenging the hardest.",
  whatLearned: "Asking permission before challenging changes how it lands.",
  changePractice: "I will ask before I challenge, and summarise first.",
  furtherNeeds: "Observed mentoring with feedback.",
};

function pdfText(bytes: Uint8Array) {
  const raw = Buffer.from(bytes);
  const out: string[] = [];
  for (let at = raw.indexOf("stream"); at !== -1; at = raw.indexOf("stream", at + 6)) {
    if (raw.subarray(at - 3, at).toString() === "end") continue;
    const start = at + (raw[at + 6] === 0x0d ? 8 : 7);
    const end = raw.indexOf("endstream", start);
    let s: string;
    try {
      s = inflateSync(raw.subarray(start, end)).toString("latin1");
    } catch {
      s = raw.subarray(start, end).toString("latin1");
    }
    for (const m of s.matchAll(/<([0-9A-Fa-f]+)> Tj/g))
      out.push(Buffer.from(m[1]!, "hex").toString("latin1"));
  }
  return out.join("\n");
}

describe("course reflection and cpd record", () => {
  it("a course that requires a reflection completes, and issues its certificate, only once it is written", async () => {
    const { courseId } = await syncFixtureCourse({
      "course.yaml": (t) => t.replace("cpdHours: 0.5", "cpdHours: 0.5\nreflection: required"),
    });
    const user = await createUser();
    const enrolment = await enrol(user.id, courseId);
    const def = (await courseForUser(courseId, user.id))!.definition;
    const progress = await completeFixtureCourse(enrolment, def);
    expect(progress).toMatchObject({
      state: "in_progress",
      percent: 100,
      reflection: { required: true, done: false },
    });
    expect(await prisma.certificate.count({ where: { enrolmentId: enrolment.id } })).toBe(0);

    await saveReflection(enrolment.id, reflection);
    await refreshCompletion(enrolment, def);
    expect((await courseProgress(enrolment, def)).state).toBe("completed");
    expect(await prisma.certificate.count({ where: { enrolmentId: enrolment.id } })).toBe(1);
  });

  it("the cpd record lists completed courses with hours, outcomes, reflection and certificate, and exports as pdf", async () => {
    const { courseId } = await syncFixtureCourse();
    const user = await createUser({ name: "Dr Cpd Record" });
    const enrolment = await enrol(user.id, courseId);
    const def = (await courseForUser(courseId, user.id))!.definition;
    await completeFixtureCourse(enrolment, def);
    await saveReflection(enrolment.id, reflection);
    const record = await cpdRecord(user.id);
    expect(record).toHaveLength(1);
    expect(record[0]).toMatchObject({
      title: "Demo course for tests",
      cpdHours: 0.5,
      reflection,
      certificate: { revoked: false },
    });
    const text = pdfText(await cpdPdf(user.name, null, record));
    expect(text).toContain("Dr Cpd Record");
    expect(text).toContain("Demo course for tests (version 1.0)");
    expect(text).toContain(record[0]!.certificate!.code);
    expect(text).toContain("Asking permission before challenging changes how it lands.");
    expect(await cpdRecord((await createUser()).id)).toEqual([]);
  });
});
