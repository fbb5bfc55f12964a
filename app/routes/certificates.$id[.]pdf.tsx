import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment, requireOwnCertificate } from "~/certificates/access.server";
import { certificatePdf } from "~/certificates/pdf.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const certificate = await requireOwnCertificate(request, context, params.id!, "pdf");
  return new Response(Buffer.from(await certificatePdf(certificate)), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": attachment(`certificate-${certificate.code}.pdf`),
      "Cache-Control": "private, no-store",
    },
  });
}
