import { z } from "zod";

// the dashboard's filters, statuses and sort keys: shared by the server (queries) and the
// page (links that keep the view). the queries are in reporting.server.ts.

export const STATUSES = ["not_started", "in_progress", "completed", "certified"] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<Status, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  completed: "Completed",
  certified: "Certified",
};
export const SORTS = ["name", "email", "course", "progress", "lastActivity", "due", "enrolled"] as const;
export type Sort = (typeof SORTS)[number];
export const PAGE_SIZE = 25;
/** "expiring soon": a valid certificate that ends within this many days */
export const EXPIRING_DAYS = 90;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  // only real calendar dates: 2025-02-31 would otherwise roll over to 3 march
  .refine((v) => {
    const d = new Date(`${v}T00:00:00.000Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  })
  .transform((v) => new Date(`${v}T00:00:00.000Z`));

/** filters from the url: anything malformed is dropped rather than failing the page */
export const filtersSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  course: z.string().max(100).optional().catch(undefined),
  module: z.string().max(100).optional().catch(undefined),
  moduleState: z.enum(["completed", "not_completed"]).optional().catch(undefined),
  overdue: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
  expiring: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  sort: z.enum(SORTS).default("name").catch("name"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type Filters = z.output<typeof filtersSchema>;

export function parseFilters(params: URLSearchParams): Filters {
  const raw = Object.fromEntries([...params.entries()].filter(([, v]) => v !== ""));
  return filtersSchema.parse(raw);
}

/** the url query for filters (empty values left out), for links that keep the view */
export function filtersQuery(
  f: Partial<Filters>,
  overrides: Partial<Record<keyof Filters, string | number | null>> = {},
) {
  const out = new URLSearchParams();
  const put = (k: string, v: unknown) => {
    if (v === undefined || v === null || v === "" || v === false) return;
    out.set(k, v instanceof Date ? v.toISOString().slice(0, 10) : v === true ? "1" : String(v));
  };
  for (const [k, v] of Object.entries({ ...f, ...overrides })) put(k, v);
  if (out.get("sort") === "name") out.delete("sort");
  if (out.get("dir") === "asc") out.delete("dir");
  if (out.get("page") === "1") out.delete("page");
  return out.toString();
}
