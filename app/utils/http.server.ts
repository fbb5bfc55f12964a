import { storageProblemOf } from "~/server/storage.server";
// the few responses loaders throw; the root error boundary renders them as pages.
export function notFound(message = "Not found"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "Forbidden"): never {
  throw new Response(message, { status: 403, statusText: "Forbidden" });
}

export function badRequest(message = "Bad request"): never {
  throw new Response(message, { status: 400, statusText: "Bad Request" });
}

/** the submitted form; a body that is not a form is a 400 page, not a 500 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    badRequest("The form could not be read");
  }
}

/**
 * why an upload's body could not be parsed, for a 400, or null when the failure is the server's
 * (its storage cannot take the file: a 503 elsewhere). a body cut short, a boundary that never
 * closes or a part header the parser cannot read are the request's fault, not the server's.
 * the parser remix streams uploads through cannot read a part header whose quoted value holds
 * ";" or "=" (a file called "report=v2.zip"), so that case gets its own advice
 */
export function unreadableUpload(error: unknown): string | null {
  if (storageProblemOf(error)) return null;
  if (error instanceof Error && /^malformed content-disposition header/.test(error.message)) {
    return 'The upload could not be read. If the file name contains ";" or "=", rename the file and upload it again.';
  }
  return "The upload could not be read: it was incomplete or not a valid form. Choose the file and upload it again.";
}
