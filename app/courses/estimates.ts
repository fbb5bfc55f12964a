// how long an activity takes, measured from its content. CPD hours claimed for a course must
// be honest, so courses:check compares every declared estimatedMinutes, and the course's
// cpdHours, with these figures and warns when they differ by more than 15 %.
//
// the rates are stated here so a reviewer can challenge them:
//   lessons     180 words a minute (careful reading of study text; skimming runs at 250+),
//               plus 2 minutes for each "reflect" box the lesson asks the reader to stop at
//   role-plays  1.5 minutes a reply (reading the mentee's words, weighing three or four
//               replies, reading the feedback) along the best conversation, plus 3 minutes
//               for the debrief
//   quizzes     1 minute a question asked in one attempt (2 for a written reflection)

export const RATES = {
  wordsPerMinute: 180,
  reflectMinutes: 2,
  roleplayMinutesPerReply: 1.5,
  roleplayDebriefMinutes: 3,
  quizMinutesPerQuestion: 1,
  quizMinutesPerReflection: 2,
} as const;

/** a declared estimate further than this from the measured one is warned about */
export const TOLERANCE = 0.15;

export type Measured = { minutes: number; basis: string };

const round = (minutes: number) => Math.max(1, Math.round(minutes));

/** the words a reader reads in a lesson's markdown (not its markup) */
export function countWords(markdown: string) {
  const text = markdown
    .replace(/^:::[a-z-]*\s*$/gm, " ") // callout fences
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ") // images
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links: their words only
    .replace(/[#*_>`|]/g, " ");
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}

export function lessonMinutes(markdown: string): Measured {
  const words = countWords(markdown);
  const reflects = markdown.match(/^:::reflect\b/gm)?.length ?? 0;
  const minutes = words / RATES.wordsPerMinute + reflects * RATES.reflectMinutes;
  return {
    minutes: round(minutes),
    basis: `${words.toLocaleString("en-GB")} words at ${RATES.wordsPerMinute} a minute${reflects ? `, ${reflects} reflection ${reflects === 1 ? "box" : "boxes"}` : ""}`,
  };
}

export function roleplayMinutes(replies: number): Measured {
  return {
    minutes: round(replies * RATES.roleplayMinutesPerReply + RATES.roleplayDebriefMinutes),
    basis: `${replies} replies on the best conversation and the debrief`,
  };
}

export function quizMinutes(asked: number, reflections: number): Measured {
  return {
    minutes: round(
      (asked - reflections) * RATES.quizMinutesPerQuestion + reflections * RATES.quizMinutesPerReflection,
    ),
    basis: `${asked} questions in an attempt${reflections ? ` (${reflections} written)` : ""}`,
  };
}

/** true when a declared figure is more than 15 % away from the measured one */
export function differs(declared: number, measured: number) {
  return Math.abs(declared - measured) > TOLERANCE * measured;
}

/** "6 h 55 min" */
export function hoursAndMinutes(minutes: number) {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** CPD hours to claim for this many minutes: to the nearest half hour */
export function cpdHoursFor(minutes: number) {
  return Math.max(0.5, Math.round((minutes / 60) * 2) / 2);
}
