import { expect, it } from "vitest";
import type { CourseDefinition } from "~/courses/types";
import { withAttachments } from "./attachment-merge.server";

const course = {
  id: "c",
  modules: [{ id: "m", title: "Module", activities: [], requiredActivities: [], estimatedMinutes: 0 }],
} as unknown as CourseDefinition;

const attachment = (title: string | null, packageTitle: string) =>
  ({
    id: "a",
    courseId: "c",
    moduleId: "m",
    activityId: "elearning",
    title,
    packageId: "p",
    rule: "completed",
    minScore: null,
    required: true,
    estimatedMinutes: 20,
    createdById: null,
    createdAt: new Date(0),
    package: { title: packageTitle },
  }) as Parameters<typeof withAttachments>[2][number];

it("an attached package takes the title given when it was attached, and a package rename leaves the course as it was", () => {
  const given = withAttachments(course, "h", [attachment("Consent: e-learning", "PKG-2026 v3 FINAL")]);
  expect(given.def.modules[0]!.activities.map((a) => a.title)).toEqual(["Consent: e-learning"]);
  const renamed = withAttachments(course, "h", [attachment("Consent: e-learning", "Renamed in the library")]);
  expect(renamed.hash).toBe(given.hash);
  // attachments made before titles were kept use the package's
  const older = withAttachments(course, "h", [attachment(null, "PKG-2026 v3 FINAL")]);
  expect(older.def.modules[0]!.activities[0]!.title).toBe("PKG-2026 v3 FINAL");
});
