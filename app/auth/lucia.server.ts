import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import type { Session as DbSession, User as DbUser } from "~/generated/prisma/client";

// lucia's adapter interface over our own prisma client (the published prisma adapter pins
// prisma 4/5; see docs/decisions/002-lucia-adapter.md).
type SessionAttributes = {
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
};
type UserAttributes = Pick<DbUser, "email" | "name" | "gmcNumber" | "isAdmin">;

function toSession(s: DbSession): DatabaseSession {
  return {
    id: s.id,
    userId: s.userId,
    expiresAt: s.expiresAt,
    attributes: {
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      userAgent: s.userAgent,
      ipAddress: s.ipAddress,
    },
  };
}

function toUser(u: DbUser): DatabaseUser {
  return {
    id: u.id,
    attributes: { email: u.email, name: u.name, gmcNumber: u.gmcNumber, isAdmin: u.isAdmin },
  };
}

export const prismaAdapter: Adapter = {
  async getSessionAndUser(sessionId) {
    const row = await prisma.session.findUnique({
      where: { id: sessionId },
      include: { user: true },
    });
    if (!row) return [null, null];
    const { user, ...session } = row;
    return [toSession(session), toUser(user)];
  },
  async getUserSessions(userId) {
    const rows = await prisma.session.findMany({
      where: { userId },
      orderBy: { lastSeenAt: "desc" },
    });
    return rows.map(toSession);
  },
  async setSession(session) {
    const a = session.attributes as Partial<SessionAttributes>;
    await prisma.session.create({
      data: {
        id: session.id,
        userId: session.userId,
        expiresAt: session.expiresAt,
        userAgent: a.userAgent ?? null,
        ipAddress: a.ipAddress ?? null,
      },
    });
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    await prisma.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
  },
  async deleteSession(sessionId) {
    await prisma.session.deleteMany({ where: { id: sessionId } });
  },
  async deleteUserSessions(userId) {
    await prisma.session.deleteMany({ where: { userId } });
  },
  async deleteExpiredSessions() {
    await prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  },
};

const env = getEnv();

/**
 * with SECURE_COOKIES (the default for an https APP_URL) the cookie is a "__Host-" cookie: the browser then insists on Secure, Path=/
 * and no Domain, so nothing on another subdomain can set or shadow it.
 */
export const SESSION_COOKIE = env.SECURE_COOKIES ? "__Host-mt_session" : "mt_session";

export const lucia = new Lucia(prismaAdapter, {
  // lucia extends a session used in the second half of its life (session.fresh)
  sessionExpiresIn: new TimeSpan(env.SESSION_TTL_HOURS, "h"),
  sessionCookie: {
    name: SESSION_COOKIE,
    expires: true,
    attributes: { secure: env.SECURE_COOKIES, sameSite: "lax" },
  },
  getSessionAttributes: (a) => a,
  getUserAttributes: (a) => a,
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseSessionAttributes: SessionAttributes;
    DatabaseUserAttributes: UserAttributes;
  }
}
