import { signedStatusList } from "~/certificates/status-list.server";

// the revocation status list credential, signed as a vc-jwt; always current (no caching)
export async function loader() {
  return new Response(await signedStatusList(), {
    headers: {
      "Content-Type": "application/vc+jwt",
      "Cache-Control": "no-store",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
