import { jwks } from "~/certificates/keys.server";

// the public keys that sign credentials, retired ones included
export async function loader() {
  return new Response(JSON.stringify(await jwks()), {
    headers: {
      "Content-Type": "application/jwk-set+json",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
