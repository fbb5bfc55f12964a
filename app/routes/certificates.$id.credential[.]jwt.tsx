import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment, requireOwnCertificate } from "~/certificates/access.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const certificate = await requireOwnCertificate(request, context, params.id!, "credential.jwt");
  return new Response(certificate.credentialJwt, {
    headers: {
      "Content-Type": "application/vc+jwt",
      "Content-Disposition": attachment(`credential-${certificate.code}.jwt`),
      "Cache-Control": "private, no-store",
    },
  });
}
