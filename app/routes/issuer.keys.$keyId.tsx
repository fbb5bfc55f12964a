import type { LoaderFunctionArgs } from "@remix-run/node";
import { jwks, keyUrl } from "~/certificates/keys.server";
import { notFound } from "~/utils/http.server";

// one public key, at the url that is its kid
export async function loader({ params }: LoaderFunctionArgs) {
  const key = (await jwks()).keys.find((k) => k.kid === keyUrl(params.keyId ?? ""));
  if (!key) notFound();
  return new Response(JSON.stringify(key), {
    headers: {
      "Content-Type": "application/jwk+json",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
