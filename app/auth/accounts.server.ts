import type { AppLoadContext } from "@remix-run/node";
import { generateIdFromEntropySize } from "lucia";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { acceptInvitationInTx, findInvitation } from "~/organisations/invitations.server";
import { isUniqueViolation } from "~/utils/db-errors";
import type { FieldErrors } from "~/utils/forms";
import { lucia } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";
import { beginSignInAttempt, signInFailed, signInSucceeded } from "./rate-limit.server";

export const SIGN_IN_FAILED = "Enter a correct email address and password";

export type Registration = {
  name: string;
  email: string;
  gmcNumber?: string;
  password: string;
};

export type RegisterResult = { ok: true; userId: string } | { ok: false; errors: FieldErrors };

/**
 * registration with an invitation: the invitation email already proved the address, so the
 * account and its membership are created at once. (without an invitation see
 * app/auth/registration.server.ts: nothing is created until the address is confirmed.)
 */
export async function registerUser(input: Registration & { invitation: string }): Promise<RegisterResult> {
  const found = await findInvitation(input.invitation);
  if (found.status !== "valid") return { ok: false, errors: { form: found.message } };
  if (found.invitation.email !== input.email) {
    return {
      ok: false,
      errors: {
        email: `This invitation is for ${found.invitation.email}. Register with that email address.`,
      },
    };
  }
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          name: input.name,
          email: input.email,
          gmcNumber: input.gmcNumber ?? null,
          passwordHash,
        },
      });
      const accepted = await acceptInvitationInTx(tx, input.invitation, created);
      // throwing rolls the new account back: nothing half-written
      if (!accepted.ok) throw new InvitationRace(accepted.message);
      return created;
    });
    return { ok: true, userId: user.id };
  } catch (error) {
    if (error instanceof InvitationRace) return { ok: false, errors: { form: error.message } };
    if (isUniqueViolation(error, "email")) {
      return {
        ok: false,
        errors: { email: "An account with this email address already exists. Sign in instead." },
      };
    }
    if (isUniqueViolation(error, "gmcNumber")) {
      return { ok: false, errors: { gmcNumber: "This GMC number is already registered to another account" } };
    }
    throw error;
  }
}

class InvitationRace extends Error {}

export type SignInResult =
  { ok: true; userId: string } | { ok: false; retryAfterSeconds?: number; message: string };

/** "15 minutes", "1 minute", "30 seconds" */
export function waitText(seconds: number) {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/**
 * checks a password with rate limiting per account and per ip address (app/auth/rate-limit.server.ts).
 * the message is the same for an unknown email and a wrong password.
 */
export async function authenticate(
  email: string,
  password: string,
  ip: string,
  now = new Date(),
): Promise<SignInResult> {
  const gate = await beginSignInAttempt(email, ip, now);
  if (!gate.ok) {
    const wait = waitText(gate.retryAfterSeconds);
    return {
      ok: false,
      retryAfterSeconds: gate.retryAfterSeconds,
      message:
        gate.rule === "account"
          ? `Too many failed sign-in attempts. Try again in ${wait}.`
          : `Too many failed sign-in attempts from your network. Try again in ${wait}.`,
    };
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) {
    await signInFailed(gate.attempt, now);
    return { ok: false, message: SIGN_IN_FAILED };
  }
  await signInSucceeded(gate.attempt);
  return { ok: true, userId: user.id };
}

/** a new database session for this device; returns the Set-Cookie value. */
export async function startSession(userId: string, context: Pick<AppLoadContext, "ip" | "userAgent">) {
  const session = await lucia.createSession(userId, {
    createdAt: new Date(),
    lastSeenAt: new Date(),
    userAgent: context.userAgent || null,
    ipAddress: context.ip || null,
  });
  return lucia.createSessionCookie(session.id).serialize();
}

/**
 * a session row as lucia.createSession makes it (same id size and lifetime), for writing in
 * the caller's transaction; lucia.createSessionCookie(row.id) is its cookie.
 */
export function newSessionRow(userId: string, context: Pick<AppLoadContext, "ip" | "userAgent">) {
  const now = new Date();
  return {
    id: generateIdFromEntropySize(25),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + getEnv().SESSION_TTL_HOURS * 3_600_000),
    userAgent: context.userAgent || null,
    ipAddress: context.ip || null,
  };
}

/**
 * signing out also ends the user's e-learning player launches: a launch link is a bearer token
 * for the content origin (it carries no cookie), and must not outlive the session that made it
 */
export async function endSession(sessionId: string) {
  const session = await prisma.session.findUnique({ where: { id: sessionId }, select: { userId: true } });
  await lucia.invalidateSession(sessionId);
  if (session) await prisma.scormLaunch.deleteMany({ where: { userId: session.userId } });
  return lucia.createBlankSessionCookie().serialize();
}

export type ChangePasswordResult = { ok: true; cookie: string } | { ok: false; errors: FieldErrors };

/**
 * on success every session of the user ends, this device's too (a session id that may have
 * leaked before the change is worth nothing after it), and this device gets a new session in
 * the same transaction. returns its Set-Cookie value.
 */
export async function changePassword(
  userId: string,
  context: Pick<AppLoadContext, "ip" | "userAgent">,
  currentPassword: string,
  newPassword: string,
): Promise<ChangePasswordResult> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, errors: { currentPassword: "Your current password is not correct" } };
  }
  const passwordHash = await hashPassword(newPassword);
  const session = newSessionRow(userId, context);
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash } }),
    prisma.session.deleteMany({ where: { userId } }),
    prisma.scormLaunch.deleteMany({ where: { userId } }),
    prisma.session.create({ data: session }),
  ]);
  return { ok: true, cookie: lucia.createSessionCookie(session.id).serialize() };
}

export async function listSessions(userId: string) {
  return prisma.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true, ipAddress: true },
  });
}

/** revokes one of the user's own sessions; another user's session id does nothing. */
export async function revokeSession(userId: string, sessionId: string) {
  const { count } = await prisma.session.deleteMany({ where: { id: sessionId, userId } });
  return count === 1;
}

export async function revokeOtherSessions(userId: string, keepSessionId: string) {
  const [{ count }] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { userId, id: { not: keepSessionId } } }),
    // the player links those devices opened go too (this device opens new ones as needed)
    prisma.scormLaunch.deleteMany({ where: { userId } }),
  ]);
  return count;
}
