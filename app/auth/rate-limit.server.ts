import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";

// sign-in failures counted in the database (not in memory) so the limit holds across several
// app instances. a key is "account:<email>" or "ip:<address>".

export function signInKeys(email: string, ip: string) {
  return [`account:${email.toLowerCase()}`, `ip:${ip}`];
}

function windowMs() {
  return getEnv().SIGNIN_WINDOW_MINUTES * 60_000;
}

/** seconds until the busiest key falls back under the limit; 0 when sign-in may proceed. */
export async function signInRetryAfter(keys: string[], now = new Date()): Promise<number> {
  const { SIGNIN_MAX_FAILURES: max } = getEnv();
  const since = new Date(now.getTime() - windowMs());
  let wait = 0;
  for (const key of keys) {
    const failures = await prisma.authFailure.findMany({
      where: { key, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: max,
      select: { createdAt: true },
    });
    if (failures.length >= max) {
      // the oldest of the last `max` failures must leave the window
      const oldest = failures[failures.length - 1]!.createdAt.getTime();
      wait = Math.max(wait, Math.ceil((oldest + windowMs() - now.getTime()) / 1000));
    }
  }
  return Math.max(wait, 0);
}

export async function recordSignInFailure(keys: string[], now = new Date()) {
  const before = new Date(now.getTime() - windowMs());
  await prisma.$transaction([
    prisma.authFailure.deleteMany({ where: { key: { in: keys }, createdAt: { lte: before } } }),
    prisma.authFailure.createMany({ data: keys.map((key) => ({ key, createdAt: now })) }),
  ]);
}

export async function clearSignInFailures(key: string) {
  await prisma.authFailure.deleteMany({ where: { key } });
}
