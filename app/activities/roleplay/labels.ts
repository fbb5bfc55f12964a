// the categories of critical reply and the ending results a scenario uses, and their words:
// no schema library, so the exported package's player can show them

export const CRITICAL_CATEGORIES = [
  "confidentiality",
  "acting-without-consent",
  "assessing-or-reporting",
  "unsafe-signposting",
  "ignoring-risk",
  "deciding-for-the-mentee",
  "boundaries",
] as const;
export type CriticalCategory = (typeof CRITICAL_CATEGORIES)[number];

export const CRITICAL_LABELS: Record<CriticalCategory, string> = {
  confidentiality: "Confidentiality",
  "acting-without-consent": "Acting without the mentee's consent",
  "assessing-or-reporting": "Assessing or reporting on the mentee",
  "unsafe-signposting": "Unsafe signposting",
  "ignoring-risk": "Ignoring or endorsing a risk to patients",
  "deciding-for-the-mentee": "Deciding for the mentee",
  boundaries: "Boundaries of the mentoring role",
};

/**
 * how an ending left the mentee: good (well served), partial (no harm, but less than they
 * could have had) or harmful. completion needs an ending the module allows (by default good or
 * partial); a harmful ending never completes.
 */
export const ENDING_RESULTS = ["good", "partial", "harmful"] as const;
export type EndingResult = (typeof ENDING_RESULTS)[number];

export const ENDING_LABELS: Record<EndingResult, string> = {
  good: "a good ending",
  partial: "a partial ending",
  harmful: "a harmful ending",
};

