import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupByCode } from "~/certificates/verify.server";

// the signed open badges credential, so anyone holding the code can check the signature
export async function loader({ params, context }: LoaderFunctionArgs) {
  const result = await lookupByCode(params.code ?? "", context.ip, "api");
  if (result.kind === "rate_limited") {
    return new Response("Too many lookups. Try again shortly.", {
      status: 429,
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  if (result.kind !== "found") {
    return new Response(result.kind === "invalid" ? result.message : "Not found", {
      status: result.kind === "invalid" ? 400 : 404,
    });
  }
  return new Response(result.raw.credentialJwt, {
    headers: {
      "Content-Type": "application/vc+jwt",
      "Cache-Control": "no-store",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
