import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** parse a submitted form with a zod schema; the first error per field, in field order. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  extra: Record<string, unknown> = {},
): FormResult<z.output<S>> {
  const raw: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !(key in raw)) raw[key] = value;
  }
  const result = schema.safeParse({ ...raw, ...extra });
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  // echo back what was typed (trimmed to a sane length), never passwords or tokens
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!/password|token/i.test(key)) values[key] = value.slice(0, 500);
  }
  return { ok: false, errors, values };
}
