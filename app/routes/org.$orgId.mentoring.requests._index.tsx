import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Notice, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { orErrorPage, requireLeadPage } from "~/mentoring/http.server";
import { queueFor } from "~/mentoring/lead.server";
import { counted, formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Requests for a mentor - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireLeadPage(request, context, params.orgId!);
  const { scheme, requests } = await orErrorPage(() => queueFor(user.id, organisation.id));
  return {
    organisation: { id: organisation.id, name: organisation.name },
    scheme: { name: scheme.name },
    requests,
  };
}

export default function Queue() {
  const { organisation, scheme, requests } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const base = `/org/${organisation.id}/mentoring`;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/org/${organisation.id}`, label: organisation.name },
          { to: base, label: "Mentoring scheme" },
        ]}
      />
      {params.get("done") === "matched" ? (
        <Notice>The request has gone to the mentor. They will say yes or no.</Notice>
      ) : null}
      <span className="nhsuk-caption-l">{scheme.name}</span>
      <h1>Requests for a mentor</h1>
      <p>The longest waiting first. Open a request to see the mentors who fit it and to match it by hand.</p>
      {requests.length === 0 ? (
        <p>Nobody is waiting for a mentor.</p>
      ) : (
        <Table
          caption={counted(requests.length, "open request")}
          headers={["Doctor", "Asked", "Waiting", "Areas", "Status"]}
          rows={requests.map((r) => ({
            key: r.id,
            cells: [
              <Link key="l" to={`${base}/requests/${r.id}`}>
                {r.mentee}
              </Link>,
              formatDate(r.createdAt, "medium"),
              counted(r.daysWaiting, "day"),
              r.areas.join("; "),
              r.status === "waiting" ? "Waiting for a mentor" : "With a mentor for their answer",
            ],
          }))}
        />
      )}
    </>
  );
}
