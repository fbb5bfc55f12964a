import { describe, expect, it } from "vitest";
import {
  currentLink,
  currentWorkspace,
  headerLinks,
  homePath,
  organisationInPath,
  workspaceLinks,
  type StaffOrganisation,
} from "./workspace";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const trust: StaffOrganisation = { id: A, name: "Trust", roles: ["hr"] };
const college: StaffOrganisation = { id: B, name: "College", roles: ["college_admin"] };

describe("staff workspaces", () => {
  it("gives each role its own tools, and platform administrators theirs", () => {
    expect(workspaceLinks(trust, false).map((l) => l.label)).toEqual([
      "Training dashboard",
      "Enrol trainees",
      "Reminders",
      "People",
    ]);
    expect(workspaceLinks(college, false).map((l) => l.label)).toEqual([
      "E-learning library",
      "Learners and verifications",
      "People",
    ]);
    expect(workspaceLinks(null, true).map((l) => l.to)).toEqual([
      "/admin/organisations",
      "/admin/courses",
      "/admin/certificates",
    ]);
    expect(workspaceLinks(null, false)).toEqual([]);
  });

  it("keeps staff headers short unless they also learn", () => {
    expect(headerLinks(trust, false, false).map((l) => l.label)).toContain("Your learning");
    expect(headerLinks(trust, false, false).map((l) => l.label)).not.toContain("CPD record");
    expect(headerLinks(trust, false, true).map((l) => l.label)).toContain("CPD record");
    expect(headerLinks(null, false, false).map((l) => l.label)).toEqual([
      "Your learning",
      "Courses",
      "CPD record",
      "Mentoring",
    ]);
  });

  it("shows the organisation in the address, else the one remembered, else the first", () => {
    expect(currentWorkspace([trust, college], `/org/${B}/scorm`, A)).toBe(college);
    expect(currentWorkspace([trust, college], "/dashboard", B)).toBe(college);
    expect(currentWorkspace([trust, college], "/dashboard", null)).toBe(trust);
    // a remembered id the user no longer works for is ignored
    expect(currentWorkspace([trust], "/dashboard", B)).toBe(trust);
    expect(currentWorkspace([], `/org/${A}`, A)).toBeNull();
  });

  it("gives a scheme lead the scheme and its people, and lands them on the scheme", () => {
    const lead: StaffOrganisation = { id: A, name: "Deanery", roles: ["scheme_lead"] };
    expect(workspaceLinks(lead, false).map((l) => l.to)).toEqual([`/org/${A}/mentoring`, `/org/${A}`]);
    expect(homePath(lead, false)).toBe(`/org/${A}/mentoring`);
  });

  it("lands each role on its main tool", () => {
    expect(homePath(trust, false)).toBe(`/org/${A}/dashboard`);
    expect(homePath(college, true)).toBe(`/org/${B}/scorm`);
    expect(homePath(null, true)).toBe("/admin/organisations");
    expect(homePath(null, false)).toBe("/dashboard");
  });

  it("marks the header link of the page's place", () => {
    const links = headerLinks(trust, false, true);
    expect(currentLink(links, `/org/${A}/trainees/x`)).toBe(`/org/${A}/dashboard`);
    expect(currentLink(links, `/org/${A}`)).toBe(`/org/${A}`);
    expect(currentLink(links, `/org/${A}/people/m/remove`)).toBe(`/org/${A}`);
    expect(currentLink(links, `/org/${A}/enrolments`)).toBe(`/org/${A}/enrolments`);
    expect(currentLink(links, "/courses/c/modules/m")).toBe("/courses");
    expect(currentLink(links, "/verify")).toBeUndefined();
  });

  it("reads an organisation id from a path, data requests included", () => {
    expect(organisationInPath(`/org/${A}/dashboard`)).toBe(A);
    expect(organisationInPath(`/org/${A}.data`)).toBe(A);
    expect(organisationInPath(`/org/${A}`)).toBe(A);
    expect(organisationInPath("/org/not-an-id/dashboard")).toBeNull();
    expect(organisationInPath("/dashboard")).toBeNull();
  });
});
