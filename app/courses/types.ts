import type { ActivityDefinition, CourseRules } from "~/activities/types";

export const SKILLS = [
  "questioning",
  "active_listening",
  "challenging",
  "probing",
  "clarifying",
  "coaching",
] as const;
export type Skill = (typeof SKILLS)[number];

export const SKILL_LABELS: Record<Skill, string> = {
  questioning: "Questioning",
  active_listening: "Active listening",
  challenging: "Challenging",
  probing: "Probing",
  clarifying: "Clarifying",
  coaching: "Coaching",
};

export type ModuleDefinition = {
  id: string;
  title: string;
  summary: string;
  skill: Skill | null;
  outcomes: string[];
  estimatedMinutes: number;
  /** activity ids that must be completed for the module to be complete */
  requiredActivities: string[];
  activities: ActivityDefinition[];
};

/** a validated, compiled course: what CourseVersion.definition holds */
export type CourseDefinition = {
  id: string;
  title: string;
  summary: string;
  versionLabel: string;
  cpdHours: number;
  outcomes: string[];
  enrolment: "open" | "invitation";
  /** months a certificate stays valid; null (or absent in older versions) for no expiry */
  certificateValidForMonths?: number | null;
  /** "required": the course completes only once the trainee has written a reflective note */
  reflection?: "optional" | "required";
  /** module ids that must be completed for the course to be complete */
  requiredModules: string[];
  rules: CourseRules;
  modules: ModuleDefinition[];
};

export type Problem = { file: string; line: number; column: number; message: string };

/**
 * what `courses:check` says besides errors. a warning does not stop the course from loading;
 * an author keeps one only by writing the reason in the file (`waived` holds it). a report is
 * information, such as how many complete paths through a scenario pass.
 */
export type Finding = Problem & {
  severity: "warning" | "report";
  /** the check's name, e.g. longest-keyed-option: what a waiver in the file names */
  check: string;
  waived: string | null;
};
