import type { AppLoadContext } from "@remix-run/node";
import { prisma } from "~/db.server";
import { getEmailTransport } from "~/email/transport.server";
import { getEnv } from "~/env.server";
import type { PendingRegistration } from "~/generated/prisma/client";
import { isUniqueViolation } from "~/utils/db-errors";
import type { FieldErrors } from "~/utils/forms";
import { takeRateSlot } from "~/utils/rate-limit.server";
import { newToken, sha256 } from "~/utils/tokens.server";
import { newSessionRow, waitText, type Registration } from "./accounts.server";
import { lucia } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";
import { formatDate } from "~/utils/dates";
import { logger } from "~/logger.server";

// registration without an invitation (docs/decisions/013-registration-by-email.md). the form's
// answer is the same "check your email" page whatever the state of the address and the GMC
// number, so it cannot be used to find out who has an account:
// - a new address gets a single-use, expiring link (only its sha-256 is stored); following it
//   and entering the password chosen on the form creates the account and signs in;
// - an address that has an account gets an email telling its holder someone tried, and
//   nothing else happens;
// - the GMC number is not looked at until the link is used: if another account holds it by
//   then, the account is created without it and the person is told, having proved the address.

const HOUR = 3_600_000;
/** wrong passwords with one link before it stops working */
export const MAX_CONFIRM_ATTEMPTS = 5;
/** registration emails to one address per hour; more are dropped silently (no inbox flooding) */
const MAX_EMAILS_PER_ADDRESS = 5;
const SERVICE = "Mentor training for doctors";

export type RequestRegistrationResult =
  { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

export async function requestRegistration(
  input: Registration,
  ip: string,
  now = new Date(),
): Promise<RequestRegistrationResult> {
  const env = getEnv();
  const slot = await takeRateSlot(`register:ip:${ip}`, env.REGISTER_MAX_PER_HOUR, HOUR, now);
  if (!slot.ok) {
    return {
      ok: false,
      retryAfterSeconds: slot.retryAfterSeconds,
      message: `Too many accounts have been registered from your network. Try again in ${waitText(slot.retryAfterSeconds)}.`,
    };
  }
  // the same slow step on every path, so the time taken does not tell them apart either
  const passwordHash = await hashPassword(input.password);
  const mail = await takeRateSlot(`register:email:${input.email}`, MAX_EMAILS_PER_ADDRESS, HOUR, now);
  if (!mail.ok) return { ok: true };

  const holder = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (holder) {
    await sendAttemptNotice(input.email);
    return { ok: true };
  }

  const token = newToken();
  const expiresAt = new Date(now.getTime() + env.REGISTRATION_TTL_HOURS * HOUR);
  const [, pending] = await prisma.$transaction([
    // links past their time are of no use to anyone
    prisma.pendingRegistration.deleteMany({ where: { expiresAt: { lt: now } } }),
    prisma.pendingRegistration.create({
      data: {
        email: input.email,
        name: input.name,
        gmcNumber: input.gmcNumber ?? null,
        passwordHash,
        tokenHash: sha256(token),
        expiresAt,
        createdAt: now,
      },
      select: { id: true },
    }),
  ]);
  // if sending fails the link is withdrawn again: nobody holds it
  try {
    await sendConfirmation(input.email, token, expiresAt);
  } catch (error) {
    await prisma.pendingRegistration.deleteMany({ where: { id: pending.id } });
    throw error;
  }
  return { ok: true };
}

export function confirmationUrl(token: string) {
  return `${new URL(getEnv().APP_URL).origin}/register/confirm?token=${token}`;
}

function ukTime(date: Date) {
  return formatDate(date, "dateTime");
}

// neither email repeats anything typed on the form but the address it goes to
async function sendConfirmation(email: string, token: string, expiresAt: Date) {
  await getEmailTransport().send({
    to: email,
    subject: `Confirm your email address to create your account on ${SERVICE}`,
    text: [
      `Someone, hopefully you, asked to create an account on ${SERVICE} with this email address.`,
      "",
      "To finish creating your account, open this link and enter the password you chose:",
      confirmationUrl(token),
      "",
      `The link works once and expires on ${ukTime(expiresAt)} (UK time).`,
      "If you did not ask for an account, ignore this email: no account is created without the link.",
    ].join("\n"),
  });
}

async function sendAttemptNotice(email: string) {
  const origin = new URL(getEnv().APP_URL).origin;
  await getEmailTransport().send({
    to: email,
    subject: `Someone tried to register on ${SERVICE} with your email address`,
    text: [
      `Someone tried to create an account on ${SERVICE} with this email address. You already have an account, so nothing has been changed.`,
      "",
      "If it was you, sign in instead:",
      `${origin}/sign-in`,
      "",
      `If you think someone else knows your password, sign in and change it: ${origin}/account/password`,
      "If it was not you and your password is safe, you do not need to do anything.",
    ].join("\n"),
  });
}

// --- the link ------------------------------------------------------------------------------

export type PendingLookup =
  | { status: "valid"; pending: PendingRegistration; message: string }
  | { status: "not_found" | "expired" | "used" | "locked"; message: string };

const MESSAGES = {
  not_found: "This link is not valid. Check you copied the whole link from the email, or register again.",
  expired: "This link has expired. Register again to get a new one.",
  used: "This link has already been used. Sign in to continue.",
  locked: "This link no longer works because the wrong password was entered too many times. Register again.",
  exists: "An account with this email address already exists. Sign in instead.",
} as const;

export async function findPendingRegistration(token: string, now = new Date()): Promise<PendingLookup> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: "not_found", message: MESSAGES.not_found };
  const pending = await prisma.pendingRegistration.findUnique({ where: { tokenHash: sha256(token) } });
  if (!pending) return { status: "not_found", message: MESSAGES.not_found };
  if (pending.usedAt) return { status: "used", message: MESSAGES.used };
  if (pending.expiresAt <= now) return { status: "expired", message: MESSAGES.expired };
  if (pending.failedAttempts >= MAX_CONFIRM_ATTEMPTS) return { status: "locked", message: MESSAGES.locked };
  return { status: "valid", pending, message: "" };
}

export type ConfirmResult =
  | { ok: true; userId: string; cookie: string; gmcNumberDropped: boolean }
  | { ok: false; errors: FieldErrors };

/**
 * the link and the password chosen on the form together create the account and a session for
 * this device, in one transaction. the password is asked for again so that a registration
 * made by someone else with this address cannot be completed by its owner clicking the link
 * (and then share an account whose password a stranger chose).
 */
export async function confirmRegistration(
  token: string,
  password: string,
  context: Pick<AppLoadContext, "ip" | "userAgent">,
  now = new Date(),
): Promise<ConfirmResult> {
  const found = await findPendingRegistration(token, now);
  if (found.status !== "valid") return { ok: false, errors: { form: found.message } };
  const { pending } = found;
  // one of the link's tries is taken before the password is checked, so tries sent in
  // parallel cannot get more checks than the limit
  const { count } = await prisma.pendingRegistration.updateMany({
    where: { id: pending.id, usedAt: null, failedAttempts: { lt: MAX_CONFIRM_ATTEMPTS } },
    data: { failedAttempts: { increment: 1 } },
  });
  if (count !== 1) return { ok: false, errors: { form: MESSAGES.locked } };
  if (!(await verifyPassword(pending.passwordHash, password))) {
    const left = MAX_CONFIRM_ATTEMPTS - pending.failedAttempts - 1;
    if (left <= 0) return { ok: false, errors: { form: MESSAGES.locked } };
    return {
      ok: false,
      errors: {
        password: `Enter the password you chose when you registered (${left} ${left === 1 ? "try" : "tries"} left)`,
      },
    };
  }
  let result: ConfirmResult;
  try {
    result = await createAccount(pending, context, now, true);
  } catch (error) {
    // another account took the GMC number between the check and the insert
    if (!isUniqueViolation(error, "gmcNumber")) throw error;
    result = await createAccount(pending, context, now, false);
  }
  if (result.ok) await sendWelcome(pending.email, pending.name);
  return result;
}

/** best effort: the account exists whether or not the welcome email goes */
async function sendWelcome(email: string, name: string) {
  const origin = new URL(getEnv().APP_URL).origin;
  try {
    await getEmailTransport().send({
      to: email,
      subject: `Welcome to ${SERVICE}`,
      text: [
        `Dear ${name},`,
        "",
        `Your account on ${SERVICE} has been created.`,
        "",
        "To start, choose a course and enrol:",
        `${origin}/courses`,
        "",
        "Each module has short lessons to read first, then role-play conversations and a quiz. Your progress is saved as you go, and a finished course earns a certificate your employer or royal college can verify.",
        "",
        `You can change your password or sign out other devices at ${origin}/account`,
      ].join("\n"),
    });
  } catch (error) {
    logger.error({ err: error }, "welcome email could not be sent");
  }
}

class LinkRefused extends Error {}

async function createAccount(
  pending: PendingRegistration,
  context: Pick<AppLoadContext, "ip" | "userAgent">,
  now: Date,
  keepGmcIfFree: boolean,
): Promise<ConfirmResult> {
  try {
    return await prisma.$transaction(async (tx) => {
      // the link is used once, whatever else happens at the same time
      const { count } = await tx.pendingRegistration.updateMany({
        where: { id: pending.id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now, passwordHash: "" },
      });
      if (count !== 1) throw new LinkRefused(MESSAGES.used);
      if (await tx.user.findUnique({ where: { email: pending.email }, select: { id: true } })) {
        throw new LinkRefused(MESSAGES.exists);
      }
      let gmcNumber = keepGmcIfFree ? pending.gmcNumber : null;
      if (gmcNumber && (await tx.user.findUnique({ where: { gmcNumber }, select: { id: true } }))) {
        gmcNumber = null;
      }
      const user = await tx.user.create({
        data: { name: pending.name, email: pending.email, gmcNumber, passwordHash: pending.passwordHash },
        select: { id: true },
      });
      // the address is proved: its other links have nothing left to do
      await tx.pendingRegistration.deleteMany({ where: { email: pending.email, id: { not: pending.id } } });
      const session = newSessionRow(user.id, context);
      await tx.session.create({ data: session });
      return {
        ok: true as const,
        userId: user.id,
        cookie: lucia.createSessionCookie(session.id).serialize(),
        gmcNumberDropped: Boolean(pending.gmcNumber) && gmcNumber === null,
      };
    });
  } catch (error) {
    if (error instanceof LinkRefused) {
      if (error.message === MESSAGES.exists) {
        await prisma.pendingRegistration.deleteMany({ where: { email: pending.email } });
      }
      return { ok: false, errors: { form: error.message } };
    }
    if (isUniqueViolation(error, "email")) return { ok: false, errors: { form: MESSAGES.exists } };
    throw error;
  }
}
