import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";

// sign-in attempts counted in the database (not in memory) so the limits hold across several
// app instances. a row is a failed sign-in under a key, "account:<email>" or "ip:<address>".
//
// the check and the count are one step (the idea of app/utils/rate-limit.server.ts): an attempt
// first records itself as a failure under both keys, then counts the rows in the window
// *including its own*, and only then may the password be checked. the n-th attempt recorded
// always counts at least n, so however many arrive at once, no more than the limit get their
// password checked (an attempt that loses a close race may be refused although there was room:
// the safe side). a refused attempt takes its rows back, so refusals never extend a lock-out; a
// successful one clears the account's failures and takes back its address row.
//
// the two rules (docs/decisions/012-sign-in-lockout.md):
// - account: SIGNIN_MAX_FAILURES failures in SIGNIN_WINDOW_MINUTES lock the account, from any
//   address, even for the right password.
// - address: up to SIGNIN_IP_MAX_FAILURES failures in the window, nothing happens; past that
//   each attempt must come 1 s, 2 s, 4 s… (at most SIGNIN_IP_BACKOFF_MAX_SECONDS) after the
//   address's latest one. a hospital behind one address is slowed down, never locked out together.

export function signInKeys(email: string, ip: string) {
  return { account: `account:${email.trim().toLowerCase()}`, ip: `ip:${ip}` };
}

export type SignInAttempt = { keys: ReturnType<typeof signInKeys>; accountRowId: string; ipRowId: string };

export type SignInGate =
  | { ok: true; attempt: SignInAttempt }
  | { ok: false; retryAfterSeconds: number; rule: "account" | "address" };

/** the back-off an address must wait once it has `over` failures beyond its threshold */
export function addressBackoffMs(over: number) {
  if (over <= 0) return 0;
  const cap = getEnv().SIGNIN_IP_BACKOFF_MAX_SECONDS * 1000;
  return Math.min(cap, 1000 * 2 ** Math.min(over - 1, 30));
}

/**
 * records the attempt, then decides whether its password may be checked. the caller reports
 * the outcome with signInFailed or signInSucceeded.
 */
export async function beginSignInAttempt(email: string, ip: string, now = new Date()): Promise<SignInGate> {
  const env = getEnv();
  const keys = signInKeys(email, ip);
  const windowMs = env.SIGNIN_WINDOW_MINUTES * 60_000;
  const since = new Date(now.getTime() - windowMs);
  const [accountRow, ipRow] = await prisma.$transaction([
    prisma.authFailure.create({ data: { key: keys.account, createdAt: now }, select: { id: true } }),
    prisma.authFailure.create({ data: { key: keys.ip, createdAt: now }, select: { id: true } }),
  ]);
  const refuse = async (ms: number, rule: "account" | "address"): Promise<SignInGate> => {
    await prisma.authFailure.deleteMany({ where: { id: { in: [accountRow.id, ipRow.id] } } });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)), rule };
  };

  // account: the newest max+1 rows in the window, this attempt's among them
  const max = env.SIGNIN_MAX_FAILURES;
  const account = await prisma.authFailure.findMany({
    where: { key: keys.account, createdAt: { gt: since } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: max + 1,
    select: { id: true, createdAt: true },
  });
  if (account.length > max) {
    // this attempt's row goes; the next one is let through once the max-th newest of the
    // others has left the window
    const others = account.filter((r) => r.id !== accountRow.id);
    const leaving = others[Math.min(max, others.length) - 1]!.createdAt.getTime();
    return refuse(leaving + windowMs - now.getTime(), "account");
  }

  // address: free up to its threshold, then one attempt per back-off interval
  const fromIp = await prisma.authFailure.count({ where: { key: keys.ip, createdAt: { gt: since } } });
  const backoff = addressBackoffMs(fromIp - env.SIGNIN_IP_MAX_FAILURES);
  if (backoff > 0) {
    const latest = await prisma.authFailure.findFirst({
      where: { key: keys.ip, id: { not: ipRow.id }, createdAt: { gt: new Date(now.getTime() - backoff) } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    if (latest) return refuse(latest.createdAt.getTime() + backoff - now.getTime(), "address");
  }
  return { ok: true, attempt: { keys, accountRowId: accountRow.id, ipRowId: ipRow.id } };
}

/** the password was wrong: the attempt's rows stay as failures; rows past the window go */
export async function signInFailed(attempt: SignInAttempt, now = new Date()) {
  const before = new Date(now.getTime() - getEnv().SIGNIN_WINDOW_MINUTES * 60_000);
  await prisma.authFailure.deleteMany({
    where: { key: { in: [attempt.keys.account, attempt.keys.ip] }, createdAt: { lte: before } },
  });
}

/** the password was right: the account's failures are cleared; the address keeps its others */
export async function signInSucceeded(attempt: SignInAttempt) {
  await prisma.authFailure.deleteMany({
    where: { OR: [{ key: attempt.keys.account }, { id: attempt.ipRowId }] },
  });
}
