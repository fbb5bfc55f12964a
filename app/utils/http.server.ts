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
 * the multipart parser remix streams uploads through cannot read a part header whose quoted
 * value holds ";" or "=" (a file called "report=v2.zip"): it throws. that is the upload's
 * fault, not the server's, so it is answered as a 400 with this message
 */
export function unreadableUpload(error: unknown): string | null {
  if (error instanceof Error && /^malformed content-disposition header/.test(error.message)) {
    return 'The upload could not be read. If the file name contains ";" or "=", rename the file and upload it again.';
  }
  return null;
}
