import { data, type AppLoadContext } from "@remix-run/node";
import { requireOrgRole } from "~/auth/guards.server";
import { ZodError } from "zod";
import type { FieldErrors } from "~/utils/forms";
import { MentoringError } from "./schemes.server";

// the mentoring routes' one way of turning a refusal into what the person sees. the services
// check everything (who, what, whether it is still possible); a route only reads the form,
// calls one, and shows the result. a refusal about a field comes back as that field's error
// message with what was typed; "not found" and "forbidden" become the error pages.

/** the first message per field; a nested field (conflicts.0.email) is named by `nested` */
export function zodFieldErrors(error: ZodError, nested?: (path: PropertyKey[]) => string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 1 && nested ? nested(issue.path) : String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}

/** what the person typed, to put back in the form (multi-valued fields joined) */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of new Set(form.keys())) {
    if (/password|token|csrf/i.test(key)) continue;
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.join("\n").slice(0, 20_000);
  }
  return values;
}

/**
 * runs a service call for an action. a MentoringError of 404 or 403 is the error page; any
 * other refusal, or a validation error, comes back to the form with what was typed.
 */
export async function attempt<T>(
  form: FormData,
  run: () => Promise<T>,
  nested?: (path: PropertyKey[]) => string,
): Promise<
  | { ok: true; value: T }
  | { ok: false; response: ReturnType<typeof data<{ errors: FieldErrors; values: Record<string, string> }>> }
> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const values = formValues(form);
    if (error instanceof ZodError) {
      return {
        ok: false,
        response: data({ errors: zodFieldErrors(error, nested), values }, { status: 400 }),
      };
    }
    if (error instanceof MentoringError) {
      if (error.status === 404 || error.status === 403) throw asResponse(error);
      return {
        ok: false,
        response: data(
          { errors: { [error.field ?? "form"]: error.message }, values },
          { status: error.status },
        ),
      };
    }
    throw error;
  }
}

/** a refusal as the error page (loaders, and 403/404 in actions) */
export function asResponse(error: MentoringError) {
  return new Response(error.message, {
    status: error.status,
    statusText: error.status === 404 ? "Not Found" : error.status === 403 ? "Forbidden" : "Conflict",
  });
}

/** calls a service in a loader: its refusals become the error pages */
export async function orErrorPage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof MentoringError) throw asResponse(error);
    throw error;
  }
}

/** every value of a multi-valued field (checkboxes), as strings */
export const all = (form: FormData, name: string) =>
  form.getAll(name).filter((v): v is string => typeof v === "string");

/** a single field's value, or "" */
export const one = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/** a checkbox: ticked (every checkbox here sends "yes"; anything else is not a tick) */
export const ticked = (form: FormData, name: string) => form.get(name) === "yes";

/**
 * a scheme lead's page of organisation `orgId`. `adminToo`: a platform administrator may open it
 * as well (the settings and the counts); pages that name people (the register, the queue, a
 * request) are for the organisation's own scheme leads only.
 */
export async function requireLeadPage(
  request: Request,
  context: AppLoadContext,
  orgId: string,
  { adminToo = false } = {},
) {
  const found = await requireOrgRole(request, context, orgId, ["scheme_lead"]);
  if (!adminToo && !found.heldRoles.includes("scheme_lead")) {
    throw new Response("Only the organisation's mentoring scheme leads can see this page.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  return found;
}
