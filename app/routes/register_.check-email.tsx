import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SERVICE_NAME } from "~/components/layout";
import { getEnv } from "~/env.server";

export const meta: MetaFunction = () => [{ title: `Check your email - ${SERVICE_NAME}` }];

// every registration without an invitation ends here, whether or not the address or the GMC
// number already has an account: the page must not differ (docs/decisions/013)
export async function loader({ context }: LoaderFunctionArgs) {
  if (context.user) throw redirect("/account");
  return { hours: getEnv().REGISTRATION_TTL_HOURS };
}

export default function CheckEmail() {
  const { hours } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Check your email</h1>
        <p className="nhsuk-body-l">
          We have sent an email to the address you gave. Open the link in it to finish creating your account.
        </p>
        <p>The link works once and expires after {hours} hours. You will need the password you chose.</p>
        <h2 className="nhsuk-heading-s">If the email does not arrive</h2>
        <ul>
          <li>wait a few minutes and check your spam or junk folder</li>
          <li>
            check you typed your email address correctly, and <Link to="/register">register again</Link> if
            not
          </li>
          <li>
            if you already have an account, the email tells you so: <Link to="/sign-in">sign in</Link> instead
          </li>
        </ul>
      </div>
    </div>
  );
}
