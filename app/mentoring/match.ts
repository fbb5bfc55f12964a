import {
  AREAS,
  NATIONS,
  type Area,
  type MentorEntry,
  type Mode,
  type Nation,
  type NationPreference,
  type SpecialtyPreference,
} from "./vocabulary";

// which mentors a mentee may be offered, and in what order (issue 18). pure: the services load
// the rows, this decides. the exclusions are absolute and come first; the ranking only orders
// who is left.

export type MentorCandidate = {
  profileId: string;
  userId: string;
  /** the mentor's account address, lower-cased: what declared conflicts are matched against */
  email: string;
  name: string;
  specialty: string;
  nation: Nation;
  department: string;
  areas: Area[];
  modes: Mode[];
  capacity: number;
  /** current mentees plus proposals waiting for their answer */
  taken: number;
  paused: boolean;
  left: boolean;
  /** holds a valid (issued, not revoked, not expired) certificate of the scheme's course */
  certified: boolean;
  /** approved by a scheme lead */
  approved: boolean;
};

export type MenteeNeed = {
  menteeId: string;
  specialty: string;
  nation: Nation;
  department: string;
  areas: Area[];
  modes: Mode[];
  specialtyPreference: SpecialtyPreference;
  nationPreference: NationPreference;
  avoidOwnDepartment: boolean;
  /** addresses of the people who must not be their mentor (line manager, supervisors, anyone) */
  conflictEmails: string[];
  /** mentors who already declined this request */
  declinedProfileIds: string[];
};

export type Exclusion =
  | "self"
  | "declared_conflict"
  | "own_department"
  | "at_capacity"
  | "paused"
  | "left"
  | "not_qualified"
  | "declined"
  | "no_shared_mode";

export type Suggestion = {
  profileId: string;
  score: number;
  /** the one line that says why this mentor is suggested */
  reason: string;
  sharedAreas: Area[];
};

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** whether the scheme's entry rule lets this mentor take mentees */
export function qualifies(mentor: Pick<MentorCandidate, "certified" | "approved">, entry: MentorEntry) {
  if (entry === "certificate") return mentor.certified;
  if (entry === "approved") return mentor.approved;
  return mentor.certified || mentor.approved;
}

/** why this mentor must not be offered to this mentee; null when they may be */
export function exclusion(need: MenteeNeed, mentor: MentorCandidate, entry: MentorEntry): Exclusion | null {
  if (mentor.userId === need.menteeId) return "self";
  // a declared conflict always wins, whatever else would make the mentor a good fit
  if (need.conflictEmails.some((e) => same(e, mentor.email))) return "declared_conflict";
  if (mentor.left) return "left";
  if (!qualifies(mentor, entry)) return "not_qualified";
  if (mentor.paused) return "paused";
  if (mentor.taken >= mentor.capacity) return "at_capacity";
  if (need.declinedProfileIds.includes(mentor.profileId)) return "declined";
  if (need.avoidOwnDepartment && need.department.trim() && mentor.department.trim()) {
    if (same(need.department, mentor.department)) return "own_department";
  }
  if (!mentor.modes.some((m) => need.modes.includes(m))) return "no_shared_mode";
  return null;
}

/**
 * the mentors a mentee may be offered, best fit first, each with a one-line reason; and the
 * others with why not (for the lead's view and the tests, never shown to the mentee).
 *
 * fit: 3 for each area in common; 2 for the specialty preference met; 2 for the nation
 * preference met; 1 for each meeting mode in common; spare places break ties (a mentor with
 * more room first), then the name, so the order is stable.
 */
export function rankMentors(need: MenteeNeed, mentors: MentorCandidate[], entry: MentorEntry) {
  const suggestions: (Suggestion & { spare: number; name: string })[] = [];
  const excluded: { profileId: string; reason: Exclusion }[] = [];
  for (const mentor of mentors) {
    const reason = exclusion(need, mentor, entry);
    if (reason) {
      excluded.push({ profileId: mentor.profileId, reason });
      continue;
    }
    const sharedAreas = need.areas.filter((a) => mentor.areas.includes(a));
    const sharedModes = need.modes.filter((m) => mentor.modes.includes(m));
    const sameSpecialty = same(need.specialty, mentor.specialty);
    const specialtyMet =
      (need.specialtyPreference === "same" && sameSpecialty) ||
      (need.specialtyPreference === "different" && !sameSpecialty);
    const nationMet = need.nationPreference === "same" && need.nation === mentor.nation;
    const score = 3 * sharedAreas.length + (specialtyMet ? 2 : 0) + (nationMet ? 2 : 0) + sharedModes.length;
    const spare = mentor.capacity - mentor.taken;
    suggestions.push({
      profileId: mentor.profileId,
      score,
      sharedAreas,
      spare,
      name: mentor.name,
      reason: reasonLine({ sharedAreas, sharedModes, sameSpecialty, mentor, spare }),
    });
  }
  suggestions.sort((a, b) => b.score - a.score || b.spare - a.spare || a.name.localeCompare(b.name));
  return {
    suggestions: suggestions.map(({ profileId, score, reason, sharedAreas }) => ({
      profileId,
      score,
      reason,
      sharedAreas,
    })),
    excluded,
  };
}

function reasonLine(input: {
  sharedAreas: Area[];
  sharedModes: Mode[];
  sameSpecialty: boolean;
  mentor: MentorCandidate;
  spare: number;
}) {
  const { sharedAreas, sharedModes, sameSpecialty, mentor, spare } = input;
  const parts: string[] = [];
  parts.push(
    sharedAreas.length
      ? `Helps with ${list(sharedAreas.map((a) => lowerFirst(AREAS[a])))}`
      : "Helps with other areas than the ones the doctor named",
  );
  parts.push(`meets ${list(sharedModes.map((m) => MODE_PHRASES[m]))}`);
  parts.push(sameSpecialty ? `also in ${mentor.specialty}` : `works in ${mentor.specialty}`);
  parts.push(`in ${NATIONS[mentor.nation]}`);
  parts.push(spare === 1 ? "1 place free" : `${spare} places free`);
  return `${parts.join("; ")}.`;
}

const MODE_PHRASES: Record<Mode, string> = { in_person: "in person", video: "by video", phone: "by phone" };

/** "Exams, ARCP and ..." -> "exams, ARCP and ..." (an acronym keeps its case) */
function lowerFirst(text: string) {
  return /^[A-Z][A-Z]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

function list(items: string[]) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
