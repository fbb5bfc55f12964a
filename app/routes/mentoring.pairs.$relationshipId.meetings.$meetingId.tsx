import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary, Notice, Textarea } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { attempt, one, orErrorPage } from "~/mentoring/http.server";
import { pairView, saveNote } from "~/mentoring/pair.server";
import { MODES } from "~/mentoring/vocabulary";
import { formatDate } from "~/utils/dates";
import { notFound, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Your notes on a mentoring meeting - ${SERVICE_NAME}` }];

// one meeting and this person's own notes on it. the other person's notes are never loaded:
// pairView reads only the notes whose author is the one asking.
async function meetingOf(userId: string, relationshipId: string, meetingId: string) {
  const view = await orErrorPage(() => pairView(userId, relationshipId));
  const meeting = view.meetings.find((m) => m.id === meetingId);
  if (!meeting) notFound();
  return { view, meeting };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { view, meeting } = await meetingOf(user.id, params.relationshipId!, params.meetingId!);
  return {
    role: view.role,
    relationship: {
      id: view.relationship.id,
      mentor: view.relationship.mentor.name,
      mentee: view.relationship.mentee.name,
    },
    meeting: {
      id: meeting.id,
      heldAt: meeting.heldAt,
      minutes: meeting.minutes,
      mode: meeting.mode,
      myNote: meeting.myNote,
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const { meeting } = await meetingOf(user.id, params.relationshipId!, params.meetingId!);
  const form = await readForm(request);
  const result = await attempt(
    form,
    () => saveNote(user.id, meeting.id, one(form, "note")),
    (path) => String(path[0]),
  );
  if (!result.ok) return result.response;
  throw redirect(`/mentoring/pairs/${params.relationshipId}/meetings/${meeting.id}?done=saved`);
}

export default function MeetingNotes() {
  const { role, relationship: r, meeting } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const other = role === "mentor" ? r.mentee : r.mentor;
  const base = `/mentoring/pairs/${r.id}`;
  // saveNote's schema is a bare string: its error has no field name
  const errors = actionData?.errors ? { note: Object.values(actionData.errors)[0]! } : undefined;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Breadcrumbs
          items={[
            { to: "/mentoring", label: "Mentoring" },
            { to: base, label: role === "mentor" ? `Mentoring ${r.mentee}` : `Mentored by ${r.mentor}` },
          ]}
        />
        {params.get("done") === "saved" && !actionData ? <Notice>Your notes have been saved.</Notice> : null}
        <ErrorSummary errors={errors} />
        <span className="nhsuk-caption-l">
          {formatDate(meeting.heldAt, "dateTimeMedium")}, {meeting.minutes} minutes,{" "}
          {(MODES[meeting.mode as keyof typeof MODES] ?? meeting.mode).toLowerCase()}
        </span>
        <h1>Your notes on this meeting</h1>
        <p>
          These notes are shown only to you. {other}, the scheme&apos;s leads, HR and this service&apos;s
          administrators are not shown them. They are in your own download of your data.
        </p>
        <p>
          Keep them short: the goals and actions you agreed. Leave out anything that could identify a patient
          or anyone else, and any opinion about the other person&apos;s health. Write as if {other} might read
          them one day: anyone can ask to see personal data held about them, and a court can order notes to be
          disclosed. To delete your notes, clear the box and save.
        </p>
        <Form method="post" noValidate>
          <Textarea
            name="note"
            label="Your notes"
            error={errors?.note}
            defaultValue={
              (actionData?.values as Record<string, string> | undefined)?.note ?? meeting.myNote ?? ""
            }
            rows={12}
          />
          <Button>Save your notes</Button>
        </Form>
        <p>
          <Link to={base}>Back to your mentoring page</Link>
        </p>
      </div>
    </div>
  );
}
