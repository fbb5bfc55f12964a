import { describe, expect, it } from "vitest";
import { exclusion, qualifies, rankMentors, type MenteeNeed, type MentorCandidate } from "./match";

const need = (over: Partial<MenteeNeed> = {}): MenteeNeed => ({
  menteeId: "mentee",
  specialty: "Psychiatry",
  nation: "wales",
  department: "Adult mental health, Ysbyty Glan Clwyd",
  areas: ["exams_arcp", "career"],
  modes: ["video", "phone"],
  specialtyPreference: "any",
  nationPreference: "any",
  avoidOwnDepartment: false,
  conflictEmails: [],
  declinedProfileIds: [],
  ...over,
});

let n = 0;
const mentor = (over: Partial<MentorCandidate> = {}): MentorCandidate => {
  n += 1;
  return {
    profileId: `p${n}`,
    userId: `u${n}`,
    email: `mentor${n}@nhs.test`,
    name: `Dr Mentor ${String.fromCharCode(64 + n)}`,
    specialty: "General practice",
    nation: "england",
    department: "",
    areas: ["career"],
    modes: ["video"],
    capacity: 2,
    taken: 0,
    paused: false,
    left: false,
    certified: true,
    approved: false,
    ...over,
  };
};

describe("who may never be offered", () => {
  it("a declared line manager is excluded even when they are the best fit, matched on the address whatever its case", () => {
    const manager = mentor({
      email: "dr.jones@nhs.test",
      areas: ["exams_arcp", "career"],
      specialty: "Psychiatry",
    });
    const other = mentor();
    const { suggestions, excluded } = rankMentors(
      need({ conflictEmails: [" Dr.Jones@NHS.test "] }),
      [manager, other],
      "certificate",
    );
    expect(suggestions.map((s) => s.profileId)).toEqual([other.profileId]);
    expect(excluded).toEqual([{ profileId: manager.profileId, reason: "declared_conflict" }]);
  });

  it("a mentor at capacity, paused, gone, or who declined this request is not offered", () => {
    const full = mentor({ capacity: 2, taken: 2 });
    const paused = mentor({ paused: true });
    const gone = mentor({ left: true });
    const declined = mentor();
    const { suggestions, excluded } = rankMentors(
      need({ declinedProfileIds: [declined.profileId] }),
      [full, paused, gone, declined],
      "certificate",
    );
    expect(suggestions).toEqual([]);
    expect(Object.fromEntries(excluded.map((e) => [e.profileId, e.reason]))).toEqual({
      [full.profileId]: "at_capacity",
      [paused.profileId]: "paused",
      [gone.profileId]: "left",
      [declined.profileId]: "declined",
    });
  });

  it("the mentee's own department is left out only when they ask, compared without case or spaces", () => {
    const colleague = mentor({ department: "adult mental health, ysbyty glan clwyd " });
    expect(exclusion(need(), colleague, "certificate")).toBeNull();
    expect(exclusion(need({ avoidOwnDepartment: true }), colleague, "certificate")).toBe("own_department");
    // a blank department on either side is no match
    expect(
      exclusion(need({ avoidOwnDepartment: true, department: "" }), colleague, "certificate"),
    ).toBeNull();
  });

  it("nobody is offered themselves, nor a mentor they cannot meet in any way they can", () => {
    const me = mentor({ userId: "mentee" });
    const inPersonOnly = mentor({ modes: ["in_person"] });
    expect(exclusion(need(), me, "certificate")).toBe("self");
    expect(exclusion(need(), inPersonOnly, "certificate")).toBe("no_shared_mode");
  });

  it("the scheme's entry rule: a certificate, a lead's approval, or either", () => {
    const certified = { certified: true, approved: false };
    const approved = { certified: false, approved: true };
    const neither = { certified: false, approved: false };
    expect([certified, approved, neither].map((m) => qualifies(m, "certificate"))).toEqual([
      true,
      false,
      false,
    ]);
    expect([certified, approved, neither].map((m) => qualifies(m, "approved"))).toEqual([false, true, false]);
    expect([certified, approved, neither].map((m) => qualifies(m, "certificate_or_approved"))).toEqual([
      true,
      true,
      false,
    ]);
    // a revoked or expired certificate makes certified false upstream: not offered
    expect(exclusion(need(), mentor({ certified: false }), "certificate")).toBe("not_qualified");
  });
});

describe("ranking", () => {
  it("orders by areas in common first, then the preferences met, then meeting modes", () => {
    const bothAreas = mentor({ areas: ["exams_arcp", "career"], name: "Dr Zed" });
    const oneArea = mentor({ areas: ["career"], specialty: "Psychiatry" });
    const noArea = mentor({ areas: ["research"], nation: "wales", specialty: "Psychiatry" });
    const { suggestions } = rankMentors(
      need({ specialtyPreference: "same", nationPreference: "same" }),
      [noArea, oneArea, bothAreas],
      "certificate",
    );
    expect(suggestions.map((s) => [s.profileId, s.score])).toEqual([
      [bothAreas.profileId, 7], // 2 areas x3, 1 mode
      [oneArea.profileId, 6], // 1 area x3, same specialty 2, 1 mode
      [noArea.profileId, 5], // same specialty 2, same nation 2, 1 mode
    ]);
  });

  it("ties go to the mentor with more room, then by name, so the order never wavers", () => {
    const roomy = mentor({ capacity: 4, taken: 1, name: "Dr Young" });
    const tight = mentor({ capacity: 2, taken: 1, name: "Dr Abbott" });
    const alsoTight = mentor({ capacity: 3, taken: 2, name: "Dr Baker" });
    const order = rankMentors(need(), [alsoTight, tight, roomy], "certificate").suggestions.map(
      (s) => s.profileId,
    );
    expect(order).toEqual([roomy.profileId, tight.profileId, alsoTight.profileId]);
  });

  it("someone outside the specialty scores when that is what the mentee asked for", () => {
    const outside = mentor({ specialty: "Anaesthetics" });
    const inside = mentor({ specialty: "psychiatry" });
    const { suggestions } = rankMentors(
      need({ specialtyPreference: "different" }),
      [inside, outside],
      "certificate",
    );
    expect(suggestions[0]!.profileId).toBe(outside.profileId);
  });

  it("explains each suggestion in one line", () => {
    const m = mentor({
      areas: ["exams_arcp", "career", "research"],
      modes: ["video", "phone", "in_person"],
      specialty: "Psychiatry",
      nation: "wales",
      capacity: 3,
      taken: 2,
    });
    const [s] = rankMentors(need(), [m], "certificate").suggestions;
    expect(s!.reason).toBe(
      "Helps with exams, ARCP and training portfolio and career decisions and next steps; meets by video and by phone; also in Psychiatry; in Wales; 1 place free.",
    );
    expect(s!.reason).not.toContain("\n");
    expect(s!.sharedAreas).toEqual(["exams_arcp", "career"]);
  });
});
