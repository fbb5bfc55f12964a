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

// control characters in text people type. a single-line value (a name, a title, a reason) is
// printed into plain-text emails, csv files and pdfs, where a line break lets it pose as a line
// of its own (a fake link under a real sender); bidi overrides and isolates make text display in
// another order than it is stored. so single-line fields refuse: c0 controls (tab, cr and lf
// among them), del, c1 controls, the unicode line and paragraph separators, and the bidi
// embedding, override and isolate characters. multi-line fields (textareas) refuse the same
// except tab, line feed, carriage return and the two separators.
/* eslint-disable no-control-regex -- matching control characters is the point */
const NOT_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const NOT_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/* eslint-enable no-control-regex */

export function isSingleLine(text: string) {
  return !NOT_SINGLE_LINE.test(text);
}

export function isCleanMultiLine(text: string) {
  return !NOT_MULTI_LINE.test(text);
}

export const singleLineMessage = (label: string) =>
  `${label} must be on one line, without tabs or other control characters`;

/** refuses line breaks, tabs and other control characters in a one-line text field */
export function singleLine<S extends z.ZodString>(schema: S, label: string): S {
  return schema.refine(isSingleLine, singleLineMessage(label));
}

/** a textarea: line breaks and tabs are fine, other control characters are not */
export function multiLine<S extends z.ZodString>(schema: S, label: string): S {
  return schema.refine(isCleanMultiLine, `${label} must not contain control characters`);
}
