import type { LoaderFunctionArgs } from "@remix-run/node";
import { decodeJwt } from "jose";
import { attachment, requireOwnCertificate } from "~/certificates/access.server";

// the credential's json (the signed jwt's payload), for wallets and portfolios that want it
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const certificate = await requireOwnCertificate(request, context, params.id!, "credential.json");
  const {
    iss: _iss,
    jti: _jti,
    nbf: _nbf,
    sub: _sub,
    exp: _exp,
    ...credential
  } = decodeJwt(certificate.credentialJwt);
  return new Response(JSON.stringify(credential, null, 2), {
    headers: {
      "Content-Type": "application/json",
      "Content-Disposition": attachment(`credential-${certificate.code}.json`),
      "Cache-Control": "private, no-store",
    },
  });
}
