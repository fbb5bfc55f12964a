import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupByCode } from "~/certificates/verify.server";
import { verifyUrl } from "~/certificates/pdf.server";

// the verify result as json, for hr systems
export async function loader({ params, context }: LoaderFunctionArgs) {
  const result = await lookupByCode(params.code ?? "", context.ip, "api");
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body, null, 2), {
      status,
      headers: {
        "Content-Type": "application/json",
        "Cache-Control": "no-store",
        "Access-Control-Allow-Origin": "*",
        ...headers,
      },
    });
  switch (result.kind) {
    case "invalid":
      return json({ status: "invalid_code", message: result.message }, 400);
    case "rate_limited":
      return json({ status: "rate_limited", message: "Too many lookups. Try again shortly." }, 429, {
        "Retry-After": String(result.retryAfterSeconds),
      });
    case "not_found":
      return json({ status: "not_found", code: result.code }, 404);
    case "found":
      return json({
        status: result.status,
        certificate: result.certificate,
        verifyUrl: verifyUrl(result.raw.code),
        credentialUrl: `${verifyUrl(result.raw.code).replace("/verify/", "/api/certificates/")}/credential.jwt`,
      });
  }
}
