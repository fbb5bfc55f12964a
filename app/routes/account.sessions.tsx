import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { listSessions, revokeOtherSessions, revokeSession } from "~/auth/accounts.server";
import { requireUser } from "~/auth/guards.server";
import { describeDevice } from "~/auth/devices";
import { Button, Notice, Table } from "~/components/forms";
import { RowAction } from "~/components/members";
import { SERVICE_NAME } from "~/components/layout";
import { sha256 } from "~/utils/tokens.server";
import { readForm } from "~/utils/http.server";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: `Signed-in devices - ${SERVICE_NAME}` }];

// a session id is the bearer credential, so the page refers to sessions by a hash of it
const handleOf = (id: string) => sha256(id).slice(0, 24);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const sessions = await listSessions(user.id);
  return {
    sessions: sessions.map((s) => ({
      handle: handleOf(s.id),
      current: s.id === context.session?.id,
      device: describeDevice(s.userAgent),
      ipAddress: s.ipAddress,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  const current = context.session!.id;
  if (form.get("intent") === "revoke-others") {
    const count = await revokeOtherSessions(user.id, current);
    throw redirect(`/account/sessions?done=others&count=${count}`);
  }
  const handle = String(form.get("session") ?? "");
  const target = (await listSessions(user.id)).find((s) => handleOf(s.id) === handle);
  if (!target || target.id === current) {
    return data(
      { error: "That device is no longer signed in. The list has been refreshed." },
      { status: 400 },
    );
  }
  await revokeSession(user.id, target.id);
  throw redirect("/account/sessions?done=one");
}

const when = (iso: string) => formatDate(iso, "dateTimeMedium");

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const others = sessions.filter((s) => !s.current);
  return (
    <>
      {done === "one" ? <Notice>The device has been signed out.</Notice> : null}
      {done === "others" ? <Notice>Your other devices have been signed out.</Notice> : null}
      <h1>Signed-in devices</h1>
      <p>
        These are the browsers and devices signed in to your account. Sign out any you do not recognise, then
        change your password.
      </p>
      <Table
        caption="Signed-in devices"
        headers={["Device", "IP address", "Signed in", "Last active", "Action"]}
        rows={sessions.map((s) => ({
          key: s.handle,
          cells: [
            <>
              {s.device}
              {s.current ? <strong className="nhsuk-tag nhsuk-tag--green"> This device</strong> : null}
            </>,
            s.ipAddress ?? "Unknown",
            when(s.createdAt),
            when(s.lastSeenAt),
            s.current ? (
              "—"
            ) : (
              <RowAction
                key="revoke"
                fields={{ session: s.handle }}
                label="Sign out"
                hiddenLabel={s.device}
              />
            ),
          ],
        }))}
      />
      {others.length > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="revoke-others" />
          <Button variant="warning">Sign out of all other devices</Button>
        </Form>
      ) : null}
    </>
  );
}
