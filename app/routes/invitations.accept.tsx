import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS, type Role } from "~/auth/roles";
import { Button, ErrorSummary } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { acceptInvitation, findInvitation } from "~/organisations/invitations.server";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Accept an invitation - ${SERVICE_NAME}` }];

// the token travels in the query string (the request log records paths only)
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const found = await findInvitation(token);
  const user = context.user;
  if (found.status !== "valid") {
    return {
      token,
      status: found.status,
      message: found.message,
      invitation: null,
      signedInAs: user?.email ?? null,
    };
  }
  const inv = found.invitation;
  return {
    token,
    status: found.status,
    message: "",
    invitation: { email: inv.email, role: inv.role, organisation: inv.organisation.name },
    signedInAs: user?.email ?? null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = String((await readForm(request)).get("token") ?? "");
  if (!context.user) {
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(`/invitations/accept?token=${token}`)}`);
  }
  const result = await acceptInvitation(token, context.user);
  if (!result.ok) return data({ error: result.message }, { status: 400 });
  // the person's own enrolment on the course counts for another organisation: it stays so
  throw redirect(
    `/account?done=${result.enrolment === "elsewhere" ? "invitation-enrolled-elsewhere" : "invitation"}`,
  );
}

export default function AcceptInvitation() {
  const { token, message, invitation, signedInAs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const back = encodeURIComponent(`/invitations/accept?token=${token}`);
  if (!invitation) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>This invitation cannot be used</h1>
          <p>{message}</p>
          <p>
            <Link to="/">Go to the homepage</Link>
          </p>
        </div>
      </div>
    );
  }
  const role = ROLE_LABELS[invitation.role as Role] ?? invitation.role;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData ? { form: actionData.error } : undefined} />
        <h1>Join {invitation.organisation}</h1>
        <p>
          You have been invited to join <strong>{invitation.organisation}</strong> as{" "}
          <strong>{role.toLowerCase()}</strong>. The invitation was sent to {invitation.email}.
        </p>
        {signedInAs === invitation.email ? (
          <Form method="post">
            <input type="hidden" name="token" value={token} />
            <Button>Accept invitation</Button>
          </Form>
        ) : signedInAs ? (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              You are signed in as {signedInAs}. This invitation is for {invitation.email}: sign out, then
              open the link again and sign in or register with that address.
            </p>
          </div>
        ) : (
          <>
            <p>
              If you do not have an account yet, create one with the email address the invitation was sent to.
            </p>
            <Link className="nhsuk-button" to={`/register?invitation=${token}`}>
              Create an account
            </Link>
            <p>
              Already registered? <Link to={`/sign-in?redirectTo=${back}`}>Sign in to accept</Link>.
            </p>
          </>
        )}
      </div>
    </div>
  );
}
