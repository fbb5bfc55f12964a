import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { cpdPdf, cpdRecord, mentoringCpdRecord } from "~/certificates/cpd.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const [courses, mentoring] = await Promise.all([cpdRecord(user.id), mentoringCpdRecord(user.id)]);
  const pdf = await cpdPdf(user.name, user.gmcNumber, courses, mentoring);
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": 'attachment; filename="cpd-record.pdf"',
      "Cache-Control": "private, no-store",
    },
  });
}
