import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActionLink } from "~/components/action-link";
import { SERVICE_NAME } from "~/components/layout";
import { homeFor } from "~/organisations/workspace.server";

export const meta: MetaFunction = () => [{ title: SERVICE_NAME }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.user;
  if (!user) return { signedIn: false, name: null, home: null };
  const home = await homeFor(user, request);
  return { signedIn: true, name: user.name, home };
}

export default function Index() {
  const { signedIn, name, home } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Become a mentor to other doctors</h1>
        <p className="nhsuk-lede-text">
          A course for doctors at every career stage who want to mentor colleagues: what mentoring is, and the
          six skills a mentor uses — questioning, active listening, challenging, probing, clarifying and
          coaching.
        </p>
        <p>
          You practise each skill in role-play conversations with simulated colleagues, and a finished course
          earns a certificate that your employer or royal college can verify.
        </p>
        {signedIn ? (
          <p>
            Welcome back, {name}.{" "}
            <Link to={home ?? "/dashboard"}>
              {home === "/dashboard" ? "Go to your learning" : "Go to your workspace"}
            </Link>
            .
          </p>
        ) : (
          <>
            <ActionLink to="/register">Create an account</ActionLink>
            <p>
              Already registered? <Link to="/sign-in">Sign in</Link>.
            </p>
          </>
        )}
      </div>
    </div>
  );
}
