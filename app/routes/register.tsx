import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { registerUser, startSession } from "~/auth/accounts.server";
import { requestRegistration } from "~/auth/registration.server";
import { MIN_PASSWORD, registerSchema } from "~/auth/validation";
import { Button, ErrorSummary, Field } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { findInvitation } from "~/organisations/invitations.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Create an account - ${SERVICE_NAME}` }];

const ORDER = ["form", "name", "email", "gmcNumber", "password", "confirmPassword"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.user) throw redirect("/account");
  const token = new URL(request.url).searchParams.get("invitation");
  if (!token) return { invitation: null };
  const found = await findInvitation(token);
  if (found.status !== "valid") return { invitation: { token, error: found.message } };
  return {
    invitation: {
      token,
      email: found.invitation.email,
      organisation: found.invitation.organisation.name,
      error: null,
    },
  };
}

// Retry-After from the action must reach the document response too
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  if (context.user) throw redirect("/account");
  const parsed = parseForm(registerSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { name, email, gmcNumber, invitation } = parsed.data;
  // echoed back on a refusal so nothing typed is lost; never the passwords
  const values: Record<string, string | undefined> = { name, email, gmcNumber };
  if (invitation) {
    // the invitation email proved the address: the account is created and signed in at once
    const result = await registerUser({ ...parsed.data, invitation });
    if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
    const cookie = await startSession(result.userId, context);
    throw redirect("/account?done=invitation", { headers: { "Set-Cookie": cookie } });
  }
  // the same answer whether or not the address or the GMC number already has an account
  const result = await requestRegistration(parsed.data, context.ip);
  if (!result.ok) {
    return data(
      { errors: { form: result.message }, values },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  throw redirect("/register/check-email");
}

export default function Register() {
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const invitedEmail = invitation && !invitation.error ? invitation.email : undefined;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={ORDER} />
        <h1>Create an account</h1>
        {invitation?.error ? (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>{invitation.error}</p>
          </div>
        ) : invitation ? (
          <p>
            You are joining <strong>{invitation.organisation}</strong>. Your account will use the email
            address the invitation was sent to.
          </p>
        ) : (
          <p>
            We will email you a link to confirm your email address. Your account is created when you open the
            link and enter your password again.
          </p>
        )}
        <Form method="post" noValidate>
          {invitedEmail ? <input type="hidden" name="invitation" value={invitation!.token} /> : null}
          <Field
            name="name"
            label="Full name"
            autoComplete="name"
            defaultValue={values.name}
            error={errors?.name}
            spellCheck={false}
          />
          <Field
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={invitedEmail ?? values.email}
            readOnly={Boolean(invitedEmail)}
            hint={
              invitedEmail
                ? "This is the address your invitation was sent to."
                : "Use your work email, for example your nhs.net address."
            }
            error={errors?.email}
          />
          <Field
            name="gmcNumber"
            label="GMC number (optional)"
            hint="7 digits. It appears on your certificate so employers can match it to your registration."
            inputMode="numeric"
            width="10"
            defaultValue={values.gmcNumber}
            error={errors?.gmcNumber}
          />
          <Field
            name="password"
            label="Create a password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD} characters. A few unrelated words make a strong password.`}
            error={errors?.password}
          />
          <Field
            name="confirmPassword"
            label="Confirm your password"
            type="password"
            autoComplete="new-password"
            error={errors?.confirmPassword}
          />
          <Button>Create account</Button>
        </Form>
        <p>
          Already have an account? <Link to="/sign-in">Sign in</Link>.
        </p>
      </div>
    </div>
  );
}
