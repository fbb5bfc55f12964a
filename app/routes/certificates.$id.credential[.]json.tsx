import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment, requireOwnCertificate } from "~/certificates/access.server";
import { credentialDocument } from "~/certificates/verify.server";

// the credential's json (the signed jwt's payload), for wallets and portfolios that want it
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const certificate = await requireOwnCertificate(request, context, params.id!, "credential.json");
  // pasted into the verify page, it is matched to the signed credential and checked in full
  const credential = credentialDocument(certificate.credentialJwt);
  return new Response(JSON.stringify(credential, null, 2), {
    headers: {
      "Content-Type": "application/json",
      "Content-Disposition": attachment(`credential-${certificate.code}.json`),
      "Cache-Control": "private, no-store",
    },
  });
}
