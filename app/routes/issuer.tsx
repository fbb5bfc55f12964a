import { issuerProfile } from "~/certificates/credential.server";

// the open badges issuer profile, at a stable url (the credential's issuer.id)
export async function loader() {
  const profile = {
    "@context": [
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    ...issuerProfile(),
  };
  return new Response(JSON.stringify(profile, null, 2), {
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
