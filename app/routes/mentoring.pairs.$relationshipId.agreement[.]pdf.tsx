import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { agreementPdf } from "~/mentoring/agreement-pdf.server";
import { orErrorPage } from "~/mentoring/http.server";
import { badRequest } from "~/utils/http.server";

// the agreement as a pdf: for the two people of the pair only (pairView decides)
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const asked = new URL(request.url).searchParams.get("version");
  if (asked !== null && !/^[1-9]\d{0,4}$/.test(asked)) badRequest("The version must be a whole number");
  const { bytes, version } = await orErrorPage(() =>
    agreementPdf(user.id, params.relationshipId!, asked === null ? undefined : Number(asked)),
  );
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="mentoring-agreement-v${version}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
