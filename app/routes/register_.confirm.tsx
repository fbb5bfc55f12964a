import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { confirmRegistration, findPendingRegistration } from "~/auth/registration.server";
import { Button, ErrorSummary, Field, SummaryList } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import type { FieldErrors } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Confirm your email address - ${SERVICE_NAME}` }];

// the link from the registration email. opening it changes nothing (mail scanners open links);
// the account is created by the form, with the password chosen when registering.
// the token travels in the query string (the request log records paths only)
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const found = await findPendingRegistration(token);
  const signedInAs = context.user?.email ?? null;
  if (found.status !== "valid") return { token, message: found.message, registration: null, signedInAs };
  const { name, email, gmcNumber } = found.pending;
  return { token, message: "", registration: { name, email, gmcNumber }, signedInAs };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (context.user) throw redirect("/account");
  const form = await readForm(request);
  const token = String(form.get("token") ?? "");
  const password = String(form.get("password") ?? "");
  if (!password)
    return data(
      { errors: { password: "Enter the password you chose when you registered" } },
      { status: 400 },
    );
  const result = await confirmRegistration(token, password.slice(0, 1024), context);
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  // the next step is a course; a dropped gmc number is explained on the account page
  const to = result.gmcNumberDropped ? "/account?done=registered-without-gmc" : "/courses?done=registered";
  throw redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

export default function ConfirmRegistration() {
  const { token, message, registration, signedInAs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  if (!registration) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>This link cannot be used</h1>
          <p>{message}</p>
          <p>
            <Link to="/register">Create an account</Link> or <Link to="/sign-in">sign in</Link>.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["form", "password"]} />
        <h1>Confirm your email address</h1>
        <p>Your account will be created with these details.</p>
        <SummaryList
          rows={[
            { key: "Name", value: registration.name },
            { key: "Email address", value: registration.email },
            { key: "GMC number", value: registration.gmcNumber ?? "Not given" },
          ]}
        />
        {signedInAs ? (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              You are signed in as {signedInAs}. Sign out, then open the link again to create this account.
            </p>
          </div>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="token" value={token} />
            <Field
              name="password"
              label="Your password"
              type="password"
              autoComplete="current-password"
              hint="The password you chose when you registered."
              error={errors?.password}
            />
            <Button>Create account</Button>
          </Form>
        )}
        <p>If you did not ask for an account, you do not need to do anything: no account is created.</p>
      </div>
    </div>
  );
}
