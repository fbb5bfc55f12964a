import type { Session, User } from "lucia";

/** what the http layer hands every loader and action (see app/server/app.server.ts). */
export type RequestContext = {
  requestId: string;
  /** client address (honours X-Forwarded-For only when TRUST_PROXY=true) */
  ip: string;
  userAgent: string;
  cspNonce: string;
  user: User | null;
  session: Session | null;
};

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
