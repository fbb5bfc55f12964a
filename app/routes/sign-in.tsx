import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { authenticate, startSession } from "~/auth/accounts.server";
import { signInSchema } from "~/auth/validation";
import { Button, ErrorSummary, Field } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { prisma } from "~/db.server";
import { homeFor } from "~/organisations/workspace.server";
import { safeRedirect } from "~/server/security.server";
import { parseForm } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Sign in - ${SERVICE_NAME}` }];

// Retry-After from the action must reach the document response too
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.user) {
    const home = await homeFor(context.user, request);
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), home));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(signInSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await authenticate(parsed.data.email, parsed.data.password, context.ip);
  if (!result.ok) {
    const values = { email: parsed.data.email };
    if (result.retryAfterSeconds) {
      return data(
        { errors: { form: result.message }, values },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return data({ errors: { email: result.message }, values }, { status: 401 });
  }
  const cookie = await startSession(result.userId, context);
  const person = await prisma.user.findUniqueOrThrow({
    where: { id: result.userId },
    select: { id: true, isAdmin: true },
  });
  const home = await homeFor(person, request);
  throw redirect(safeRedirect(form.get("redirectTo"), home), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const done = params.get("done");
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["form", "email", "password"]} />
        {done === "signed-out" ? (
          <p className="nhsuk-body-l" role="status">
            You have signed out.
          </p>
        ) : null}
        <h1>Sign in</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <Field
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={values.email}
            error={errors?.email}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={errors?.password}
          />
          <Button>Sign in</Button>
        </Form>
        <p>
          New to the service? <Link to="/register">Create an account</Link>.
        </p>
      </div>
    </div>
  );
}
