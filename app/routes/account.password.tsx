import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { changePassword } from "~/auth/accounts.server";
import { requireUser } from "~/auth/guards.server";
import { changePasswordSchema, MIN_PASSWORD } from "~/auth/validation";
import { Button, ErrorSummary, Field } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { parseForm } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Change your password - ${SERVICE_NAME}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseForm(changePasswordSchema, await readForm(request), { email: user.email });
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const result = await changePassword(user.id, context, parsed.data.currentPassword, parsed.data.password);
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  // this device carries on with the new session; the old id no longer works anywhere
  throw redirect("/account?done=password-changed", { headers: { "Set-Cookie": result.cookie } });
}

export default function ChangePassword() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["currentPassword", "password", "confirmPassword"]} />
        <h1>Change your password</h1>
        <p>Changing your password signs you out on every other device.</p>
        <Form method="post" noValidate>
          <Field
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            error={errors?.currentPassword}
          />
          <Field
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD} characters, and not your email address.`}
            error={errors?.password}
          />
          <Field
            name="confirmPassword"
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            error={errors?.confirmPassword}
          />
          <Button>Change password</Button>
        </Form>
        <p>
          <Link to="/account">Back to your account</Link>
        </p>
      </div>
    </div>
  );
}
