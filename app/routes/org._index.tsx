import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ROLE_LABELS } from "~/auth/roles";
import { SERVICE_NAME } from "~/components/layout";
import { homePath } from "~/organisations/workspace";
import { workspaceFor } from "~/organisations/workspace.server";

export const meta: MetaFunction = () => [{ title: `Choose an organisation - ${SERVICE_NAME}` }];

/** the organisations someone works for, to switch the workspace the header shows */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { orgs, current } = await workspaceFor(user, request);
  return {
    isAdmin: user.isAdmin,
    currentId: current?.id ?? null,
    orgs: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      roles: o.roles.map((r) => ROLE_LABELS[r]).join(" and "),
      home: homePath(o, false),
    })),
  };
}

export default function ChooseOrganisation() {
  const { orgs, currentId, isAdmin } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Choose an organisation</h1>
        {orgs.length === 0 ? (
          <p>
            You do not have an HR or college administrator role in any organisation.{" "}
            {isAdmin ? <Link to="/admin/organisations">See all organisations</Link> : null}
          </p>
        ) : (
          <>
            <p>The header&apos;s tools work on the organisation you choose.</p>
            <ul className="nhsuk-list nhsuk-list--border">
              {orgs.map((o) => (
                <li key={o.id}>
                  <Link to={o.home}>{o.name}</Link>
                  <br />
                  <span className="nhsuk-body-s">
                    {o.roles}
                    {o.id === currentId ? " · the one you are working in now" : ""}
                  </span>
                </li>
              ))}
            </ul>
            {isAdmin ? (
              <p>
                As a platform administrator you can open any organisation from{" "}
                <Link to="/admin/organisations">Organisations</Link>.
              </p>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
