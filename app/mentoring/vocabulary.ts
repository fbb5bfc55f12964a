// the fixed lists a mentoring scheme uses, stored as codes (portable schema) and shown by their
// labels. this file is the one source of both.

/** areas where a mentor can help, as a mentee names them (the guidance's first step) */
export const AREAS = {
  career: "Career decisions and next steps",
  exams_arcp: "Exams, ARCP and training portfolio",
  portfolio_pathway: "Portfolio pathway to the specialist or GP register",
  appraisal: "Appraisal, revalidation and job planning",
  return_to_work: "Returning to work after time away",
  ltft: "Less than full-time training or working",
  wellbeing: "Wellbeing and workload",
  img_transition: "Settling into UK practice (international graduates)",
  leadership: "Leadership and management",
  research: "Research and academic careers",
  teaching: "Teaching and supervising others",
  difficult_situations:
    "Difficult situations at work (complaints, incidents, conflict, bullying or discrimination)",
} as const;
export type Area = keyof typeof AREAS;

export const MODES = { in_person: "In person", video: "Video call", phone: "Phone" } as const;
export type Mode = keyof typeof MODES;

export const NATIONS = {
  england: "England",
  scotland: "Scotland",
  wales: "Wales",
  northern_ireland: "Northern Ireland",
} as const;
export type Nation = keyof typeof NATIONS;

/** the people a mentee declares who must not be their mentor */
export const CONFLICT_RELATIONS = {
  line_manager: "Line manager",
  educational_supervisor: "Educational supervisor",
  clinical_supervisor: "Clinical supervisor",
  appraiser: "Appraiser",
  other: "Someone else",
} as const;
export type ConflictRelation = keyof typeof CONFLICT_RELATIONS;

export const SPECIALTY_PREFERENCES = {
  any: "No preference",
  same: "Someone in my specialty",
  different: "Someone outside my specialty",
} as const;
export type SpecialtyPreference = keyof typeof SPECIALTY_PREFERENCES;

export const NATION_PREFERENCES = { any: "Anywhere in the UK", same: "Someone in my nation" } as const;
export type NationPreference = keyof typeof NATION_PREFERENCES;

/** who may join a scheme's register as a mentor */
export const MENTOR_ENTRY = {
  certificate: "Doctors with a valid certificate from the mentoring course",
  certificate_or_approved: "Doctors with a valid certificate, or approved by a scheme lead",
  approved: "Doctors approved by a scheme lead",
} as const;
export type MentorEntry = keyof typeof MENTOR_ENTRY;

export const MATCHING_MODES = {
  mentee_chooses: "The mentee chooses from suggested mentors",
  lead_matches: "A scheme lead matches each mentee",
} as const;
export type MatchingMode = keyof typeof MATCHING_MODES;

export const isArea = (v: string): v is Area => Object.hasOwn(AREAS, v);
export const isMode = (v: string): v is Mode => Object.hasOwn(MODES, v);
export const isNation = (v: string): v is Nation => Object.hasOwn(NATIONS, v);

/** the smallest group whose evaluation figures a scheme lead may see (decision 028) */
export const MIN_GROUP = 5;
