// how long a person needs to read what an assessment step shows before answering it. a quiz
// submitted, or a role-play reply chosen, sooner than the words on screen can be read at a
// fast reader's pace is refused (nothing is marked, nothing is lost): a script that already
// holds the answers has to spend at least a reader's time, and one that guesses cannot run
// thousands of attempts. the pace is ANSWER_READING_WPM (0 turns the check off, for tests).

/** the words in some texts (markdown or html marks count as nothing) */
export function countWords(...texts: readonly (string | null | undefined)[]) {
  let words = 0;
  for (const t of texts) {
    if (!t) continue;
    const m = t.replace(/<[^>]*>/g, " ").match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
    words += m ? m.length : 0;
  }
  return words;
}

/** the seconds `words` take to read at `wordsPerMinute` (0: no minimum) */
export function readingSeconds(words: number, wordsPerMinute: number) {
  if (wordsPerMinute <= 0 || words <= 0) return 0;
  return Math.ceil((words * 60) / wordsPerMinute);
}

/**
 * null when enough time has passed since `since`; otherwise how many more seconds to wait and
 * how long it has been
 */
export function tooSoon(since: Date, minSeconds: number, now: Date) {
  const elapsed = (now.getTime() - since.getTime()) / 1000;
  if (elapsed >= minSeconds) return null;
  return { elapsed: Math.max(0, Math.floor(elapsed)), wait: Math.ceil(minSeconds - elapsed) };
}

export function secondsText(n: number) {
  return n === 1 ? "1 second" : `${n} seconds`;
}

/**
 * the seconds a lesson must have been open before its reading counts (at most five minutes):
 * `fraction` of its estimated reading time (decision 020)
 */
export function lessonReadSeconds(estimatedMinutes: number, fraction: number) {
  return Math.min(300, Math.round(estimatedMinutes * 60 * fraction));
}
