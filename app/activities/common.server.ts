// small pieces every activity kind shares

/** a refusal the trainee should read (bad choice, stale page, finished attempt), with its http status */
export class ActivityError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** the select and mapping for ActivityKind.latest(): the most recently touched row */
export const LATEST = {
  orderBy: { updatedAt: "desc" },
  select: { activityId: true, updatedAt: true },
} as const;

export const toLatest = (row: { activityId: string; updatedAt: Date } | null) =>
  row ? { activityId: row.activityId, at: row.updatedAt } : null;
