import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { orErrorPage } from "~/mentoring/http.server";
import { myMentoringData } from "~/mentoring/personal.server";

// everything the scheme holds about the person asking, as json: their own, and nobody else's
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const mine = await orErrorPage(() => myMentoringData(user.id, params.schemeId!));
  return new Response(JSON.stringify(mine, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-mentoring-data.json"',
      "Cache-Control": "private, no-store",
    },
  });
}
