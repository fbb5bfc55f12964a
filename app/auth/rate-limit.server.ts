import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";

// sign-in protection, counted in the database (AuthFailure rows) so it holds across several
// app instances (decision 012):
// - per account: SIGNIN_MAX_FAILURES wrong passwords in SIGNIN_WINDOW_MINUTES lock that account
//   until the oldest of them leaves the window;
// - per address: a hospital's whole network can sit behind one address, so an address is not
//   locked. past SIGNIN_IP_MAX_FAILURES failures in the window it backs off: each further
//   attempt waits 1 s, 2 s, 4 s … (at most SIGNIN_IP_BACKOFF_MAX_SECONDS) after the address's
//   latest failure.
//
// check and count are one step: an attempt records its row first and then counts the rows
// including its own, so however many arrive at once, no more than the limit reach the password
// check. a refused attempt takes its rows back; a successful one too (and clears the
// account's failures); a wrong password leaves them as failures.

export function signInKeys(email: string, ip: string) {
  return { account: `account:${email.toLowerCase()}`, ip: `ip:${ip}` };
}

function windowMs() {
  return getEnv().SIGNIN_WINDOW_MINUTES * 60_000;
}

/** the wait an address past its threshold owes after its latest failure */
export function ipBackoffSeconds(excess: number): number {
  if (excess <= 0) return 0;
  const cap = getEnv().SIGNIN_IP_BACKOFF_MAX_SECONDS;
  return Math.min(cap, 2 ** Math.min(excess - 1, 30));
}

export type SignInAttempt =
  | { ok: true; rows: { account: string; ip: string } }
  | { ok: false; retryAfterSeconds: number };

/** records the attempt and says whether the password may be checked */
export async function beginSignInAttempt(email: string, ip: string, now = new Date()): Promise<SignInAttempt> {
  const env = getEnv();
  const keys = signInKeys(email, ip);
  const since = new Date(now.getTime() - windowMs());
  const [account, address] = await prisma.$transaction([
    prisma.authFailure.create({ data: { key: keys.account, createdAt: now }, select: { id: true } }),
    prisma.authFailure.create({ data: { key: keys.ip, createdAt: now }, select: { id: true } }),
  ]);
  const release = () => prisma.authFailure.deleteMany({ where: { id: { in: [account.id, address.id] } } });

  const accountRows = await prisma.authFailure.findMany({
    where: { key: keys.account, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    take: env.SIGNIN_MAX_FAILURES + 1,
    select: { createdAt: true },
  });
  if (accountRows.length > env.SIGNIN_MAX_FAILURES) {
    await release();
    // the oldest of the last `max` failures must leave the window (this attempt's row is gone)
    const oldest = accountRows[accountRows.length - 1]!.createdAt.getTime();
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs() - now.getTime()) / 1000)) };
  }

  const addressCount = await prisma.authFailure.count({ where: { key: keys.ip, createdAt: { gt: since } } });
  const wait = ipBackoffSeconds(addressCount - env.SIGNIN_IP_MAX_FAILURES);
  if (wait > 0) {
    const latest = await prisma.authFailure.findFirst({
      where: { key: keys.ip, createdAt: { gt: since }, id: { not: address.id } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    const elapsed = latest ? (now.getTime() - latest.createdAt.getTime()) / 1000 : Infinity;
    if (elapsed < wait) {
      await release();
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait - elapsed)) };
    }
  }
  if (Math.random() < 0.05) await pruneSignInFailures(now);
  return { ok: true, rows: { account: account.id, ip: address.id } };
}

/** the password was right: this attempt was no failure, and the account starts afresh */
export async function signInSucceeded(email: string, rows: { account: string; ip: string }) {
  await prisma.$transaction([
    prisma.authFailure.deleteMany({ where: { key: signInKeys(email, "").account } }),
    prisma.authFailure.deleteMany({ where: { id: rows.ip } }),
  ]);
}

async function pruneSignInFailures(now: Date) {
  await prisma.authFailure.deleteMany({ where: { createdAt: { lte: new Date(now.getTime() - windowMs()) } } });
}
